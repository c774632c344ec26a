import { containment, jaccard } from './text.js';

/** A sentence of a story's source, prepared for selection. */
export interface CandidateSentence {
  text: string;
  /** Which source of the story (0 = the lead source). */
  articleRank: number;
  /** Sentence index within its article's body (standfirst sentences come first). */
  position: number;
  terms: string[];
}

export interface SummaryOptions {
  sentences: number;
  maxChars: number;
}

const danglingStart =
  /^(he|she|it|they|this|that|these|those|his|her|its|their|him|them|such|also|meanwhile|however|instead|still|yet|then|the pair|the two|the latter|the former|afterwards|later|moreover|furthermore|in addition|as a result|despite this|other|another|both men|both women|here|there is|there are)\b/i;
const conjunctionStart = /^(but|and|so|now|plus),?\s+/i;
const pronounAttribution = /\b(he|she|they|i|we) (said|says|added|told|asked|wrote|explained)\b|\b(said|says|added|told) (he|she|they)\b/i;

function quotesBalanced(text: string): boolean {
  const straight = (text.match(/"/g) ?? []).length;
  const open = (text.match(/\u201C/g) ?? []).length;
  const close = (text.match(/\u201D/g) ?? []).length;
  const tokenizedSingle = (text.match(/(^| )'( |$)/g) ?? []).length;
  return straight % 2 === 0 && open === close && tokenizedSingle % 2 === 0;
}

/**
 * Makes a sentence fit to stand alone in a summary, or says it cannot: a sentence that opens with a pronoun or
 * "however" needs the one before it; a half quote or "he said" dangles.
 */
export function standAloneForm(sentence: string): string | null {
  let text = sentence.trim();
  const conjunction = conjunctionStart.exec(text);
  if (conjunction) text = text.slice(conjunction[0].length).replace(/^\p{Ll}/u, (first) => first.toUpperCase());
  const wordCount = text.split(/\s+/).length;
  if (wordCount < 6 || wordCount > 60) return null;
  if (!/^[\p{Lu}\d]/u.test(text)) return null;
  if (danglingStart.test(text) || pronounAttribution.test(text)) return null;
  if (!quotesBalanced(text)) return null;
  if (/^[\u201C"'\u2018]/.test(text)) return null;
  if (/[:?]$/.test(text) || !/[.!\u201D"')]$/.test(text)) return null;
  if (/\b(click here|read more|sign up|subscribe|follow us|all rights reserved)\b/i.test(text)) return null;
  return text;
}

/**
 * Picks the summary sentences of a story. News puts the point first, so a sentence's place in its article
 * weighs most; centrality (how much of the story's vocabulary it carries, across sources) decides between
 * sentences near the top; a sentence repeating one already chosen is passed over.
 */
export function summarize(candidates: CandidateSentence[], options: SummaryOptions): string {
  const termSupport = new Map<string, number>();
  for (const candidate of candidates) for (const term of new Set(candidate.terms)) termSupport.set(term, (termSupport.get(term) ?? 0) + 1);
  const maxSupport = Math.max(1, ...termSupport.values());

  const scored = candidates
    .map((candidate) => {
      const text = standAloneForm(candidate.text);
      if (text === null) return null;
      const unique = new Set(candidate.terms);
      let centrality = 0;
      for (const term of unique) centrality += (termSupport.get(term) ?? 0) / maxSupport;
      centrality = unique.size === 0 ? 0 : centrality / Math.sqrt(unique.size);
      const positionScore = 1 / Math.sqrt(1 + candidate.position);
      const score = positionScore * 2 + centrality - candidate.articleRank * 0.05;
      return { candidate, text, terms: unique, score };
    })
    .filter((entry): entry is NonNullable<typeof entry> => entry !== null)
    .sort((a, b) => b.score - a.score);

  const chosen: typeof scored = [];
  let length = 0;
  for (const entry of scored) {
    if (chosen.length >= options.sentences) break;
    // Another source's telling of a chosen sentence shares most of its words, whichever is shorter.
    if (chosen.some((other) => jaccard(other.terms, entry.terms) >= 0.35 || containment(entry.terms, other.terms) >= 0.45 || containment(other.terms, entry.terms) >= 0.45)) continue;
    const added = entry.text.length + (chosen.length > 0 ? 1 : 0);
    if (length + added > options.maxChars && chosen.length > 0) continue;
    if (added > options.maxChars && scored.length > 1) continue;
    chosen.push(entry);
    length += added;
  }
  if (chosen.length === 0 && scored[0]) chosen.push(scored[0]);

  return chosen
    .sort((a, b) => a.candidate.articleRank - b.candidate.articleRank || a.candidate.position - b.candidate.position)
    .map((entry) => entry.text)
    .join(' ');
}
