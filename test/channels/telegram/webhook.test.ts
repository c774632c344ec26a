import { afterEach, describe, expect, it } from 'vitest';
import type { Digest } from '../../../src/digest/types.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { morningDigest } from '../../fixtures/digests.js';
import { startBotApiServer, type BotApiServer } from '../../servers/bot-api-server.js';
import { channelFor } from './helpers.js';

const secret = 'webhook-s3cret_token';
const chat = { id: 2002, type: 'private', first_name: 'Bob' };
const from = { id: 2002, is_bot: false, first_name: 'Bob' };

let server: BotApiServer;
let stopChannel: (() => Promise<void>) | null = null;

afterEach(async () => {
  await stopChannel?.();
  stopChannel = null;
  await server?.close();
});

function commandUpdate(updateId: number, text: string) {
  const length = text.split(' ')[0]!.length;
  return { update_id: updateId, message: { message_id: updateId, date: 0, chat, from, text, entities: [{ type: 'bot_command', offset: 0, length }] } };
}

async function startWebhookChannel(store: MemoryStore, getDigest: () => Promise<Digest> = async () => morningDigest) {
  server = await startBotApiServer({ limits: null });
  const channel = channelFor(server, store, morningDigest, {
    env: { TELEGRAM_WEBHOOK_URL: 'https://brief.example/telegram/hook', TELEGRAM_WEBHOOK_SECRET: secret, TELEGRAM_WEBHOOK_PORT: '0' },
    digestSource: { getDigest },
    host: '127.0.0.1',
  });
  await channel.start();
  stopChannel = () => channel.stop();
  const port = channel.webhookAddress()?.port;
  const post = (body: string, headers: Record<string, string> = { 'X-Telegram-Bot-Api-Secret-Token': secret }) =>
    fetch(`http://127.0.0.1:${port}/telegram/hook`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });
  return { channel, post };
}

describe('Telegram webhook', () => {
  it('refuses forged and unsigned updates with 401 and acts on none of them', async () => {
    const store = new MemoryStore();
    const { post, channel } = await startWebhookChannel(store);
    const forged = JSON.stringify(commandUpdate(1, '/subscribe 07:00 UTC'));
    expect((await post(forged, {})).status).toBe(401);
    expect((await post(forged, { 'X-Telegram-Bot-Api-Secret-Token': 'guess' })).status).toBe(401);
    expect((await post(forged, { 'X-Telegram-Bot-Api-Secret-Token': `${secret}x` })).status).toBe(401);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await store.getSubscription('2002')).toBeNull();
    expect(server.messagesTo(2002)).toHaveLength(0);
    expect(channel.logger.lines.some((line) => line.message.includes('without the right secret'))).toBe(true);

    expect((await post(forged)).status).toBe(200);
    await server.waitFor(() => server.messagesTo(2002).length === 1);
    expect((await store.getSubscription('2002'))?.active).toBe(true);
  });

  it('refuses a body over 1 MB with 413, and one that is not an update with 400', async () => {
    const store = new MemoryStore();
    const { post } = await startWebhookChannel(store);
    const update = commandUpdate(2, '/help') as Record<string, unknown>;
    const huge = JSON.stringify({ ...update, padding: 'x'.repeat(2 * 1024 * 1024) });
    expect((await post(huge)).status).toBe(413);
    expect((await post('{not json')).status).toBe(400);
    expect((await post('null')).status).toBe(400);
    expect((await post('{"update_id":"1"}')).status).toBe(400);
    expect(server.messagesTo(2002)).toHaveLength(0);
  });

  it('answers Telegram at once and sends a 12-second reply once, even when Telegram delivers the update again', async () => {
    const store = new MemoryStore();
    let builds = 0;
    const { post } = await startWebhookChannel(store, async () => {
      builds += 1;
      await new Promise((resolve) => setTimeout(resolve, 12_000));
      return morningDigest;
    });
    const update = JSON.stringify(commandUpdate(3, '/brief'));
    const first = await post(update);
    expect(first.status).toBe(200);
    // Telegram has its answer while the digest is still being built: nothing is sent yet.
    expect(server.messagesTo(2002)).toHaveLength(0);
    // A re-delivery of the same update (as after a lost answer) is acknowledged and dropped.
    expect((await post(update)).status).toBe(200);
    await server.waitFor(() => server.messagesTo(2002).length >= 1, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(builds).toBe(1);
    expect(server.messagesTo(2002).length).toBeGreaterThanOrEqual(1);
    expect(new Set(server.messagesTo(2002).map((message) => message.text)).size).toBe(server.messagesTo(2002).length);
  }, 30_000);
});
