import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { decodeBody } from './decode.js';
import { FetchError, type HttpClient } from './http-client.js';
import { htmlToParagraphs } from './html-text.js';
import { allowAll, allowNone, parseRobots, type RobotsRules } from './robots.js';

/** What extraction gave: the article's paragraphs, or why the feed's own text stays. */
export type ExtractResult = { ok: true; paragraphs: string[] } | { ok: false; reason: string };

/** Pages larger than this are not articles worth reading. */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

/**
 * The article text of an HTML page, by Readability on a linkedom DOM (no scripts are ever run: linkedom has no
 * script engine). Pure apart from parsing; null when the page does not read as an article.
 */
export function extractArticle(html: string, pageUrl: string): string[] | null {
  const { document } = parseHTML(html);
  // Readability resolves relative links against the document's URL; linkedom has none of its own.
  const base = document.createElement('base');
  base.setAttribute('href', pageUrl);
  document.head?.appendChild(base);
  for (const node of document.querySelectorAll('script, style, noscript, template')) node.remove();
  const dom = document as unknown as Parameters<typeof isProbablyReaderable>[0];
  if (!isProbablyReaderable(dom)) return null;
  const article = new Readability(dom).parse();
  if (!article?.content) return null;
  const paragraphs = htmlToParagraphs(article.content);
  return paragraphs.length > 0 ? paragraphs : null;
}

export interface FullTextOptions {
  http: HttpClient;
  /** The product token robots.txt groups are matched against. */
  robotsAgent?: string;
  /** How long a host's robots.txt is trusted before it is read again. */
  robotsTtlMs?: number;
  now?: () => number;
}

/** Fetches article pages for full text, honouring each host's robots.txt (read once per host per day). */
export function createFullTextFetcher(options: FullTextOptions) {
  const robotsCache = new Map<string, { rules: Promise<RobotsRules>; until: number }>();
  const ttl = options.robotsTtlMs ?? 24 * 3_600_000;
  const now = options.now ?? Date.now;
  const agent = options.robotsAgent ?? 'Brief';

  async function readRobots(origin: string): Promise<RobotsRules> {
    try {
      const response = await options.http.get(`${origin}/robots.txt`, { maxBytes: 512 * 1024, headers: { accept: 'text/plain' } });
      if (response.status >= 200 && response.status < 300) return parseRobots(decodeBody(response.body, response.headers['content-type']), agent);
      // RFC 9309: a 4xx means no rules; a 5xx means the site's wishes are unknown, so stay out for now.
      return response.status >= 400 && response.status < 500 ? allowAll : allowNone;
    } catch {
      return allowNone;
    }
  }

  function robotsFor(origin: string): Promise<RobotsRules> {
    const cached = robotsCache.get(origin);
    if (cached && cached.until > now()) return cached.rules;
    const rules = readRobots(origin);
    robotsCache.set(origin, { rules, until: now() + ttl });
    return rules;
  }

  return {
    /** The article text at `url`, or why it could not be had. Never throws. */
    async fetchArticle(url: string): Promise<ExtractResult> {
      let origin: string;
      try {
        origin = new URL(url).origin;
      } catch {
        return { ok: false, reason: 'not a URL' };
      }
      if (!(await robotsFor(origin)).allows(url)) return { ok: false, reason: 'robots.txt disallows it' };
      try {
        const response = await options.http.get(url, {
          maxBytes: MAX_PAGE_BYTES,
          headers: { accept: 'text/html,application/xhtml+xml;q=0.9,*/*;q=0.5' },
        });
        if (response.status !== 200) return { ok: false, reason: `HTTP ${response.status}` };
        const type = response.headers['content-type'] ?? '';
        if (type !== '' && !/html/i.test(type)) return { ok: false, reason: `not a web page (${type.split(';')[0]})` };
        const paragraphs = extractArticle(decodeBody(response.body, type), response.url);
        return paragraphs ? { ok: true, paragraphs } : { ok: false, reason: 'the page does not read as an article' };
      } catch (error) {
        return { ok: false, reason: error instanceof FetchError ? error.message : String(error) };
      }
    },
  };
}

export type FullTextFetcher = ReturnType<typeof createFullTextFetcher>;

