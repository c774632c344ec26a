import type Database from 'better-sqlite3';
import { articleChanged, articleColumnValues } from './article-dedup.js';
import { articleFromRow, feedStateFromRow, type ArticleRow, type FeedRow } from './article-rows.js';
import type { ArticleInput, ArticleStore, ArticleWindow, FeedState, UpsertArticleResult } from './types.js';

/** The schema step that adds articles and feed state to a data file (appended to SqliteStore's migrations). */
export const articlesMigration = `
  -- Articles read from feeds. "instant" = coalesce(published_at, first_seen_at): windows and retention read it.
  CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    feed_url TEXT NOT NULL,
    guid TEXT,
    url TEXT,
    title TEXT NOT NULL,
    source TEXT,
    author TEXT,
    published_at INTEGER,
    published_offset INTEGER,
    standfirst TEXT,
    paragraphs TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    full_text INTEGER NOT NULL,
    first_seen_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    instant INTEGER NOT NULL
  );
  CREATE UNIQUE INDEX articles_guid ON articles (feed_url, guid) WHERE guid IS NOT NULL;
  CREATE INDEX articles_url ON articles (url) WHERE url IS NOT NULL;
  CREATE INDEX articles_fingerprint ON articles (fingerprint);
  CREATE INDEX articles_instant ON articles (instant);

  CREATE TABLE feeds (
    url TEXT PRIMARY KEY,
    title TEXT,
    etag TEXT,
    last_modified TEXT,
    last_fetched_at INTEGER,
    status TEXT,
    last_error TEXT,
    failures INTEGER NOT NULL DEFAULT 0,
    interval_ms INTEGER NOT NULL,
    next_poll_at INTEGER,
    item_count INTEGER NOT NULL DEFAULT 0
  ) WITHOUT ROWID;
`;

/** The columns an upsert compares; the text itself is read only when a fetched page must be compared with it. */
interface CandidateRow {
  id: number;
  feed_url: string;
  guid: string | null;
  url: string | null;
  title: string;
  fingerprint: string;
}

/** The ArticleStore half of SqliteStore, on the same connection; kept apart so ledger and feed changes don't collide. */
export function createSqliteArticles(db: Database.Database): ArticleStore {
  const statements = {
    // One look-up for all three keys (SQLite answers the OR from the three indexes); the order is chosen below.
    // The columns the choice below needs, not the text: most candidates are repeats that need no more.
    candidates: db.prepare(
      'SELECT id, feed_url, guid, url, title, fingerprint FROM articles WHERE (feed_url = ? AND guid = ?) OR url = ? OR fingerprint = ? ORDER BY id',
    ),
    paragraphs: db.prepare('SELECT paragraphs FROM articles WHERE id = ?').pluck(),
    insert: db.prepare(
      `INSERT INTO articles (feed_url, guid, url, title, source, author, published_at, published_offset, standfirst,
         paragraphs, fingerprint, full_text, first_seen_at, updated_at, instant)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ),
    update: db.prepare(
      `UPDATE articles SET feed_url = ?, guid = ?, url = ?, title = ?, source = ?, author = ?, published_at = ?,
         published_offset = ?, standfirst = ?, paragraphs = ?, fingerprint = ?, full_text = ?, updated_at = ?,
         instant = coalesce(?, first_seen_at)
       WHERE id = ?`,
    ),
    list: db.prepare('SELECT * FROM articles WHERE instant >= ? AND instant < ? ORDER BY instant DESC, id DESC'),
    version: db.prepare('SELECT count(*) AS n, max(updated_at) AS latest, max(id) AS top FROM articles'),
    prune: db.prepare('DELETE FROM articles WHERE instant < ?'),
    getFeed: db.prepare('SELECT * FROM feeds WHERE url = ?'),
    saveFeed: db.prepare(
      `INSERT OR REPLACE INTO feeds (url, title, etag, last_modified, last_fetched_at, status, last_error, failures,
         interval_ms, next_poll_at, item_count)
       VALUES (@url, @title, @etag, @lastModified, @lastFetchedAt, @status, @lastError, @failures, @intervalMs,
         @nextPollAt, @itemCount)`,
    ),
    listFeeds: db.prepare('SELECT * FROM feeds ORDER BY url'),
    renameFeedState: db.prepare('UPDATE OR IGNORE feeds SET url = ? WHERE url = ?'),
    dropFeedState: db.prepare('DELETE FROM feeds WHERE url = ?'),
    // OR IGNORE: an article whose guid the new url already has stays where it was (the unique index refuses it).
    moveArticles: db.prepare('UPDATE OR IGNORE articles SET feed_url = ? WHERE feed_url = ?'),
  };

  const upsertOne = (input: ArticleInput, now: number): UpsertArticleResult => {
    const rows = statements.candidates.all(input.feedUrl, input.guid, input.url, input.fingerprint) as CandidateRow[];
    const byGuid = input.guid === null ? undefined : rows.find((row) => row.feed_url === input.feedUrl && row.guid === input.guid);
    const match = byGuid ?? (input.url === null ? undefined : rows.find((row) => row.url === input.url));
    if (match && match.feed_url === input.feedUrl) {
      const existing = {
        title: match.title,
        fingerprint: match.fingerprint,
        // Read only when articleChanged asks: a fetched page compared with the text kept.
        get paragraphs() {
          return JSON.parse(statements.paragraphs.get(match.id) as string) as string[];
        },
      };
      if (!articleChanged(existing, input)) return { id: String(match.id), outcome: 'unchanged' };
      const published = input.publishedAt?.getTime() ?? null;
      statements.update.run(...articleColumnValues(input, (value) => (value ? 1 : 0)), now, published, match.id);
      return { id: String(match.id), outcome: 'updated' };
    }
    if (match) return { id: String(match.id), outcome: 'unchanged' };
    const twin = rows.find((row) => row.fingerprint === input.fingerprint);
    if (twin) return { id: String(twin.id), outcome: 'unchanged' };
    const published = input.publishedAt?.getTime() ?? null;
    // first_seen_at, updated_at, and the instant windows read: publication, else first sight.
    const id = statements.insert.run(...articleColumnValues(input, (value) => (value ? 1 : 0)), now, now, published ?? now).lastInsertRowid;
    return { id: String(id), outcome: 'inserted' };
  };
  const saveFeed = (state: FeedState) =>
    statements.saveFeed.run({
      ...state,
      lastFetchedAt: state.lastFetchedAt?.getTime() ?? null,
      nextPollAt: state.nextPollAt?.getTime() ?? null,
    });
  const upsert = db.transaction((inputs: readonly ArticleInput[], now: number, feedStates: readonly FeedState[]) => {
    const results = inputs.map((input) => upsertOne(input, now));
    for (const state of feedStates) saveFeed(state);
    return results;
  });

  const rename = db.transaction((fromUrl: string, toUrl: string) => {
    if (statements.renameFeedState.run(toUrl, fromUrl).changes === 0) statements.dropFeedState.run(fromUrl);
    statements.moveArticles.run(toUrl, fromUrl);
  });

  return {
    async upsertArticles(inputs, now, feedStates = []) {
      return upsert(inputs, now.getTime(), feedStates);
    },
    async listArticles(window: ArticleWindow) {
      const rows = statements.list.all(window.since.getTime(), window.until?.getTime() ?? Number.MAX_SAFE_INTEGER) as ArticleRow[];
      return rows.map(articleFromRow);
    },
    async articlesVersion() {
      const row = statements.version.get() as { n: number; latest: number | null; top: number | null };
      return `${row.n}:${row.latest ?? 0}:${row.top ?? 0}`;
    },
    async pruneArticles(before) {
      return statements.prune.run(before.getTime()).changes;
    },
    async getFeedState(url) {
      const row = statements.getFeed.get(url) as FeedRow | undefined;
      return row ? feedStateFromRow(row) : null;
    },
    async saveFeedState(state) {
      saveFeed(state);
    },
    async listFeedStates() {
      return (statements.listFeeds.all() as FeedRow[]).map(feedStateFromRow);
    },
    async renameFeed(fromUrl, toUrl) {
      rename(fromUrl, toUrl);
    },
  };
}
