/**
 * The seam between the eval and the digest engine: how Brief summarises one article on its own and
 * which direct quotes it finds.
 */
import { articleFromRecord } from '../content/jsonl-articles.js';
import { buildDigest, defaultSummaryChars } from '../digest/build-digest.js';
import { findDirectQuotes } from '../digest/quotes.js';
// Records carry no date, and undated articles are never filtered out, so any fixed instant will do.
const EVAL_NOW = new Date('2025-11-30T12:00:00Z');
/** Builds the adapter over buildDigest (one article, one story) and findDirectQuotes. */
export function createEvalEngine(options = { maxSummaryChars: null }) {
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
        findQuotes(text) {
            // Without a people index, findDirectQuotes indexes the text itself, as --all-quotes does for a one-article story.
            return findDirectQuotes(text).map((quote) => ({ start: quote.start, end: quote.end, speaker: quote.speaker }));
        },
        summaryCap(sentences) {
            return options.maxSummaryChars ?? defaultSummaryChars(sentences);
        },
    };
}
//# sourceMappingURL=engine.js.map