import type pg from 'pg';
import { articleChanged, articleColumnValues } from './article-dedup.js';
import { articleFromRow, feedStateFromRow, type ArticleRow, type FeedRow } from './article-rows.js';
import { inTransaction } from './postgres-transaction.js';
import type { ArticleInput, ArticleStore, ArticleWindow, FeedState, UpsertArticleResult } from './types.js';

/**
 * The ArticleStore half of PostgresStore: the same rules as SQLite's (see `ArticleStore`), each batch in one
 * transaction. The table is locked for the batch's writes so two instances storing the same article from two
 * feeds at once cannot both insert it (feeds are few writes a minute; the lock costs nothing that matters).
 */
export function createPostgresArticles(pool: pg.Pool): ArticleStore {
  async function upsertOne(client: pg.PoolClient, input: ArticleInput, now: number): Promise<UpsertArticleResult> {
    const { rows } = await client.query<ArticleRow>(
      'SELECT * FROM articles WHERE (feed_url = $1 AND guid = $2) OR url = $3 OR fingerprint = $4 ORDER BY id',
      [input.feedUrl, input.guid, input.url, input.fingerprint],
    );
    const byGuid = input.guid === null ? undefined : rows.find((row) => row.feed_url === input.feedUrl && row.guid === input.guid);
    const match = byGuid ?? (input.url === null ? undefined : rows.find((row) => row.url === input.url));
    if (match && match.feed_url === input.feedUrl) {
      if (!articleChanged(articleFromRow(match), input)) {
        return { id: String(match.id), outcome: 'unchanged' };
      }
      await client.query(
        `UPDATE articles SET feed_url = $1, guid = $2, url = $3, title = $4, source = $5, author = $6, published_at = $7::bigint, published_offset = $8,
           standfirst = $9, paragraphs = $10, fingerprint = $11, full_text = $12, updated_at = $13,
           instant = coalesce($7::bigint, first_seen_at)
         WHERE id = $14`,
        [...articleColumnValues(input, (value) => value), now, match.id],
      );
      return { id: String(match.id), outcome: 'updated' };
    }
    if (match) return { id: String(match.id), outcome: 'unchanged' };
    const twin = rows.find((row) => row.fingerprint === input.fingerprint);
    if (twin) return { id: String(twin.id), outcome: 'unchanged' };
    const inserted = await client.query<{ id: string }>(
      `INSERT INTO articles (feed_url, guid, url, title, source, author, published_at, published_offset, standfirst,
         paragraphs, fingerprint, full_text, first_seen_at, updated_at, instant)
       VALUES ($1, $2, $3, $4, $5, $6, $7::bigint, $8, $9, $10, $11, $12, $13::bigint, $13::bigint, coalesce($7::bigint, $13::bigint))
       RETURNING id`,
      [...articleColumnValues(input, (value) => value), now],
    );
    return { id: String(inserted.rows[0]?.id), outcome: 'inserted' };
  }

  /** Inserts or replaces a feed's polling state, on the pool or inside a transaction's client. */
  async function saveFeed(db: pg.Pool | pg.PoolClient, state: FeedState): Promise<void> {
    await db.query(
      `INSERT INTO feeds (url, title, etag, last_modified, last_fetched_at, status, last_error, failures, interval_ms, next_poll_at, item_count)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (url) DO UPDATE SET title = excluded.title, etag = excluded.etag, last_modified = excluded.last_modified,
         last_fetched_at = excluded.last_fetched_at, status = excluded.status, last_error = excluded.last_error,
         failures = excluded.failures, interval_ms = excluded.interval_ms, next_poll_at = excluded.next_poll_at,
         item_count = excluded.item_count`,
      [
        state.url,
        state.title,
        state.etag,
        state.lastModified,
        state.lastFetchedAt?.getTime() ?? null,
        state.status,
        state.lastError,
        state.failures,
        state.intervalMs,
        state.nextPollAt?.getTime() ?? null,
        state.itemCount,
      ],
    );
  }

  return {
    async upsertArticles(inputs, now, feedStates = []) {
      if (inputs.length === 0 && feedStates.length === 0) return [];
      return inTransaction(pool, async (client) => {
        const results: UpsertArticleResult[] = [];
        if (inputs.length > 0) await client.query('LOCK TABLE articles IN SHARE ROW EXCLUSIVE MODE');
        for (const input of inputs) results.push(await upsertOne(client, input, now.getTime()));
        for (const state of feedStates) await saveFeed(client, state);
        return results;
      });
    },
    async listArticles(window: ArticleWindow) {
      const { rows } = await pool.query<ArticleRow>(
        'SELECT * FROM articles WHERE instant >= $1 AND instant < $2 ORDER BY instant DESC, id DESC',
        [window.since.getTime(), window.until?.getTime() ?? Number.MAX_SAFE_INTEGER],
      );
      return rows.map(articleFromRow);
    },
    async articlesVersion() {
      const { rows } = await pool.query<{ n: string; latest: string | null; top: string | null }>(
        'SELECT count(*) AS n, max(updated_at) AS latest, max(id) AS top FROM articles',
      );
      const row = rows[0];
      return `${row?.n ?? 0}:${row?.latest ?? 0}:${row?.top ?? 0}`;
    },
    async pruneArticles(before) {
      return (await pool.query('DELETE FROM articles WHERE instant < $1', [before.getTime()])).rowCount ?? 0;
    },
    async getFeedState(url) {
      const { rows } = await pool.query<FeedRow>('SELECT * FROM feeds WHERE url = $1', [url]);
      return rows[0] ? feedStateFromRow(rows[0]) : null;
    },
    async saveFeedState(state) {
      await saveFeed(pool, state);
    },
    async listFeedStates() {
      return (await pool.query<FeedRow>('SELECT * FROM feeds ORDER BY url')).rows.map(feedStateFromRow);
    },
    async renameFeed(fromUrl, toUrl) {
      await inTransaction(pool, async (client) => {
        const taken = await client.query('SELECT 1 FROM feeds WHERE url = $1', [toUrl]);
        if ((taken.rowCount ?? 0) > 0) await client.query('DELETE FROM feeds WHERE url = $1', [fromUrl]);
        else await client.query('UPDATE feeds SET url = $1 WHERE url = $2', [toUrl, fromUrl]);
        // An article whose guid the new url already has stays where it was.
        await client.query(
          `UPDATE articles a SET feed_url = $1 WHERE a.feed_url = $2
             AND (a.guid IS NULL OR NOT EXISTS (SELECT 1 FROM articles b WHERE b.feed_url = $1 AND b.guid = a.guid))`,
          [toUrl, fromUrl],
        );
      });
    },
  };
}
