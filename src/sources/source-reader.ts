import { availableParallelism } from 'node:os';
import { createWorkerPool, workerEntry, WorkerJobError } from '../worker-pool.js';
import type { FetchedBody } from './decode.js';
import { readFeedBody, type FeedRead } from './read-feed.js';
import { readPageBody, type ExtractResult } from './read-page.js';

/**
 * Reads what the open web sends Brief: feed bodies into items, article pages into text. The poller and the full-text
 * fetcher read only through it, so where the reading runs (this thread, or worker threads) is chosen in one place.
 */
export interface SourceReader {
  readFeed(feed: FetchedBody): Promise<FeedRead>;
  readPage(page: FetchedBody): Promise<ExtractResult>;
  close(): Promise<void>;
}

/** Reads in the calling thread: for tests of the poller's own logic and one-off commands. */
export const inThreadSourceReader: SourceReader = {
  readFeed: async (feed) => readFeedBody(feed),
  readPage: async (page) => readPageBody(page),
  close: async () => {},
};

/** What a reading thread is asked to do. */
export type ReadJob = { kind: 'feed' | 'page' } & FetchedBody;

/** How long one feed may take to read before its thread is stopped: a 20 MB feed of 5,000 items takes about 1 s. */
export const FEED_READ_TIMEOUT_MS = 60_000;
/** How long one article page may take: Readability reads a 5 MB page of plain paragraphs in about 7 s. */
export const PAGE_READ_TIMEOUT_MS = 30_000;

export interface ThreadSourceReaderOptions {
  /** Reading threads (default: one per core but one, at least one, at most four). */
  threads?: number;
  feedTimeoutMs?: number;
  pageTimeoutMs?: number;
}

/** The bytes' own buffer when they fill it, so it can be handed to the thread; a slice of a shared one is copied. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer[] {
  const { buffer } = bytes;
  return buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === buffer.byteLength ? [buffer] : [];
}

/**
 * Reads on worker threads. The parsers Brief relies on slow down badly on some input: htmlparser2 (under linkedom
 * too) keeps its open elements in an array it shifts at every tag, so a page of 200,000 unclosed <div>s takes 27 s
 * and a 5 MB one many minutes. On a thread the bot's event loop keeps answering meanwhile, and a feed or page that
 * runs past its time limit fails alone (its thread is replaced) instead of freezing every poll after it.
 */
export function createThreadSourceReader(options: ThreadSourceReaderOptions = {}): SourceReader {
  const pool = createWorkerPool<ReadJob, FeedRead | ExtractResult>({
    entry: workerEntry(import.meta.url, 'source-reader-worker'),
    threads: options.threads ?? Math.min(4, Math.max(1, availableParallelism() - 1)),
    // Each thread holds the next feeds while it reads one, so it never waits for the main thread (busy writing the
    // store) to hand it more: ingest 18% faster in wall time in the feeds bench (with 16 polls at once).
    jobsPerThread: 3,
  });
  return {
    async readFeed(feed) {
      try {
        return (await pool.run({ kind: 'feed', ...feed }, { timeoutMs: options.feedTimeoutMs ?? FEED_READ_TIMEOUT_MS, label: 'reading the feed', transfer: ownBuffer(feed.body) })) as FeedRead;
      } catch (error) {
        if (error instanceof WorkerJobError) return { ok: false, error: error.message, webPage: false, linkedFeeds: [] };
        throw error;
      }
    },
    async readPage(page) {
      try {
        return (await pool.run({ kind: 'page', ...page }, { timeoutMs: options.pageTimeoutMs ?? PAGE_READ_TIMEOUT_MS, label: 'reading the page', transfer: ownBuffer(page.body) })) as ExtractResult;
      } catch (error) {
        if (error instanceof WorkerJobError) return { ok: false, reason: error.message };
        throw error;
      }
    },
    close: () => pool.close(),
  };
}
