import type { FeedState, StoredArticle } from './types.js';

/**
 * An articles row as either database driver returns it: better-sqlite3 gives INTEGER columns as numbers, the text as
 * JSON and booleans as 0/1; node-postgres gives BIGINT columns as strings, JSONB parsed and real booleans.
 */
export interface ArticleRow {
  id: number | string;
  feed_url: string;
  guid: string | null;
  url: string | null;
  title: string;
  source: string | null;
  author: string | null;
  published_at: number | string | null;
  published_offset: number | null;
  standfirst: string | null;
  paragraphs: string | string[];
  fingerprint: string;
  full_text: number | boolean;
  first_seen_at: number | string;
  updated_at: number | string;
}

/** A feeds row as either driver returns it (see ArticleRow). */
export interface FeedRow {
  url: string;
  title: string | null;
  etag: string | null;
  last_modified: string | null;
  last_fetched_at: number | string | null;
  status: string | null;
  last_error: string | null;
  failures: number;
  interval_ms: number | string;
  next_poll_at: number | string | null;
  item_count: number;
}

const dateOf = (millis: number | string): Date => new Date(Number(millis));

/** The article an articles row holds, from either store. */
export function articleFromRow(row: ArticleRow): StoredArticle {
  return {
    id: String(row.id),
    feedUrl: row.feed_url,
    guid: row.guid,
    url: row.url,
    title: row.title,
    source: row.source,
    author: row.author,
    publishedAt: row.published_at === null ? null : dateOf(row.published_at),
    publishedOffsetMinutes: row.published_offset,
    standfirst: row.standfirst,
    paragraphs: typeof row.paragraphs === 'string' ? (JSON.parse(row.paragraphs) as string[]) : row.paragraphs,
    fingerprint: row.fingerprint,
    fullText: row.full_text === true || row.full_text === 1,
    firstSeenAt: dateOf(row.first_seen_at),
    updatedAt: dateOf(row.updated_at),
  };
}

/** The feed state a feeds row holds, from either store. */
export function feedStateFromRow(row: FeedRow): FeedState {
  return {
    url: row.url,
    title: row.title,
    etag: row.etag,
    lastModified: row.last_modified,
    lastFetchedAt: row.last_fetched_at === null ? null : dateOf(row.last_fetched_at),
    status: row.status as FeedState['status'],
    lastError: row.last_error,
    failures: row.failures,
    intervalMs: Number(row.interval_ms),
    nextPollAt: row.next_poll_at === null ? null : dateOf(row.next_poll_at),
    itemCount: row.item_count,
  };
}
