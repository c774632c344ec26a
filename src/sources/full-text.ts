import { decodeBody } from './decode.js';
import { FetchError, type HttpClient } from './http-client.js';
import type { ExtractResult } from './read-page.js';
import { allowAll, allowNone, parseRobots, type RobotsRules } from './robots.js';
import { inThreadSourceReader, type SourceReader } from './source-reader.js';

/** Pages larger than this are not articles worth reading. */
export const MAX_PAGE_BYTES = 5 * 1024 * 1024;

export interface FullTextOptions {
  http: HttpClient;
  /** Extracts the text of each page (default: in this thread; the bot reads on worker threads). */
  reader?: SourceReader;
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
  const reader = options.reader ?? inThreadSourceReader;

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
        return await reader.readPage({ body: response.body, contentType: type === '' ? null : type, url: response.url });
      } catch (error) {
        return { ok: false, reason: error instanceof FetchError ? error.message : String(error) };
      }
    },
  };
}

export type FullTextFetcher = ReturnType<typeof createFullTextFetcher>;

