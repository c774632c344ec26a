/**
 * Porter stemmer in NLTK's default mode (`PorterStemmer()` = NLTK_EXTENSIONS), which is what
 * Google's `rouge-score` uses with `use_stemmer=True`.
 *
 * Why a port and not the `stemmer` npm package: that package follows Martin Porter's published
 * algorithm, and NLTK's default mode departs from it in ways that change ROUGE on news text:
 * an irregular-forms table (dying→die, skies→sky, news→news), `ies`/`ied` on four-letter words
 * (dies→die, not di), y→i only after a consonant (enjoy stays enjoy), `alli` handled first and
 * re-run, `bli`→`ble` instead of `abli`→`able`, extra `fulli` and `logi` rules, the two-letter
 * cvc case, and words of one or two letters left alone.
 */
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u']);
/** Whole-word exceptions that bypass the algorithm (NLTK's `pool`). */
const IRREGULAR = new Map([
    ['sky', 'sky'],
    ['skies', 'sky'],
    ['dying', 'die'],
    ['lying', 'lie'],
    ['tying', 'tie'],
    ['news', 'news'],
    ['innings', 'inning'],
    ['inning', 'inning'],
    ['outings', 'outing'],
    ['outing', 'outing'],
    ['cannings', 'canning'],
    ['canning', 'canning'],
    ['howe', 'howe'],
    ['proceed', 'proceed'],
    ['exceed', 'exceed'],
    ['succeed', 'succeed'],
]);
function isConsonant(word, i) {
    const ch = word[i];
    if (VOWELS.has(ch))
        return false;
    // y is a consonant at the start and after a vowel, a vowel after a consonant.
    if (ch === 'y')
        return i === 0 ? true : !isConsonant(word, i - 1);
    return true;
}
/** Porter's m: the number of vowel→consonant transitions in the stem. */
function measure(stem) {
    let m = 0;
    let previousVowel = false;
    for (let i = 0; i < stem.length; i++) {
        const consonant = isConsonant(stem, i);
        if (consonant && previousVowel)
            m++;
        previousVowel = !consonant;
    }
    return m;
}
const positiveMeasure = (stem) => measure(stem) > 0;
const measureAboveOne = (stem) => measure(stem) > 1;
function containsVowel(stem) {
    for (let i = 0; i < stem.length; i++)
        if (!isConsonant(stem, i))
            return true;
    return false;
}
function endsDoubleConsonant(word) {
    return word.length >= 2 && word[word.length - 1] === word[word.length - 2] && isConsonant(word, word.length - 1);
}
/** Porter's *o, plus NLTK's two-letter vowel-consonant case. */
function endsCvc(word) {
    const n = word.length;
    if (n >= 3) {
        return isConsonant(word, n - 3) && !isConsonant(word, n - 2) && isConsonant(word, n - 1) && !'wxy'.includes(word[n - 1]);
    }
    return n === 2 && !isConsonant(word, 0) && isConsonant(word, 1);
}
/** Applies the first rule whose suffix matches; a matching suffix whose condition fails stops the list. */
function applyRules(word, rules) {
    for (const [suffix, replacement, condition] of rules) {
        if (suffix === '*d') {
            if (!endsDoubleConsonant(word))
                continue;
            const stem = word.slice(0, -2);
            return condition === null || condition(stem) ? stem + replacement : word;
        }
        if (word.endsWith(suffix)) {
            const stem = suffix === '' ? word : word.slice(0, -suffix.length);
            return condition === null || condition(stem) ? stem + replacement : word;
        }
    }
    return word;
}
function step1a(word) {
    if (word.endsWith('ies') && word.length === 4)
        return word.slice(0, -3) + 'ie';
    return applyRules(word, [
        ['sses', 'ss', null],
        ['ies', 'i', null],
        ['ss', 'ss', null],
        ['s', '', null],
    ]);
}
function step1b(word) {
    if (word.endsWith('ied'))
        return word.slice(0, -3) + (word.length === 4 ? 'ie' : 'i');
    if (word.endsWith('eed')) {
        const stem = word.slice(0, -3);
        return measure(stem) > 0 ? stem + 'ee' : word;
    }
    let stem = null;
    for (const suffix of ['ed', 'ing']) {
        if (word.endsWith(suffix)) {
            const candidate = word.slice(0, -suffix.length);
            if (containsVowel(candidate)) {
                stem = candidate;
                break;
            }
        }
    }
    if (stem === null)
        return word;
    const last = stem[stem.length - 1] ?? '';
    return applyRules(stem, [
        ['at', 'ate', null],
        ['bl', 'ble', null],
        ['iz', 'ize', null],
        ['*d', last, () => !'lsz'.includes(last)],
        ['', 'e', (s) => measure(s) === 1 && endsCvc(s)],
    ]);
}
function step1c(word) {
    return applyRules(word, [['y', 'i', (stem) => stem.length > 1 && isConsonant(stem, stem.length - 1)]]);
}
function step2(word) {
    if (word.endsWith('alli') && positiveMeasure(word.slice(0, -4)))
        return step2(word.slice(0, -4) + 'al');
    return applyRules(word, [
        ['ational', 'ate', positiveMeasure],
        ['tional', 'tion', positiveMeasure],
        ['enci', 'ence', positiveMeasure],
        ['anci', 'ance', positiveMeasure],
        ['izer', 'ize', positiveMeasure],
        ['bli', 'ble', positiveMeasure],
        ['alli', 'al', positiveMeasure],
        ['entli', 'ent', positiveMeasure],
        ['eli', 'e', positiveMeasure],
        ['ousli', 'ous', positiveMeasure],
        ['ization', 'ize', positiveMeasure],
        ['ation', 'ate', positiveMeasure],
        ['ator', 'ate', positiveMeasure],
        ['alism', 'al', positiveMeasure],
        ['iveness', 'ive', positiveMeasure],
        ['fulness', 'ful', positiveMeasure],
        ['ousness', 'ous', positiveMeasure],
        ['aliti', 'al', positiveMeasure],
        ['iviti', 'ive', positiveMeasure],
        ['biliti', 'ble', positiveMeasure],
        ['fulli', 'ful', positiveMeasure],
        // The 'l' of 'logi' counts with the stem, so geology and theology stem like archaeology.
        ['logi', 'log', () => positiveMeasure(word.slice(0, -3))],
    ]);
}
function step3(word) {
    return applyRules(word, [
        ['icate', 'ic', positiveMeasure],
        ['ative', '', positiveMeasure],
        ['alize', 'al', positiveMeasure],
        ['iciti', 'ic', positiveMeasure],
        ['ical', 'ic', positiveMeasure],
        ['ful', '', positiveMeasure],
        ['ness', '', positiveMeasure],
    ]);
}
function step4(word) {
    return applyRules(word, [
        ['al', '', measureAboveOne],
        ['ance', '', measureAboveOne],
        ['ence', '', measureAboveOne],
        ['er', '', measureAboveOne],
        ['ic', '', measureAboveOne],
        ['able', '', measureAboveOne],
        ['ible', '', measureAboveOne],
        ['ant', '', measureAboveOne],
        ['ement', '', measureAboveOne],
        ['ment', '', measureAboveOne],
        ['ent', '', measureAboveOne],
        ['ion', '', (stem) => measure(stem) > 1 && (stem.endsWith('s') || stem.endsWith('t'))],
        ['ou', '', measureAboveOne],
        ['ism', '', measureAboveOne],
        ['ate', '', measureAboveOne],
        ['iti', '', measureAboveOne],
        ['ous', '', measureAboveOne],
        ['ive', '', measureAboveOne],
        ['ize', '', measureAboveOne],
    ]);
}
function step5a(word) {
    // Both conditions are tried here (unlike applyRules), as in Porter's examples.
    if (!word.endsWith('e'))
        return word;
    const stem = word.slice(0, -1);
    const m = measure(stem);
    if (m > 1 || (m === 1 && !endsCvc(stem)))
        return stem;
    return word;
}
function step5b(word) {
    return applyRules(word, [['ll', 'l', () => measure(word.slice(0, -1)) > 1]]);
}
/** Stems one word exactly as NLTK's `PorterStemmer().stem(word)` does (lower-cases first). */
export function stemPorter(word) {
    // NLTK looks the word up before lower-casing it, so "News" is stemmed ("new") while "news" is not.
    const irregular = IRREGULAR.get(word);
    if (irregular !== undefined)
        return irregular;
    const lower = word.toLowerCase();
    if (lower.length <= 2)
        return lower;
    return step5b(step5a(step4(step3(step2(step1c(step1b(step1a(lower))))))));
}
//# sourceMappingURL=porter-stemmer.js.map