import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dueSubscriptionsSql, migrations, openSqliteStore } from '../../src/store/sqlite-store.js';
import { runStoreContract } from './store-contract.js';

let dir = '';
runStoreContract('SqliteStore', {
  open: async () => {
    dir = mkdtempSync(join(tmpdir(), 'brief-store-'));
    return openSqliteStore(dir);
  },
  reopen: async () => openSqliteStore(dir),
  cleanup: async () => rmSync(dir, { recursive: true, force: true }),
});

describe('SqliteStore on disk', () => {
  it('creates the data directory, uses WAL, and records the schema version', async () => {
    const root = mkdtempSync(join(tmpdir(), 'brief-store-'));
    try {
      const store = openSqliteStore(join(root, 'nested', 'data'));
      await store.close();
      const db = new Database(join(root, 'nested', 'data', 'brief.sqlite'));
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      db.close();
      // Opening again must not re-run migrations (they would fail on existing tables).
      await openSqliteStore(join(root, 'nested', 'data')).close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('brings a first-version file up to date, keeping its records, and prunes by age from an index', async () => {
    const root = mkdtempSync(join(tmpdir(), 'brief-store-'));
    try {
      // A data file as the first version of Brief wrote it, with one delivery half sent.
      const old = new Database(join(root, 'brief.sqlite'));
      old.exec(migrations[0] ?? '');
      old.pragma('user_version = 1');
      old.prepare("INSERT INTO deliveries (channel, target, edition, state, parts_sent, attempts, updated_at) VALUES ('telegram', '42', '2025-12-01', 'pending', 1, 1, '2025-12-01T07:00:00.000Z')").run();
      old.prepare("INSERT INTO subscriptions (chat_id, chat_type, delivery_time, time_zone, active, next_delivery_at, next_edition, created_at, updated_at) VALUES ('42', 'private', '07:00', 'UTC', 1, 0, '2025-12-01', '2025-11-01T07:00:00.000Z', '2025-11-01T07:00:00.000Z')").run();
      old.close();

      const key = { channel: 'telegram' as const, target: '42', edition: '2025-12-01' };
      const reopened = openSqliteStore(root);
      expect(await reopened.getDelivery(key)).toMatchObject({ state: 'pending', partsSent: 1, parts: null });
      await reopened.recordParts(key, ['one', 'two']);
      expect((await reopened.getDelivery(key))?.parts).toEqual(['one', 'two']);
      // A subscriber from before topics follows everything, without the nothing-new line.
      expect(await reopened.getSubscription('42')).toMatchObject({ deliveryTime: '07:00', topics: { follow: [], mute: [] }, nothingNewNotice: false });
      expect(await reopened.listDeliveredStories('telegram', '42')).toEqual([]);
      await reopened.close();
      const db = new Database(join(root, 'brief.sqlite'));
      expect(db.pragma('user_version', { simple: true })).toBe(migrations.length);
      const plan = db.prepare('EXPLAIN QUERY PLAN DELETE FROM deliveries WHERE updated_at < ?').all('2025-01-01') as { detail: string }[];
      db.close();
      expect(plan.map((row) => row.detail).join('\n')).toMatch(/USING (COVERING )?INDEX deliveries_updated/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('answers "who is due" from the partial index, not a table scan', async () => {
    const root = mkdtempSync(join(tmpdir(), 'brief-store-'));
    try {
      await openSqliteStore(root).close();
      const db = new Database(join(root, 'brief.sqlite'));
      const plan = db
        .prepare(`EXPLAIN QUERY PLAN ${dueSubscriptionsSql}`)
        .all({ now: 0, afterAt: 0, afterChat: '', limit: 10 }) as { detail: string }[];
      db.close();
      const details = plan.map((row) => row.detail).join('\n');
      expect(details).toMatch(/USING (COVERING )?INDEX subscriptions_due/);
      expect(details).not.toMatch(/SCAN subscriptions\b(?! USING)/);
      expect(details).not.toMatch(/TEMP B-TREE/);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('SqliteStore articles on disk', () => {
  it('reads an article window and prunes from the instant index, and finds duplicates from their three indexes in one look-up', async () => {
    const root = mkdtempSync(join(tmpdir(), 'brief-store-'));
    try {
      await openSqliteStore(root).close();
      const db = new Database(join(root, 'brief.sqlite'));
      const plan = (sql: string, ...params: unknown[]) =>
        (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[]).map((row) => row.detail).join('\n');
      expect(plan('SELECT * FROM articles WHERE instant >= ? AND instant < ? ORDER BY instant DESC, id DESC', 0, 1)).toMatch(/USING INDEX articles_instant/);
      expect(plan('DELETE FROM articles WHERE instant < ?', 0)).toMatch(/USING (COVERING )?INDEX articles_instant/);
      const lookup = plan(
        'SELECT * FROM articles WHERE (feed_url = @feedUrl AND guid = @guid) OR url = @url OR fingerprint = @fingerprint ORDER BY id',
        { feedUrl: 'a', guid: 'b', url: 'c', fingerprint: 'd' },
      );
      expect(lookup).toMatch(/MULTI-INDEX OR/);
      expect(lookup).toMatch(/INDEX articles_guid/);
      expect(lookup).toMatch(/INDEX articles_url/);
      expect(lookup).toMatch(/INDEX articles_fingerprint/);
      expect(lookup).not.toMatch(/SCAN articles\b(?! USING)/);
      db.close();
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
