import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { dueSubscriptionsSql, openSqliteStore } from '../../src/store/sqlite-store.js';
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
      expect(db.pragma('user_version', { simple: true })).toBe(1);
      db.close();
      // Opening again must not re-run migrations (they would fail on existing tables).
      await openSqliteStore(join(root, 'nested', 'data')).close();
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
