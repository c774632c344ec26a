/**
 * The seam between the eval and the digest engine: how Brief summarises one article on its own and
 * which direct quotes it finds. Stand-in until the engine lands on this branch.
 */
import type { FoundQuoteSpan } from './quote-scoring.js';
import type { SummaryRecord } from './records.js';

/** What the eval needs from the engine. */
export interface EvalEngine {
  /** Brief's summary of the record's article as a one-source story, `sentences` sentences long. */
  summarize(record: SummaryRecord, sentences: number): string;
  /** Every direct quote in `text`, before key-quote selection, with character offsets into `text`. */
  findQuotes(text: string): FoundQuoteSpan[];
}

/** The digest engine is not on this branch (yet). */
export class EngineMissingError extends Error {
  constructor() {
    super('engine not on this branch yet: src/digest/build-digest.ts and src/digest/quotes.ts are missing');
    this.name = 'EngineMissingError';
  }
}

/** How the eval drives the engine. */
export interface EvalEngineOptions {
  /** Summary length cap in characters; null keeps the digest's default for the sentence count. */
  maxSummaryChars: number | null;
}

/** Returns the engine adapter, or throws EngineMissingError while the engine is absent. */
export function createEvalEngine(_options: EvalEngineOptions = { maxSummaryChars: null }): EvalEngine {
  throw new EngineMissingError();
}
