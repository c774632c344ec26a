/** The lead-N baseline: the first N sentences of the article, split the way the digest splits them. */
import { splitSentences } from '../digest/sentences.js';
/** Returns the article's first `n` sentences joined by single spaces. */
export function leadSentences(text, n, split = splitSentences) {
    assertCount(n);
    return split(text).slice(0, n).join(' ');
}
/**
 * The lead held to a summary's length cap: the article's first `n` sentences that fit in `maxChars`, in order, a
 * sentence that would run over passed by as the digest passes it by (the first is kept even when it alone runs
 * over). It answers whether taking the lead in the space Brief has would do as well as Brief.
 */
export function leadSentencesWithin(text, n, maxChars, split = splitSentences) {
    assertCount(n);
    const taken = [];
    let length = 0;
    for (const sentence of split(text)) {
        if (taken.length === n)
            break;
        const added = sentence.length + (taken.length > 0 ? 1 : 0);
        if (taken.length > 0 && length + added > maxChars)
            continue;
        taken.push(sentence);
        length += added;
    }
    return taken.join(' ');
}
function assertCount(n) {
    if (!Number.isInteger(n) || n < 1)
        throw new RangeError(`lead baseline needs a positive whole number of sentences, got ${n}`);
}
//# sourceMappingURL=lead-baseline.js.map