import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore } from '../src/store/postgres-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { Store } from '../src/store/types.js';
import { startServerProcess } from './telegram-bench.js';

const url = process.env.DATABASE_URL_BENCH ?? 'postgres://postgres@127.0.0.1:5432/test';
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const now = new Date('2025-12-01T07:00:00Z');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
}

async function timeRuns(runs: number, run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}

/** 100,000 subscriptions, 10,000 of them due: the first page of 500 and the whole due list paged through. */
async function dueQuery(): Promise<void> {
  const schema = `brief_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const dir = mkdtempSync(join(tmpdir(), 'brief-bench-'));
  const stores: [string, Store][] = [];
  try {
    const postgres = await openPostgresStore({ url, schema, poolSize: 2 });
    await admin.query(`SET search_path TO ${schema}`);
    // Every tenth subscriber is due now, the rest later in the day.
    await admin.query(`INSERT INTO subscriptions (chat_id, chat_type, delivery_time, time_zone, active, next_delivery_at, next_edition, created_at, updated_at)
      SELECT (1000000 + i)::text, 'private', '07:00', 'UTC', true,
        CASE WHEN i % 10 = 0 THEN $1::timestamptz ELSE $1::timestamptz + ((i % 600) + 1) * interval '1 minute' END, '2025-12-01', now(), now()
      FROM generate_series(1, 100000) AS i`, [now]);
    await admin.query('ANALYZE subscriptions');
    const sqlite = openSqliteStore(dir);
    // The same rows through the SQLite store's own writes.
    for (let i = 1; i <= 100_000; i += 1) {
      const at = i % 10 === 0 ? now : new Date(now.getTime() + ((i % 600) + 1) * 60_000);
      await sqlite.upsertSubscription({ chatId: String(1_000_000 + i), chatType: 'private', deliveryTime: '07:00', timeZone: 'UTC', nextDeliveryAt: at, nextEdition: '2025-12-01' });
    }
    stores.push(['SQLite', sqlite], ['PostgreSQL', postgres]);
    const bare = await timeRuns(50, () => admin.query('SELECT 1'));
    console.log(`due query, 100,000 subscriptions (10,000 due); PostgreSQL bare round trip (SELECT 1) ${bare.toFixed(2)} ms`);
    for (const [name, store] of stores) {
      const page = await timeRuns(21, () => store.listDueSubscriptions({ now, limit: 500 }));
      const all = await timeRuns(5, async () => {
        let after: { nextDeliveryAt: Date; chatId: string } | undefined;
        let total = 0;
        for (;;) {
          const rows = await store.listDueSubscriptions({ now, limit: 500, ...(after ? { after } : {}) });
          total += rows.length;
          const last = rows[rows.length - 1];
          if (!last?.nextDeliveryAt || rows.length < 500) break;
          after = { nextDeliveryAt: last.nextDeliveryAt, chatId: last.chatId };
        }
        if (total !== 10_000) throw new Error(`expected 10,000 due, found ${total}`);
      });
      console.log(`  ${name.padEnd(10)} first page of 500: ${page.toFixed(2)} ms median (${(page / bare).toFixed(1)}× bare); all 10,000 due in pages: ${all.toFixed(1)} ms`);
    }
  } finally {
    for (const [, store] of stores) await store.close();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A morning to 10,000 subscribers with the send limits lifted, by `instances` processes on one database. */
async function fanOut(instances: number): Promise<void> {
  const schema = `brief_bench_fanout_${process.pid}_${instances}`;
  const server = await startServerProcess('lifted');
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  try {
    const store = await openPostgresStore({ url, schema, poolSize: 2 });
    await admin.query(`SET search_path TO ${schema}`);
    await admin.query(`INSERT INTO subscriptions (chat_id, chat_type, delivery_time, time_zone, active, next_delivery_at, next_edition, created_at, updated_at)
      SELECT (1000000 + i)::text, 'private', '07:00', 'UTC', true, $1, '2025-12-01', now(), now() FROM generate_series(1, 10000) AS i`, [now]);
    await store.close();
    const started = performance.now();
    const children = Array.from({ length: instances }, () => {
      const child = spawn(tsx, [join('test', 'store', 'fanout-instance.ts')], {
        env: {
          PATH: process.env.PATH,
          DATABASE_URL: url,
          SCHEMA: schema,
          API_ROOT: server.apiRoot,
          TOKEN: server.token,
          NOW: now.toISOString(),
          CLAIM_MS: '60000',
          PER_SECOND: '100000',
          CONCURRENCY: '16',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      return once(child, 'exit').then(() => output);
    });
    const outputs = await Promise.all(children);
    const seconds = (performance.now() - started) / 1000;
    const lines = outputs.map((output) => output.trim().split('\n').map((line) => JSON.parse(line) as { sent?: number; maxRssBytes?: number }));
    const sent = lines.flat().reduce((sum, line) => sum + (line.sent ?? 0), 0);
    const rss = lines.map((own) => own.find((line) => line.maxRssBytes)?.maxRssBytes ?? 0);
    console.log(
      `  ${instances} instance${instances > 1 ? 's' : ''}: ${sent} sent in ${seconds.toFixed(1)} s (process start-up included) = ${(sent / seconds).toFixed(0)} msg/s; ` +
        `peak RSS per instance ${rss.map((bytes) => `${Math.round(bytes / 1048576)} MB`).join(', ')}`,
    );
  } finally {
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
    await server.close();
  }
}

/** `npm run bench -- postgres`: the store on PostgreSQL beside SQLite, and a fan-out split over instances. */
export async function runBench(): Promise<void> {
  await dueQuery();
  console.log('fan-out to 10,000 subscribers on PostgreSQL, limits lifted (16 sends at once per instance):');
  await fanOut(1);
  await fanOut(3);
}
