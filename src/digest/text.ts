/** Small text helpers shared by the digest steps: normalisation, words and content terms. */

const stopwords = new Set(
  `a about above after again against all also am an and any are aren't as at be because been before being below between both
  but by can could did do does doing down during each few for from further had has have having he her here hers herself him
  himself his how i if in into is it its itself just me more most my myself no nor not now of off on once only or other our
  ours ourselves out over own same she should so some such than that the their theirs them themselves then there these they
  this those through to too under until up very was we were what when where which while who whom why will with would you your
  yours yourself yourselves said says say told according mr mrs ms dr one two three new year years also its it's
  been being would could should may might must shall can't won't don't didn't doesn't isn't wasn't weren't hasn't haven't
  per via yet still even much many well back like get got make made since around however though`.split(/\s+/),
);

/** True when `word` (lower case) carries little meaning on its own. */
export function isStopword(word: string): boolean {
  return stopwords.has(word);
}

/** Every character foldTypography replaces. */
const typographic = /[\u2018\u2019\u201A\u201B\u2032\u201C\u201D\u201E\u201F\u2033\u2013\u2014\u00A0]/;

/** Folds typographic quotes and dashes to ASCII so comparisons ignore typography. */
export function foldTypography(text: string): string {
  // Most texts hold none of these: one look for any of them spares four copies of the text.
  if (!typographic.test(text)) return text;
  return text
    .replace(/[\u2018\u2019\u201A\u201B\u2032]/g, "'")
    .replace(/[\u201C\u201D\u201E\u201F\u2033]/g, '"')
    .replace(/[\u2013\u2014]/g, '-')
    .replace(/\u00A0/g, ' ');
}

/**
 * Words in Latin, Greek and Cyrillic script. Explicit ranges rather than \p{L}: this runs over every article and
 * is several times faster; Brief reads English news, where other scripts are rare.
 */
const wordPattern = /[a-z0-9\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]+(?:['\u2019][a-z\u00C0-\u024F\u0370-\u03FF\u0400-\u04FF]+)*/g;

/** Lower-cased words of `text`, typography folded. */
export function words(text: string): string[] {
  const found = text.toLowerCase().match(wordPattern) ?? [];
  // Curly apostrophes are rare enough that folding only the words that have one is much cheaper than folding all text.
  if (text.includes('\u2019')) for (let i = 0; i < found.length; i++) if (found[i]?.includes('\u2019')) found[i] = found[i]?.replace(/\u2019/g, "'") ?? '';
  return found;
}

/** A crude stem: enough to make "talks"/"talk" and "negotiations"/"negotiation" meet, cheap enough for 10,000 articles. */
export function stem(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith("'s")) word = word.slice(0, -2);
  if (word.endsWith('ies') && word.length > 5) return word.slice(0, -3) + 'y';
  if (word.endsWith('sses')) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us') && !word.endsWith('is')) return word.slice(0, -1);
  return word;
}

/** The content term of one lower-cased word (curly apostrophes folded), or null for a stopword or a scrap. */
export function termOfWord(word: string): string | null {
  const bare = word.endsWith("'s") ? word.slice(0, -2) : word;
  if (bare.length < 3 && !/\d/.test(bare)) return null;
  if (stopwords.has(bare)) return null;
  return stem(bare);
}

/** Stemmed content words: the vocabulary used to compare articles and sentences. */
export function contentTerms(text: string): string[] {
  const terms: string[] = [];
  for (const word of words(text)) {
    const term = termOfWord(word);
    if (term !== null) terms.push(term);
  }
  return terms;
}

/** The characters the regular-expression class \s matches, by code, so scanning loops need not build one-character strings. */
export function isWhitespaceCode(code: number): boolean {
  return (
    code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 || code === 0x2029 || code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}

export function isSentenceStopCode(code: number): boolean {
  return code === 46 || code === 33 || code === 63; // . ! ?
}

/** Share of `a`'s terms that are also in `b`. */
export function containment<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  if (a.size === 0) return 0;
  let shared = 0;
  for (const term of a) if (b.has(term)) shared++;
  return shared / a.size;
}

/** FNV-1a's starting value and one step of it: the hash of what came before, mixed with one character code. */
export const FNV_OFFSET_BASIS = 0x811c9dc5 | 0;
export function fnv1aStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, 0x01000193);
}

/** A short stable hash (FNV-1a, base 36) for ids derived from text. */
export function shortHash(text: string): string {
  let hash = FNV_OFFSET_BASIS;
  for (let i = 0; i < text.length; i++) hash = fnv1aStep(hash, text.charCodeAt(i));
  return (hash >>> 0).toString(36).padStart(7, '0');
}
