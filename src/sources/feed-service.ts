import type { Logger } from '../logger.js';
import type { ArticleStore } from '../store/types.js';
import { createFullTextFetcher } from './full-text.js';
import { createHttpClient, USER_AGENT, type HttpClient } from './http-client.js';
import { createThreadSourceReader } from './source-reader.js';
import { createFeedPoller, type FeedPoller, type PollClaim, type PollResult } from './poll-feeds.js';
import { loadSources, moveSource, type FeedSource } from './sources-file.js';

export interface FeedServiceDeps {
  store: ArticleStore;
  sourcesFile: string;
  retentionDays: number;
  logger?: Logger;
  /** Overrides for tests; by default a client with Brief's User-Agent and production limits. */
  http?: HttpClient;
  /** Wraps each feed's poll when several instances share a database. */
  claim?: PollClaim;
  /** How often the background loop looks for due feeds. */
  tickMs?: number;
  now?: () => Date;
}

/** Polls the sources file's feeds into the store: once on demand, or in the background beside the channels. */
export interface FeedService {
  /** Reads the sources file again and polls every due feed once; prunes articles past retention first. */
  pollOnce(): Promise<PollResult[]>;
  /** Starts the background loop (one tick at once, never overlapping). */
  start(): void;
  /** Stops the loop, waits for a tick in progress, and stops the reading threads. */
  stop(): Promise<void>;
  poller: FeedPoller;
}

/** Wires the sources file, the HTTP client, full text and the poller over one store. */
export function createFeedService(deps: FeedServiceDeps): FeedService {
  const now = deps.now ?? (() => new Date());
  const http = deps.http ?? createHttpClient({ userAgent: USER_AGENT });
  // Feeds and pages are read on worker threads, so no feed or page, however it is built, can stall the bot.
  const reader = createThreadSourceReader();
  const poller = createFeedPoller({
    store: deps.store,
    http,
    reader,
    fullText: createFullTextFetcher({ http, reader }),
    logger: deps.logger,
    retentionDays: deps.retentionDays,
    now,
    onMoved: (from, to) => moveSource(deps.sourcesFile, from, to),
  });
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<unknown> | null = null;
  let lastPrune = 0;

  async function pollOnce(): Promise<PollResult[]> {
    const at = now();
    if (at.getTime() - lastPrune > 3_600_000) {
      lastPrune = at.getTime();
      const pruned = await deps.store.pruneArticles(new Date(at.getTime() - deps.retentionDays * 86_400_000));
      if (pruned > 0) deps.logger?.info('pruned old articles', { count: pruned, retentionDays: deps.retentionDays });
    }
    let sources: FeedSource[];
    try {
      sources = (await loadSources(deps.sourcesFile)) ?? [];
    } catch (error) {
      // A bad edit to the file while running keeps the bot up; the error says what to fix.
      deps.logger?.error('sources file not read', { error });
      return [];
    }
    return poller.pollDueFeeds(sources, { claim: deps.claim });
  }

  const tick = () => {
    if (running) return;
    running = pollOnce()
      .catch((error: unknown) => deps.logger?.error('feed polling failed', { error }))
      .finally(() => {
        running = null;
      });
  };

  return {
    pollOnce,
    poller,
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, deps.tickMs ?? 60_000);
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
      await reader.close();
    },
  };
}
