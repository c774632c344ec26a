import { clusterDocuments } from './cluster.js';
import { findDirectQuotes, indexPeople, mergeQuotesAcrossSources, rankKeyQuotes } from './quotes.js';
import { splitParagraphs } from './sentences.js';
import { sentencesInsideQuotes, summarize } from './summarize.js';
import { TermDictionary } from './term-dictionary.js';
import { contentTerms, shortHash } from './text.js';
import { findUpcomingEvents, localDate, mayAnnounceEvent, mayHoldEvent } from './whats-next.js';
const hour = 60 * 60 * 1000;
/**
 * How much of an article's top is read sentence by sentence for the summary; news puts its point first. The
 * paragraph that runs past it is read to its first sentence end after this many characters, and the rest of it
 * counts for grouping only (reading such paragraphs to their end split more text at no gain on CNN/DailyMail or BBC).
 */
const LEAD_CHARACTERS = 1200;
/** A sentence end: a stop, closing marks, space, and a capital or a digit next. */
const sentenceEnd = /[.!?]["'\u201D\u2019)]*\s+(?=["'\u201C\u2018(]?[\p{Lu}\d])/gu;
/**
 * One article's term counts while it is prepared: a dense array indexed by term id, reused for every article of
 * the build, with the ids touched in first-seen order (a Map per article cost more than the reading of the terms).
 */
class TermTally {
    counts = new Float64Array(1 << 14);
    touched = [];
    add(id, weight) {
        if (id >= this.counts.length) {
            const grown = new Float64Array(Math.max(id + 1, this.counts.length * 2));
            grown.set(this.counts);
            this.counts = grown;
        }
        if (this.counts[id] === 0)
            this.touched.push(id);
        this.counts[id] = (this.counts[id] ?? 0) + weight;
    }
    has(id) {
        return id >= 0 && id < this.counts.length && (this.counts[id] ?? 0) > 0;
    }
    /** The counts so far, in first-seen order; the tally is left empty for the next article. */
    take() {
        const terms = { ids: Int32Array.from(this.touched), counts: new Float64Array(this.touched.length) };
        this.touched.forEach((id, at) => {
            terms.counts[at] = this.counts[id] ?? 0;
            this.counts[id] = 0;
        });
        this.touched.length = 0;
        return terms;
    }
}
function prepare(article, context) {
    const { dictionary, tally } = context;
    const paragraphs = article.standfirst ? [article.standfirst, ...article.paragraphs] : article.paragraphs;
    // Splitting into sentences is the costliest step, so only the lead, and later paragraphs that may announce
    // an event, are split; the whole text still counts for grouping, and quotes are read from the whole text.
    let leadCount = 0;
    let characters = 0;
    const lead = [];
    /** The rest of a lead paragraph cut short: counted for grouping, not split. */
    let cutRest = null;
    for (; leadCount < paragraphs.length && (characters < LEAD_CHARACTERS || leadCount < 3); leadCount++) {
        const paragraph = paragraphs[leadCount] ?? '';
        const room = LEAD_CHARACTERS - characters;
        if (paragraph.length > room) {
            sentenceEnd.lastIndex = Math.max(0, room);
            const end = sentenceEnd.exec(paragraph);
            if (end) {
                lead.push(paragraph.slice(0, end.index + end[0].length).trim());
                cutRest = paragraph.slice(end.index + end[0].length);
                characters += end.index;
                leadCount++;
                break;
            }
        }
        lead.push(paragraph);
        characters += paragraph.length;
    }
    const later = paragraphs.slice(leadCount);
    const laterEvents = later.filter(mayAnnounceEvent);
    const split = splitParagraphs([...lead, ...laterEvents]);
    if (cutRest !== null) {
        // The cut may have fallen after an abbreviation ("Mr."), so the cut paragraph's last sentence is not trusted.
        const cutSentences = split[lead.length - 1] ?? [];
        if (cutSentences.length > 1)
            cutRest = `${cutSentences.pop() ?? ''} ${cutRest}`;
        // Its rest is read for what comes next like any later paragraph, in its place in the text.
        if (mayAnnounceEvent(cutRest))
            split.splice(lead.length, 0, ...splitParagraphs([cutRest]));
    }
    const sentences = split.flat();
    const leadSentenceCount = split.slice(0, lead.length).reduce((total, part) => total + part.length, 0);
    const insideQuote = split.slice(0, lead.length).flatMap(sentencesInsideQuotes);
    const sentenceTerms = sentences.slice(0, leadSentenceCount).map((sentence) => dictionary.termIds(sentence));
    for (const id of dictionary.termIds(article.title))
        tally.add(id, 2);
    // Terms of the lead come from its sentences; the rest is read whole.
    for (const ids of sentenceTerms)
        for (const id of ids)
            tally.add(id, 1);
    if (cutRest !== null)
        for (const id of dictionary.termIds(cutRest))
            tally.add(id, 1);
    for (const paragraph of later)
        for (const id of dictionary.termIds(paragraph))
            tally.add(id, 1);
    for (const paragraph of paragraphs) {
        // Names say which story this is: the same words about other people are another story.
        for (const id of dictionary.nameIds(paragraph))
            if (tally.has(id))
                tally.add(id, 2);
    }
    const terms = tally.take();
    return { article, sentences, leadSentenceCount, sentenceTerms, insideQuote, terms };
}
/** The local calendar date of an article, in the offset it was published with. */
function localDay(article) {
    return article.publishedAt ? localDate(article.publishedAt, article.publishedOffsetMinutes ?? 0) : null;
}
/**
 * Chooses the articles the digest covers: the window before `now`, or when nothing is that recent, the window
 * before the newest article (so yesterday's news still makes a digest, which says which day it covers).
 */
export function selectArticles(articles, options) {
    const undated = articles.filter((article) => article.publishedAt === null);
    const dated = articles.filter((article) => article.publishedAt !== null);
    const inPeriod = (from, until) => dated.filter((article) => (!from || article.publishedAt >= from) && (!until || article.publishedAt <= until));
    if (options.since || options.until) {
        const from = options.since ?? null;
        const until = options.until ?? null;
        return {
            selected: [...inPeriod(from, until), ...undated],
            coverage: { from: from?.toISOString() ?? null, until: until?.toISOString() ?? null, fallbackDay: null },
        };
    }
    const windowMs = (options.windowHours ?? 24) * hour;
    const from = new Date(options.now.getTime() - windowMs);
    const recent = inPeriod(from, options.now);
    if (recent.length > 0 || dated.length === 0) {
        return { selected: [...recent, ...undated], coverage: { from: from.toISOString(), until: options.now.toISOString(), fallbackDay: null } };
    }
    const published = dated.filter((article) => article.publishedAt <= options.now);
    const pool = published.length > 0 ? published : dated;
    const newest = pool.reduce((latest, article) => (article.publishedAt > latest.publishedAt ? article : latest));
    const fallbackFrom = new Date(newest.publishedAt.getTime() - windowMs);
    return {
        selected: [...pool.filter((article) => article.publishedAt >= fallbackFrom && article.publishedAt <= newest.publishedAt), ...undated],
        coverage: { from: fallbackFrom.toISOString(), until: newest.publishedAt.toISOString(), fallbackDay: localDay(newest) },
    };
}
function sourceName(article) {
    return article.source ?? article.file;
}
/** A headline from the sources' titles: the one sharing most with the others, in sentence case, not too long. */
function chooseHeadline(members) {
    if (members.length === 1)
        return members[0]?.article.title ?? '';
    const titleTerms = members.map((member) => new Set(contentTerms(member.article.title)));
    let best = members[0]?.article.title ?? '';
    let bestScore = -Infinity;
    members.forEach((member, index) => {
        const title = member.article.title;
        const own = titleTerms[index] ?? new Set();
        let shared = 0;
        titleTerms.forEach((other, otherIndex) => {
            if (otherIndex === index)
                return;
            for (const term of own)
                if (other.has(term))
                    shared++;
        });
        const titleWords = title.split(/\s+/);
        const capitalised = titleWords.filter((word) => /^[\p{Lu}]/u.test(word)).length / Math.max(1, titleWords.length);
        const score = shared - (title.length > 100 ? 2 : 0) - (capitalised > 0.6 ? 1.5 : 0) - index * 0.1;
        if (score > bestScore) {
            bestScore = score;
            best = title;
        }
    });
    return best;
}
/**
 * How long a summary may run: 125 characters more per sentence from a 275-character line, up to about 75 words,
 * read at a glance. Measured on CNN/DailyMail: 525 characters for three sentences let the third run on (ROUGE-1
 * +0.6 against lead-3, +1.2 at 475). Two sentences stay at 400: 450 scored higher there, but it let a 290-character
 * sentence with a long aside into the seed story's summary in place of a plain one saying what comes next.
 */
export function defaultSummaryChars(sentences) {
    return Math.min(150 + 125 * sentences, 475);
}
function buildStory(members, options) {
    const summarySentences = Math.min(3, Math.max(1, options.summarySentences ?? 2));
    const maxSummaryChars = options.maxSummaryChars ?? defaultSummaryChars(summarySentences);
    const articles = members.map((member) => member.article);
    const candidates = members.flatMap((member, articleRank) => member.sentences.slice(0, member.leadSentenceCount).map((text, position) => ({ text, articleRank, position, insideQuote: member.insideQuote[position] ?? false, terms: member.sentenceTerms[position] ?? [] })));
    const summary = summarize(candidates, { sentences: summarySentences, maxChars: maxSummaryChars });
    const texts = articles.map((article) => [article.standfirst ?? '', ...article.paragraphs].filter((part) => part !== '').join('\n'));
    // Only quotes need the story's people; a story without a quote mark skips reading every name.
    const people = texts.some((text) => /[\u201C\u201D"]/.test(text)) ? indexPeople(texts) : indexPeople([]);
    const sourced = [];
    texts.forEach((text, articleOrder) => {
        const article = articles[articleOrder];
        if (!article)
            return;
        const found = findDirectQuotes(text, people, { attributeShortQuotes: options.maxQuotes === 'all' });
        for (const quote of found)
            sourced.push({ ...quote, source: sourceName(article), articleOrder });
    });
    let quotes;
    if (options.maxQuotes === 'all') {
        quotes = sourced.map((quote) => ({ text: quote.text, speaker: quote.speaker, role: quote.role, sources: [quote.source] }));
    }
    else {
        quotes = rankKeyQuotes(mergeQuotesAcrossSources(sourced), options.maxQuotes ?? 3).map((quote) => ({
            text: quote.text,
            speaker: quote.speaker,
            role: quote.role,
            sources: quote.sources,
        }));
    }
    const dated = members.flatMap((member) => member.sentences
        .filter(mayHoldEvent)
        .map((text) => ({ text, publishedAt: member.article.publishedAt, publishedOffsetMinutes: member.article.publishedOffsetMinutes })));
    const sources = articles.map((article) => ({
        name: article.source,
        title: article.title,
        url: article.url,
        publishedAt: article.publishedAt?.toISOString() ?? null,
        file: article.file,
    }));
    return {
        id: shortHash(articles.map((article) => article.id).sort().join('\n')),
        headline: chooseHeadline(members),
        summary,
        sources,
        quotes,
        whatsNext: findUpcomingEvents(dated),
    };
}
function newestTime(story) {
    return Math.max(0, ...story.sources.map((source) => (source.publishedAt ? Date.parse(source.publishedAt) : 0)));
}
/** Builds the digest: selects the articles, groups them into stories, and summarises each. Pure: no I/O. */
export function buildDigest(articles, options) {
    const { selected, coverage } = selectArticles(articles, options);
    // Oldest first, as a feed arrives: a story forms around its first report.
    const context = { dictionary: new TermDictionary(), tally: new TermTally() };
    const prepared = selected
        .map((article) => prepare(article, context))
        .sort((a, b) => (a.article.publishedAt?.getTime() ?? 0) - (b.article.publishedAt?.getTime() ?? 0) || a.article.id.localeCompare(b.article.id));
    const groups = options.group === false ? prepared.map((_, index) => [index]) : clusterDocuments(prepared.map((item) => item.terms));
    const stories = groups.map((group) => {
        const members = group
            .map((index) => prepared[index])
            .filter((member) => member !== undefined)
            // The earliest report leads: it is usually the original, the later ones follow it.
            .sort((a, b) => (a.article.publishedAt?.getTime() ?? Infinity) - (b.article.publishedAt?.getTime() ?? Infinity) || a.article.id.localeCompare(b.article.id));
        return buildStory(members, options);
    });
    const outlets = new Map(stories.map((story) => [story, new Set(story.sources.map((source) => source.name ?? source.file)).size]));
    const newest = new Map(stories.map((story) => [story, newestTime(story)]));
    stories.sort((a, b) => (outlets.get(b) ?? 0) - (outlets.get(a) ?? 0) || (newest.get(b) ?? 0) - (newest.get(a) ?? 0) || a.id.localeCompare(b.id));
    return { generatedAt: options.now.toISOString(), coverage, stories, problems: options.problems ?? [] };
}
//# sourceMappingURL=build-digest.js.map