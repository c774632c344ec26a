import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { telegramLimits } from '../../../src/channels/telegram/rate-limiter.js';
import type { Story } from '../../../src/digest/types.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { openSqliteStore } from '../../../src/store/sqlite-store.js';
import { digestOf, energyStory, morningDigest } from '../../fixtures/digests.js';
import { startBotApiServer, type BotApiServer } from '../../servers/bot-api-server.js';
import { channelFor, freshEachDay, subscribe } from './helpers.js';

let server: BotApiServer;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server?.close();
});

const MINUTE = 60_000;
const at = (iso: string) => new Date(iso);

describe('scheduled morning delivery', () => {
  it('delivers each subscriber’s morning at their own local hour, in three time zones, once a day', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    const start = at('2025-11-30T12:00:00Z');
    await subscribe(store, '101', '07:30', 'Europe/Kyiv', start); // 05:30 UTC
    await subscribe(store, '102', '07:00', 'America/New_York', start); // 12:00 UTC
    await subscribe(store, '103', '08:00', 'Asia/Tokyo', start); // 23:00 UTC the day before
    const channel = channelFor(server, store, freshEachDay(morningDigest));
    cleanups.push(() => channel.stop());

    // A tick every 5 minutes for two days, as the minute cron would see them (coarser to keep it quick).
    const seen: string[] = [];
    for (let t = start.getTime(); t < start.getTime() + 48 * 60 * MINUTE; t += 5 * MINUTE) {
      const before = server.messages.length;
      await channel.runSchedulerTick(new Date(t));
      for (const message of server.messages.slice(before)) seen.push(`${new Date(t).toISOString()} ${message.chatId} ${message.text.split('\n')[0]}`);
    }
    expect(seen).toEqual([
      '2025-11-30T23:00:00.000Z 103 📰 <b>Brief</b> · Mon 1 Dec 2025',
      '2025-12-01T05:30:00.000Z 101 📰 <b>Brief</b> · Mon 1 Dec 2025',
      '2025-12-01T12:00:00.000Z 102 📰 <b>Brief</b> · Mon 1 Dec 2025',
      '2025-12-01T23:00:00.000Z 103 📰 <b>Brief</b> · Tue 2 Dec 2025',
      '2025-12-02T05:30:00.000Z 101 📰 <b>Brief</b> · Tue 2 Dec 2025',
    ]);
    expect(await store.getDelivery({ channel: 'telegram', target: '101', edition: '2025-12-01' })).toMatchObject({ state: 'sent', partsSent: 1 });
  });

  it('logs a tick with nobody due at debug, and one that sent at info', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await subscribe(store, '101', '07:00', 'UTC', at('2025-12-01T06:00:00Z'));
    const channel = channelFor(server, store, morningDigest);
    cleanups.push(() => channel.stop());
    const levels = () => channel.logger.lines.filter((line) => line.message === 'Telegram scheduler tick done').map((line) => line.level);
    await channel.runSchedulerTick(at('2025-12-01T06:30:00Z'));
    expect(levels()).toEqual(['debug']);
    await channel.runSchedulerTick(at('2025-12-01T07:00:00Z'));
    expect(levels()).toEqual(['debug', 'info']);
  });

  it('sends a morning missed while down if within the grace window, and skips it after', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    const evening = at('2025-11-30T20:00:00Z');
    await subscribe(store, '201', '07:00', 'UTC', evening);
    await subscribe(store, '202', '04:00', 'UTC', evening);
    const channel = channelFor(server, store, freshEachDay(morningDigest), { env: { DELIVERY_GRACE_HOURS: '3' } });
    cleanups.push(() => channel.stop());

    // The bot comes back at 09:30: 201 is 2h30 late (sent), 202 is 5h30 late (skipped and recorded).
    const report = await channel.runSchedulerTick(at('2025-12-01T09:30:00Z'));
    expect(report).toMatchObject({ due: 2, sent: 1, skipped: 1 });
    expect(server.messagesTo('201')).toHaveLength(1);
    expect(server.messagesTo('202')).toHaveLength(0);
    expect(await store.getDelivery({ channel: 'telegram', target: '202', edition: '2025-12-01' })).toMatchObject({
      state: 'skipped',
      lastError: expect.stringContaining('5h30m late'),
    });
    // Both are back on schedule the next morning.
    await channel.runSchedulerTick(at('2025-12-02T04:00:00Z'));
    await channel.runSchedulerTick(at('2025-12-02T07:00:00Z'));
    expect(server.messagesTo('201')).toHaveLength(2);
    expect(server.messagesTo('202')).toHaveLength(1);
  });

  it('waits out a 429’s retry_after and sends once', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await subscribe(store, '301', '07:00', 'UTC', at('2025-11-30T20:00:00Z'));
    server.failChat('301', { code: 429, description: 'Too Many Requests: retry after 1', parameters: { retry_after: 1 }, times: 1 });
    const channel = channelFor(server, store, morningDigest);
    cleanups.push(() => channel.stop());
    const started = Date.now();
    const report = await channel.runSchedulerTick(at('2025-12-01T07:00:00Z'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(report.sent).toBe(1);
    expect(server.messagesTo('301')).toHaveLength(1);
    expect(channel.stats.rateLimited).toBe(1);
  });

  it('retries 5xx answers with backoff, does not resend a send cut off mid-request, and keeps a persistent failure due', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    const evening = at('2025-11-30T20:00:00Z');
    await subscribe(store, '401', '07:00', 'UTC', evening);
    await subscribe(store, '402', '07:00', 'UTC', evening);
    await subscribe(store, '403', '07:00', 'UTC', evening);
    server.failChat('401', { code: 502, description: 'Bad Gateway', times: 2 });
    server.failChat('402', { network: true, times: 1 });
    server.failChat('403', { code: 500, description: 'Internal Server Error: restart' });
    const channel = channelFor(server, store, morningDigest);
    cleanups.push(() => channel.stop());

    const first = await channel.runSchedulerTick(at('2025-12-01T07:00:00Z'));
    expect(first).toMatchObject({ sent: 1, failed: 1, uncertain: 1 });
    expect(server.messagesTo('401')).toHaveLength(1);
    // The connection dropped after the request went out: Telegram may have delivered it, so it is not sent again,
    // and it is recorded as a crash mid-send is, with its part in flight, so the operator's list shows it.
    expect(server.messagesTo('402')).toHaveLength(0);
    expect(await store.getDelivery({ channel: 'telegram', target: '402', edition: '2025-12-01' })).toMatchObject({
      state: 'failed',
      partInFlight: 0,
      lastError: expect.stringContaining('may or may not have been delivered'),
    });
    expect((await store.listUncertainDeliveries('telegram', at('2025-12-01T00:00:00Z'))).map((record) => record.target)).toEqual(['402']);
    expect(server.messagesTo('403')).toHaveLength(0);
    expect(await store.getDelivery({ channel: 'telegram', target: '403', edition: '2025-12-01' })).toMatchObject({
      state: 'pending',
      lastError: '500 Internal Server Error: restart',
    });

    server.failChat('403', { code: 500, times: 0 });
    const second = await channel.runSchedulerTick(at('2025-12-01T07:01:00Z'));
    expect(second).toMatchObject({ due: 1, sent: 1 });
    expect(server.messagesTo('401')).toHaveLength(1);
    expect(server.messagesTo('403')).toHaveLength(1);
  });

  it('ends the subscription on 403 or "chat not found", recording why', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    const evening = at('2025-11-30T20:00:00Z');
    await subscribe(store, '501', '07:00', 'UTC', evening);
    await subscribe(store, '502', '07:00', 'UTC', evening);
    await subscribe(store, '-503', '07:00', 'UTC', evening, 'group');
    server.failChat('501', { code: 403, description: 'Forbidden: bot was blocked by the user' });
    server.failChat('502', { code: 400, description: 'Bad Request: chat not found' });
    server.failChat('-503', { code: 403, description: 'Forbidden: bot was kicked from the group chat' });
    const channel = channelFor(server, store, morningDigest);
    cleanups.push(() => channel.stop());

    const report = await channel.runSchedulerTick(at('2025-12-01T07:00:00Z'));
    expect(report).toMatchObject({ due: 3, ended: 3, sent: 0 });
    expect(await store.getSubscription('501')).toMatchObject({ active: false, endReason: 'blocked by the user' });
    expect(await store.getSubscription('502')).toMatchObject({ active: false, endReason: 'chat not found' });
    expect(await store.getSubscription('-503')).toMatchObject({ active: false, endReason: 'bot was removed from the chat' });
    expect(await store.getDelivery({ channel: 'telegram', target: '501', edition: '2025-12-01' })).toMatchObject({ state: 'failed' });
    // Nobody is tried again the next morning.
    const next = await channel.runSchedulerTick(at('2025-12-02T07:00:00Z'));
    expect(next.due).toBe(0);
    expect(server.refused).toHaveLength(3);
  });

  it('follows a group migrated to a supergroup', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await subscribe(store, '-4001', '07:00', 'UTC', at('2025-11-30T20:00:00Z'), 'group');
    server.failChat('-4001', {
      code: 400,
      description: 'Bad Request: group chat was upgraded to a supergroup chat',
      parameters: { migrate_to_chat_id: -1004001 },
    });
    const channel = channelFor(server, store, morningDigest);
    cleanups.push(() => channel.stop());
    const report = await channel.runSchedulerTick(at('2025-12-01T07:00:00Z'));
    expect(report).toMatchObject({ sent: 1, migrated: 1 });
    expect(server.messagesTo('-1004001')).toHaveLength(1);
    expect(await store.getSubscription('-4001')).toBeNull();
    expect(await store.getSubscription('-1004001')).toMatchObject({ chatType: 'supergroup', active: true, nextEdition: '2025-12-02' });
  });

  it('sends a long digest as several valid messages and resumes a half-sent one without repeats', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    const long: Story = { ...energyStory, summary: 'Crews worked through the night to restore power. '.repeat(40) };
    const digest = digestOf(Array.from({ length: 5 }, (_, i) => ({ ...long, id: `s${i}`, headline: `Story ${i + 1}` })));
    await subscribe(store, '601', '07:00', 'UTC', at('2025-11-30T20:00:00Z'));
    await subscribe(store, '602', '07:00', 'UTC', at('2025-11-30T20:00:00Z'));
    // 602's first part went out before a restart.
    const key = { channel: 'telegram' as const, target: '602', edition: '2025-12-01' };
    await store.beginDelivery(key);
    await store.recordPartStarted(key, 0);
    await store.recordPartSent(key, 1);
    server.setLimits({ globalPerSecond: 30, perChatIntervalMs: 1000, groupPerMinute: 20 });
    const channel = channelFor(server, store, digest, { limits: telegramLimits });
    cleanups.push(() => channel.stop());
    await channel.runSchedulerTick(at('2025-12-01T07:00:00Z'));
    const full = server.messagesTo('601');
    expect(full.length).toBeGreaterThan(1);
    expect(full.map((m) => m.text).join('\n').match(/<b>\d\. Story \d<\/b>/g)).toHaveLength(5);
    expect(server.messagesTo('602').map((m) => m.text)).toEqual(full.slice(1).map((m) => m.text));
    expect(server.rateLimited).toBe(0);
  });

  it('resumes a half-sent digest with the parts it began with, though the digest changed in between', async () => {
    server = await startBotApiServer({ limits: null });
    server.setLimits({ globalPerSecond: null, perChatIntervalMs: 1000, groupPerMinute: null });
    const store = new MemoryStore();
    const long: Story = { ...energyStory, summary: 'Crews worked through the night to restore power. '.repeat(40) };
    let digest = digestOf(Array.from({ length: 5 }, (_, i) => ({ ...long, id: `s${i}`, headline: `Story ${i + 1}` })));
    await subscribe(store, '604', '07:00', 'UTC', at('2025-11-30T20:00:00Z'));
    const channel = channelFor(server, store, digest, { limits: telegramLimits, digestSource: { getDigest: async () => digest } });
    cleanups.push(() => channel.stop());

    // The first part goes out; every try at the second fails with a 502 (retryable), so the morning stays due.
    const firstTick = channel.runSchedulerTick(at('2025-12-01T07:00:00Z'));
    await server.waitFor(() => server.messagesTo('604').length === 1);
    server.failChat('604', { code: 502, description: 'Bad Gateway', times: 3 });
    expect(await firstTick).toMatchObject({ failed: 1, sent: 0 });
    const first = server.messagesTo('604').map((m) => m.text);
    const began = await store.getDelivery({ channel: 'telegram', target: '604', edition: '2025-12-01' });
    expect(began).toMatchObject({ state: 'pending', partsSent: 1 });
    const parts = began?.parts ?? [];
    expect(parts.length).toBeGreaterThan(2);

    // Before the retry, the digest is rebuilt with other stories; the reader still gets the rest of the first one.
    digest = digestOf(Array.from({ length: 5 }, (_, i) => ({ ...long, id: `n${i}`, headline: `Newer story ${i + 1}` })));
    expect(await channel.runSchedulerTick(at('2025-12-01T07:05:00Z'))).toMatchObject({ sent: 1 });
    const received = server.messagesTo('604').map((m) => m.text);
    expect(received).toEqual(parts);
    expect(received.slice(0, 1)).toEqual(first);
    expect(received.join('\n')).not.toContain('Newer story');
    expect((await store.getDelivery({ channel: 'telegram', target: '604', edition: '2025-12-01' }))?.parts ?? null).toBeNull();
  });

  it('does not resend a part a crash left in flight, and records it', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await subscribe(store, '701', '07:00', 'UTC', at('2025-11-30T20:00:00Z'));
    const key = { channel: 'telegram' as const, target: '701', edition: '2025-12-01' };
    await store.beginDelivery(key);
    await store.recordPartStarted(key, 0);
    const channel = channelFor(server, store, morningDigest);
    cleanups.push(() => channel.stop());
    const report = await channel.runSchedulerTick(at('2025-12-01T07:01:00Z'));
    expect(report).toMatchObject({ uncertain: 1, sent: 0 });
    expect(server.messagesTo('701')).toHaveLength(0);
    expect(await store.getDelivery(key)).toMatchObject({ state: 'failed', lastError: expect.stringContaining('not resent, to avoid a duplicate') });
    expect((await store.getSubscription('701'))?.nextEdition).toBe('2025-12-02');
  });

  it('respects Telegram’s limits in a fan-out: no 429, paced at about 30 a second', async () => {
    server = await startBotApiServer();
    const store = new MemoryStore();
    for (let i = 0; i < 75; i += 1) await subscribe(store, String(800 + i), '07:00', 'UTC', at('2025-11-30T20:00:00Z'));
    const channel = channelFor(server, store, morningDigest, { limits: telegramLimits });
    cleanups.push(() => channel.stop());
    const started = Date.now();
    const report = await channel.runSchedulerTick(at('2025-12-01T07:00:00Z'));
    const elapsed = Date.now() - started;
    expect(report.sent).toBe(75);
    expect(server.rateLimited).toBe(0);
    // 75 messages at 30/s need two full windows after the first burst.
    expect(elapsed).toBeGreaterThanOrEqual(2000);
    expect(elapsed).toBeLessThan(4000);
  });

  it('two processes over one data file (the bot and npm run deliver) never both send a morning', async () => {
    server = await startBotApiServer({ limits: null });
    const dir = mkdtempSync(join(tmpdir(), 'brief-two-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const seed = openSqliteStore(dir);
    for (let i = 0; i < 200; i += 1) await subscribe(seed, String(300_000 + i), '07:00', 'UTC', at('2025-11-30T20:00:00Z'));
    await seed.close();
    const [storeA, storeB] = [openSqliteStore(dir), openSqliteStore(dir)];
    cleanups.push(() => storeA.close(), () => storeB.close());
    const [botProcess, deliverProcess] = [channelFor(server, storeA, morningDigest), channelFor(server, storeB, morningDigest)];
    cleanups.push(() => botProcess.stop(), () => deliverProcess.stop());

    const tickAt = at('2025-12-01T07:00:00Z');
    const reports = await Promise.all([botProcess.runSchedulerTick(tickAt), deliverProcess.runSchedulerTick(tickAt)]);
    const perChat = new Map<string, number>();
    for (const message of server.messages) perChat.set(message.chatId, (perChat.get(message.chatId) ?? 0) + 1);
    expect(perChat.size).toBe(200);
    expect([...perChat.values()].filter((count) => count > 1)).toEqual([]);
    expect(reports.map((report) => report.busy).sort()).toEqual([false, true]);
    expect(reports.reduce((total, report) => total + report.sent, 0)).toBe(200);
    // Once the first is done, the lease is free again: the other process's next tick runs (and finds nobody due).
    expect(await deliverProcess.runSchedulerTick(new Date(tickAt.getTime() + MINUTE))).toMatchObject({ busy: false, due: 0 });
  });

  it('a fan-out to 1,000 subscribers stopped midway resumes after a restart: each gets exactly one digest', async () => {
    server = await startBotApiServer({ limits: null });
    const dir = mkdtempSync(join(tmpdir(), 'brief-fanout-'));
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
    const evening = at('2025-11-30T20:00:00Z');
    const first = openSqliteStore(dir);
    for (let i = 0; i < 1000; i += 1) await subscribe(first, String(100_000 + i), '07:00', 'Europe/Kyiv', evening);

    const tickAt = at('2025-12-01T05:00:30Z');
    const channel = channelFor(server, first, morningDigest, { concurrency: 20 });
    let stopping: Promise<void> | null = null;
    server.onMessage = () => {
      if (server.messages.length === 400) stopping = channel.stop();
    };
    const interrupted = await channel.runSchedulerTick(tickAt);
    await stopping;
    await first.close();
    expect(interrupted.interrupted).toBe(true);
    const sentBeforeStop = server.messages.length;
    expect(sentBeforeStop).toBeGreaterThanOrEqual(400);
    expect(sentBeforeStop).toBeLessThan(1000);
    server.onMessage = null;

    // A new process: new store handle on the same file, new channel, the next minute's tick.
    const second = openSqliteStore(dir);
    cleanups.push(() => second.close());
    const restarted = channelFor(server, second, morningDigest, { concurrency: 20 });
    cleanups.push(() => restarted.stop());
    const resumed = await restarted.runSchedulerTick(new Date(tickAt.getTime() + MINUTE));
    expect(resumed.interrupted).toBe(false);
    expect(resumed.sent).toBe(1000 - sentBeforeStop);

    const perChat = new Map<string, number>();
    for (const message of server.messages) perChat.set(message.chatId, (perChat.get(message.chatId) ?? 0) + 1);
    expect(perChat.size).toBe(1000);
    expect([...perChat.values()].every((count) => count === 1)).toBe(true);
    // And a third tick finds nobody due.
    expect((await restarted.runSchedulerTick(new Date(tickAt.getTime() + 2 * MINUTE))).due).toBe(0);
  });
});
