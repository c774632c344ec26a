import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPostgresStore, type PostgresStore } from '../../src/store/postgres-store.js';
import type { TickReport } from '../../src/channels/telegram/scheduled-delivery.js';
import { startBotApiServer, telegramServerLimits, type BotApiServer } from '../servers/bot-api-server.js';
import { dropSchema, newSchemaName, postgresAvailable, testDatabaseUrl } from './postgres-test-db.js';

const available = await postgresAvailable();
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const now = new Date('2025-12-01T07:00:00Z');

interface Instance {
  child: ChildProcess;
  reports: TickReport[];
  exited: Promise<number | null>;
}

function startInstance(server: BotApiServer, schema: string): Instance {
  const child = spawn(tsx, [join('test', 'store', 'fanout-instance.ts')], {
    env: {
      PATH: process.env.PATH,
      DATABASE_URL: testDatabaseUrl,
      SCHEMA: schema,
      API_ROOT: server.apiRoot,
      TOKEN: server.token,
      NOW: now.toISOString(),
      CLAIM_MS: '8000',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const reports: TickReport[] = [];
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) if (line.trim().startsWith('{"at"')) reports.push(JSON.parse(line) as TickReport);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, reports, exited };
}

/** Subscribes `count` private chats, all due at `now`. */
async function subscribeMany(store: PostgresStore, count: number): Promise<string[]> {
  const ids = Array.from({ length: count }, (_, i) => String(100_000 + i));
  for (let i = 0; i < ids.length; i += 100) {
    await Promise.all(
      ids.slice(i, i + 100).map((chatId) =>
        store.upsertSubscription({ chatId, chatType: 'private', deliveryTime: '07:00', timeZone: 'UTC', nextDeliveryAt: now, nextEdition: '2025-12-01' }),
      ),
    );
  }
  return ids;
}

/** The most messages the server accepted within any one second. */
function peakPerSecond(times: number[]): number {
  const sorted = [...times].sort((a, b) => a - b);
  let peak = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[end] as number) - (sorted[start] as number) >= 1000) start += 1;
    peak = Math.max(peak, end - start + 1);
  }
  return peak;
}

function sentBy(instance: Instance): number {
  return instance.reports.reduce((sum, report) => sum + report.sent, 0);
}

describe.skipIf(!available)('three instances on one PostgreSQL database', () => {
  let server: BotApiServer;
  const schemas: string[] = [];
  beforeAll(async () => {
    server = await startBotApiServer({ limits: telegramServerLimits });
  });
  afterAll(async () => {
    await server?.close();
    for (const schema of schemas) await dropSchema(schema);
  });

  // The one slow test of the suite: 3,000 sends at the bot's 30 a second take about 105 s.
  it('send each of 3,000 subscribers the morning once, at most 30 messages a second for the bot, the work spread over all three', async () => {
    const schema = newSchemaName('brief_multi');
    schemas.push(schema);
    const store = await openPostgresStore({ url: testDatabaseUrl, schema });
    const ids = await subscribeMany(store, 3000);
    const before = server.messages.length;
    const instances = [0, 1, 2].map(() => startInstance(server, schema));
    const codes = await Promise.all(instances.map((instance) => instance.exited));
    expect(codes).toEqual([0, 0, 0]);
    const sent = server.messages.slice(before).map((message) => message.at);
    console.info(
      `3 instances, 3,000 subscribers: ${((sent.length * 1000) / (Math.max(...sent) - Math.min(...sent))).toFixed(1)} msg/s, ` +
        `peak ${peakPerSecond(sent)} in one second, shares ${instances.map(sentBy).join(' / ')}`,
    );

    const messages = server.messages.slice(before);
    const perChat = new Map<string, number>();
    for (const message of messages) perChat.set(message.chatId, (perChat.get(message.chatId) ?? 0) + 1);
    expect(ids.filter((id) => perChat.get(id) !== 1)).toEqual([]);
    expect(messages).toHaveLength(3000);
    expect(server.rateLimited).toBe(0);
    expect(peakPerSecond(messages.map((message) => message.at))).toBeLessThanOrEqual(30);
    const shares = instances.map(sentBy);
    expect(shares.reduce((a, b) => a + b, 0)).toBe(3000);
    // Each instance did a fair part: none under a fifth of the morning.
    for (const share of shares) expect(share).toBeGreaterThan(600);
    expect(await store.listDueSubscriptions({ now, limit: 1 })).toEqual([]);
    await store.close();
  }, 240_000);

  it('lose nobody when one instance is killed mid-morning: the others take over its lapsed claims', async () => {
    const schema = newSchemaName('brief_multi');
    schemas.push(schema);
    const store = await openPostgresStore({ url: testDatabaseUrl, schema });
    const ids = await subscribeMany(store, 3000);
    const before = server.messages.length;
    const rateLimitedBefore = server.rateLimited;
    const instances = [0, 1, 2].map(() => startInstance(server, schema));
    await server.waitFor(() => server.messages.length - before >= 1000, 90_000);
    instances[0]?.child.kill('SIGKILL');
    const codes = await Promise.all(instances.map((instance) => instance.exited));
    expect(codes.slice(1)).toEqual([0, 0]);

    const messages = server.messages.slice(before);
    const perChat = new Map<string, number>();
    for (const message of messages) perChat.set(message.chatId, (perChat.get(message.chatId) ?? 0) + 1);
    // A send in flight at the kill is never repeated (the ledger marks it uncertain); so no one gets two, and
    // anyone who got nothing is one of those few, recorded for the operator.
    expect([...perChat.values()].filter((count) => count > 1)).toEqual([]);
    const missing = ids.filter((id) => !perChat.has(id));
    const uncertain: string[] = [];
    for (const id of missing) {
      const record = await store.getDelivery({ channel: 'telegram', target: id, edition: '2025-12-01' });
      if (record?.state === 'failed' && record.partInFlight !== null) uncertain.push(id);
    }
    expect(uncertain).toEqual(missing);
    // At most the killed instance's workers (4) were mid-request.
    expect(missing.length).toBeLessThanOrEqual(4);
    expect(server.rateLimited - rateLimitedBefore).toBe(0);
    expect(peakPerSecond(messages.map((message) => message.at))).toBeLessThanOrEqual(30);
    expect(await store.listDueSubscriptions({ now, limit: 1 })).toEqual([]);
    await store.close();
  }, 300_000);
});
