/**
 * Scores a direct-quote extractor against PolNeAR-style attribution records.
 *
 * Unit of scoring: one gold direct quote = one attribution with `direct_quote: true`. Its content may
 * have several spans ("Part one," he said, "part two.") and, in a few records, a `content2`; all are
 * kept as separate spans of the same gold quote.
 *
 * Matching (a choice, documented because it moves the figures): a found quote can match a gold quote
 * when its span overlaps one of the gold quote's spans by at least half of the shorter of the two.
 * Matching is one-to-one and greedy, largest overlap first. Then a found quote left over that
 * qualifies against any span of an already-matched gold quote counts as a continuation: neither a
 * hit nor a false positive. That covers the two halves of a quote split by "he said" (gold: one
 * attribution, two spans) and two fragments inside one gold content ("Machado was “disgusting” and
 * “a con”"). Why not min start..max end: the second half would be a false positive although the
 * extractor was right. Why not one gold unit per span: a quote split in two would count twice in
 * recall.
 *
 * Speaker accuracy: over matched gold quotes whose source span holds a proper name (see
 * `hasProperName`), the speaker is right when its surname appears in the source span as a word.
 */
function overlapLength(a, b) {
    return Math.max(0, Math.min(a.end, b.end) - Math.max(a.start, b.start));
}
/** True when the two spans overlap by at least half of the shorter one. */
export function spansMatch(a, b) {
    const shorter = Math.min(a.end - a.start, b.end - b.start);
    return shorter > 0 && overlapLength(a, b) * 2 >= shorter;
}
/** Index of the gold span the found quote qualifies against with the largest overlap, or -1. */
function bestSpan(gold, found, allowed = () => true) {
    let best = -1;
    let bestOverlap = 0;
    gold.spans.forEach((span, index) => {
        if (!allowed(index) || !spansMatch(span, found))
            return;
        const overlap = overlapLength(span, found);
        if (overlap > bestOverlap) {
            best = index;
            bestOverlap = overlap;
        }
    });
    return best;
}
/** Aligns one document's found quotes with its gold quotes (see the module comment for the rules). */
export function alignQuotes(gold, found) {
    const candidates = [];
    gold.forEach((quote, g) => {
        found.forEach((span, f) => {
            const s = bestSpan(quote, span);
            if (s >= 0)
                candidates.push({ gold: g, found: f, span: s, overlap: overlapLength(quote.spans[s], span) });
        });
    });
    // Largest overlap first; ties go to the earlier gold quote, then the earlier found quote, so runs are stable.
    candidates.sort((a, b) => b.overlap - a.overlap || a.gold - b.gold || a.found - b.found);
    const goldTaken = new Set();
    const foundTaken = new Set();
    const matches = [];
    for (const candidate of candidates) {
        if (goldTaken.has(candidate.gold) || foundTaken.has(candidate.found))
            continue;
        goldTaken.add(candidate.gold);
        foundTaken.add(candidate.found);
        matches.push({ gold: candidate.gold, found: candidate.found, overlap: candidate.overlap });
    }
    const continuations = [];
    const falsePositives = [];
    found.forEach((span, f) => {
        if (foundTaken.has(f))
            return;
        for (const g of goldTaken) {
            if (bestSpan(gold[g], span) >= 0) {
                continuations.push(f);
                return;
            }
        }
        falsePositives.push(f);
    });
    const missed = gold.map((_, g) => g).filter((g) => !goldTaken.has(g));
    matches.sort((a, b) => a.gold - b.gold);
    return { matches, continuations, falsePositives, missed };
}
/**
 * Words that start with a capital yet do not name anyone: pronouns and determiners (often
 * sentence-initial), titles that stand without a name ("the President"), and generic nouns that
 * outlets and officials are referred to by ("The Post", "Officials", "Sources").
 */
const NOT_NAMES = new Set([
    'i', 'he', 'she', 'it', 'we', 'they', 'you', 'his', 'her', 'hers', 'its', 'our', 'their', 'my', 'your',
    'him', 'them', 'us', 'me', 'who', 'whom', 'which', 'that', 'this', 'these', 'those', 'the', 'a', 'an',
    'one', 'some', 'many', 'most', 'several', 'both', 'all', 'each', 'other', 'others', 'another', 'someone',
    'somebody', 'anyone', 'nobody', 'everyone', 'and', 'or', 'but', 'of', 'in', 'at', 'on', 'for', 'with',
    'mr', 'mrs', 'ms', 'miss', 'dr', 'rep', 'reps', 'sen', 'sens', 'gov', 'lt', 'gen', 'col', 'sgt', 'capt',
    'president', 'vice', 'secretary', 'senator', 'congressman', 'congresswoman', 'representative', 'governor',
    'mayor', 'chairman', 'chairwoman', 'chair', 'speaker', 'leader', 'director', 'minister', 'prime', 'judge',
    'justice', 'attorney', 'general', 'candidate', 'nominee', 'former', 'official', 'officials', 'spokesman',
    'spokeswoman', 'spokesperson', 'aide', 'aides', 'source', 'sources', 'advisor', 'adviser', 'advisers',
    'post', 'times', 'journal', 'news', 'press', 'report', 'reports', 'paper', 'newspaper', 'magazine',
    'statement', 'campaign', 'administration', 'department', 'committee', 'party', 'house', 'senate',
    'congress', 'court', 'government', 'agency', 'police', 'authorities', 'experts', 'analysts', 'critics',
    'supporters', 'democrats', 'republicans', 'democrat', 'republican', 'voters', 'people', 'polls', 'poll',
    'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday',
]);
function words(text) {
    return text.match(/[\p{L}][\p{L}\p{M}'’.-]*/gu) ?? [];
}
function bare(word) {
    return word
        .replace(/['’]s$/u, '')
        .replace(/[.'’-]+$/u, '')
        .toLowerCase();
}
/**
 * True when the source text holds a proper name: a word starting with a capital letter that is not
 * a pronoun, determiner, title or generic noun from the list above ("Hillary Clinton", "NYPD",
 * "Rep. John Mica (R-Fla.)" yes; "He", "The Post", "Officials", "the President" no).
 */
export function hasProperName(source) {
    return words(source).some((word) => /^\p{Lu}/u.test(word) && bare(word).length > 1 && !NOT_NAMES.has(bare(word)));
}
const NAME_SUFFIXES = new Set(['jr', 'sr', 'ii', 'iii', 'iv']);
/** The last word of a speaker's name, ignoring Jr./Sr./III and a possessive ("Donald Trump Jr." → "trump"). */
export function surnameOf(speaker) {
    const parts = words(speaker).map(bare).filter((w) => w.length > 0 && !NAME_SUFFIXES.has(w));
    return parts.at(-1) ?? null;
}
/** True when the speaker's surname appears as a whole word in the gold source span (case-insensitive). */
export function speakerMatchesSource(speaker, source) {
    if (speaker === null)
        return false;
    const surname = surnameOf(speaker);
    if (surname === null)
        return false;
    return words(source).some((word) => bare(word) === surname || bare(word).split('-').includes(surname));
}
/** Scores the extractor over every document: detection P/R/F1 and speaker accuracy. */
export function scoreQuotes(documents) {
    let gold = 0;
    let found = 0;
    let matched = 0;
    let continuations = 0;
    let falsePositives = 0;
    let missed = 0;
    let speakerEligible = 0;
    let speakerCorrect = 0;
    for (const document of documents) {
        const alignment = alignQuotes(document.gold, document.found);
        gold += document.gold.length;
        found += document.found.length;
        matched += alignment.matches.length;
        continuations += alignment.continuations.length;
        falsePositives += alignment.falsePositives.length;
        missed += alignment.missed.length;
        for (const match of alignment.matches) {
            const source = document.gold[match.gold].source;
            if (source === null || !hasProperName(source))
                continue;
            speakerEligible++;
            if (speakerMatchesSource(document.found[match.found].speaker, source))
                speakerCorrect++;
        }
    }
    const precision = ratio(matched, matched + falsePositives);
    const recall = ratio(matched, gold);
    return {
        documents: documents.length,
        gold,
        found,
        matched,
        continuations,
        falsePositives,
        missed,
        precision,
        recall,
        f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
        speakerEligible,
        speakerCorrect,
        speakerAccuracy: ratio(speakerCorrect, speakerEligible),
    };
}
function ratio(part, whole) {
    return whole === 0 ? 0 : part / whole;
}
function contextOf(text, start, end) {
    const flat = (s) => s.replace(/\s+/g, ' ');
    return `${flat(text.slice(Math.max(0, start - 80), start))}[[${flat(text.slice(start, end))}]]${flat(text.slice(end, end + 80))}`;
}
/** Lists a document's misses, false positives and wrong speakers (named sources only), in text order. */
export function listQuoteErrors(document, text) {
    const alignment = alignQuotes(document.gold, document.found);
    const errors = [];
    const goldText = (quote) => quote.spans.map((span) => text.slice(span.start, span.end)).join(' … ');
    for (const g of alignment.missed) {
        const quote = document.gold[g];
        const first = quote.spans[0];
        const last = quote.spans.at(-1);
        errors.push({ at: first.start, kind: 'missed', id: document.id, quote: goldText(quote), context: contextOf(text, first.start, last.end), goldSource: quote.source, foundSpeaker: null });
    }
    for (const f of alignment.falsePositives) {
        const found = document.found[f];
        errors.push({ at: found.start, kind: 'false-positive', id: document.id, quote: text.slice(found.start, found.end), context: contextOf(text, found.start, found.end), goldSource: null, foundSpeaker: found.speaker });
    }
    for (const match of alignment.matches) {
        const quote = document.gold[match.gold];
        const found = document.found[match.found];
        if (quote.source === null || !hasProperName(quote.source) || speakerMatchesSource(found.speaker, quote.source))
            continue;
        errors.push({ at: found.start, kind: 'wrong-speaker', id: document.id, quote: goldText(quote), context: contextOf(text, found.start, found.end), goldSource: quote.source, foundSpeaker: found.speaker });
    }
    return errors.sort((a, b) => a.at - b.at).map(({ at: _at, ...error }) => error);
}
//# sourceMappingURL=quote-scoring.js.map