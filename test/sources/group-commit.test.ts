import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHttpClient, USER_AGENT } from '../../src/sources/http-client.js';
import { createFeedPoller } from '../../src/sources/poll-feeds.js';
import type { FeedSource } from '../../src/sources/sources-file.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import type { ArticleStore } from '../../src/store/types.js';
import { body, conditionalFeed, manyItems, startFeedServer, type FeedServer } from '../servers/feed-server.js';

const NOW = new Date('2025-12-01T12:00:00Z');

function source(url: string): FeedSource {
  return { url, name: null, fullText: 'never', everyMs: null };
}

/** The store with each upsertArticles call recorded: how many articles and feed states each transaction carried. */
function recording(store: ArticleStore, calls: Array<{ articles: number; states: string[] }>): ArticleStore {
  return Object.assign(Object.create(store) as ArticleStore, {
    upsertArticles: (...args: Parameters<ArticleStore['upsertArticles']>) => {
      calls.push({ articles: args[0].length, states: (args[2] ?? []).map((state) => state.url) });
      return store.upsertArticles(...args);
    },
  });
}

describe('feeds polled together commit together (SQLite)', () => {
  let server: FeedServer;
  let dir: string;
  let stores: SqliteStore[];
  const open = () => {
    const store = openSqliteStore(dir);
    stores.push(store);
    return store;
  };
  // All three feeds fetched at once, and a commit that waits for every poll in progress (however busy the machine):
  // one transaction for the three, every time.
  const poller = (store: ArticleStore) =>
    createFeedPoller({
      store,
      http: createHttpClient({ userAgent: USER_AGENT, totalTimeoutMs: 5_000, perHost: 4 }),
      retentionDays: 14,
      now: () => NOW,
      commitWaitMs: 5_000,
    });

  beforeEach(async () => {
    server = await startFeedServer();
    dir = mkdtempSync(join(tmpdir(), 'brief-group-commit-'));
    stores = [];
  });
  afterEach(async () => {
    await server.close();
    for (const store of stores) await store.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  });

  it('stores three feeds polled together in one transaction, each feed getting its own items and state', async () => {
    for (const [name, count] of [['a', 1], ['b', 2], ['c', 3]] as const) server.route(`/${name}.xml`, conditionalFeed(manyItems(count, name), `"${name}-v1"`));
    const store = open();
    const calls: Array<{ articles: number; states: string[] }> = [];
    const sources = ['a', 'b', 'c'].map((name) => source(`${server.origin}/${name}.xml`));
    const results = await poller(recording(store, calls)).pollDueFeeds(sources);

    expect(results.map((r) => [r.status, r.items.map((item) => item.outcome)])).toEqual([
      ['ok', ['inserted']],
      ['ok', ['inserted', 'inserted']],
      ['ok', ['inserted', 'inserted', 'inserted']],
    ]);
    expect(results[1]?.items.map((item) => item.title)).toEqual(['Story b 0: council votes on plan 0', 'Story b 1: council votes on plan 1']);
    // Every article and every feed's state went in one commit.
    expect(calls.map((call) => ({ ...call, states: call.states.sort() }))).toEqual([{ articles: 6, states: sources.map((s) => s.url) }]);
    expect(await store.listArticles({ since: new Date(0) })).toHaveLength(6);
    for (const [i, feed] of sources.entries()) {
      expect(await store.getFeedState(feed.url)).toMatchObject({ status: 'ok', etag: `"${'abc'[i]}-v1"`, itemCount: i + 1, lastFetchedAt: NOW });
    }
  });

  it('when one feed fails mid-way through a shared transaction, the others are stored and only that feed is due again', async () => {
    for (const name of ['a', 'b', 'c']) server.route(`/${name}.xml`, conditionalFeed(manyItems(3, name), `"${name}-v1"`));
    const store = open();
    // A fault on the second row of feed b: the rows before it in the same transaction are already written.
    const side = new Database(join(dir, 'brief.sqlite'));
    side.exec(`CREATE TRIGGER fault BEFORE INSERT ON articles WHEN NEW.guid = 'b-1' BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END`);
    const calls: Array<{ articles: number; states: string[] }> = [];
    const sources = ['a', 'b', 'c'].map((name) => source(`${server.origin}/${name}.xml`));
    const results = await poller(recording(store, calls)).pollDueFeeds(sources);

    expect(results.map((r) => r.status)).toEqual(['ok', 'error', 'ok']);
    expect(results[1]?.error).toBe('internal error: disk I/O error');
    expect(results[0]?.items.map((item) => item.outcome)).toEqual(['inserted', 'inserted', 'inserted']);
    expect(results[2]?.items.map((item) => item.outcome)).toEqual(['inserted', 'inserted', 'inserted']);
    // Tried together first, then each alone.
    expect(calls.map((call) => call.articles)).toEqual([9, 3, 3, 3]);
    const titles = (await store.listArticles({ since: new Date(0) })).map((article) => article.guid).sort();
    expect(titles).toEqual(['a-0', 'a-1', 'a-2', 'c-0', 'c-1', 'c-2']);
    expect(await store.getFeedState(`${server.origin}/b.xml`)).toBeNull();

    // The fault cleared, the next round polls b alone, unconditionally, and stores it whole.
    side.exec('DROP TRIGGER fault');
    side.close();
    server.requests.length = 0;
    const again = await poller(store).pollDueFeeds(sources);
    expect(again.map((r) => [r.url, r.status])).toEqual([[`${server.origin}/b.xml`, 'ok']]);
    expect(server.requests.map((r) => [r.path, r.headers['if-none-match']])).toEqual([['/b.xml', undefined]]);
    expect(again[0]?.items.map((item) => item.outcome)).toEqual(['inserted', 'inserted', 'inserted']);
    expect(await store.listArticles({ since: new Date(0) })).toHaveLength(9);
  });

  it('a process that dies before its group commits leaves the feeds due, and the next one stores each article once', async () => {
    server.route('/a.xml', conditionalFeed(manyItems(2, 'a'), '"a-v1"'));
    server.route('/b.xml', body('application/rss+xml', manyItems(2, 'b')));
    const sources = [source(`${server.origin}/a.xml`), source(`${server.origin}/b.xml`)];
    const crashing = open();
    let reached!: () => void;
    const writing = new Promise<void>((resolve) => {
      reached = resolve;
    });
    // The process dies at the commit: the write never happens and never returns.
    const dying = Object.assign(Object.create(crashing) as ArticleStore, {
      upsertArticles: () => {
        reached();
        return new Promise<never>(() => {});
      },
    });
    void poller(dying).pollDueFeeds(sources);
    await writing;
    expect(server.requests.map((r) => r.path).sort()).toEqual(['/a.xml', '/b.xml']);

    // Restarted on the same data file: nothing was recorded, so both feeds are fetched again, in full.
    const restarted = open();
    server.requests.length = 0;
    const results = await poller(restarted).pollDueFeeds(sources);
    expect(results.map((r) => [r.status, r.items.map((item) => item.outcome)])).toEqual([
      ['ok', ['inserted', 'inserted']],
      ['ok', ['inserted', 'inserted']],
    ]);
    expect(server.requests.map((r) => [r.path, r.headers['if-none-match']]).sort()).toEqual([['/a.xml', undefined], ['/b.xml', undefined]]);
    expect(await restarted.listArticles({ since: new Date(0) })).toHaveLength(4);
    expect(await restarted.getFeedState(`${server.origin}/a.xml`)).toMatchObject({ status: 'ok', etag: '"a-v1"', itemCount: 2 });
  });
});
