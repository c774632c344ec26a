import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { articleFile, hostileText } from '../../../bench/hostile-text.js';
import { defaultRetryPolicy } from '../../../src/channels/telegram/send-transformer.js';
import { buildDigestInWorker } from '../../../src/content/build-digest-in-worker.js';
import { createContentDigestSource } from '../../../src/content/content-digest-source.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { digestOf, morningDigest, talksStory } from '../../fixtures/digests.js';
import { startBotApiServer, type BotApiServer, type SentMessage, type TestChat, type TestUser } from '../../servers/bot-api-server.js';
import { channelFor, subscribe } from './helpers.js';

const now = new Date('2025-12-01T10:00:00Z');
const readers: TestUser[] = [1, 2, 3, 4, 5].map((n) => ({ id: 3000 + n, first_name: `Reader ${n}` }));
const chatOf = (user: TestUser): TestChat => ({ id: user.id, type: 'private', first_name: user.first_name });
const [first, second, third] = readers as [TestUser, TestUser, TestUser];

let server: BotApiServer;
const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server?.close();
});

async function startChannel(overrides: Parameters<typeof channelFor>[3] = {}) {
  const channel = channelFor(server, new MemoryStore(), morningDigest, { now: () => now, ...overrides });
  await channel.start();
  cleanups.push(() => channel.stop());
  return channel;
}

/** Milliseconds from a reader's message to the bot's first answer in that chat. */
async function answerTime(user: TestUser, text: string): Promise<number> {
  const before = server.messagesTo(user.id).length;
  const started = Date.now();
  server.userSends(chatOf(user), user, text);
  await server.waitFor(() => server.messagesTo(user.id).length > before, 5_000);
  return Date.now() - started;
}

/** Waits a little past the last expected message, so a late duplicate would be seen. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 400));

describe('a Telegram bot under faults and hostile input', () => {
  it('answers another chat’s /help within a second while a send to one chat hangs', async () => {
    server = await startBotApiServer({ limits: null });
    await startChannel();
    server.hangChat(second.id);
    server.userSends(chatOf(second), second, '/help');
    await server.waitFor(() => (server.calls.get('sendMessage') ?? 0) >= 1);
    expect(await answerTime(first, '/help')).toBeLessThan(1000);
    expect(server.messagesTo(first.id)[0]?.text).toContain('/subscribe');
    expect(server.messagesTo(second.id)).toHaveLength(0);
  });

  it('answers /help within a second while the digest of a 1 MB hostile article builds', async () => {
    server = await startBotApiServer({ limits: null });
    const folder = mkdtempSync(join(tmpdir(), 'brief-hostile-'));
    cleanups.push(() => rmSync(folder, { recursive: true, force: true }));
    writeFileSync(join(folder, 'hostile.md'), articleFile('Talks resume', hostileText('"word" ', 1_000_000, 'lines'), '2025-12-01T06:00:00Z'));
    const digestSource = createContentDigestSource({ contentDir: folder, windowHours: 24, summarySentences: 2, maxQuotes: 3, build: buildDigestInWorker });
    await startChannel({ digestSource });

    server.userSends(chatOf(second), second, '/brief');
    const helpMs = await answerTime(first, '/help');
    expect(helpMs).toBeLessThan(1000);
    await server.waitFor(() => server.messagesTo(second.id).length > 0, 20_000);
    // The brief arrives, with the note that the article was cut, and within Telegram's size limit.
    const brief = server.messagesTo(second.id).map((message) => message.text).join('\n');
    expect(brief).toContain('Talks resume');
  });

  it('answers every reader exactly once through a storm of 429s', async () => {
    server = await startBotApiServer({ limits: null });
    await startChannel({ retry: defaultRetryPolicy });
    for (const reader of readers) {
      server.failChat(reader.id, { code: 429, description: 'Too Many Requests: retry after 0', parameters: { retry_after: 0 }, times: 25 });
      server.userSends(chatOf(reader), reader, '/help');
    }
    await server.waitFor(() => readers.every((reader) => server.messagesTo(reader.id).length >= 1), 10_000);
    await settle();
    expect(readers.map((reader) => server.messagesTo(reader.id).length)).toEqual([1, 1, 1, 1, 1]);
    expect(server.refused.filter((refusal) => refusal.code === 429)).toHaveLength(125);
  });

  it('does not send a reply again when Telegram accepted it and the answer then failed', async () => {
    server = await startBotApiServer({ limits: null });
    const channel = await startChannel();
    server.failAfterAccepting(first.id, 'reset');
    server.failAfterAccepting(second.id, 'malformed');
    server.failAfterAccepting(third.id, 'bad-gateway');
    for (const reader of [first, second, third]) server.userSends(chatOf(reader), reader, '/help');
    await server.waitFor(() => [first, second, third].every((reader) => server.messagesTo(reader.id).length >= 1));
    await settle();
    expect([first, second, third].map((reader) => server.messagesTo(reader.id).length)).toEqual([1, 1, 1]);
    const unsure = channel.logger.lines.filter((line) => String(line.context?.error).includes('may or may not have been delivered'));
    expect(unsure).toHaveLength(3);
  });

  it('keeps polling through 409 Conflict, saying so, and answers once the other poller is gone', async () => {
    server = await startBotApiServer({ limits: null });
    server.failMethod('getUpdates', {
      code: 409,
      description: 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running',
      times: 3,
    });
    const channel = await startChannel({ pollingRetryMs: 20 });
    expect(await answerTime(first, '/help')).toBeLessThan(3000);
    expect(server.messagesTo(first.id)).toHaveLength(1);
    const conflicts = channel.logger.lines.filter((line) => line.level === 'error' && line.message.includes('409 Conflict'));
    expect(conflicts).toHaveLength(3);
    expect(channel.logger.lines.some((line) => line.message === 'Telegram polling resumed')).toBe(true);
  });

  it('sends /brief within Telegram’s 4,096 characters per message however long and markup-heavy the stories are', async () => {
    server = await startBotApiServer({ limits: null });
    const heavy = { ...talksStory, headline: '<&>'.repeat(700), summary: `${'<b>&amp;</b> '.repeat(600)}${'x'.repeat(6000)}` };
    const digest = digestOf(Array.from({ length: 8 }, (_, i) => ({ ...heavy, id: `heavy-${i}` })));
    const channel = channelFor(server, new MemoryStore(), digest, { now: () => now });
    await channel.start();
    cleanups.push(() => channel.stop());
    server.userSends(chatOf(first), first, '/brief');
    await server.waitFor(() => server.messagesTo(first.id).length > 0);
    await settle();
    // The server refuses what Telegram refuses (over 4,096 characters once parsed): every part arrived.
    expect(channel.logger.lines.filter((line) => line.level === 'error')).toEqual([]);
    expect(server.messagesTo(first.id).length).toBeGreaterThan(1);
    expect(server.messagesTo(first.id).map((message) => message.text).join('')).toContain('&lt;&amp;&gt;');
  });

  it('answers a 4,000-character /subscribe argument with a short excerpt', async () => {
    server = await startBotApiServer({ limits: null });
    await startChannel();
    const zone = `Europe/${'x'.repeat(4000)}`;
    await answerTime(first, `/subscribe 07:30 ${zone}`);
    const reply = server.messagesTo(first.id)[0] as SentMessage;
    expect(reply.text).toMatch(/^“Europe\/x{32}…” is not a time zone I know; use an IANA name such as Europe\/Kyiv or America\/New_York\.\nUsage: \/subscribe/);
    expect(reply.text.length).toBeLessThan(400);
  });

  it('answers 4,000 characters of bad /subscribe words by explaining the first three', async () => {
    server = await startBotApiServer({ limits: null });
    await startChannel();
    await answerTime(first, `/subscribe ${'Mars/Base '.repeat(400)}`);
    const reply = server.messagesTo(first.id)[0] as SentMessage;
    expect(reply.text.split('\n').slice(0, 4)).toEqual([
      ...Array.from({ length: 3 }, () => '“Mars/Base” is not a time zone I know; use an IANA name such as Europe/Kyiv or America/New_York.'),
      '…and 397 more words that are neither a time nor a time zone.',
    ]);
    expect(reply.text.length).toBeLessThan(800);
  });

  it('answers a 4,000-character zone typed into /settings with a short excerpt', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await subscribe(store, String(first.id), '07:00', 'UTC', now);
    const channel = channelFor(server, store, morningDigest, { now: () => now });
    await channel.start();
    cleanups.push(() => channel.stop());
    const settings = server.messagesTo(first.id).length;
    server.userSends(chatOf(first), first, '/settings');
    await server.waitFor(() => server.messagesTo(first.id).length > settings);
    server.userPresses(chatOf(first), first, server.messagesTo(first.id).at(-1) as SentMessage, 'settings:ask-zone');
    await server.waitFor(() => server.messagesTo(first.id).length > settings + 1);
    const prompt = server.messagesTo(first.id).at(-1) as SentMessage;
    const replyTo = { reply_to_message: { message_id: prompt.messageId, date: 0, chat: chatOf(first), from: { id: 7_000_001, is_bot: true, first_name: 'Brief' }, text: prompt.text } };
    server.userSends(chatOf(first), first, 'Z'.repeat(4000), replyTo);
    await server.waitFor(() => server.messagesTo(first.id).length > settings + 2);
    const reply = server.messagesTo(first.id).at(-1) as SentMessage;
    expect(reply.text).toBe(`“${'Z'.repeat(39)}…” is not a time zone I know; use an IANA name such as Europe/Kyiv or America/New_York. Nothing was changed.`);
    expect((await store.getSubscription(String(first.id)))?.timeZone).toBe('UTC');
  });
});
