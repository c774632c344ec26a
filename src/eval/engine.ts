/**
 * The seam between the eval and the digest engine: how Brief summarises one article on its own and
 * which direct quotes it finds.
 */
import { articleFromRecord } from '../content/jsonl-articles.js';
import { buildDigest, defaultSummaryChars } from '../digest/build-digest.js';
import { articleParts, findDirectQuotes, indexPeople } from '../digest/quotes.js';
import type { Article, Digest } from '../digest/types.js';
import type { FoundQuoteSpan } from './quote-scoring.js';
import type { SummaryRecord } from './records.js';

/** What the eval needs from the engine. */
export interface EvalEngine {
  /** Brief's summary of the record's article as a one-source story, `sentences` sentences long. */
  summarize(record: SummaryRecord, sentences: number): string;
  /** Every direct quote in `text`, before key-quote selection, with character offsets into `text`. */
  findQuotes(text: string, title?: string): FoundQuoteSpan[];
  /** The text quotes are read from in a digest: standfirst and paragraphs, one per line. */
  articleText(article: Article): string;
  /** A digest of every article, grouped into stories as Brief groups them, with every quote and its offsets. */
  digestAll(articles: Article[]): Digest;
  /** The length cap Brief's summaries of `sentences` sentences are held to, in characters. */
  summaryCap(sentences: number): number;
}

/** How the eval drives the engine. */
export interface EvalEngineOptions {
  /** Summary length cap in characters; null keeps the digest's default for the sentence count. */
  maxSummaryChars: number | null;
}

// Records carry no date, and undated articles are never filtered out, so any fixed instant will do.
const EVAL_NOW = new Date('2025-11-30T12:00:00Z');

/** Builds the adapter over buildDigest (one article, one story) and findDirectQuotes. */
export function createEvalEngine(options: EvalEngineOptions = { maxSummaryChars: null }): EvalEngine {
  return {
    summarize(record, sentences) {
      const article = articleFromRecord({ id: record.id, text: record.article, ...(record.title ? { title: record.title } : {}) });
      const digest = buildDigest([article], {
        now: EVAL_NOW,
        group: false,
        summarySentences: sentences,
        maxQuotes: 0,
        ...(options.maxSummaryChars === null ? {} : { maxSummaryChars: options.maxSummaryChars }),
      });
      return digest.stories[0]?.summary ?? '';
    },
    findQuotes(text, title) {
      // As in a one-article story of the digest: the people are those the headline and the text name.
      return findDirectQuotes(text, indexPeople([text], title ? [title] : [])).map((quote) => ({ start: quote.start, end: quote.end, speaker: quote.speaker }));
    },
    articleText(article) {
      return articleParts(article).map((part) => part.text).join('\n');
    },
    digestAll(articles) {
      return buildDigest(articles, { now: EVAL_NOW, since: new Date(0), until: EVAL_NOW, maxQuotes: 'all' });
    },
    summaryCap(sentences) {
      return options.maxSummaryChars ?? defaultSummaryChars(sentences);
    },
  };
}
