import { STATUS_CODES } from 'node:http';
import type { Logger } from '../logger.js';
import type { ArticleInput, ArticleStore, FeedState } from '../store/types.js';
import { textFingerprint } from './canonical.js';
import type { FullTextFetcher } from './full-text.js';
import { FetchError, type FetchResponse, type HttpClient } from './http-client.js';
import { createGroupCommit } from './group-commit.js';
import type { FeedItem } from './parse-feed.js';
import { backoffDelay, DEFAULT_INTERVAL_MS, maxAgeMs, nextPollDelay, publishingIntervalMs, retryAfterMs } from './schedule.js';
import type { FeedSource } from './sources-file.js';
import { mapBounded } from '../map-bounded.js';
import { inThreadSourceReader, type SourceReader } from './source-reader.js';

/** What one item became, for `npm run sources -- check` and `npm run fetch`. */
export interface PolledItem {
  title: string;
  url: string | null;
  outcome: 'inserted' | 'updated' | 'unchanged' | 'too old';
  /** Characters of text kept. */
  chars: number;
  fullText: boolean;
  /** Why the article page was not used, when it was tried. */
  fullTextNote: string | null;
}

/** The outcome of polling one feed. */
export interface PollResult {
  /** The feed's URL after this poll (a permanent redirect changes it). */
  url: string;
  status: 'ok' | 'not-modified' | 'error';
  error: string | null;
  title: string | null;
  items: PolledItem[];
  nextPollAt: Date;
}

/** Runs one feed's poll if this instance may; null when another instance holds the feed (PostgreSQL claims). */
export type PollClaim = (feedUrl: string, poll: () => Promise<PollResult>) => Promise<PollResult | null>;

export interface FeedPollerDeps {
  store: ArticleStore;
  http: HttpClient;
  /** Reads each feed's body (default: in this thread; the bot reads on worker threads). */
  reader?: SourceReader;
  /** Absent: full text is never fetched. */
  fullText?: FullTextFetcher;
  logger?: Logger;
  retentionDays: number;
  /** Called after a permanent redirect so the sources file follows it. */
  onMoved?: (fromUrl: string, toUrl: string) => Promise<void>;
  now?: () => Date;
  /** Feeds polled at once (each host still gets at most the client's per-host limit). */
  concurrency?: number;
  /** How long a finished poll's write waits for the others polled with it to join its commit (default 25 ms). */
  commitWaitMs?: number;
}

const FEED_ACCEPT = 'application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml;q=0.9, application/xml;q=0.9, text/xml;q=0.8, application/json;q=0.8, */*;q=0.5';
/**
 * Feeds polled at once by default (each host still gets at most the client's per-host limit). Enough that the reading
 * threads always have feeds waiting while the main thread writes the store: 16 read the bench's 500 feeds 18% faster
 * than 8 did (with the reading threads holding 3 jobs each); 32 were no faster and held more bodies in memory.
 */
export const FEED_POLL_CONCURRENCY = 16;
/** Feeds larger than this are refused: a feed of 5,000 full items is still under it. */
export const MAX_FEED_BYTES = 20 * 1024 * 1024;

function header(response: FetchResponse, name: string): string | null {
  const value = response.headers[name];
  return typeof value === 'string' ? value : null;
}

function freshState(url: string): FeedState {
  return {
    url,
    title: null,
    etag: null,
    lastModified: null,
    lastFetchedAt: null,
    status: null,
    lastError: null,
    failures: 0,
    intervalMs: DEFAULT_INTERVAL_MS,
    nextPollAt: null,
    itemCount: 0,
  };
}

function wantsFullText(source: FeedSource, item: FeedItem): boolean {
  if (source.fullText === 'never' || item.url === null) return false;
  return source.fullText === 'always' || item.teaser;
}

function textLength(paragraphs: readonly string[]): number {
  return paragraphs.reduce((sum, paragraph) => sum + paragraph.length, 0);
}

/**
 * Polls feeds into the article store, politely: conditional GET with the validators echoed exactly, the server's
 * Retry-After and max-age, RSS ttl and the sources file's `every` as floors, an interval that follows how often the
 * feed publishes, and a doubling backoff (up to a day) on failure. One feed's failure never stops the others.
 */
export function createFeedPoller(deps: FeedPollerDeps) {
  const now = deps.now ?? (() => new Date());
  const reader = deps.reader ?? inThreadSourceReader;
  // Every write of a poll (articles, feed state) goes through here, so feeds polled together commit together.
  const writer = createGroupCommit(deps.store, { maxWaitMs: deps.commitWaitMs });

  async function fail(state: FeedState, source: FeedSource, message: string, at: Date, serverMs: number | null): Promise<PollResult> {
    const failures = state.failures + 1;
    const delay = backoffDelay(state.intervalMs, failures, { everyMs: source.everyMs, ttlMs: null, serverMs });
    const next: FeedState = { ...state, status: 'error', lastError: message, failures, lastFetchedAt: at, nextPollAt: new Date(at.getTime() + delay) };
    await writer.write([], next, at);
    deps.logger?.warn('feed failed', { feed: state.url, error: message, failures, retryInMinutes: Math.round(delay / 60_000) });
    return { url: state.url, status: 'error', error: message, title: state.title, items: [], nextPollAt: next.nextPollAt as Date };
  }

  function toInput(feedUrl: string, outlet: string | null, item: FeedItem): ArticleInput {
    return {
      feedUrl,
      guid: item.guid,
      url: item.url,
      title: item.title,
      source: outlet,
      author: item.author,
      publishedAt: item.publishedAt,
      publishedOffsetMinutes: item.publishedOffsetMinutes,
      standfirst: item.standfirst,
      paragraphs: item.paragraphs,
      fingerprint: textFingerprint(item.title, item.paragraphs),
      fullText: false,
    };
  }

  /**
   * Stores a feed's items in one batch, then fetches the article page of each new or edited teaser and stores the
   * full text where it is longer. A repeat keeps whatever text it already has, so unchanged items cost no page fetch.
   * `state` is committed with the last write: with the items when no page can be wanted, else with the full text,
   * so the feed is recorded as read only once everything it brought is stored.
   */
  async function storeItems(source: FeedSource, feedUrl: string, outlet: string | null, feedItems: FeedItem[], at: Date, state: FeedState): Promise<PolledItem[]> {
    const cutoff = at.getTime() - deps.retentionDays * 86_400_000;
    const polled: PolledItem[] = feedItems.map((item) => ({
      title: item.title,
      url: item.url,
      outcome: 'too old',
      chars: textLength(item.paragraphs),
      fullText: false,
      fullTextNote: null,
    }));
    const recent = feedItems.map((item, index) => ({ item, index })).filter(({ item }) => !item.publishedAt || item.publishedAt.getTime() >= cutoff);
    // A GUID the feed repeats is one article, as its first copy in the feed gives it (feeds list their newest
    // first): a later copy, often a shortened or older one, must not overwrite it within the same read. Repeats
    // are reported unchanged.
    const guids = new Set<string>();
    const fresh = recent.filter(({ item, index }) => {
      if (item.guid === null) return true;
      if (guids.has(item.guid)) {
        (polled[index] as PolledItem).outcome = 'unchanged';
        return false;
      }
      guids.add(item.guid);
      return true;
    });
    const inputs = fresh.map(({ item }) => toInput(feedUrl, outlet, item));
    const fullText = deps.fullText;
    const pagesMayBeWanted = fullText !== undefined && fresh.some(({ item }) => wantsFullText(source, item));
    const results = await writer.write(inputs, pagesMayBeWanted ? null : state, at);
    fresh.forEach(({ index }, i) => {
      (polled[index] as PolledItem).outcome = results[i]?.outcome ?? 'unchanged';
    });
    if (!pagesMayBeWanted) return polled;
    const wanted = fresh
      .map((entry, i) => ({ ...entry, input: inputs[i] as ArticleInput }))
      .filter(({ item, index }) => polled[index]?.outcome !== 'unchanged' && wantsFullText(source, item));
    // A few pages at once: the client still holds each host to its limit.
    const upgrades = await mapBounded(wanted, 4, async ({ item, index, input }) => {
      const entry = polled[index] as PolledItem;
      const extracted = await fullText.fetchArticle(item.url as string);
      if (!extracted.ok) {
        entry.fullTextNote = extracted.reason;
        return null;
      }
      if (textLength(extracted.paragraphs) <= entry.chars) {
        entry.fullTextNote = 'the page gave no more than the feed';
        return null;
      }
      entry.chars = textLength(extracted.paragraphs);
      entry.fullText = true;
      return { ...input, paragraphs: extracted.paragraphs, fullText: true };
    });
    const full = upgrades.filter((input): input is ArticleInput => input !== null);
    await writer.write(full, state, at);
    return polled;
  }

  async function pollFeed(source: FeedSource): Promise<PollResult> {
    const at = now();
    let feedUrl = source.url;
    const state = (await deps.store.getFeedState(feedUrl)) ?? freshState(feedUrl);
    const headers: Record<string, string> = { accept: FEED_ACCEPT };
    if (state.etag) headers['if-none-match'] = state.etag;
    if (state.lastModified) headers['if-modified-since'] = state.lastModified;

    let response: FetchResponse;
    try {
      response = await deps.http.get(feedUrl, { headers, maxBytes: MAX_FEED_BYTES });
    } catch (error) {
      return fail(state, source, error instanceof FetchError ? error.message : `fetch failed: ${String(error)}`, at, null);
    }

    let current = state;
    if (response.permanentUrl && response.permanentUrl !== feedUrl) {
      const moved = response.permanentUrl;
      await deps.store.renameFeed(feedUrl, moved);
      await deps.onMoved?.(feedUrl, moved).catch((error: unknown) => deps.logger?.warn('could not update the sources file', { feed: feedUrl, error }));
      deps.logger?.info('feed moved permanently', { from: feedUrl, to: moved });
      feedUrl = moved;
      current = { ...((await deps.store.getFeedState(moved)) ?? state), url: moved };
    }

    const serverMs = maxAgeMs(response.headers);
    if (response.status === 304) {
      const delay = nextPollDelay(current.intervalMs, { everyMs: source.everyMs, ttlMs: null, serverMs });
      const next: FeedState = { ...current, status: 'not-modified', lastError: null, failures: 0, lastFetchedAt: at, nextPollAt: new Date(at.getTime() + delay) };
      await writer.write([], next, at);
      return { url: feedUrl, status: 'not-modified', error: null, title: current.title, items: [], nextPollAt: next.nextPollAt as Date };
    }
    if (response.status < 200 || response.status >= 300) {
      const wait = response.status === 429 || response.status === 503 ? retryAfterMs(response.headers, at) : null;
      const message = `HTTP ${response.status} ${STATUS_CODES[response.status] ?? ''}`.trim() + (wait !== null ? ` (asked to retry after ${Math.round(wait / 1000)} s)` : '');
      return fail(current, source, message, at, wait);
    }

    const parsed = await reader.readFeed({ body: response.body, contentType: header(response, 'content-type'), url: response.url });
    if (!parsed.ok) {
      const linked = parsed.linkedFeeds[0];
      return fail(current, source, linked ? `${parsed.error}; the page links a feed at ${linked.url}` : parsed.error, at, null);
    }

    const feed = parsed.feed;
    const outlet = source.name ?? feed.title;
    const intervalMs = publishingIntervalMs(feed.items.map((item) => item.publishedAt)) ?? current.intervalMs;
    const delay = nextPollDelay(intervalMs, { everyMs: source.everyMs, ttlMs: feed.ttlMinutes ? feed.ttlMinutes * 60_000 : null, serverMs });
    const next: FeedState = {
      url: feedUrl,
      title: feed.title,
      // Echoed back exactly as received; a server that stops sending them gets unconditional requests.
      etag: header(response, 'etag'),
      lastModified: header(response, 'last-modified'),
      lastFetchedAt: at,
      status: 'ok',
      lastError: null,
      failures: 0,
      intervalMs,
      nextPollAt: new Date(at.getTime() + delay),
      itemCount: feed.items.length,
    };
    const items = await storeItems(source, feedUrl, outlet, feed.items, at, next);
    const added = items.filter((item) => item.outcome === 'inserted').length;
    if (added > 0) deps.logger?.info('feed read', { feed: feedUrl, items: feed.items.length, new: added });
    return { url: feedUrl, status: 'ok', error: null, title: feed.title, items, nextPollAt: next.nextPollAt as Date };
  }

  /** Never throws: an unexpected error (a store failure) becomes this feed's error, and the others go on. */
  async function pollSafely(source: FeedSource): Promise<PollResult> {
    writer.begin();
    try {
      return await pollFeed(source);
    } catch (error) {
      deps.logger?.error('feed poll crashed', { feed: source.url, error });
      const message = `internal error: ${(error as Error).message}`;
      return { url: source.url, status: 'error', error: message, title: null, items: [], nextPollAt: new Date(now().getTime() + DEFAULT_INTERVAL_MS) };
    } finally {
      writer.end();
    }
  }

  return {
    /** Polls one feed now, whether due or not (`npm run sources -- check`). */
    pollFeed: pollSafely,

    /**
     * Polls every source whose next poll is due. `claim`, when given, wraps each feed's poll so that several
     * instances sharing a database poll each feed once (it returns null for a feed another instance holds).
     */
    async pollDueFeeds(sources: readonly FeedSource[], options: { claim?: PollClaim } = {}): Promise<PollResult[]> {
      const at = now().getTime();
      const states = new Map((await deps.store.listFeedStates()).map((state) => [state.url, state]));
      const due = sources.filter((source) => {
        const nextPollAt = states.get(source.url)?.nextPollAt;
        return !nextPollAt || nextPollAt.getTime() <= at;
      });
      const results = await mapBounded(due, deps.concurrency ?? FEED_POLL_CONCURRENCY, (source) =>
        options.claim ? options.claim(source.url, () => pollSafely(source)) : pollSafely(source),
      );
      return results.filter((result): result is PollResult => result !== null);
    },
  };
}

export type FeedPoller = ReturnType<typeof createFeedPoller>;
