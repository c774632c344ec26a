import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dueSubscriptionsSql, openPostgresStore, type PostgresStore } from '../../src/store/postgres-store.js';
import { dropSchema, newSchemaName, postgresAvailable, testDatabaseUrl } from './postgres-test-db.js';
import { runStoreContract } from './store-contract.js';

const available = await postgresAvailable();

describe.skipIf(!available)('PostgresStore', () => {
  let schema = '';
  runStoreContract('PostgresStore', {
    open: async () => {
      schema = newSchemaName();
      return openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 3 });
    },
    reopen: async () => openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 3 }),
    cleanup: async () => dropSchema(schema),
  });

  it('migrates once when several instances start at the same moment, and answers "who is due" from the index', async () => {
    const shared = newSchemaName();
    try {
      const stores = await Promise.all([1, 2, 3].map(() => openPostgresStore({ url: testDatabaseUrl, schema: shared, poolSize: 1 })));
      await stores[0]?.upsertSubscription({
        chatId: '1',
        chatType: 'private',
        deliveryTime: '07:00',
        timeZone: 'UTC',
        nextDeliveryAt: new Date('2025-12-01T07:00:00Z'),
        nextEdition: '2025-12-01',
      });
      expect(await stores[2]?.countActiveSubscriptions()).toBe(1);
      await Promise.all(stores.map((store) => store.close()));

      const client = new pg.Client({ connectionString: testDatabaseUrl });
      await client.connect();
      try {
        const applied = await client.query(`SELECT name FROM ${shared}.brief_migrations`);
        expect(applied.rows.map((row: { name: string }) => row.name)).toEqual(['1764540000000_initial', '1764540000001_delivered-stories', '1764540000002_articles']);
        await client.query(`SET search_path TO ${shared}`);
        // Enough rows that the planner would rather scan if the index did not fit the query.
        await client.query(`INSERT INTO subscriptions (chat_id, chat_type, delivery_time, time_zone, active, next_delivery_at, next_edition, created_at, updated_at)
          SELECT 'c' || i, 'private', '07:00', 'UTC', i % 10 <> 0, now() + (i || ' minutes')::interval, '2025-12-01', now(), now()
          FROM generate_series(1, 20000) AS i`);
        await client.query('ANALYZE subscriptions');
        const plan = await client.query(`EXPLAIN ${dueSubscriptionsSql}`, [new Date(Date.now() + 3_600_000), new Date(0), '', 100]);
        const text = plan.rows.map((row: Record<string, string>) => Object.values(row).join('')).join('\n');
        expect(text).toMatch(/Index Scan using subscriptions_due/);
        expect(text).not.toMatch(/Seq Scan|Sort/);
      } finally {
        await client.end();
      }
    } finally {
      await dropSchema(shared);
    }
  });
});

describe.skipIf(!available)('PostgresStore for several instances', () => {
  it('grants a bot at most its limit of sends a window, counted from their answers, across stores', async () => {
    const schema = newSchemaName();
    const [a, b] = await Promise.all([1, 2].map(() => openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 2 })));
    try {
      const pacerA = (a as PostgresStore).createSendPacer('bot', 3);
      const pacerB = (b as PostgresStore).createSendPacer('bot', 3);
      const first = [await pacerA.take(), await pacerB.take(), await pacerA.take()];
      expect(first.every((taken) => 'slot' in taken)).toBe(true);
      // Three in flight: the fourth waits, in either instance, until one is answered and its second has passed.
      const refused = await pacerB.take();
      expect(refused).toMatchObject({ waitMs: expect.any(Number) });
      await pacerA.answered((first[0] as { slot: string }).slot);
      expect(await pacerB.take()).toHaveProperty('waitMs');
      await new Promise((resolve) => setTimeout(resolve, 1100));
      expect(await pacerB.take()).toHaveProperty('slot');
      // Another bot has its own limit.
      expect(await (b as PostgresStore).createSendPacer('other bot', 3).take()).toHaveProperty('slot');
      // A 429 seen by one instance holds the other's sends too.
      await pacerA.pauseFor(5000);
      await new Promise((resolve) => setTimeout(resolve, 1100));
      const paused = await pacerB.take();
      expect(paused).toHaveProperty('waitMs');
      expect((paused as { waitMs: number }).waitMs).toBeGreaterThan(3000);
    } finally {
      await Promise.all([a?.close(), b?.close()]);
      await dropSchema(schema);
    }
  });

  it('lets one store at a time hold an advisory lock, and the next take it when the holder lets go', async () => {
    const schema = newSchemaName();
    const [a, b] = await Promise.all([1, 2].map(() => openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 2 })));
    try {
      const key = 4_000_000_000 + (process.pid % 1000);
      const held = await a?.tryAdvisoryLock(key);
      expect(held).not.toBeNull();
      expect(await b?.tryAdvisoryLock(key)).toBeNull();
      await held?.release();
      const next = await b?.tryAdvisoryLock(key);
      expect(next).not.toBeNull();
      await next?.release();
    } finally {
      await Promise.all([a?.close(), b?.close()]);
      await dropSchema(schema);
    }
  });
});

describe.skipIf(!available)('PostgresStore: what deliveries carried, on PostgreSQL', () => {
  it('keeps what each delivery carried, lists uncertain deliveries, and hands a dead holder\'s lease to one taker', async () => {
    const schema = newSchemaName();
    const store = await openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 2 });
    try {
      const key = { channel: 'telegram' as const, target: '42', edition: '2025-12-01' };
      await store.beginDelivery(key);
      await store.recordDeliveryStories(key, [{ storyId: 'a', reports: 2 }, { storyId: 'b', reports: 1 }]);
      // Not yet sent: nothing counts as delivered.
      expect(await store.listDeliveredStories('telegram', '42')).toEqual([]);
      await store.recordPartSent(key, 1);
      const next = { ...key, edition: '2025-12-02' };
      await store.beginDelivery(next);
      await store.recordDeliveryStories(next, [{ storyId: 'a', reports: 5 }]);
      await store.markDelivered(next);
      const delivered = await store.listDeliveredStories('telegram', '42');
      expect(delivered.sort((x, y) => x.storyId.localeCompare(y.storyId))).toEqual([{ storyId: 'a', reports: 5 }, { storyId: 'b', reports: 1 }]);
      expect(await store.listDeliveredStories('telegram', '42', '2025-12-02')).toEqual(
        expect.arrayContaining([{ storyId: 'a', reports: 2 }, { storyId: 'b', reports: 1 }]),
      );
      expect(await store.listDeliveredStories('slack', '42')).toEqual([]);

      const crashed = { ...key, target: '43' };
      await store.beginDelivery(crashed);
      await store.recordPartStarted(crashed, 0);
      await store.markUncertain(crashed, 'interrupted while sending part 1');
      expect(await store.listUncertainDeliveries('telegram', new Date(Date.now() - 60_000))).toMatchObject([
        { target: '43', state: 'failed', partInFlight: 0, lastError: 'interrupted while sending part 1' },
      ]);

      const until = new Date(Date.now() + 60_000);
      await store.acquireLease('telegram-delivery', 'a', until);
      expect(await store.getLease('telegram-delivery')).toEqual({ owner: 'a', until });
      expect(await store.takeOverLease('telegram-delivery', 'a', 'b', until)).toBe(true);
      expect(await store.takeOverLease('telegram-delivery', 'a', 'c', until)).toBe(false);

      expect(await store.pruneDeliveries(new Date(Date.now() + 1000))).toBe(3);
      expect(await store.listDeliveredStories('telegram', '42')).toEqual([]);
    } finally {
      await store.close();
      await dropSchema(schema);
    }
  });
});
