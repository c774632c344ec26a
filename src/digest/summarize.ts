import { containment } from './text.js';

/** A sentence of a story's source, prepared for selection. */
export interface CandidateSentence {
  text: string;
  /** Which source of the story (0 = the lead source). */
  articleRank: number;
  /** Sentence index within its article's body (standfirst sentences come first). */
  position: number;
  /** The sentence begins inside a quotation opened earlier: it cannot stand alone. */
  insideQuote: boolean;
  /** Content-term ids (see TermDictionary). */
  terms: readonly number[];
}

export interface SummaryOptions {
  sentences: number;
  maxChars: number;
  /** Scoring weights; the defaults were tuned on CNN/DailyMail and BBC News (see README, "Digest quality"). */
  weights?: Partial<SummaryWeights>;
}

/** How the summary scorer weighs a sentence's place against its centrality. */
export interface SummaryWeights {
  position: number;
  positionDecay: number;
  centrality: number;
  lengthExponent: number;
}

const defaultWeights: SummaryWeights = { position: 2, positionDecay: 0.5, centrality: 1, lengthExponent: 0.5 };
/**
 * A sentence sharing this much of its terms with a chosen one (or the chosen one with it) repeats it. A low bar:
 * three sentences should tell three things. At 0.45 restatements got through (CNN/DailyMail ROUGE-1 +0.9 against
 * lead-3, +1.2 anywhere from 0.33 to 0.38).
 */
const REPEAT_SHARE = 0.35;

const danglingStart =
  /^(he|she|it|they|we|i|you|this|that|these|those|his|her|its|their|our|my|him|them|such|also|meanwhile|however|instead|still|yet|then|the pair|the two|the latter|the former|afterwards|later|moreover|furthermore|in addition|as a result|despite this|other|another|both men|both women|here|there is|there are)\b/i;
/** "It is understood that…", "It's now been revealed…": "it" that points at nothing before it. */
const expletiveIt = /^it(?: is|'s| 's| was| has been| had been| emerged| appears| seems| remains)\b/i;
const conjunctionStart = /^(but|and|so|now|plus),?\s+/i;
/** A dateline the wire or the outlet puts first: "(CNN) --", "LONDON, England (Reuters) --". */
const dateline = /^(?:[A-Z][A-Za-z .,'-]{0,40}\s)?\(\s*(?:CNN|Reuters|AP|AFP)\s*\)\s*(?:--\s*|\u2014\s*)?/;
const namedAttributionAfterQuote = /["\u201D'](?:\s*,)?\s+(?:said|says|told|added|wrote|explained|insisted|warned)\s+[\p{Lu}]|["\u201D'](?:\s*,)?\s+(?:[\p{Lu}][\p{L}.'-]*\s+){1,4}(?:said|says|told|added|wrote|explained|insisted|warned)\b/u;
const pronounAttribution = /\b(he|she|they|i|we) (said|says|added|told|asked|wrote|explained)\b/i;

const quotedOpening = /^(?:``|["\u201C'\u2018])\s*([^"\u201C\u201D`]{1,60}?)\s*(?:''|["\u201D'\u2019])(?=[\s,])/;
const speechAfter = /^[\s,]*(?:[\p{L}.'\u2019-]+\s+){0,4}?(?:said|says|told|added|asked|wrote|explained|insisted|warned|tweeted|replied|according)\b/iu;

/** A sentence opening with a quoted title or name of at most four words, not followed by who said it. */
function opensWithQuotedTitle(text: string): boolean {
  const quoted = quotedOpening.exec(text);
  if (!quoted?.[1]) return false;
  const quotedWords = quoted[1].replace(/[,.]$/, '').trim().split(/\s+/);
  if (quotedWords.length > 4 || !/^[\p{Lu}\d]/u.test(quoted[1])) return false;
  return !speechAfter.test(text.slice(quoted[0].length));
}

/** Double quote marks open and close in pairs (single quotes are left alone: apostrophes make them ambiguous). */
function quotesBalanced(text: string): boolean {
  const straight = (text.match(/"/g) ?? []).length;
  const open = (text.match(/\u201C|``/g) ?? []).length;
  const close = (text.match(/\u201D|''/g) ?? []).length;
  return straight % 2 === 0 && open === close;
}

/** A single quote mark before a word that is not an elision ('s, 're, 'n'…), after a space, bracket or colon. */
const singleQuoteOpening = /(?:^|[\s(:])['\u2018](?!(?:s|re|ve|ll|d|m|t|em|n)\b)\p{L}/gu;

/** A single quote opened before a word ("caption : 'Excited…") with no single quote mark after it. */
function opensSingleQuoteLeftOpen(text: string): boolean {
  let last = -1;
  for (const match of text.matchAll(singleQuoteOpening)) last = (match.index ?? 0) + match[0].length;
  return last >= 0 && !/['\u2019]/.test(text.slice(last));
}

/** Whether each sentence of a paragraph starts inside a quotation opened by an earlier sentence. */
export function sentencesInsideQuotes(sentences: string[]): boolean[] {
  let open = false;
  return sentences.map((sentence) => {
    const startsInside = open;
    // The marks “ ” `` '' and ", read left to right as the pattern /\u201C|\u201D|``|''|"/g would match them.
    for (let at = 0; at < sentence.length; at++) {
      const code = sentence.charCodeAt(at);
      if (code === 0x201c) open = true;
      else if (code === 0x201d) open = false;
      else if (code === 34) open = !open;
      else if ((code === 96 || code === 39) && sentence.charCodeAt(at + 1) === code) {
        open = code === 96;
        at++;
      }
    }
    return startsInside;
  });
}

/**
 * Makes a sentence fit to stand alone in a summary, or says it cannot: a sentence that opens with a pronoun or
 * "however" needs the one before it; a half quote or "he said" dangles. The first sentence of an article may
 * open with "This is…": it points at the headline, which the reader has.
 */
export function standAloneForm(sentence: string, isLead = false, followsItsPredecessor = false): string | null {
  let text = sentence.trim().replace(dateline, '');
  const conjunction = conjunctionStart.exec(text);
  if (conjunction) text = text.slice(conjunction[0].length).replace(/^\p{Ll}/u, (first) => first.toUpperCase());
  const wordCount = text.split(/\s+/).length;
  if (wordCount < 6 || wordCount > 60) return null;
  if (!/^[\p{Lu}\d"\u201C`']/u.test(text)) return null;
  const leadDeixis = isLead && /^(this|these) (is|are)\b/i.test(text);
  // "They…" or "…, he said" needs the sentence before it, which is fine when that sentence is right before it.
  if (!followsItsPredecessor && danglingStart.test(text) && !expletiveIt.test(text) && !leadDeixis) return null;
  if (!followsItsPredecessor && pronounAttribution.test(text)) return null;
  if (!quotesBalanced(text) || opensSingleQuoteLeftOpen(text)) return null;
  // A sentence that opens with a quote stands alone only with its speaker named after it ("…," Wiggins said.),
  // unless the quote marks only hold a title or a name of a few words ("“Roots,” the 1977 miniseries, …").
  if (/^["\u201C`']/.test(text) && !namedAttributionAfterQuote.test(text) && !opensWithQuotedTitle(text)) return null;
  if (/[:?]$/.test(text) || !/[.!\u201D"')]$/.test(text)) return null;
  if (/\b(click here|read more|sign up|subscribe|follow us|all rights reserved)\b/i.test(text)) return null;
  return text;
}

/**
 * Per-term scratch counts of one summary, indexed by term id (ids are dense, from TermDictionary) and cleared after
 * each use. Every sentence of every story passes through here: maps and a set of sources per term cost several
 * times more than the summary's other steps together.
 */
class TermScratch {
  /** Sentences carrying each term. */
  sentences = new Int32Array(1 << 14);
  /** Distinct sources carrying each term. */
  sources = new Int32Array(1 << 14);
  /** The last source (numbered from 1 in reading order) counted for each term. */
  lastSource = new Int32Array(1 << 14);
  /** The last sentence (a running stamp) each term was met in, to keep each sentence's terms distinct. */
  lastSentence = new Int32Array(1 << 14);
  private sentenceStamp = 0;

  /** Makes room for term ids up to `id`. */
  fit(id: number): void {
    if (id < this.sentences.length) return;
    const size = Math.max(id + 1, this.sentences.length * 2);
    const grow = (from: Int32Array) => {
      const grown = new Int32Array(size);
      grown.set(from);
      return grown;
    };
    this.sentences = grow(this.sentences);
    this.sources = grow(this.sources);
    this.lastSource = grow(this.lastSource);
    this.lastSentence = grow(this.lastSentence);
  }

  /** A stamp no sentence has used yet. */
  nextSentence(): number {
    if (this.sentenceStamp >= 0x3fffffff) {
      this.lastSentence.fill(0);
      this.sentenceStamp = 0;
    }
    return ++this.sentenceStamp;
  }
}

const scratch = new TermScratch();

/** What the scorer reads of the candidates' terms. */
interface CandidateTerms {
  /** Each sentence's distinct terms, in first-seen order. */
  uniqueTerms: number[][];
  /** Each sentence's centrality before its length is weighed: the sum over its distinct terms of their support, each as a share of the largest. */
  supportShares: number[];
}

/**
 * A term's support is the sentences carrying it, times the sources carrying it, so what several outlets report
 * outweighs what one repeats (with one source the factor is 1). The counts do not depend on the order sentences
 * are read in, so they are read source by source, and a source is counted once per term by remembering the last
 * one seen.
 */
function readCandidateTerms(candidates: readonly CandidateSentence[]): CandidateTerms {
  let maxId = -1;
  for (const candidate of candidates) for (const term of candidate.terms) if (term > maxId) maxId = term;
  scratch.fit(maxId);
  const { sentences, sources, lastSource, lastSentence } = scratch;
  const uniqueTerms = candidates.map((candidate) => {
    const stamp = scratch.nextSentence();
    const unique: number[] = [];
    for (const term of candidate.terms) {
      if (lastSentence[term] === stamp) continue;
      lastSentence[term] = stamp;
      unique.push(term);
    }
    return unique;
  });
  // The digest lists each source's sentences together, in source order; any other order is read sorted by source.
  let order = candidates.map((_, index) => index);
  if (candidates.some((candidate, index) => index > 0 && candidate.articleRank < (candidates[index - 1]?.articleRank ?? 0))) {
    order = order.sort((a, b) => (candidates[a]?.articleRank ?? 0) - (candidates[b]?.articleRank ?? 0) || a - b);
  }
  const touched: number[] = [];
  let sourceNumber = 0;
  let previousRank: number | null = null;
  for (const index of order) {
    const rank = candidates[index]?.articleRank ?? 0;
    if (rank !== previousRank) {
      sourceNumber++;
      previousRank = rank;
    }
    for (const term of uniqueTerms[index] ?? []) {
      if (sentences[term] === 0) touched.push(term);
      sentences[term] = (sentences[term] ?? 0) + 1;
      if (lastSource[term] !== sourceNumber) {
        lastSource[term] = sourceNumber;
        sources[term] = (sources[term] ?? 0) + 1;
      }
    }
  }
  let maxSupport = 1;
  for (const term of touched) {
    const support = (sentences[term] ?? 0) * (sources[term] ?? 0);
    if (support > maxSupport) maxSupport = support;
  }
  const supportShares = uniqueTerms.map((unique) => {
    let share = 0;
    for (const term of unique) share += ((sentences[term] ?? 0) * (sources[term] ?? 0)) / maxSupport;
    return share;
  });
  for (const term of touched) {
    sentences[term] = 0;
    sources[term] = 0;
    lastSource[term] = 0;
  }
  return { uniqueTerms, supportShares };
}

/**
 * Picks the summary sentences of a story. News puts the point first, so a sentence's place in its article
 * weighs most; centrality (how much of the story's vocabulary it carries, across sources) decides between
 * sentences near the top; a sentence repeating one already chosen is passed over.
 */
export function summarize(candidates: CandidateSentence[], options: SummaryOptions): string {
  const weights = { ...defaultWeights, ...options.weights };
  const { uniqueTerms, supportShares } = readCandidateTerms(candidates);

  const scored = candidates
    .map((candidate, index) => ({ candidate, unique: uniqueTerms[index] ?? [], share: supportShares[index] ?? 0 }))
    .filter(({ candidate }) => !candidate.insideQuote)
    .map(({ candidate, unique, share }) => {
      const centrality = unique.length === 0 ? 0 : share / Math.pow(unique.length, weights.lengthExponent);
      const positionScore = 1 / Math.pow(1 + candidate.position, weights.positionDecay);
      const score = positionScore * weights.position + centrality * weights.centrality - candidate.articleRank * 0.05;
      return { candidate, unique, terms: null as Set<number> | null, score, text: '' };
    })
    .sort((a, b) => b.score - a.score);

  const chosen: typeof scored = [];
  let fallback: (typeof scored)[number] | null = null;
  let length = 0;
  // Whether a sentence stands alone is asked only of the best-scored ones (most sentences are never needed), once
  // on its own and once after the sentence before it, remembered per sentence.
  const forms = new Map<(typeof scored)[number], { alone?: string | null; following?: string | null }>();
  const formOf = (entry: (typeof scored)[number], following: boolean): string | null => {
    const known = forms.get(entry) ?? {};
    forms.set(entry, known);
    const key = following ? 'following' : 'alone';
    if (known[key] === undefined) known[key] = standAloneForm(entry.candidate.text, entry.candidate.position === 0, following);
    return known[key] ?? null;
  };
  // Each round takes the best sentence that fits; a sentence that needs the one before it ("They…") becomes
  // eligible in the round after that one is taken.
  while (chosen.length < options.sentences) {
    let taken = false;
    for (const entry of scored) {
      if (chosen.includes(entry)) continue;
      const { articleRank, position } = entry.candidate;
      const followsChosen = chosen.some((other) => other.candidate.articleRank === articleRank && other.candidate.position === position - 1);
      const text = formOf(entry, false) ?? (followsChosen ? formOf(entry, true) : null);
      if (text === null) continue;
      entry.text = text;
      fallback ??= entry;
      // Another source's telling of a chosen sentence, or the article saying it again, shares many of its words.
      const terms = (entry.terms ??= new Set(entry.unique));
      const repeats = (other: (typeof scored)[number]) => {
        const otherTerms = (other.terms ??= new Set(other.unique));
        return containment(terms, otherTerms) >= REPEAT_SHARE || containment(otherTerms, terms) >= REPEAT_SHARE;
      };
      if (chosen.some(repeats)) continue;
      const added = text.length + (chosen.length > 0 ? 1 : 0);
      if (length + added > options.maxChars && chosen.length > 0) continue;
      if (added > options.maxChars && scored.length > 1) continue;
      chosen.push(entry);
      length += added;
      taken = true;
      break;
    }
    if (!taken) break;
  }
  if (chosen.length === 0 && fallback) chosen.push(fallback);

  return chosen
    .sort((a, b) => a.candidate.articleRank - b.candidate.articleRank || a.candidate.position - b.candidate.position)
    .map((entry) => entry.text)
    .join(' ');
}
