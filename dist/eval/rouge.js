/**
 * ROUGE-1, ROUGE-2 and ROUGE-L (sentence-level `rougeL`, not `rougeLsum`), computed the way Google's
 * `rouge-score` package computes them with `RougeScorer(['rouge1', 'rouge2', 'rougeL'], use_stemmer=True)`:
 * lower-case, every run of characters outside [a-z0-9] becomes a space, tokens longer than three
 * characters are Porter-stemmed (NLTK mode), n-gram matches are clipped counts, ROUGE-L is the LCS,
 * and with several references each metric keeps the reference with the best F1 (`score_multi`).
 */
import { stemPorter } from './porter-stemmer.js';
/** The metric names, in report order. */
export const ROUGE_METRICS = ['rouge1', 'rouge2', 'rougeL'];
const stemCache = new Map();
function stemCached(token) {
    let stem = stemCache.get(token);
    if (stem === undefined) {
        stem = stemPorter(token);
        stemCache.set(token, stem);
    }
    return stem;
}
/** Tokens as rouge-score's DefaultTokenizer(use_stemmer) produces them. */
export function tokenizeForRouge(text, stem = true) {
    const tokens = text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, ' ')
        .split(/\s+/);
    const out = [];
    for (const token of tokens) {
        const word = stem && token.length > 3 ? stemCached(token) : token;
        // rouge-score drops anything that is not a plain [a-z0-9]+ token after stemming.
        if (/^[a-z0-9]+$/.test(word))
            out.push(word);
    }
    return out;
}
/** F1 from precision and recall; 0 when both are 0 (rouge-score's `scoring.fmeasure`). */
export function fmeasure(precision, recall) {
    return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}
function countNgrams(tokens, n) {
    const counts = new Map();
    for (let i = 0; i + n <= tokens.length; i++) {
        // \u0001 cannot occur in a token, so the joined key is unambiguous.
        const key = tokens.slice(i, i + n).join('\u0001');
        counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    return counts;
}
/** ROUGE-N from token lists: clipped n-gram overlap; an empty side gives 0 through max(count, 1). */
export function scoreNgrams(target, prediction, n) {
    const targetCounts = countNgrams(target, n);
    const predictionCounts = countNgrams(prediction, n);
    let overlap = 0;
    let targetTotal = 0;
    for (const [gram, count] of targetCounts) {
        overlap += Math.min(count, predictionCounts.get(gram) ?? 0);
        targetTotal += count;
    }
    let predictionTotal = 0;
    for (const count of predictionCounts.values())
        predictionTotal += count;
    const precision = overlap / Math.max(predictionTotal, 1);
    const recall = overlap / Math.max(targetTotal, 1);
    return { precision, recall, fmeasure: fmeasure(precision, recall) };
}
/** Length of the longest common subsequence of two token lists. */
export function lcsLength(a, b) {
    // Two rolling rows: the full table rouge-score builds is not needed for the length.
    let previous = new Int32Array(b.length + 1);
    let current = new Int32Array(b.length + 1);
    for (let i = 1; i <= a.length; i++) {
        const token = a[i - 1];
        for (let j = 1; j <= b.length; j++) {
            current[j] = token === b[j - 1] ? previous[j - 1] + 1 : Math.max(previous[j], current[j - 1]);
        }
        [previous, current] = [current, previous];
    }
    return previous[b.length];
}
/** ROUGE-L from token lists; 0 when either side is empty. */
export function scoreLcs(target, prediction) {
    if (target.length === 0 || prediction.length === 0)
        return { precision: 0, recall: 0, fmeasure: 0 };
    const lcs = lcsLength(target, prediction);
    const precision = lcs / prediction.length;
    const recall = lcs / target.length;
    return { precision, recall, fmeasure: fmeasure(precision, recall) };
}
/** Scores one prediction against one reference (rouge-score's `score(target, prediction)`). */
export function scoreRouge(target, prediction) {
    const targetTokens = tokenizeForRouge(target);
    const predictionTokens = tokenizeForRouge(prediction);
    return scoreTokens(targetTokens, predictionTokens);
}
function scoreTokens(target, prediction) {
    return {
        rouge1: scoreNgrams(target, prediction, 1),
        rouge2: scoreNgrams(target, prediction, 2),
        rougeL: scoreLcs(target, prediction),
    };
}
/**
 * Scores one prediction against several references: per metric, the reference with the highest F1
 * (the first on a tie, like numpy's argmax in rouge-score's `score_multi`).
 */
export function scoreRougeMulti(targets, prediction) {
    if (targets.length === 0)
        throw new RangeError('scoreRougeMulti needs at least one reference');
    const predictionTokens = tokenizeForRouge(prediction);
    const all = targets.map((target) => scoreTokens(tokenizeForRouge(target), predictionTokens));
    const best = (metric) => all.reduce((top, scores) => (scores[metric].fmeasure > top[metric].fmeasure ? scores : top))[metric];
    return { rouge1: best('rouge1'), rouge2: best('rouge2'), rougeL: best('rougeL') };
}
//# sourceMappingURL=rouge.js.map