import { afterEach, describe, expect, it } from 'vitest';
import type { Digest, Story } from '../../../src/digest/types.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { digestOf, energyStory, talksStory } from '../../fixtures/digests.js';
import { startBotApiServer, type BotApiServer, type SentMessage, type TestChat, type TestUser } from '../../servers/bot-api-server.js';
import { channelFor, subscribe } from './helpers.js';

const alice: TestUser = { id: 1001, first_name: 'Alice', username: 'alice' };
const aliceChat: TestChat = { id: 1001, type: 'private', first_name: 'Alice' };
const group: TestChat = { id: -4001, type: 'group', title: 'Newsroom' };
const now = new Date('2025-12-01T10:00:00Z');

let server: BotApiServer;
let stopChannel: (() => Promise<void>) | null = null;
afterEach(async () => {
  await stopChannel?.();
  stopChannel = null;
  await server?.close();
});

async function startChannel(store: MemoryStore, digest: Digest | ((at: Date) => Digest), overrides: Parameters<typeof channelFor>[3] = {}) {
  const channel = channelFor(server, store, digest, { now: () => now, ...overrides });
  await channel.start();
  stopChannel = () => channel.stop();
  return channel;
}

async function say(chat: TestChat, from: TestUser | null, text: string): Promise<SentMessage> {
  const before = server.messagesTo(chat.id).length;
  server.userSends(chat, from, text);
  await server.waitFor(() => server.messagesTo(chat.id).length > before);
  return server.messagesTo(chat.id)[before] as SentMessage;
}

function buttons(message: { replyMarkup: unknown }): { text: string; callback_data: string }[] {
  return ((message.replyMarkup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined)?.inline_keyboard ?? []).flat();
}

/** Distinct stories, so a morning holds more than the eight shown; `summaryWords` long ones each fill a message. */
function manyStories(count: number, summaryWords = 0): Story[] {
  return Array.from({ length: count }, (_, i) => ({
    ...energyStory,
    id: `story-${i + 1}`,
    headline: `Story number ${i + 1} about the grid`,
    ...(summaryWords > 0 ? { summary: Array.from({ length: summaryWords }, (_, w) => `word${w}`).join(' ') } : {}),
    sources: [{ ...energyStory.sources[0]!, title: `Report ${i + 1}` }],
  }));
}

/** The story headlines a message shows. */
function headlinesIn(message: SentMessage | undefined): string[] {
  return message?.text.match(/<b>\d+\. [^<]+<\/b>/g) ?? [];
}

describe('/topics', () => {
  it('shows, adds, mutes and removes words with buttons, and the next morning follows them', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await startChannel(store, digestOf([talksStory, energyStory]));
    const notYet = await say(aliceChat, alice, '/topics');
    expect(notYet.text).toContain('this chat is not subscribed yet');
    await say(aliceChat, alice, '/subscribe 07:00 UTC');

    const empty = await say(aliceChat, alice, '/topics');
    expect(empty.text).toContain('<b>Topics:</b> none. Your morning brief holds every story.');

    const saved = await say(aliceChat, alice, '/topics +Ukraine +NATO -football');
    expect(saved.text).toContain('Following: ukraine, nato (a story must mention one)');
    expect(saved.text).toContain('Muted: football (a story mentioning one is left out)');
    expect(buttons(saved).map((b) => [b.text, b.callback_data])).toEqual([
      ['✕ +ukraine', 'topics:rm:+ukraine'],
      ['✕ +nato', 'topics:rm:+nato'],
      ['✕ -football', 'topics:rm:-football'],
    ]);
    expect((await store.getSubscription('1001'))?.topics).toEqual({ follow: ['ukraine', 'nato'], mute: ['football'] });

    server.userPresses(aliceChat, alice, saved, 'topics:rm:+nato');
    await server.waitFor(() => server.edits.length === 1);
    expect(server.callbackAnswers.at(-1)?.text).toBe('Removed +nato');
    expect(server.edits[0]?.text).toContain('Following: ukraine (a story must mention one)');
    expect((await store.getSubscription('1001'))?.topics).toEqual({ follow: ['ukraine'], mute: ['football'] });

    const cleared = await say(aliceChat, alice, '/topics clear');
    expect(cleared.text).toContain('<b>Topics:</b> none.');
  });
});

describe('/settings', () => {
  it('marks the current time and zone, and turns the "nothing new today" line on', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await startChannel(store, digestOf([talksStory]));
    await say(aliceChat, alice, '/subscribe 07:00 Europe/Kyiv');
    const settings = await say(aliceChat, alice, '/settings');
    const labels = buttons(settings).map((b) => b.text);
    expect(labels).toContain('✓ 07:00');
    expect(labels).toContain('✓ Europe/Kyiv');
    expect(labels).toContain('08:00');
    expect(labels.filter((label) => label.startsWith('✓'))).toHaveLength(2);
    expect(settings.text).toContain('On a morning with nothing new, nothing is sent.');

    const toggle = buttons(settings).find((b) => b.callback_data === 'settings:nothing-new:on');
    expect(toggle?.text).toBe('“Nothing new today” line: off');
    server.userPresses(aliceChat, alice, settings, 'settings:nothing-new:on');
    await server.waitFor(() => server.edits.length === 1);
    expect(server.edits[0]?.text).toContain('On a morning with nothing new, you get one line saying so.');
    expect((await store.getSubscription('1001'))?.nothingNewNotice).toBe(true);
  });

  it('marks a typed time and zone that are not on offer on their "Other…" buttons', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await startChannel(store, digestOf([talksStory]));
    await say(aliceChat, alice, '/subscribe 05:15 America/Sao_Paulo');
    const labels = buttons(await say(aliceChat, alice, '/settings')).map((b) => b.text);
    expect(labels).toContain('✓ 05:15 · Other time…');
    expect(labels).toContain('✓ America/Sao_Paulo · Other time zone…');
  });
});

describe('messages a reader meets', () => {
  it('answers an unknown command or a stray private message with a short help line, and ignores group chatter', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await startChannel(store, digestOf([talksStory]));
    const help = 'I didn’t understand that. /brief sends today’s news, /subscribe sets up a morning brief, /help lists everything.';
    expect((await say(aliceChat, alice, '/weather')).text).toBe(help);
    expect((await say(aliceChat, alice, 'hello?')).text).toBe(help);
    server.userSends(group, alice, 'good morning all');
    server.userSends(group, alice, '/weather@some_other_bot');
    expect((await say(group, alice, '/weather')).text).toBe(help);
    expect(server.messagesTo(group.id)).toHaveLength(1);
  });

  it('explains every bad word of /subscribe and suggests a zone for a city name', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await startChannel(store, digestOf([talksStory]));
    const reply = await say(aliceChat, alice, '/subscribe 25:00 kyiv');
    expect(reply.text).toContain('“25:00” is not a time of day (HH:MM, 24-hour).\n“kyiv” is not a time zone name; did you mean Europe/Kyiv?');
    const abbreviation = await say(aliceChat, alice, '/subscribe 07:00 EST');
    expect(abbreviation.text).toContain('“EST” looks like an abbreviation; those don’t follow daylight saving time');
    expect(await store.getSubscription('1001')).toBeNull();
  });

  it('says so when it cannot check a group member’s rights, instead of staying silent', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await startChannel(store, digestOf([talksStory]));
    server.failMethod('getChatMember', { code: 500, description: 'Internal Server Error' });
    const reply = await say(group, alice, '/subscribe 07:00 UTC');
    expect(reply.text).toBe('I couldn’t check whether you are an administrator of this group: Telegram didn’t answer. Nothing was changed; please try again in a minute.');
    expect(await store.getSubscription('-4001')).toBeNull();
  });
});

describe('More stories', () => {
  /** Alice subscribed at 07:00 UTC, and her morning of `stories` sent; returns its last message (the button's). */
  async function morningOf(stories: Story[]) {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await subscribe(store, '1001', '07:00', 'UTC', new Date('2025-11-30T20:00:00Z'));
    const channel = await startChannel(store, digestOf(stories));
    await channel.runSchedulerTick(new Date('2025-12-01T07:00:00Z'));
    return { store, channel, morning: server.messagesTo(1001).at(-1) as SentMessage };
  }

  it('puts a button under a morning with more stories than fit, which sends the next ones, once', async () => {
    const { channel, morning } = await morningOf(manyStories(10));
    expect(morning.text).toContain('<i>…and 2 more stories in today’s digest.</i>');
    expect(buttons(morning)).toEqual([{ text: 'More stories', callback_data: 'more:9' }]);

    server.userPresses(aliceChat, alice, morning, 'more:9');
    await server.waitFor(() => server.messagesTo(1001).length === 2);
    const more = server.messagesTo(1001)[1] as SentMessage;
    expect(more.text.match(/<b>\d+\. [^<]+<\/b>/g)).toEqual(['<b>9. Story number 9 about the grid</b>', '<b>10. Story number 10 about the grid</b>']);
    expect(buttons(more)).toEqual([]);

    // Pressed again: nothing left, and the reader is told so.
    server.userPresses(aliceChat, alice, morning, 'more:9');
    await server.waitFor(() => server.callbackAnswers.length === 2);
    expect(server.callbackAnswers.at(-1)?.text).toBe('That’s all for today: you have every story.');
    expect(server.messagesTo(1001)).toHaveLength(2);
    // The stories sent through the button are not news the next morning either.
    expect(await channel.runSchedulerTick(new Date('2025-12-02T07:00:00Z'))).toMatchObject({ sent: 0, nothingNew: 1 });
  });

  it('tells the reader when Telegram refuses the next stories, and offers the ones that did not arrive on the next press', async () => {
    // Summaries long enough that each story is a message of its own.
    const { store, morning } = await morningOf(manyStories(10, 350));
    expect(buttons(morning)).toEqual([{ text: 'More stories', callback_data: 'more:9' }]);
    const before = server.messagesTo(1001).length;
    // Story 9 arrives; Telegram refuses story 10.
    server.onMessage = (message) => {
      if (message.text.includes('<b>9. ')) server.failChat(1001, { code: 400, description: 'Bad Request: message is too long', times: 1 });
    };
    const press = server.userPresses(aliceChat, alice, morning, 'more:9');
    await server.waitFor(() => server.messagesTo(1001).length === before + 2);
    const [sent, notice] = server.messagesTo(1001).slice(before);
    expect(headlinesIn(sent)).toEqual(['<b>9. Story number 9 about the grid</b>']);
    expect(notice?.text).toBe('Not all of the next stories arrived: Telegram refused the rest (400 Bad Request: message is too long).');
    expect(await store.getDelivery({ channel: 'telegram', target: '1001', edition: `more ${press}` })).toMatchObject({ state: 'failed', partsSent: 1 });

    // Pressed again: story 10, which never arrived, comes now; story 9 does not come twice.
    server.onMessage = null;
    server.userPresses(aliceChat, alice, morning, 'more:9');
    await server.waitFor(() => server.messagesTo(1001).length === before + 3);
    expect(headlinesIn(server.messagesTo(1001).at(-1))).toEqual(['<b>9. Story number 10 about the grid</b>']);
  });

  it('sends a press’s stories once when Telegram’s answer is lost, records it uncertain, and tells the reader', async () => {
    const { store, morning } = await morningOf(manyStories(10));
    server.failAfterAccepting(1001, 'reset');
    const press = server.userPresses(aliceChat, alice, morning, 'more:9');
    await server.waitFor(() => server.messagesTo(1001).length === 3);
    const [, more, notice] = server.messagesTo(1001);
    expect(headlinesIn(more)).toEqual(['<b>9. Story number 9 about the grid</b>', '<b>10. Story number 10 about the grid</b>']);
    expect(notice?.text).toBe(
      'Telegram’s answer was lost while I sent the next stories: they may or may not have arrived. Check the chat before pressing More stories again.',
    );
    const record = await store.getDelivery({ channel: 'telegram', target: '1001', edition: `more ${press}` });
    expect(record).toMatchObject({ state: 'failed', partsSent: 0, partInFlight: 0 });
    expect((await store.listUncertainDeliveries('telegram', new Date(0))).map((r) => r.edition)).toEqual([`more ${press}`]);
  });

  it('after a lost answer mid-way, counts the stories up to the part in flight as sent and offers the rest on the next press', async () => {
    const { store, morning } = await morningOf(manyStories(11, 350));
    const before = server.messagesTo(1001).length;
    // Story 9 arrives; story 10 is taken but its answer is lost (the server reads this hook before answering it);
    // story 11 is never sent.
    server.onMessage = (message) => {
      if (message.text.includes('<b>10. ')) server.failAfterAccepting(1001, 'reset');
    };
    const press = server.userPresses(aliceChat, alice, morning, 'more:9');
    await server.waitFor(() => server.messagesTo(1001).length === before + 3);
    server.onMessage = null;
    const [nine, ten, notice] = server.messagesTo(1001).slice(before);
    expect([headlinesIn(nine), headlinesIn(ten)]).toEqual([['<b>9. Story number 9 about the grid</b>'], ['<b>10. Story number 10 about the grid</b>']]);
    expect(notice?.text).toContain('they may or may not have arrived');
    expect(await store.getDelivery({ channel: 'telegram', target: '1001', edition: `more ${press}` })).toMatchObject({ state: 'failed', partsSent: 1, partInFlight: 1 });
    server.userPresses(aliceChat, alice, morning, 'more:9');
    await server.waitFor(() => server.messagesTo(1001).length === before + 4);
    expect(headlinesIn(server.messagesTo(1001).at(-1))).toEqual(['<b>9. Story number 11 about the grid</b>']);
  });

  it('does not tell the reader Telegram refused the stories when it was the store that failed', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new (class extends MemoryStore {
      failing = false;
      override async recordPartStarted(key: Parameters<MemoryStore['recordPartStarted']>[0], part: number): Promise<void> {
        if (this.failing) throw new Error('disk I/O error');
        return super.recordPartStarted(key, part);
      }
    })();
    await subscribe(store, '1001', '07:00', 'UTC', new Date('2025-11-30T20:00:00Z'));
    const channel = await startChannel(store, digestOf(manyStories(10)));
    await channel.runSchedulerTick(new Date('2025-12-01T07:00:00Z'));
    const morning = server.messagesTo(1001)[0] as SentMessage;
    store.failing = true;
    server.userPresses(aliceChat, alice, morning, 'more:9');
    await server.waitFor(() => channel.logger.lines.some((line) => line.level === 'error'));
    // Nothing was sent (the part could not be marked in flight), and no line blames Telegram.
    expect(server.messagesTo(1001)).toHaveLength(1);
    expect(channel.logger.lines.some((line) => line.message === 'Could not send more stories')).toBe(false);
  });

  it('records a press cut off by a stop as uncertain when Telegram hands it over again, and sends nothing', async () => {
    const { store, morning } = await morningOf(manyStories(10));
    // What a stop mid-send leaves: the press's record begun, its first part on its way.
    const key = { channel: 'telegram' as const, target: '1001', edition: 'more 777' };
    await store.beginDelivery(key);
    await store.recordPartStarted(key, 0);
    server.userPresses(aliceChat, alice, morning, 'more:9', '777');
    await server.waitFor(() => server.callbackAnswers.length === 1);
    expect(server.messagesTo(1001)).toHaveLength(1);
    expect(await store.getDelivery(key)).toMatchObject({ state: 'failed', partInFlight: 0, lastError: 'Brief stopped while sending these stories' });
  });

  it('answers a press Telegram hands over again (after a restart) without handling it twice', async () => {
    const { morning } = await morningOf(manyStories(10));
    const press = server.userPresses(aliceChat, alice, morning, 'more:9');
    await server.waitFor(() => server.messagesTo(1001).length === 2);
    // The same press again, then a fresh one: only the fresh one is a new request ("that's all" now).
    server.userPresses(aliceChat, alice, morning, 'more:9', press);
    server.userPresses(aliceChat, alice, morning, 'more:9');
    await server.waitFor(() => server.callbackAnswers.length === 3);
    expect(server.callbackAnswers.map((answer) => answer.text)).toEqual([null, null, 'That’s all for today: you have every story.']);
    expect(server.messagesTo(1001)).toHaveLength(2);
  });

  it('keeps the button, with the right numbering, on a morning resumed after a crash', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await subscribe(store, '1001', '07:00', 'UTC', new Date('2025-11-30T20:00:00Z'));
    const key = { channel: 'telegram' as const, target: '1001', edition: '2025-12-01' };
    await store.beginDelivery(key);
    await store.recordParts(key, ['📰 <b>Brief</b> · Mon 1 Dec 2025\n\n<b>1. First</b>', '<b>2. Second</b>\n\n<i>…and 3 more stories in today’s digest.</i>']);
    await store.recordPartSent(key, 1);
    await store.markFailed(key, 'HTTP 502', false);
    const channel = await startChannel(store, digestOf(manyStories(10)));
    await channel.runSchedulerTick(new Date('2025-12-01T07:05:00Z'));
    const [resumed] = server.messagesTo(1001);
    expect(resumed?.text).toBe('<b>2. Second</b>\n\n<i>…and 3 more stories in today’s digest.</i>');
    expect(buttons(resumed!)).toEqual([{ text: 'More stories', callback_data: 'more:3' }]);
  });
});
