import { capArticleText } from './cap-article.js';
import { groupStories, type ClusterOptions, type GroupingDocument, type TermCounts } from './cluster.js';
import { articleParts, findDirectQuotes, indexPeople, keyQuoteWordCount, quoteWordsOf, sourceSpan, mergeQuotesAcrossSources, rankKeyQuotes, type SourcedQuote } from './quotes.js';
import { splitParagraphs } from './sentences.js';
import { sentencesInsideQuotes, summarize, type CandidateSentence } from './summarize.js';
import { findCopies } from './syndication.js';
import { TermDictionary } from './term-dictionary.js';
import { shortHash } from './text.js';
import type { Article, Coverage, Digest, Problem, Quote, Story, StorySource } from './types.js';
import { findUpcomingEvents, localDate, mayAnnounceEvent, mayHoldEvent, readSentenceEvents, type DatedSentence } from './whats-next.js';

/** How to build a digest. Only `now` is required; the rest default to what the bot sends. */
export interface BuildDigestOptions {
  now: Date;
  /** Articles published this many hours before `now` go in (default 24). */
  windowHours?: number;
  /** Explicit period; overrides the window. Articles without a date are always in. */
  since?: Date;
  until?: Date;
  /** false: every article is its own story. */
  group?: boolean;
  /** Grouping thresholds; the defaults are explained in the README ("How grouping works"). */
  grouping?: ClusterOptions;
  /** Summary length in sentences, 1-3 (default 2). */
  summarySentences?: number;
  /** Summary length cap in characters (default 275 / 400 / 475 for one / two / three sentences). */
  maxSummaryChars?: number;
  /** Key quotes per story (default 3); 'all' lists every direct quote found, in text order. */
  maxQuotes?: number | 'all';
  /** Problems met while reading the articles, carried into the digest. */
  problems?: Problem[];
}

interface PreparedArticle {
  article: Article;
  /** Sentences of the lead (standfirst first), then of later paragraphs that may announce an event, in order. */
  sentences: string[];
  /** How many of `sentences` are the lead's: the summary is drawn from those. */
  leadSentenceCount: number;
  /** Content-term ids of each lead sentence. */
  sentenceTerms: number[][];
  insideQuote: boolean[];
  titleTerms: number[];
  grouping: GroupingDocument;
}

const hour = 60 * 60 * 1000;

/**
 * Quotes read per article, in text order: a long interview holds a few dozen. Merging compares every quote of a
 * story with every other, so text made of thousands of quoted scraps would cost time in the square of its size.
 */
const MAX_QUOTES_PER_ARTICLE = 250;

/**
 * How much of an article's top is read sentence by sentence for the summary; news puts its point first. The
 * paragraph that runs past it is read to its first sentence end after this many characters, and the rest of it
 * counts for grouping only (reading such paragraphs to their end split more text at no gain on CNN/DailyMail or BBC).
 */
const LEAD_CHARACTERS = 1200;
/** A sentence end: a stop, closing marks, space, and a capital or a digit next. */
const sentenceEnd = /[.!?]["'\u201D\u2019)]*\s+(?=["'\u201C\u2018(]?[\p{Lu}\d])/gu;

/** How far past LEAD_CHARACTERS the lead's last sentence may run before the lead is cut at a word instead. */
const LONGEST_LEAD_OVERRUN = 2000;

/** The last white space at or before `at` (or `at` itself when the text has none there): never mid-word. */
function wordBoundaryBefore(text: string, at: number): number {
  if (at >= text.length) return text.length;
  for (let back = at; back > 0; back--) if (/\s/.test(text[back] ?? '')) return back;
  return at;
}

/**
 * One article's term counts while it is prepared: a dense array indexed by term id, reused for every article of
 * the build, with the ids touched in first-seen order (a Map per article cost more than the reading of the terms).
 */
class TermTally {
  private counts = new Float64Array(1 << 14);
  private readonly touched: number[] = [];

  add(id: number, weight: number): void {
    if (id >= this.counts.length) {
      const grown = new Float64Array(Math.max(id + 1, this.counts.length * 2));
      grown.set(this.counts);
      this.counts = grown;
    }
    if (this.counts[id] === 0) this.touched.push(id);
    this.counts[id] = (this.counts[id] ?? 0) + weight;
  }

  has(id: number): boolean {
    return id >= 0 && id < this.counts.length && (this.counts[id] ?? 0) > 0;
  }

  /** The counts so far, in first-seen order; the tally is left empty for the next article. */
  take(): TermCounts {
    const terms: TermCounts = { ids: Int32Array.from(this.touched), counts: new Float64Array(this.touched.length) };
    this.touched.forEach((id, at) => {
      terms.counts[at] = this.counts[id] ?? 0;
      this.counts[id] = 0;
    });
    this.touched.length = 0;
    return terms;
  }
}

/** Per-term counts the stories of one build reuse, indexed by term id (every id the build's dictionary gave). */
class StoryScratch {
  readonly carriers: Int32Array;
  /** mayHoldEvent, each distinct sentence tested once. */
  readonly mayHoldEvent = remembered(mayHoldEvent);
  /** keyQuoteWordCount, each distinct quote counted once (findDirectQuotes tests every quote, ranking counts it again). */
  readonly keyQuoteWordCount = remembered(keyQuoteWordCount);
  /** quoteWordsOf, each distinct quote's words read once (merging quotes across sources compares them). */
  readonly quoteWordsOf = remembered(quoteWordsOf);
  /** readSentenceEvents, each distinct sentence read once per publication day (what it announces is dated from that day). */
  readonly sentenceEvents = rememberedByDay((sentence, day) => readSentenceEvents(sentence, day, this.mayHoldEvent));
  /** The last stamp each term was marked with: a term is counted once per stamp. */
  readonly seen: Int32Array;
  private stamp = 0;

  constructor(terms: number) {
    this.carriers = new Int32Array(terms);
    this.seen = new Int32Array(terms);
  }

  nextStamp(): number {
    return ++this.stamp;
  }
}

/**
 * A pure reading of a text, remembered for the texts of one build. Outlets carrying one story repeat most of its
 * sentences, paragraphs and quotes word for word (on the bench corpus 12,092 sentences are tested for an event,
 * 4,921 of them distinct), so each distinct text is read once. The value is shared: callers never change it.
 */
function remembered<T>(read: (text: string) => T): (text: string) => T {
  const known = new Map<string, T>();
  return (text) => {
    let value = known.get(text);
    if (value === undefined) {
      value = read(text);
      known.set(text, value);
    }
    return value;
  };
}

/** remembered() for a reading that also depends on a publication day (null: undated). */
function rememberedByDay<T>(read: (text: string, day: string | null) => T): (text: string, day: string | null) => T {
  const byDay = new Map<string | null, (text: string) => T>();
  return (text, day) => {
    let readOnDay = byDay.get(day);
    if (readOnDay === undefined) {
      readOnDay = remembered((dayText) => read(dayText, day));
      byDay.set(day, readOnDay);
    }
    return readOnDay(text);
  };
}

/** What the articles of one build share while they are prepared. */
interface PrepareContext {
  dictionary: TermDictionary;
  tally: TermTally;
  /** mayAnnounceEvent, each distinct paragraph tested once. */
  mayAnnounceEvent: (text: string) => boolean;
  /**
   * The dictionary's term ids of a title or lead sentence, each distinct text read once: reading it again would give
   * the same ids (an id never changes, a repeated text brings no new word). Only titles and lead sentences, whose
   * lists the prepared articles keep anyway; later paragraphs are read once for grouping and dropped.
   */
  leadTermIds: (text: string) => number[];
  /** Each distinct paragraph's sentences, split once over the build. */
  sentencesOf: Map<string, string[]>;
}

function prepare(article: Article, context: PrepareContext): PreparedArticle {
  const { dictionary, tally, mayAnnounceEvent } = context;
  const paragraphs = article.standfirst ? [article.standfirst, ...article.paragraphs] : article.paragraphs;
  // Splitting into sentences is the costliest step, so only the lead, and later paragraphs that may announce
  // an event, are split; the whole text still counts for grouping, and quotes are read from the whole text.
  let leadCount = 0;
  let characters = 0;
  const lead: string[] = [];
  /** The rest of a lead paragraph cut short: counted for grouping, not split. */
  let cutRest: string | null = null;
  for (; leadCount < paragraphs.length && (characters < LEAD_CHARACTERS || leadCount < 3); leadCount++) {
    const paragraph = paragraphs[leadCount] ?? '';
    const room = LEAD_CHARACTERS - characters;
    if (paragraph.length > room) {
      sentenceEnd.lastIndex = Math.max(0, room);
      const end = sentenceEnd.exec(paragraph);
      // A sentence end far past the lead (or none) means text that is not prose: the lead is cut at a word
      // boundary instead, so the splitter never reads more than a few thousand characters of one paragraph.
      const cutAt = end && end.index - room <= LONGEST_LEAD_OVERRUN ? end.index + end[0].length : wordBoundaryBefore(paragraph, room + LONGEST_LEAD_OVERRUN);
      if (cutAt < paragraph.length) {
        lead.push(paragraph.slice(0, cutAt).trim());
        cutRest = paragraph.slice(cutAt);
        characters += cutAt;
        leadCount++;
        break;
      }
    }
    lead.push(paragraph);
    characters += paragraph.length;
  }
  const later = paragraphs.slice(leadCount);
  const laterEvents = later.filter(mayAnnounceEvent);
  const split = splitParagraphs([...lead, ...laterEvents], context.sentencesOf);
  if (cutRest !== null) {
    // The cut may have fallen after an abbreviation ("Mr."), so the cut paragraph's last sentence is not trusted.
    const cutSentences = split[lead.length - 1] ?? [];
    if (cutSentences.length > 1) cutRest = `${cutSentences.pop() ?? ''} ${cutRest}`;
    // Its rest is read for what comes next like any later paragraph, in its place in the text.
    if (mayAnnounceEvent(cutRest)) split.splice(lead.length, 0, ...splitParagraphs([cutRest], context.sentencesOf));
  }
  const sentences = split.flat();
  const leadSentenceCount = split.slice(0, lead.length).reduce((total, part) => total + part.length, 0);
  const insideQuote = split.slice(0, lead.length).flatMap(sentencesInsideQuotes);
  const sentenceTerms = sentences.slice(0, leadSentenceCount).map(context.leadTermIds);

  const titleTerms = context.leadTermIds(article.title);
  for (const id of titleTerms) tally.add(id, 2);
  // Terms of the lead come from its sentences; the rest is read whole.
  for (const ids of sentenceTerms) for (const id of ids) tally.add(id, 1);
  if (cutRest !== null) for (const id of dictionary.termIds(cutRest)) tally.add(id, 1);
  for (const paragraph of later) for (const id of dictionary.termIds(paragraph)) tally.add(id, 1);
  // Names say which event this is: the same words about other people are another story. The names of the title
  // and lead are what separately written reports of one event share most.
  const names: number[] = [];
  const leadNames = dictionary.nameIds(` ${article.title}`);
  paragraphs.forEach((paragraph, index) => {
    for (const id of dictionary.nameIds(paragraph)) {
      if (tally.has(id)) tally.add(id, 2);
      names.push(id);
      if (index < leadCount) leadNames.push(id);
    }
  });
  const terms: TermCounts = tally.take();
  const grouping: GroupingDocument = { terms, names, leadNames, time: article.publishedAt?.getTime() ?? null, key: article.id };
  return { article, sentences, leadSentenceCount, sentenceTerms, insideQuote, titleTerms, grouping };
}

/** The term ids of an article's lead sentences, in order, as one list (a loop: Array.prototype.flat is several times slower). */
function leadTermIds(member: PreparedArticle): number[] {
  const ids: number[] = [];
  for (const terms of member.sentenceTerms) for (const id of terms) ids.push(id);
  return ids;
}

/** The local calendar date of an article, in the offset it was published with. */
function localDay(article: Article): string | null {
  return article.publishedAt ? localDate(article.publishedAt, article.publishedOffsetMinutes ?? 0) : null;
}

/**
 * Chooses the articles the digest covers: the window before `now`, or when nothing is that recent, the window
 * before the newest article (so yesterday's news still makes a digest, which says which day it covers).
 */
export function selectArticles(articles: Article[], options: BuildDigestOptions): { selected: Article[]; coverage: Coverage } {
  const undated = articles.filter((article) => article.publishedAt === null);
  const dated = articles.filter((article): article is Article & { publishedAt: Date } => article.publishedAt !== null);
  const inPeriod = (from: Date | null, until: Date | null) =>
    dated.filter((article) => (!from || article.publishedAt >= from) && (!until || article.publishedAt <= until));

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

function sourceName(article: Article): string {
  return article.source ?? article.file;
}

/**
 * A headline from the sources' titles: the one whose words the other reports use most (in their title and lead),
 * so the story is headed by what all its outlets say rather than by whichever report came first; long titles,
 * title-case titles and titles rebuilt from a link (no capital after the first word) lose a little.
 */
function chooseHeadline(members: PreparedArticle[], scratch: StoryScratch): string {
  const titled = members.filter((member) => member.article.title.trim() !== '');
  if (titled.length <= 1) return titled[0]?.article.title ?? members[0]?.article.title ?? '';
  // How many members carry each term in their title or lead. A title's terms are in its own lead too, so the other
  // members carrying one of them number one less: the title's score is read from these counts, not pair by pair.
  const { carriers, seen } = scratch;
  const touched: number[] = [];
  members.forEach((member) => {
    const stamp = scratch.nextStamp();
    const carry = (term: number) => {
      if (seen[term] === stamp) return;
      seen[term] = stamp;
      if (carriers[term] === 0) touched.push(term);
      carriers[term] = (carriers[term] ?? 0) + 1;
    };
    for (const term of member.titleTerms) carry(term);
    for (const terms of member.sentenceTerms) for (const term of terms) carry(term);
  });
  let best = titled[0]?.article.title ?? '';
  let bestScore = -Infinity;
  members.forEach((member, index) => {
    const title = member.article.title;
    if (title.trim() === '') return;
    const stamp = scratch.nextStamp();
    let shared = 0;
    for (const term of member.titleTerms) {
      if (seen[term] === stamp) continue;
      seen[term] = stamp;
      shared += (carriers[term] ?? 1) - 1;
    }
    const titleWords = title.split(/\s+/);
    const capitalised = titleWords.filter((word) => /^[\p{Lu}]/u.test(word)).length / Math.max(1, titleWords.length);
    const slug = titleWords.length > 3 && titleWords.slice(1).every((word) => !/^[\p{Lu}]/u.test(word));
    // Halving for each fault keeps a plain headline ahead of a slightly more typical one with a fault.
    const faults = (title.length > 100 ? 1 : 0) + (capitalised > 0.6 ? 1 : 0) + (slug ? 1 : 0);
    const score = (shared / (members.length - 1)) * 0.5 ** faults - index * 0.001;
    if (score > bestScore) {
      bestScore = score;
      best = title;
    }
  });
  for (const term of touched) carriers[term] = 0;
  return best;
}

/**
 * How long a summary may run: 125 characters more per sentence from a 275-character line, up to about 75 words,
 * read at a glance. Measured on CNN/DailyMail: 525 characters for three sentences let the third run on (ROUGE-1
 * +0.6 against lead-3, +1.2 at 475). Two sentences stay at 400: 450 scored higher there, but it let a 290-character
 * sentence with a long aside into the seed story's summary in place of a plain one saying what comes next.
 */
export function defaultSummaryChars(sentences: number): number {
  return Math.min(150 + 125 * sentences, 475);
}

function buildStory(members: PreparedArticle[], options: BuildDigestOptions, scratch: StoryScratch): Story {
  const summarySentences = Math.min(3, Math.max(1, options.summarySentences ?? 2));
  const maxSummaryChars = options.maxSummaryChars ?? defaultSummaryChars(summarySentences);
  const articles = members.map((member) => member.article);

  const candidates: CandidateSentence[] = members.flatMap((member, articleRank) =>
    member.sentences.slice(0, member.leadSentenceCount).map((text, position) => ({ text, articleRank, position, insideQuote: member.insideQuote[position] ?? false, terms: member.sentenceTerms[position] ?? [] })),
  );
  const summary = summarize(candidates, { sentences: summarySentences, maxChars: maxSummaryChars });

  const parts = articles.map(articleParts);
  const texts = parts.map((partList) => partList.map((part) => part.text).join('\n'));
  // Only quotes need the story's people; a story without a quote mark skips reading every name.
  const people = texts.some((text) => /[\u201C\u201D"]/.test(text)) ? indexPeople(texts, articles.map((article) => article.title)) : indexPeople([]);
  const sourced: SourcedQuote[] = [];
  texts.forEach((text, articleOrder) => {
    const article = articles[articleOrder];
    if (!article) return;
    const found = findDirectQuotes(text, people, { attributeShortQuotes: options.maxQuotes === 'all', keyQuoteWordCount: scratch.keyQuoteWordCount }).slice(0, MAX_QUOTES_PER_ARTICLE);
    for (const quote of found) {
      const span = sourceSpan(parts[articleOrder] ?? [], quote.start, quote.end);
      sourced.push({ ...quote, source: sourceName(article), articleOrder, file: article.file, sourceStart: span.start, sourceEnd: span.end });
    }
  });
  let quotes: Quote[];
  if (options.maxQuotes === 'all') {
    quotes = sourced.map((quote) => ({ text: quote.text, speaker: quote.speaker, role: quote.role, sources: [quote.source], file: quote.file, start: quote.sourceStart ?? null, end: quote.sourceEnd ?? null }));
  } else {
    quotes = rankKeyQuotes(mergeQuotesAcrossSources(sourced, scratch.quoteWordsOf), options.maxQuotes ?? 3, scratch.keyQuoteWordCount).map((quote) => ({
      text: quote.text,
      speaker: quote.speaker,
      role: quote.role,
      sources: quote.sources,
      file: quote.file,
      start: quote.sourceStart ?? null,
      end: quote.sourceEnd ?? null,
    }));
  }

  const dated: DatedSentence[] = members.flatMap((member) =>
    member.sentences
      .filter(scratch.mayHoldEvent)
      .map((text) => ({ text, publishedAt: member.article.publishedAt, publishedOffsetMinutes: member.article.publishedOffsetMinutes, source: sourceName(member.article) })),
  );

  const sources: StorySource[] = articles.map((article) => ({
    name: article.source,
    title: article.title,
    url: article.url,
    publishedAt: article.publishedAt?.toISOString() ?? null,
    file: article.file,
  }));

  const copies = members.length < 2 ? [] : findCopies(members.map((member, index) => ({ source: member.article.source, opening: texts[index] ?? '', terms: leadTermIds(member) })));

  return {
    // Members come earliest first, so the id is the earliest report's: later reports joining do not change it.
    id: shortHash(articles[0]?.id ?? ''),
    headline: chooseHeadline(members, scratch),
    summary,
    sources,
    quotes,
    // With no sentence that may hold an event there is nothing to find (and the summary's terms go unread).
    whatsNext: dated.length === 0 ? [] : findUpcomingEvents(dated, { shown: [summary], mayHoldEvent: scratch.mayHoldEvent, readSentence: scratch.sentenceEvents }),
    articleIds: articles.map((article) => article.id),
    outletCount: new Set(articles.map(outletKey)).size,
    syndication: copies.map((copy) => ({ files: copy.members.map((index) => articles[index]?.file ?? ''), agency: copy.agency })),
    follows: null,
  };
}

/** One outlet however a site names it: "Bangkok Post (AFP)" and "Bangkok Post" are one outlet. */
function outletKey(article: Article): string {
  if (article.source) return article.source.replace(/\s*\([^)]*\)\s*/g, ' ').trim().toLowerCase();
  if (article.url) {
    try {
      return new URL(article.url).hostname.replace(/^www\./, '');
    } catch {
      // not a URL: the file names the article
    }
  }
  return article.file;
}

function newestTime(story: Story): number {
  return Math.max(0, ...story.sources.map((source) => (source.publishedAt ? Date.parse(source.publishedAt) : 0)));
}

/** Builds the digest: selects the articles, groups them into stories, and summarises each. Pure: no I/O. */
export function buildDigest(articles: Article[], options: BuildDigestOptions): Digest {
  const { selected: uncapped, coverage } = selectArticles(articles, options);
  const cutNotes: Problem[] = [];
  const selected = uncapped.map((article) => {
    const capped = capArticleText(article);
    if (capped.problem) cutNotes.push(capped.problem);
    return capped.article;
  });
  // Oldest first, as a feed arrives: a story forms around its first report.
  const dictionary = new TermDictionary();
  const context: PrepareContext = { dictionary, tally: new TermTally(), mayAnnounceEvent: remembered(mayAnnounceEvent), leadTermIds: remembered((text) => dictionary.termIds(text)), sentencesOf: new Map() };
  const prepared = selected
    .map((article) => prepare(article, context))
    .sort((a, b) => (a.article.publishedAt?.getTime() ?? 0) - (b.article.publishedAt?.getTime() ?? 0) || a.article.id.localeCompare(b.article.id));
  const { groups, follows } = options.group === false ? { groups: prepared.map((_, index) => [index]), follows: prepared.map(() => null) } : groupStories(prepared.map((item) => item.grouping), options.grouping);

  const scratch = new StoryScratch(context.dictionary.size);
  const stories = groups.map((group) => {
    const members = group
      .map((index) => prepared[index])
      .filter((member): member is PreparedArticle => member !== undefined)
      // The earliest report leads: it is usually the original, the later ones follow it.
      .sort((a, b) => (a.article.publishedAt?.getTime() ?? Infinity) - (b.article.publishedAt?.getTime() ?? Infinity) || a.article.id.localeCompare(b.article.id));
    return buildStory(members, options, scratch);
  });
  follows.forEach((earlier, index) => {
    const story = stories[index];
    if (story && earlier !== null) story.follows = stories[earlier]?.id ?? null;
  });

  const outlets = new Map(stories.map((story) => [story, story.outletCount ?? 0]));
  const newest = new Map(stories.map((story) => [story, newestTime(story)]));
  stories.sort((a, b) => (outlets.get(b) ?? 0) - (outlets.get(a) ?? 0) || (newest.get(b) ?? 0) - (newest.get(a) ?? 0) || a.id.localeCompare(b.id));

  return { generatedAt: options.now.toISOString(), coverage, stories, problems: [...(options.problems ?? []), ...cutNotes] };
}
