import * as chrono from 'chrono-node';
import { containment, contentTerms } from './text.js';
const futureCue = /\b(will|would|shall|'ll)\b|\b(scheduled|expected|set|due|slated|poised|planning|plans?|intends?|going) to\b|\bupcoming\b|\bnext (week|month|year|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\blater (this|today|tonight)\b/i;
const schedulingCue = /\b(scheduled|expected|set|due|slated|plans?|planning|intends?) to\b|\bwill (travel|meet|visit|hold|vote|announce|testify|sign|attend|host|speak|decide|rule|resume|begin|start|open|launch|release|publish|hear)\b/i;
/** Hypotheticals and opinions are not events. */
const notAnEvent = /\b(would have|could|might|may|should|if|unless|whether|hopes?|wants?|would like)\b/i;
const reportingClause = /^(?<subject>.*?)\b(?:said|says|confirmed|announced|told [^,]{1,40}?|added|stated|reported|indicated)\b(?:\s+(?:on|in|at)\s+[^,]{1,50}?(?:,|\s+that)|\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?:,|\s+that)?|,|\s+that)?\s+(?<clause>.+)$/;
/** Replaces quoted words with nothing: what someone said in quotes is their claim, not an announced event. */
function withoutQuotes(text) {
    return text
        .replace(/[\u201C"][^\u201D"]*[\u201D"]/g, ' ')
        .replace(/\s+/g, ' ')
        .replace(/\s+([,.;:])/g, '$1')
        .trim();
}
function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
/** Picks the clause that carries the future: "…, but talks will continue this week" → "talks will continue this week". */
function futureClause(sentence) {
    const clauses = sentence.split(/,\s+and\s+|,?\s+(?:but|while|whereas)\s+|;\s+|\s+\u2014\s+|:\s+/);
    const clause = clauses.find((part) => futureCue.test(part));
    return clause?.trim() ?? null;
}
/** "Peskov said Putin would see Witkoff…" → "Putin will see Witkoff…"; "Trump said he would send…" → "Trump will send…". */
function asEvent(clause) {
    let text = clause;
    const reported = reportingClause.exec(text);
    if (reported?.groups?.clause && futureCue.test(reported.groups.clause)) {
        text = reported.groups.clause;
        const subjectName = /((?:Mr\.|Mrs\.|Ms\.)?\s?[\p{Lu}][\p{L}'\u2019-]+)\s*(?:,[^,]*,)?\s*$/u.exec((reported.groups.subject ?? '').trim())?.[1]?.trim();
        if (subjectName && /^(he|she)\b/i.test(text))
            text = text.replace(/^(he|she)\b/i, subjectName.replace(/^(Mr\.|Mrs\.|Ms\.)\s?/, ''));
    }
    text = text
        .replace(/^that\s+/i, '')
        .replace(/\bwould\b/, 'will')
        .replace(/\bwas (scheduled|expected|set|due|slated) to\b/, 'is $1 to')
        .replace(/\bwere (scheduled|expected|set|due|slated) to\b/, 'are $1 to')
        .replace(/[,;:\s]+$/, '');
    text = capitalise(text);
    return /[.!?]$/.test(text) ? text : `${text}.`;
}
/** The local calendar date (YYYY-MM-DD) of `instant` at `offsetMinutes`. */
export function localDate(instant, offsetMinutes) {
    return new Date(instant.getTime() + offsetMinutes * 60_000).toISOString().slice(0, 10);
}
const timeHints = /\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d|\bmay\s+\d|\b(?:today|tomorrow|tonight|noon|midnight)\b|\b(?:this|next|coming|later this)\s+(?:week|weekend|month|year|morning|afternoon|evening|spring|summer|autumn|fall|winter)\b|\b(?:within|in)\s+(?:a|an|two|three|\d+)\s+(?:days?|weeks?|months?)\b|\b(?:19|20)\d\d\b/gi;
const vagueSpan = /\b(week|weekend|month|year|days|coming|soon|later)\b/i;
/** Reads the first future time expression of an event clause, against the article's own date and offset. */
function resolveDate(text, sentence) {
    if (!sentence.publishedAt) {
        const vague = /\b(this|next) (week|month)\b|\bon (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/i.exec(text);
        return vague ? { date: null, dateText: vague[0] } : null;
    }
    // chrono-node is the costliest step of the digest. Most clauses name no time at all, which a regular expression
    // says cheaply; where one does, chrono reads only a window around each time word, not the whole clause.
    const offset = sentence.publishedOffsetMinutes ?? 0;
    const published = localDate(sentence.publishedAt, offset);
    const publishedYear = Number(published.slice(0, 4));
    for (const hint of text.matchAll(timeHints)) {
        // A year before the publication year ("invaded in 2022") is history, not an upcoming event.
        if (/^\d{4}$/.test(hint[0]) && Number(hint[0]) < publishedYear)
            continue;
        const from = Math.max(0, text.lastIndexOf(' ', Math.max(0, hint.index - 24)));
        const to = Math.min(text.length, hint.index + hint[0].length + 24);
        const window = text.slice(from, to);
        for (const result of chrono.parse(window, { instant: sentence.publishedAt, timezone: offset }, { forwardDate: true })) {
            const phrase = result.text.replace(/[,.]$/, '');
            if (/^\d{1,4}$/.test(phrase))
                continue; // a bare number is a count, not a date
            const day = localDate(result.start.date(), offset);
            if (day < published)
                continue;
            const lead = /\b(before|by|until|after|from|on|in|on or before|no later than)\s*$/i.exec(text.slice(0, from + result.index));
            const dateText = lead && !phrase.toLowerCase().startsWith(lead[1]?.toLowerCase() ?? '') ? `${lead[1]} ${phrase}` : phrase;
            return { date: day, dateText };
        }
    }
    if (/\bin the coming days\b/i.test(text))
        return { date: null, dateText: 'in the coming days' };
    return null;
}
const timeHint = new RegExp(timeHints.source, 'i');
/**
 * A loose first test: an event needs a time word or a scheduling word somewhere in its sentence. Looser than the
 * patterns the event text is later read with (they see the sentence with its quotes taken out and "would" made
 * "will"), so it only turns away sentences those would turn away, and most sentences stop here.
 */
const mentionsTimeOrSchedule = /\b(?:mon|tues|wednes|thurs|fri|satur|sun)day|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)|\b(?:today|tomorrow|tonight|noon|midnight|week|weekend|month|year|morning|afternoon|evening|spring|summer|autumn|fall|winter|days?|weeks|months|coming)\b|\b(?:19|20)\d\d\b|\b(?:scheduled|expected|set|due|slated|plans?|planning|intends?|travel|meet|visit|hold|vote|announce|testify|sign|attend|host|speak|decide|rule|resume|begin|start|open|launch|release|publish|hear)\b/i;
/** Cheap first test of a sentence: can it hold an event at all? Every sentence of every story passes through it. */
export function mayHoldEvent(sentence) {
    return futureCue.test(sentence) && mentionsTimeOrSchedule.test(sentence);
}
/** Cheap test: can this text announce an upcoming event (a future cue with a time or a schedule word)? */
export function mayAnnounceEvent(text) {
    return futureCue.test(text) && (timeHint.test(text) || schedulingCue.test(text) || /\bin the coming days\b/i.test(text));
}
/**
 * Finds what a story says will happen next: future actions, scheduled or announced, each with its date read
 * against the publication date. Quoted hopes, hypotheticals and past events are left out.
 */
export function findUpcomingEvents(sentences, limit = 4) {
    const candidates = [];
    sentences.forEach((sentence, order) => {
        if (!mayHoldEvent(sentence.text))
            return;
        const unquoted = withoutQuotes(sentence.text);
        const clause = futureClause(unquoted);
        if (!clause || notAnEvent.test(clause))
            return;
        const eventText = asEvent(clause);
        if (eventText.split(/\s+/).length < 4 || eventText.length > 240)
            return;
        const resolved = resolveDate(eventText, sentence);
        if (!resolved && !schedulingCue.test(eventText))
            return;
        const specificDay = resolved?.date !== null && resolved !== null && !vagueSpan.test(resolved.dateText);
        candidates.push({
            text: eventText,
            date: resolved?.date ?? null,
            dateText: resolved?.dateText ?? null,
            terms: new Set(contentTerms(eventText)),
            rank: specificDay ? 2 : resolved ? 1 : 0,
            order,
        });
    });
    const kept = [];
    for (const candidate of candidates) {
        // Two tellings of one event share most words and do not disagree on the date.
        const twin = kept.findIndex((other) => (other.date === candidate.date || other.date === null || candidate.date === null) &&
            (containment(candidate.terms, other.terms) >= 0.5 || containment(other.terms, candidate.terms) >= 0.5));
        if (twin < 0) {
            kept.push(candidate);
            continue;
        }
        const other = kept[twin];
        // Of two tellings of one event, keep the one with the more exact date, then the fuller one.
        if (other && (candidate.rank > other.rank || (candidate.rank === other.rank && candidate.terms.size > other.terms.size))) {
            kept[twin] = candidate;
        }
    }
    return kept
        .sort((a, b) => (a.date ?? '9999').localeCompare(b.date ?? '9999') || b.rank - a.rank || a.order - b.order)
        .slice(0, limit)
        .map(({ text, date, dateText }) => ({ text, date, dateText }));
}
//# sourceMappingURL=whats-next.js.map