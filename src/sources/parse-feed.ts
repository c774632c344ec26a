import { XMLValidator } from 'fast-xml-parser';
import { parseFeed as parseAnyFeed, type AnyFeed, type AtomFeed } from 'feedsmith';
import { canonicalUrl } from './canonical.js';
import { htmlToLine, htmlToParagraphs, textToParagraphs } from './html-text.js';

/** One feed item, normalised from any feed format into what Brief keeps. */
export interface FeedItem {
  guid: string | null;
  /** Canonical article URL, resolved against xml:base or the feed URL. */
  url: string | null;
  title: string;
  author: string | null;
  publishedAt: Date | null;
  publishedOffsetMinutes: number | null;
  /** A dek the feed gives beside the full text (RSS description beside content:encoded). */
  standfirst: string | null;
  paragraphs: string[];
  /** True when the feed gives only a summary or a short teaser, so the article page may hold more. */
  teaser: boolean;
}

/** A parsed feed: its own title, how long it asks readers to wait (RSS ttl), and its items. */
export interface ParsedFeed {
  format: 'rss' | 'atom' | 'rdf' | 'json';
  title: string | null;
  /** The site's home page, from the feed. */
  link: string | null;
  ttlMinutes: number | null;
  items: FeedItem[];
}

export type FeedParseResult = { ok: true; feed: ParsedFeed } | { ok: false; error: string; webPage: boolean };

/** Below this many characters of text, an item with no full content is taken for a teaser. */
export const TEASER_CHARS = 600;

function clean(value: string | null | undefined): string | null {
  if (typeof value !== 'string') return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

/** Minutes east of UTC written in a date string (RFC 822 or ISO 8601); null when it names none. */
export function offsetMinutes(raw: string): number | null {
  const numeric = /([+-])(\d{2}):?(\d{2})\s*$/.exec(raw.trim());
  if (numeric && !/^\d{4}-\d{2}-\d{2}$/.test(raw.trim())) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3]);
    return numeric[1] === '-' ? -minutes : minutes;
  }
  const zone = /\b(Z|UT|UTC|GMT|EST|EDT|CST|CDT|MST|MDT|PST|PDT)\s*$/i.exec(raw.trim());
  if (!zone) return null;
  const named: Record<string, number> = { Z: 0, UT: 0, UTC: 0, GMT: 0, EST: -300, EDT: -240, CST: -360, CDT: -300, MST: -420, MDT: -360, PST: -480, PDT: -420 };
  return named[(zone[1] ?? '').toUpperCase()] ?? null;
}

function parseDate(raw: string | null | undefined): { at: Date | null; offset: number | null } {
  const text = clean(raw);
  if (!text) return { at: null, offset: null };
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return { at: null, offset: null };
  return { at: new Date(ms), offset: offsetMinutes(text) };
}

/** A headline for an item that has none: its first sentence, or its first words ending on a word boundary. */
function titleFromText(paragraphs: string[]): string | null {
  const first = paragraphs[0];
  if (!first) return null;
  const sentence = /^.{10,140}?[.!?](?=\s|$)/u.exec(first)?.[0];
  if (sentence) return sentence;
  if (first.length <= 140) return first;
  const cut = first.slice(0, 120);
  return `${cut.slice(0, cut.lastIndexOf(' ') > 0 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

interface RawItem {
  guid: string | null;
  link: string | null;
  base: string;
  titleHtml: string | null;
  author: string | null;
  date: string | null;
  /** Full content in HTML, when the feed gives it (content:encoded, Atom content, content_html). */
  contentHtml: string | null;
  contentText: string | null;
  summaryHtml: string | null;
}

function normaliseItem(raw: RawItem): FeedItem | null {
  const content = raw.contentHtml !== null ? htmlToParagraphs(raw.contentHtml) : raw.contentText !== null ? textToParagraphs(raw.contentText) : [];
  const summary = raw.summaryHtml !== null ? htmlToParagraphs(raw.summaryHtml) : [];
  const paragraphs = content.length > 0 ? content : summary;
  const summaryText = summary.join(' ');
  // A description that merely repeats the opening of the content is not a separate dek.
  const standfirst =
    content.length > 0 && summaryText !== '' && !content.join(' ').startsWith(summaryText.replace(/\s*(…|\.\.\.|\[…\]|\[\.\.\.\])$/u, ''))
      ? summaryText
      : null;
  const title = (raw.titleHtml !== null ? clean(htmlToLine(raw.titleHtml)) : null) ?? titleFromText(paragraphs);
  if (title === null) return null;
  const length = paragraphs.reduce((sum, p) => sum + p.length, 0);
  const { at, offset } = parseDate(raw.date);
  return {
    guid: raw.guid,
    url: canonicalUrl(raw.link, raw.base),
    title,
    author: raw.author,
    publishedAt: at,
    publishedOffsetMinutes: offset,
    standfirst,
    paragraphs,
    teaser: content.length === 0 || length < TEASER_CHARS,
  };
}

function atomText(text: AtomFeed.Text | undefined): string | null {
  if (!text) return null;
  // Atom 'text' content is plain; escape it so the HTML reader keeps '<' and '&' as written.
  if (!text.type || text.type === 'text') return text.value.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return text.value;
}

function atomLink(links: AtomFeed.Link<string>[] | undefined): string | null {
  if (!links || links.length === 0) return null;
  const alternate = links.filter((link) => !link.rel || link.rel === 'alternate');
  const html = alternate.find((link) => !link.type || /html/i.test(link.type));
  return clean((html ?? alternate[0])?.href);
}

/** Reports where malformed XML breaks, since feedsmith's own error does not say. */
function malformedMessage(text: string): string {
  const result = XMLValidator.validate(text);
  if (result === true) return 'malformed feed: the XML is well-formed but not a feed it can read';
  // Elements still open at the end come back as a JSON list at line 1: a body cut short, named as such.
  const unclosed = /^Invalid '(\[[^]*\])' found\.$/.exec(result.err.msg)?.[1];
  if (unclosed !== undefined) {
    let names: unknown;
    try {
      names = JSON.parse(unclosed);
    } catch {
      names = null;
    }
    if (Array.isArray(names) && names.length > 0) {
      const tags = names.map((name) => `<${String(name)}>`).reverse().join(', ');
      return `malformed XML: the feed ends at line ${text.trimEnd().split('\n').length} with ${tags} still open (cut short?)`;
    }
  }
  return `malformed XML at line ${result.err.line}, column ${result.err.col}: ${result.err.msg}`;
}

/**
 * Parses feed text (RSS 0.9x/2.0, RDF, Atom 1.0 or JSON Feed 1.x) with feedsmith into Brief's items. Pure: the
 * caller fetches and decodes. `feedUrl` resolves relative links. Never throws; a bad body becomes an error message.
 */
export function parseFeedText(text: string, feedUrl: string): FeedParseResult {
  let parsed: AnyFeed<string>;
  try {
    parsed = parseAnyFeed<string>(text);
  } catch (error) {
    if (text.trim() === '') return { ok: false, error: 'not a feed: the body is empty', webPage: false };
    const head = text.slice(0, 1024).trimStart().toLowerCase();
    if (/^(<!doctype html|<html|<head|<body)/.test(head) || (/<html[\s>]/.test(head) && !/<(rss|feed|rdf:rdf)[\s>]/.test(head))) {
      return { ok: false, error: 'this is a web page, not a feed', webPage: true };
    }
    if (head.startsWith('{') || head.startsWith('[')) {
      return { ok: false, error: `not a JSON Feed: ${(error as Error).message}`, webPage: false };
    }
    if (head.startsWith('<')) {
      const name = (error as Error).name;
      if (name === 'MalformedError' || XMLValidator.validate(text) !== true) return { ok: false, error: malformedMessage(text), webPage: false };
      return { ok: false, error: 'not a feed: the XML is not RSS, Atom, RDF or JSON Feed', webPage: false };
    }
    return { ok: false, error: 'not a feed: the body is neither XML nor JSON', webPage: false };
  }
  const raws: RawItem[] = [];
  let title: string | null = null;
  let link: string | null = null;
  let ttl: number | null = null;
  if (parsed.format === 'rss') {
    const feed = parsed.feed;
    title = clean(feed.title);
    link = clean(feed.link);
    ttl = typeof feed.ttl === 'number' && feed.ttl > 0 ? feed.ttl : null;
    for (const item of feed.items ?? []) {
      raws.push({
        guid: clean(item.guid?.value) ?? null,
        // A permalink GUID stands in for a missing link, but only an absolute one: 'courier-1001' is no address.
        link: clean(item.link) ?? (item.guid?.isPermaLink !== false && /^https?:\/\//i.test(item.guid?.value ?? '') ? clean(item.guid?.value) : null),
        base: feedUrl,
        titleHtml: clean(item.title),
        author: clean(item.authors?.[0]?.name) ?? clean(item.dc?.creators?.[0]) ?? clean(item.authors?.[0]?.email),
        date: clean(item.pubDate) ?? clean(item.dc?.dates?.[0]),
        contentHtml: clean(item.content?.encoded),
        contentText: null,
        summaryHtml: clean(item.description),
      });
    }
  } else if (parsed.format === 'rdf') {
    const feed = parsed.feed;
    title = clean(feed.title);
    link = clean(feed.link);
    for (const item of feed.items ?? []) {
      raws.push({
        guid: clean(item.rdf?.about) ?? clean(item.link),
        link: clean(item.link),
        base: feedUrl,
        titleHtml: clean(item.title),
        author: clean(item.dc?.creators?.[0]),
        date: clean(item.dc?.dates?.[0]),
        contentHtml: clean(item.content?.encoded),
        contentText: null,
        summaryHtml: clean(item.description),
      });
    }
  } else if (parsed.format === 'atom') {
    const feed = parsed.feed;
    title = clean(htmlToLine(atomText(feed.title) ?? ''));
    link = atomLink(feed.links);
    const feedBase = canonicalUrl(feed.xml?.base, feedUrl) ?? feedUrl;
    for (const entry of feed.entries ?? []) {
      const base = canonicalUrl(entry.xml?.base, feedBase) ?? feedBase;
      raws.push({
        guid: clean(entry.id),
        link: atomLink(entry.links),
        base,
        titleHtml: atomText(entry.title),
        author: clean(entry.authors?.[0]?.name) ?? clean(entry.dc?.creators?.[0]),
        date: clean(entry.published) ?? clean(entry.updated) ?? clean(entry.dc?.dates?.[0]),
        contentHtml: entry.content?.value !== undefined && !entry.content.src ? atomText({ value: entry.content.value, type: entry.content.type ?? 'text' }) : null,
        contentText: null,
        summaryHtml: atomText(entry.summary),
      });
    }
  } else {
    const feed = parsed.feed;
    title = clean(feed.title);
    link = clean(feed.home_page_url);
    for (const item of feed.items ?? []) {
      raws.push({
        guid: clean(item.id),
        link: clean(item.url) ?? clean(item.external_url),
        base: feedUrl,
        titleHtml: clean(item.title),
        author: clean(item.authors?.[0]?.name),
        date: clean(item.date_published) ?? clean(item.date_modified),
        contentHtml: clean(item.content_html),
        contentText: item.content_html ? null : clean(item.content_text),
        summaryHtml: item.summary ? item.summary.replace(/&/g, '&amp;').replace(/</g, '&lt;') : null,
      });
    }
  }
  const items: FeedItem[] = [];
  for (const raw of raws) {
    const item = normaliseItem(raw);
    if (item) items.push(item);
  }
  return { ok: true, feed: { format: parsed.format, title, link, ttlMinutes: ttl, items } };
}
