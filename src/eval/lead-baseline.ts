/** The lead-N baseline: the first N sentences of the article, split the way the digest splits them. */
import { splitSentences } from '../digest/sentences.js';

/** Returns the article's first `n` sentences joined by single spaces. */
export function leadSentences(text: string, n: number, split: (text: string) => string[] = splitSentences): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`lead baseline needs a positive whole number of sentences, got ${n}`);
  return split(text).slice(0, n).join(' ');
}
