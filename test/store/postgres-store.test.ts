import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { dueSubscriptionsSql, openPostgresStore } from '../../src/store/postgres-store.js';
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
        expect(applied.rows.map((row: { name: string }) => row.name)).toEqual(['1764540000000_initial']);
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
