import { afterEach, describe, expect, it } from 'vitest';
import type { Story } from '../../../src/digest/types.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { digestOf, energyStory, morningDigest, talksStory } from '../../fixtures/digests.js';
import { startBotApiServer, type BotApiServer } from '../../servers/bot-api-server.js';
import { channelFor, subscribe } from './helpers.js';

let server: BotApiServer;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await server?.close();
});

const at = (iso: string) => new Date(iso);
const evening = at('2025-11-30T20:00:00Z');

/** A story about something else entirely, for topic filters. */
const footballStory: Story = {
  id: 'cup-final',
  headline: 'Dynamo win the cup final on penalties',
  summary: 'Dynamo beat Shakhtar on penalties in the football cup final in Lviv.',
  sources: [{ name: 'Sport Daily', title: 'Cup final goes to penalties', url: null, publishedAt: '2025-11-30T21:00:00Z', file: 'cup.md' }],
  quotes: [],
  whatsNext: [],
};

describe('new for you', () => {
  it('sends nothing on a second morning with the same stories, and records it as skipped: nothing new', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await subscribe(store, '11', '07:00', 'UTC', evening);
    const channel = channelFor(server, store, morningDigest);
    cleanups.push(() => channel.stop());

    expect(await channel.runSchedulerTick(at('2025-12-01T07:00:00Z'))).toMatchObject({ sent: 1, nothingNew: 0 });
    expect(await channel.runSchedulerTick(at('2025-12-02T07:00:00Z'))).toMatchObject({ due: 1, sent: 0, nothingNew: 1 });
    expect(server.messagesTo('11')).toHaveLength(1);
    expect(await store.getDelivery({ channel: 'telegram', target: '11', edition: '2025-12-02' })).toMatchObject({ state: 'skipped', lastError: 'nothing new' });
    // The reader stays on schedule for the morning after.
    expect((await store.getSubscription('11'))?.nextEdition).toBe('2025-12-03');
  });

  it('sends a story that grew overnight once more, marked as an update, and leaves out the one that did not', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await subscribe(store, '12', '07:00', 'UTC', evening);
    const grown: Story = {
      ...talksStory,
      sources: [
        ...talksStory.sources,
        { name: 'Evening Post', title: 'Putin to receive Witkoff', url: null, publishedAt: '2025-12-01T18:00:00Z', file: 'post.md' },
        { name: 'Wire One', title: 'Kremlin confirms meeting', url: null, publishedAt: '2025-12-01T19:00:00Z', file: 'wire.md' },
      ],
    };
    let digest = morningDigest;
    const channel = channelFor(server, store, () => digest);
    cleanups.push(() => channel.stop());

    await channel.runSchedulerTick(at('2025-12-01T07:00:00Z'));
    digest = digestOf([grown, energyStory]);
    expect(await channel.runSchedulerTick(at('2025-12-02T07:00:00Z'))).toMatchObject({ sent: 1 });
    const second = server.messagesTo('12')[1]?.text ?? '';
    expect(second).toContain('<b>1. US and Ukrainian delegations meet in Florida on peace framework</b>\n<i>Update: 2 new reports</i>');
    expect(second).not.toContain('Kyiv restores power');
    // Sent with 4 reports now: the same 4 the next day is not news.
    expect(await channel.runSchedulerTick(at('2025-12-03T07:00:00Z'))).toMatchObject({ sent: 0, nothingNew: 1 });
  });

  it('sends the one-line "nothing new today" to a reader who asked for it', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await subscribe(store, '13', '07:00', 'UTC', evening);
    await store.setNothingNewNotice('13', true);
    const channel = channelFor(server, store, morningDigest);
    cleanups.push(() => channel.stop());
    await channel.runSchedulerTick(at('2025-12-01T07:00:00Z'));
    await channel.runSchedulerTick(at('2025-12-02T07:00:00Z'));
    expect(server.messagesTo('13').map((m) => m.text)[1]).toBe('📰 <b>Brief</b> · Tue 2 Dec 2025\n<i>Nothing new today.</i>');
  });

  it('never sends a digest that fell back to an old day', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await subscribe(store, '14', '07:00', 'UTC', evening);
    const stale = digestOf([talksStory], { coverage: { from: null, until: null, fallbackDay: '2024-11-30' } });
    const channel = channelFor(server, store, stale);
    cleanups.push(() => channel.stop());
    expect(await channel.runSchedulerTick(at('2025-12-01T07:00:00Z'))).toMatchObject({ sent: 0, nothingNew: 1 });
    expect(server.messagesTo('14')).toHaveLength(0);
  });
});

describe('topics in the morning fan-out', () => {
  it('sends each reader only the stories matching their topics; a reader whose topics match nothing gets nothing', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    for (const chat of ['21', '22', '23', '24']) await subscribe(store, chat, '07:00', 'UTC', evening);
    await store.setTopics('21', { follow: ['ukrain'], mute: [] });
    await store.setTopics('22', { follow: [], mute: ['football'] });
    await store.setTopics('23', { follow: ['cricket'], mute: [] });
    // 24 has no topics: everything.
    const channel = channelFor(server, store, digestOf([talksStory, footballStory, energyStory]));
    cleanups.push(() => channel.stop());

    expect(await channel.runSchedulerTick(at('2025-12-01T07:00:00Z'))).toMatchObject({ due: 4, sent: 3, nothingNew: 1 });
    const headlines = (chat: string) => (server.messagesTo(chat)[0]?.text.match(/<b>\d+\. [^<]+<\/b>/g) ?? []);
    // "ukrain" matches the talks story's headline ("Ukrainian") only.
    expect(headlines('21')).toEqual(['<b>1. US and Ukrainian delegations meet in Florida on peace framework</b>']);
    expect(headlines('22')).toEqual([
      '<b>1. US and Ukrainian delegations meet in Florida on peace framework</b>',
      '<b>2. Kyiv restores power after overnight strikes on energy grid</b>',
    ]);
    expect(server.messagesTo('23')).toHaveLength(0);
    expect(headlines('24')).toHaveLength(3);

    // Topics off again: the two stories never sent to 21 are new for them the next morning; the one sent is not.
    await store.setTopics('21', { follow: [], mute: [] });
    await channel.runSchedulerTick(at('2025-12-02T07:00:00Z'));
    expect(server.messagesTo('21')[1]?.text.match(/<b>\d+\. [^<]+<\/b>/g)).toEqual([
      '<b>1. Dynamo win the cup final on penalties</b>',
      '<b>2. Kyiv restores power after overnight strikes on energy grid</b>',
    ]);
  });

  it('matches a followed word in quotes and source names, not only the headline', async () => {
    server = await startBotApiServer({ limits: null });
    const store = new MemoryStore();
    await subscribe(store, '25', '07:00', 'UTC', evening);
    await subscribe(store, '26', '07:00', 'UTC', evening);
    await store.setTopics('25', { follow: ['optimistic'], mute: [] });
    await store.setTopics('26', { follow: ['ledger'], mute: [] });
    const channel = channelFor(server, store, digestOf([energyStory, talksStory]));
    cleanups.push(() => channel.stop());
    await channel.runSchedulerTick(at('2025-12-01T07:00:00Z'));
    for (const chat of ['25', '26']) {
      expect(server.messagesTo(chat)[0]?.text).toContain('US and Ukrainian delegations');
      expect(server.messagesTo(chat)[0]?.text).not.toContain('Kyiv restores power');
    }
  });
});
