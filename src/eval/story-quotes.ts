/**
 * Scores quotes and speakers against the news-stories-dev folder format: a folder of Markdown articles and a
 * `gold.json` whose `quotes` give, per article, the first words of each direct quote and who said it.
 *
 * A gold quote is located by its words (a verbatim substring of the article text the engine reads); a found quote
 * matches it when the found span holds where those words start. Speaker accuracy is taken over matched quotes
 * whose gold speaker is a named person (`speaker_named`), two ways: `exact` wants the name as the article gives it
 * (case, a leading "the" and typography aside), so a name cut short ("Thai Prime Minister Anutin"), a trailing
 * full stop or a role glued on counts wrong; `surname` wants only the last word, as the PolNeAR score does. Quotes
 * whose gold speaker is no named person (an organisation, "an official") are scored apart and loosely: the found
 * speaker must share a word with the gold one. Pure.
 */
import { z } from 'zod';
import { EvalInputError } from './records.js';
import type { FoundQuoteSpan } from './quote-scoring.js';

/** One gold quote of the folder format. */
export interface StoryGoldQuote {
  quote: string;
  speaker: string;
  role: string | null;
  named: boolean;
  inTitle: boolean;
}

/** One article to score: the text the engine read, its gold quotes and what the engine found. */
export interface StoryQuoteDocument {
  id: string;
  text: string;
  gold: StoryGoldQuote[];
  found: FoundQuoteSpan[];
}

/** Totals over a set of articles. */
export interface StoryQuoteScores {
  documents: number;
  gold: number;
  /** Gold quotes whose words were found in the article text (headline quotes are not in the body). */
  located: number;
  matched: number;
  recall: number;
  namedEligible: number;
  namedExact: number;
  namedSurname: number;
  exactAccuracy: number;
  surnameAccuracy: number;
  /** Matched gold quotes whose speaker is no named person (an organisation, "an official"), and how many of those the found speaker shares a word with. */
  unnamedEligible: number;
  unnamedRight: number;
  unnamedAccuracy: number;
}

/** A named quote whose speaker came out wrong, or a quote not found. */
export interface StoryQuoteError {
  kind: 'missed' | 'wrong-speaker';
  id: string;
  quote: string;
  goldSpeaker: string;
  foundSpeaker: string | null;
  context: string;
}

const goldSchema = z.object({
  quotes: z.array(
    z.object({
      file: z.string().min(1),
      quote: z.string().min(1),
      speaker: z.string(),
      role: z.string().nullable(),
      speaker_named: z.boolean(),
      in_title: z.boolean().optional(),
    }),
  ),
});

/** Reads gold.json's `quotes`, grouped by article file; throws EvalInputError naming what is wrong. */
export function parseStoryQuoteGold(text: string, file: string): Map<string, StoryGoldQuote[]> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EvalInputError(file, [{ line: 0, message: `${file}: not JSON (${(error as Error).message})` }]);
  }
  const parsed = goldSchema.safeParse(value);
  if (!parsed.success) {
    throw new EvalInputError(file, parsed.error.issues.map((issue) => ({ line: 0, message: `${file}: ${issue.path.join('.')}: ${issue.message}` })));
  }
  const byFile = new Map<string, StoryGoldQuote[]>();
  for (const quote of parsed.data.quotes) {
    const list = byFile.get(quote.file) ?? [];
    list.push({ quote: quote.quote, speaker: quote.speaker, role: quote.role, named: quote.speaker_named, inTitle: quote.in_title ?? false });
    byFile.set(quote.file, list);
  }
  return byFile;
}

function fold(text: string): string {
  return text
    .normalize('NFC')
    .replace(/[\u2018\u2019\u02BC]/g, "'")
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^the /i, '')
    .toLowerCase();
}

function lastWord(name: string): string {
  const parts = fold(name)
    .replace(/\s*\([^()]*\)$/, '')
    .replace(/,?\s+(jr|sr)\.?$/, '')
    .split(' ');
  return (parts[parts.length - 1] ?? '').replace(/'s$/, '').replace(/[.,;:]+$/, '');
}

/** True when the found speaker is the gold speaker's name as the article gives it. */
export function sameSpeakerName(found: string | null, gold: string): boolean {
  return found !== null && fold(found) === fold(gold);
}

/** True when the found speaker ends in the gold speaker's surname. */
export function sameSurname(found: string | null, gold: string): boolean {
  return found !== null && lastWord(found) !== '' && lastWord(found) === lastWord(gold);
}

const minorWords = new Set(['the', 'a', 'an', 'of', 'at', 'in', 'on', 'to', 'and', 'with', 'from', 'for', 'by']);

function speakerWords(name: string): Set<string> {
  return new Set(
    fold(name)
      .split(/[^\p{L}\p{N}']+/u)
      .map((word) => word.replace(/'s$/, ''))
      .filter((word) => word.length >= 2 && !minorWords.has(word)),
  );
}

/**
 * True when a found speaker is the unnamed gold speaker, loosely: it shares a word with it ("the ECB" for "European
 * Central Bank (ECB)", "Morgan Stanley" for "Economists at Morgan Stanley"). A person's name for "NASA", a place or
 * no speaker at all is wrong.
 */
export function sameUnnamedSpeaker(found: string | null, gold: string): boolean {
  if (found === null) return false;
  const goldWords = speakerWords(gold);
  for (const word of speakerWords(found)) if (goldWords.has(word)) return true;
  return false;
}

/** Where each gold quote's words start in the text, in file order (a repeat is looked for after the one before). */
function locate(text: string, gold: StoryGoldQuote[]): Array<number | null> {
  let from = 0;
  return gold.map((quote) => {
    let at = text.indexOf(quote.quote, from);
    if (at < 0) at = text.indexOf(quote.quote);
    if (at < 0) return null;
    from = at + 1;
    return at;
  });
}

function matchFound(found: FoundQuoteSpan[], at: number): FoundQuoteSpan | null {
  return found.find((quote) => quote.start <= at && at < quote.end) ?? null;
}

/** Scores every article; also lists misses and wrong named speakers for `--errors`. */
export function scoreStoryQuotes(documents: readonly StoryQuoteDocument[]): { scores: StoryQuoteScores; errors: StoryQuoteError[] } {
  const scores: StoryQuoteScores = {
    documents: documents.length,
    gold: 0,
    located: 0,
    matched: 0,
    recall: 0,
    namedEligible: 0,
    namedExact: 0,
    namedSurname: 0,
    exactAccuracy: 0,
    surnameAccuracy: 0,
    unnamedEligible: 0,
    unnamedRight: 0,
    unnamedAccuracy: 0,
  };
  const errors: StoryQuoteError[] = [];
  for (const document of documents) {
    const positions = locate(document.text, document.gold);
    document.gold.forEach((quote, index) => {
      scores.gold++;
      const at = positions[index];
      if (at === null || at === undefined) return;
      scores.located++;
      const context = document.text.slice(Math.max(0, at - 100), at + quote.quote.length + 100).replace(/\s+/g, ' ');
      const found = matchFound(document.found, at);
      if (!found) {
        errors.push({ kind: 'missed', id: document.id, quote: quote.quote, goldSpeaker: quote.speaker, foundSpeaker: null, context });
        return;
      }
      scores.matched++;
      if (!quote.named) {
        scores.unnamedEligible++;
        if (sameUnnamedSpeaker(found.speaker, quote.speaker)) scores.unnamedRight++;
        else errors.push({ kind: 'wrong-speaker', id: document.id, quote: quote.quote, goldSpeaker: quote.speaker, foundSpeaker: found.speaker, context: `(no person named) ${context}` });
        return;
      }
      scores.namedEligible++;
      if (sameSpeakerName(found.speaker, quote.speaker)) scores.namedExact++;
      if (sameSurname(found.speaker, quote.speaker)) scores.namedSurname++;
      else errors.push({ kind: 'wrong-speaker', id: document.id, quote: quote.quote, goldSpeaker: quote.speaker, foundSpeaker: found.speaker, context });
      if (sameSurname(found.speaker, quote.speaker) && !sameSpeakerName(found.speaker, quote.speaker)) {
        errors.push({ kind: 'wrong-speaker', id: document.id, quote: quote.quote, goldSpeaker: quote.speaker, foundSpeaker: found.speaker, context: `(surname right, name differs) ${context}` });
      }
    });
  }
  const ratio = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);
  scores.recall = ratio(scores.matched, scores.located);
  scores.exactAccuracy = ratio(scores.namedExact, scores.namedEligible);
  scores.surnameAccuracy = ratio(scores.namedSurname, scores.namedEligible);
  scores.unnamedAccuracy = ratio(scores.unnamedRight, scores.unnamedEligible);
  return { scores, errors };
}
