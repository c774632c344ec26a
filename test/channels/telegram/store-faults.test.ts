import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type SqliteStore } from '../../../src/store/sqlite-store.js';
import { storeBusyReply } from '../../../src/store/store-faults.js';
import { morningDigest } from '../../fixtures/digests.js';
import { startBotApiServer, type BotApiServer, type TestChat, type TestUser } from '../../servers/bot-api-server.js';
import { channelFor, subscribe } from './helpers.js';

const alice: TestUser = { id: 1001, first_name: 'Alice', username: 'alice' };
const aliceChat: TestChat = { id: 1001, type: 'private', first_name: 'Alice' };
const now = new Date('2025-12-01T10:00:00Z');

let server: BotApiServer | null = null;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server?.close();
  server = null;
});

async function say(text: string): Promise<string> {
  const api = server as BotApiServer;
  const before = api.messagesTo(aliceChat.id).length;
  api.userSends(aliceChat, alice, text);
  await api.waitFor(() => api.messagesTo(aliceChat.id).length > before, 20_000);
  return api.messagesTo(aliceChat.id)[before]?.text ?? '';
}

async function startWith(dataDir: string): Promise<{ store: SqliteStore; lines: () => string[]; channel: ReturnType<typeof channelFor> }> {
  server = await startBotApiServer();
  const store = openSqliteStore(dataDir);
  cleanups.push(() => store.close());
  const channel = channelFor(server, store, morningDigest, { now: () => now, env: { DATA_DIR: dataDir } });
  await channel.start();
  cleanups.push(() => channel.stop());
  return { channel, store, lines: () => channel.logger.lines.map((line) => `${line.level} ${line.message} ${JSON.stringify(line.context ?? {})}`) };
}

describe('a reader’s action on a busy or full store', () => {
  it('locked by another process past the busy timeout: the reader is asked to try again, the log says why; later it works', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'brief-busy-'));
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const { store, lines } = await startWith(dataDir);
    const holder = spawn(process.execPath, [
      '-e',
      `const db = new (require('better-sqlite3'))(${JSON.stringify(join(dataDir, 'brief.sqlite'))});
       db.exec('BEGIN IMMEDIATE'); db.exec("UPDATE subscriptions SET updated_at = updated_at"); console.log('locked');
       process.stdin.on('data', () => { db.exec('COMMIT'); db.close(); process.exit(0); });`,
    ]);
    cleanups.push(() => void holder.kill());
    await new Promise((resolve) => holder.stdout.once('data', resolve));

    expect(await say('/subscribe 07:30 Europe/Kyiv')).toBe(storeBusyReply);
    expect(lines().join('\n')).toMatch(/warn store busy: another process held the lock longer than the busy timeout.*"chatId":1001.*"reader":"asked to try again in a minute".*"waitedMs":5000/);

    holder.stdin.write('done\n');
    await new Promise((resolve) => holder.once('exit', resolve));
    expect(await say('/subscribe 07:30 Europe/Kyiv')).toContain('Subscribed.');
    expect((await store.getSubscription('1001'))?.deliveryTime).toBe('07:30');
  });

  const canMount = process.getuid?.() === 0 && spawnSync('mount', ['--version']).status === 0;
  it.skipIf(!canMount)('on a full disk: logged once with the file and the free space, Brief goes on serving /brief, nothing stored is lost', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'brief-full-'));
    const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', dataDir]);
    if (mounted.status !== 0) {
      console.log(`Skipping the full-disk test: mount -t tmpfs failed (${mounted.stderr.toString().trim()}); run it as root where mounting is allowed.`);
      rmSync(dataDir, { recursive: true, force: true });
      return;
    }
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    cleanups.push(() => void spawnSync('umount', [dataDir]));
    const { channel, store, lines } = await startWith(dataDir);
    await subscribe(store, '2002', '07:00', 'UTC', now);
    // Fill the rest of the disk.
    const filler = openSync(join(dataDir, 'filler'), 'w');
    try {
      for (;;) writeSync(filler, Buffer.alloc(64 * 1024, 1));
    } catch {
      // ENOSPC: the disk is full.
    }
    closeSync(filler);
    const subscribers = Array.from({ length: 300 }, (_, i) => `chat-${i}-${'x'.repeat(200)}`);

    let reply = '';
    for (let i = 0; i < 3; i += 1) {
      reply = await say(`/subscribe 0${i}:30 Europe/Kyiv`);
      if (reply === storeBusyReply) break;
      // The last free pages may still take a small change; more subscribers use them up.
      for (const chatId of subscribers.splice(0, 100)) await subscribe(store, chatId, '07:00', 'UTC', now).catch(() => undefined);
    }
    expect(reply).toBe(storeBusyReply);
    await say('/subscribe 09:30 UTC');
    // The morning tick cannot record a delivery: it stops at the first one, sends nothing, and logs nothing more.
    const due = (await store.getSubscription('2002'))?.nextDeliveryAt;
    const tick = await channel.runSchedulerTick(new Date('2025-12-02T07:00:00Z'));
    expect(tick).toMatchObject({ sent: 0, interrupted: true });
    expect(server?.messagesTo('2002') ?? []).toEqual([]);
    expect((await store.getSubscription('2002'))?.nextDeliveryAt).toEqual(due);
    expect(lines().filter((line) => line.includes('Delivery failed unexpectedly'))).toEqual([]);
    const full = lines().filter((line) => line.includes('the disk is full'));
    expect(full).toHaveLength(1);
    expect(full[0]).toContain(`"file":"${join(dataDir, 'brief.sqlite')}"`);
    expect(full[0]).toMatch(/"free":"\d+(\.\d)? (bytes|KB)"/);

    expect(await say('/brief')).toContain('Brief');
    expect((await store.getSubscription('2002'))?.active).toBe(true);
  });
});
