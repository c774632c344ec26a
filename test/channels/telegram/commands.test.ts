import { afterEach, describe, expect, it } from 'vitest';
import { telegramLimits } from '../../../src/channels/telegram/rate-limiter.js';
import type { Digest } from '../../../src/digest/types.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { morningDigest, digestOf, talksStory } from '../../fixtures/digests.js';
import { startBotApiServer, type BotApiServer, type SentMessage, type TestChat, type TestUser } from '../../servers/bot-api-server.js';
import { channelFor } from './helpers.js';

const alice: TestUser = { id: 1001, first_name: 'Alice', username: 'alice' };
const aliceChat: TestChat = { id: 1001, type: 'private', first_name: 'Alice' };
const now = new Date('2025-12-01T10:00:00Z');

let server: BotApiServer;
let stopChannel: (() => Promise<void>) | null = null;

afterEach(async () => {
  await stopChannel?.();
  stopChannel = null;
  await server?.close();
});

async function startChannel(store: MemoryStore, options: Parameters<typeof channelFor>[3] = {}, digest: Digest = morningDigest) {
  const channel = channelFor(server, store, digest, { now: () => now, ...options });
  await channel.start();
  stopChannel = () => channel.stop();
  return channel;
}

/** Sends a user message and waits for the bot's next message to that chat. */
async function say(chat: TestChat, from: TestUser | null, text: string, extra?: Record<string, unknown>): Promise<SentMessage> {
  const before = server.messagesTo(chat.id).length;
  server.userSends(chat, from, text, extra);
  await server.waitFor(() => server.messagesTo(chat.id).length > before);
  return server.messagesTo(chat.id)[before] as SentMessage;
}

function buttons(message: SentMessage): { text: string; callback_data: string }[] {
  return ((message.replyMarkup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard ?? []).flat();
}

describe('Telegram commands, from a reader’s messages', () => {
  it('subscribe, settings and unsubscribe: the whole flow, within Telegram’s limits', async () => {
    server = await startBotApiServer();
    const store = new MemoryStore();
    await startChannel(store, { limits: telegramLimits });

    expect(server.commands.map((c) => c.command)).toEqual(['start', 'brief', 'subscribe', 'settings', 'topics', 'unsubscribe', 'help']);

    const welcome = await say(aliceChat, alice, '/start');
    expect(welcome.text).toContain('Welcome to Brief');
    expect(buttons(welcome).map((b) => b.callback_data)).toEqual(['start:subscribe', 'start:brief']);

    const bad = await say(aliceChat, alice, '/subscribe 25:00 Europe/Kyiv');
    expect(bad.text).toContain('“25:00” is not a time of day');
    expect(bad.text).toContain('Usage: /subscribe [HH:MM] [time zone] — for example /subscribe 07:30 Europe/Kyiv');
    expect(await store.getSubscription('1001')).toBeNull();

    const badZone = await say(aliceChat, alice, '/subscribe 07:30 Mars/Olympus');
    expect(badZone.text).toContain('“Mars/Olympus” is not a time zone I know; use an IANA name such as Europe/Kyiv or America/New_York.');
    expect(await store.getSubscription('1001')).toBeNull();

    const subscribed = await say(aliceChat, alice, '/subscribe 07:30 Europe/Kyiv');
    expect(subscribed.text).toContain('Subscribed. Your Brief arrives every day at <b>07:30</b>, Europe/Kyiv time.');
    expect(subscribed.text).toContain('Next: Tue 2 Dec 2025, 07:30.');
    expect(await store.getSubscription('1001')).toMatchObject({ deliveryTime: '07:30', timeZone: 'Europe/Kyiv', active: true, chatType: 'private' });

    const settings = await say(aliceChat, alice, '/settings');
    expect(settings.text).toContain('07:30</b>, Europe/Kyiv time');
    expect(buttons(settings).map((b) => b.text)).toEqual(expect.arrayContaining(['08:00', 'Other time…', 'America/New_York', 'Other time zone…']));

    server.userPresses(aliceChat, alice, settings, 'settings:time:08:00');
    await server.waitFor(() => server.edits.length === 1);
    expect(server.edits[0]?.text).toContain('every day at <b>08:00</b>, Europe/Kyiv time');
    expect(server.callbackAnswers.at(-1)?.text).toBe('Delivery time: 08:00');
    expect((await store.getSubscription('1001'))?.deliveryTime).toBe('08:00');

    server.userPresses(aliceChat, alice, settings, 'settings:ask-zone');
    await server.waitFor(() => server.messagesTo(1001).length === 6);
    const prompt = server.messagesTo(1001)[5] as SentMessage;
    expect(prompt.text).toContain('reply to this message with an IANA time zone name');
    expect(prompt.replyMarkup).toMatchObject({ force_reply: true });
    const replyTo = { reply_to_message: { message_id: prompt.messageId, date: 0, chat: aliceChat, from: { id: 7_000_001, is_bot: true, first_name: 'Brief' }, text: prompt.text } };

    const refused = await say(aliceChat, alice, 'Kyiv', replyTo);
    expect(refused.text).toBe('“Kyiv” is not a time zone name; did you mean Europe/Kyiv? Nothing was changed.');
    expect((await store.getSubscription('1001'))?.timeZone).toBe('Europe/Kyiv');

    const saved = await say(aliceChat, alice, 'america/new_york', replyTo);
    expect(saved.text).toContain('Saved. Your Brief arrives every day at <b>08:00</b>, America/New_York time.');
    // 10:00 UTC is 05:00 in New York: this morning's 08:00 is still to come.
    expect(saved.text).toContain('Next: Mon 1 Dec 2025, 08:00.');

    const bye = await say(aliceChat, alice, '/unsubscribe');
    expect(bye.text).toContain('Unsubscribed.');
    expect(await store.getSubscription('1001')).toMatchObject({ active: false, endReason: 'unsubscribed' });

    const notSubscribed = await say(aliceChat, alice, '/settings');
    expect(notSubscribed.text).toContain('This chat is not subscribed yet.');

    expect(server.rateLimited).toBe(0);
  });

  it('subscribes with the configured defaults from the welcome button and from a bare /subscribe', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await startChannel(store, { env: { DEFAULT_DELIVERY_TIME: '06:45', DEFAULT_TIMEZONE: 'Asia/Tokyo' } });
    const welcome = await say(aliceChat, alice, '/start');
    expect(buttons(welcome)[0]?.text).toBe('Subscribe (06:45 Asia/Tokyo)');
    server.userPresses(aliceChat, alice, welcome, 'start:subscribe');
    await server.waitFor(() => server.messagesTo(1001).length === 2);
    expect(server.messagesTo(1001)[1]?.text).toContain('every day at <b>06:45</b>, Asia/Tokyo time');

    const bob: TestChat = { id: 1002, type: 'private', first_name: 'Bob' };
    const reply = await say(bob, { id: 1002, first_name: 'Bob' }, '/subscribe');
    expect(reply.text).toContain('every day at <b>06:45</b>, Asia/Tokyo time');
    const changedZoneOnly = await say(bob, { id: 1002, first_name: 'Bob' }, '/subscribe Europe/London');
    expect(changedZoneOnly.text).toContain('Subscription updated. Your Brief arrives every day at <b>06:45</b>, Europe/London time.');
  });

  it('/brief sends today’s digest as Telegram HTML with link previews off', async () => {
    server = await startBotApiServer();
    const store = new MemoryStore();
    await startChannel(store);
    const brief = await say(aliceChat, alice, '/brief');
    expect(brief.parseMode).toBe('HTML');
    expect(brief.linkPreviewDisabled).toBe(true);
    expect(brief.text).toContain('📰 <b>Brief</b> · Mon 1 Dec 2025');
    expect(brief.text).toContain('<b>1. US and Ukrainian delegations meet in Florida on peace framework</b>');
    expect(brief.text).toContain('<a href="https://news.example/rubio-florida">CRBC News</a>');
  });

  it('/brief with hostile article text still sends only messages Telegram accepts', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    const hostile = {
      ...talksStory,
      headline: '<script>alert(1)</script> &amp; <b>open',
      summary: 'x < y & z > w. '.repeat(600),
      quotes: [{ text: 'No. '.repeat(2500), speaker: '<i>Speaker', role: null, sources: [] }],
    };
    await startChannel(store, {}, digestOf([hostile, hostile, hostile]));
    server.userSends(aliceChat, alice, '/brief');
    const headlines = () => server.messagesTo(1001).map((m) => m.text).join('').match(/<b>\d\. /g)?.length ?? 0;
    await server.waitFor(() => headlines() === 3);
    const sent = server.messagesTo(1001);
    expect(sent.length).toBeGreaterThanOrEqual(2);
    expect(sent.every((m) => m.text.length <= 4096)).toBe(true);
    expect(sent.map((m) => m.text).join('')).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp;amp; &lt;b&gt;open');
    expect(sent.map((m) => m.text).join('').match(/<b>\d\. /g)).toHaveLength(3);
  });

  it('/help lists every command', async () => {
    server = await startBotApiServer({ limits: null });
    await startChannel(new MemoryStore());
    const help = await say(aliceChat, alice, '/help');
    for (const command of ['/start', '/brief', '/subscribe', '/settings', '/unsubscribe', '/help']) expect(help.text).toContain(command);
  });

  it('in a group only administrators may change the subscription', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await startChannel(store);
    const group: TestChat = { id: -1001500, type: 'supergroup', title: 'Newsroom' };
    const member: TestUser = { id: 2001, first_name: 'Member' };
    const admin: TestUser = { id: 2002, first_name: 'Admin' };
    server.setMemberStatus(group.id, admin.id, 'administrator');

    const refused = await say(group, member, '/subscribe@brief_test_bot 08:00 Europe/Berlin');
    expect(refused.text).toBe('Only group administrators can change this chat’s subscription.');
    expect(await store.getSubscription('-1001500')).toBeNull();

    const accepted = await say(group, admin, '/subscribe@brief_test_bot 08:00 Europe/Berlin');
    expect(accepted.text).toContain('every day at <b>08:00</b>, Europe/Berlin time');
    expect(await store.getSubscription('-1001500')).toMatchObject({ chatType: 'supergroup', active: true });

    const settings = await say(group, admin, '/settings');
    server.userPresses(group, member, settings, 'settings:time:06:00');
    await server.waitFor(() => server.callbackAnswers.length === 1);
    expect(server.callbackAnswers[0]).toMatchObject({ text: 'Only group administrators can change this chat’s subscription.', showAlert: true });
    expect((await store.getSubscription('-1001500'))?.deliveryTime).toBe('08:00');

    const stillSubscribed = await say(group, member, '/unsubscribe');
    expect(stillSubscribed.text).toBe('Only group administrators can change this chat’s subscription.');
    expect((await store.getSubscription('-1001500'))?.active).toBe(true);
  });

  it('a channel subscribes from a channel post', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await startChannel(store);
    const channelChat: TestChat = { id: -1009001, type: 'channel', title: 'Morning news' };
    const reply = await say(channelChat, null, '/subscribe 07:00 UTC');
    expect(reply.text).toContain('every day at <b>07:00</b>, UTC time');
    expect(await store.getSubscription('-1009001')).toMatchObject({ chatType: 'channel', active: true });
  });

  it('runs on, with a warning, when setMyCommands fails', async () => {
    server = await startBotApiServer({ limits: null });
    server.failMethod('setMyCommands', { code: 400, description: 'Bad Request: BOT_COMMANDS_TOO_MUCH' });
    const channel = await startChannel(new MemoryStore());
    expect(channel.logger.lines).toContainEqual(
      expect.objectContaining({ level: 'warn', message: 'Could not register the command list with Telegram; continuing without it' }),
    );
    const help = await say(aliceChat, alice, '/help');
    expect(help.text).toContain('/subscribe');
  });
});

describe('Telegram webhook mode', () => {
  it('takes updates only with the right secret token header', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    const channel = await startChannel(store, {
      env: { TELEGRAM_WEBHOOK_URL: 'https://brief.example/telegram/hook', TELEGRAM_WEBHOOK_SECRET: 's3cret-token', TELEGRAM_WEBHOOK_PORT: '0' },
    });
    expect(server.webhook).toEqual({ url: 'https://brief.example/telegram/hook', secret: 's3cret-token' });
    const address = channel.webhookAddress();
    expect(address).not.toBeNull();
    const update = {
      update_id: 1,
      message: { message_id: 1, date: 0, chat: aliceChat, from: { ...alice, is_bot: false }, text: '/help', entities: [{ type: 'bot_command', offset: 0, length: 5 }] },
    };
    const post = (secret: string | null) =>
      fetch(`http://127.0.0.1:${address?.port}/telegram/hook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(secret ? { 'X-Telegram-Bot-Api-Secret-Token': secret } : {}) },
        body: JSON.stringify(update),
      });
    expect((await post('wrong')).status).toBe(401);
    expect((await post(null)).status).toBe(401);
    expect(server.messagesTo(1001)).toHaveLength(0);
    expect((await post('s3cret-token')).status).toBe(200);
    await server.waitFor(() => server.messagesTo(1001).length === 1);
    expect(server.messagesTo(1001)[0]?.text).toContain('/unsubscribe');
  });
});
