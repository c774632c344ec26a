import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ArticleInput, DeliveryKey, FeedState, Store, SubscriptionInput } from '../../src/store/types.js';

/** Opens a fresh store for one test, and (optionally) reopens the same data to check durability. */
export interface StoreFactory {
  open(): Promise<Store>;
  /** Reopens the data the last `open` wrote; absent for stores that do not persist. */
  reopen?: () => Promise<Store>;
  cleanup?: () => Promise<void>;
}

const key: DeliveryKey = { channel: 'telegram', target: '-1001234567890123', edition: '2025-12-01' };

function subscription(chatId: string, at: string, overrides: Partial<SubscriptionInput> = {}): SubscriptionInput {
  return {
    chatId,
    chatType: 'private',
    deliveryTime: '07:30',
    timeZone: 'Europe/Kyiv',
    nextDeliveryAt: new Date(at),
    nextEdition: at.slice(0, 10),
    ...overrides,
  };
}

function article(overrides: Partial<ArticleInput> = {}): ArticleInput {
  return {
    feedUrl: 'https://news.example/world.xml',
    guid: 'urn:story:1',
    url: 'https://news.example/world/1',
    title: 'Parliament passes the budget',
    source: 'Example News',
    author: 'A. Writer',
    publishedAt: new Date('2025-12-01T06:00:00.000Z'),
    publishedOffsetMinutes: 60,
    standfirst: null,
    paragraphs: ['The budget passed 240 to 190.'],
    fingerprint: 'fp-1',
    fullText: false,
    ...overrides,
  };
}

function feedState(url: string, overrides: Partial<FeedState> = {}): FeedState {
  return {
    url,
    title: 'Example News: World',
    etag: 'W/"abc-123"',
    lastModified: 'Mon, 01 Dec 2025 06:00:00 GMT',
    lastFetchedAt: new Date('2025-12-01T06:05:00.000Z'),
    status: 'ok',
    lastError: null,
    failures: 0,
    intervalMs: 900_000,
    nextPollAt: new Date('2025-12-01T06:20:00.000Z'),
    itemCount: 50,
    ...overrides,
  };
}

const seen = new Date('2025-12-01T06:05:00.000Z');

async function upsert(store: Store, input: ArticleInput, now: Date) {
  const [result] = await store.upsertArticles([input], now);
  return result as NonNullable<typeof result>;
}

/** The one contract every Store implementation must keep; run it from each implementation's test file. */
export function runStoreContract(name: string, factory: StoreFactory): void {
  describe(`${name} honours the Store contract`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => {
      await store.close();
      await factory.cleanup?.();
    });

    describe('delivery ledger', () => {
      it('creates a pending record on first begin and counts attempts after', async () => {
        const first = await store.beginDelivery(key);
        expect(first).toMatchObject({ ...key, state: 'pending', partsSent: 0, attempts: 1, lastError: null });
        const second = await store.beginDelivery(key);
        expect(second.attempts).toBe(2);
        expect(second.state).toBe('pending');
      });

      it('tracks parts, the part in flight, and the final state', async () => {
        await store.beginDelivery(key);
        await store.recordPartStarted(key, 0);
        expect((await store.getDelivery(key))?.partInFlight).toBe(0);
        await store.recordPartSent(key, 1);
        const afterPart = await store.getDelivery(key);
        expect(afterPart?.partsSent).toBe(1);
        expect(afterPart?.partInFlight ?? null).toBeNull();
        await store.markDelivered(key);
        expect((await store.getDelivery(key))?.state).toBe('sent');
      });

      it('keeps a retryable failure pending and a final failure failed, with the error', async () => {
        await store.beginDelivery(key);
        await store.recordPartStarted(key, 0);
        await store.markFailed(key, 'HTTP 502', false);
        expect(await store.getDelivery(key)).toMatchObject({ state: 'pending', lastError: 'HTTP 502' });
        expect((await store.getDelivery(key))?.partInFlight ?? null).toBeNull();
        await store.markFailed(key, 'Forbidden: bot was blocked by the user', true);
        expect(await store.getDelivery(key)).toMatchObject({ state: 'failed', lastError: 'Forbidden: bot was blocked by the user' });
      });

      it('records a skip even without a begin', async () => {
        await store.markSkipped(key, 'missed by more than the grace window');
        expect(await store.getDelivery(key)).toMatchObject({ state: 'skipped', lastError: 'missed by more than the grace window' });
      });

      it('keeps editions and channels apart', async () => {
        await store.beginDelivery(key);
        await store.markDelivered(key);
        expect(await store.getDelivery({ ...key, edition: '2025-12-02' })).toBeNull();
        expect(await store.getDelivery({ ...key, channel: 'slack' })).toBeNull();
      });

      it('keeps the parts of a delivery under way through a retryable failure and drops them when it ends', async () => {
        await store.beginDelivery(key);
        expect((await store.getDelivery(key))?.parts ?? null).toBeNull();
        await store.recordParts(key, ['<b>part one</b>', 'part two']);
        await store.recordPartSent(key, 1);
        await store.markFailed(key, 'HTTP 502', false);
        expect(await store.beginDelivery(key)).toMatchObject({ state: 'pending', partsSent: 1, parts: ['<b>part one</b>', 'part two'] });
        await store.markDelivered(key);
        expect((await store.getDelivery(key))?.parts ?? null).toBeNull();

        const failed = { ...key, edition: '2025-12-02' };
        await store.recordParts(failed, ['a', 'b']);
        await store.markFailed(failed, 'Forbidden: bot was blocked by the user', true);
        expect((await store.getDelivery(failed))?.parts ?? null).toBeNull();
        const skipped = { ...key, edition: '2025-12-03' };
        await store.recordParts(skipped, ['a', 'b']);
        await store.markSkipped(skipped, 'missed by more than the grace window');
        expect((await store.getDelivery(skipped))?.parts ?? null).toBeNull();
      });

      it('prunes the records last changed before a cutoff, whatever their state, and keeps the rest', async () => {
        vi.useFakeTimers({ toFake: ['Date'] });
        try {
          vi.setSystemTime(new Date('2025-10-01T07:00:00Z'));
          await store.beginDelivery(key);
          await store.markDelivered(key);
          await store.markFailed({ ...key, edition: '2025-10-01', channel: 'slack' }, 'HTTP 500', true);
          vi.setSystemTime(new Date('2025-11-30T07:00:00Z'));
          const recent = { ...key, edition: '2025-11-30' };
          await store.beginDelivery(recent);
          expect(await store.pruneDeliveries(new Date('2025-10-31T07:00:00Z'))).toBe(2);
          expect(await store.getDelivery(key)).toBeNull();
          expect(await store.getDelivery({ ...key, edition: '2025-10-01', channel: 'slack' })).toBeNull();
          expect(await store.getDelivery(recent)).toMatchObject({ state: 'pending' });
          expect(await store.pruneDeliveries(new Date('2025-10-31T07:00:00Z'))).toBe(0);
        } finally {
          vi.useRealTimers();
        }
      });
    });

    describe('articles', () => {
      it('stores an article once and reads it back in its window, newest first', async () => {
        const first = await upsert(store, article(), seen);
        expect(first.outcome).toBe('inserted');
        const second = await upsert(store, 
          article({ guid: 'urn:story:2', url: 'https://news.example/world/2', title: 'Storm closes ports', fingerprint: 'fp-2', publishedAt: new Date('2025-12-01T07:00:00.000Z') }),
          seen,
        );
        expect(second.id).not.toBe(first.id);
        expect(await upsert(store, article(), seen)).toEqual({ id: first.id, outcome: 'unchanged' });

        const listed = await store.listArticles({ since: new Date('2025-12-01T00:00:00Z') });
        expect(listed.map((a) => a.title)).toEqual(['Storm closes ports', 'Parliament passes the budget']);
        expect(listed[1]).toEqual({ ...article(), id: first.id, firstSeenAt: seen, updatedAt: seen });
        expect(await store.listArticles({ since: new Date('2025-12-01T06:30:00Z') })).toHaveLength(1);
        expect(await store.listArticles({ since: new Date('2025-11-30T00:00:00Z'), until: new Date('2025-12-01T06:30:00Z') })).toHaveLength(1);
      });

      it('takes a batch in order: a GUID repeated in one feed is one article, and each input gets its result', async () => {
        const results = await store.upsertArticles(
          [article(), article({ guid: 'urn:story:2', url: 'https://news.example/world/2', fingerprint: 'fp-2', title: 'Storm closes ports' }), article()],
          seen,
        );
        expect(results.map((r) => r.outcome)).toEqual(['inserted', 'inserted', 'unchanged']);
        expect(results[2]?.id).toBe(results[0]?.id);
        expect(await store.upsertArticles([], seen)).toEqual([]);
        expect(await store.listArticles({ since: new Date(0) })).toHaveLength(2);
      });

      it('updates an edited item (same guid, new text) in place', async () => {
        const { id } = await upsert(store, article(), seen);
        const later = new Date('2025-12-01T08:00:00.000Z');
        const edited = article({ title: 'Parliament passes the budget after all-night session', paragraphs: ['The budget passed 241 to 189.'], fingerprint: 'fp-1b' });
        expect(await upsert(store, edited, later)).toEqual({ id, outcome: 'updated' });
        const [kept] = await store.listArticles({ since: new Date(0) });
        expect(kept).toMatchObject({ id, title: edited.title, paragraphs: edited.paragraphs, firstSeenAt: seen, updatedAt: later });
        // A new date moves the article in the windows.
        const redated = article({ ...edited, fingerprint: 'fp-1c', publishedAt: new Date('2025-12-03T09:00:00.000Z') });
        expect(await upsert(store, redated, later)).toEqual({ id, outcome: 'updated' });
        expect(await store.listArticles({ since: new Date('2025-12-02T00:00:00Z') })).toMatchObject([{ id, publishedAt: redated.publishedAt }]);
        expect(await store.listArticles({ since: new Date(0), until: new Date('2025-12-02T00:00:00Z') })).toEqual([]);
      });

      it('keeps fetched full text when the feed repeats its teaser, and takes new full text', async () => {
        const { id } = await upsert(store, article(), seen);
        const full = article({ fullText: true, paragraphs: ['The budget passed 240 to 190.', 'It raises pensions by 4%.'] });
        expect((await upsert(store, full, seen)).outcome).toBe('updated');
        expect(await upsert(store, article(), seen)).toEqual({ id, outcome: 'unchanged' });
        expect((await store.listArticles({ since: new Date(0) }))[0]).toMatchObject({ fullText: true, paragraphs: full.paragraphs });
      });

      it('treats the same canonical url or the same text from another feed as the same article', async () => {
        const { id } = await upsert(store, article(), seen);
        const otherFeed = 'https://news.example/top.xml';
        expect(await upsert(store, article({ feedUrl: otherFeed, guid: 'top-9', paragraphs: ['Different teaser.'], fingerprint: 'fp-x' }), seen)).toEqual({ id, outcome: 'unchanged' });
        expect(await upsert(store, article({ feedUrl: otherFeed, guid: 'wire-1', url: 'https://wire.example/a', title: 'Budget passes' }), seen)).toEqual({ id, outcome: 'unchanged' });
        expect(await store.listArticles({ since: new Date(0) })).toHaveLength(1);
      });

      it('keeps articles without a guid or a url apart by their text', async () => {
        const a = await upsert(store, article({ guid: null, url: null, fingerprint: 'fp-a' }), seen);
        const b = await upsert(store, article({ guid: null, url: null, fingerprint: 'fp-b', title: 'Other' }), seen);
        expect(a.outcome).toBe('inserted');
        expect(b.outcome).toBe('inserted');
        expect(await upsert(store, article({ guid: null, url: null, fingerprint: 'fp-a' }), seen)).toEqual({ id: a.id, outcome: 'unchanged' });
      });

      it('counts an article without a date from when it was first seen, and prunes by that instant', async () => {
        await upsert(store, article({ publishedAt: null, publishedOffsetMinutes: null }), new Date('2025-11-01T00:00:00Z'));
        await upsert(store, article({ guid: 'old', url: 'https://news.example/old', fingerprint: 'fp-old', publishedAt: new Date('2025-11-02T00:00:00Z') }), seen);
        await upsert(store, article({ guid: 'new', url: 'https://news.example/new', fingerprint: 'fp-new' }), seen);
        expect(await store.listArticles({ since: new Date('2025-11-15T00:00:00Z') })).toHaveLength(1);
        const before = await store.articlesVersion();
        expect(await store.pruneArticles(new Date('2025-11-15T00:00:00Z'))).toBe(2);
        expect(await store.articlesVersion()).not.toBe(before);
        expect((await store.listArticles({ since: new Date(0) })).map((a) => a.guid)).toEqual(['new']);
        expect(await store.pruneArticles(new Date('2025-11-15T00:00:00Z'))).toBe(0);
      });

      it('changes the version on insert and update, not on a duplicate', async () => {
        const empty = await store.articlesVersion();
        await upsert(store, article(), seen);
        const one = await store.articlesVersion();
        expect(one).not.toBe(empty);
        await upsert(store, article(), seen);
        expect(await store.articlesVersion()).toBe(one);
        await upsert(store, article({ fingerprint: 'fp-edit', paragraphs: ['Edited.'] }), new Date('2025-12-01T09:00:00Z'));
        expect(await store.articlesVersion()).not.toBe(one);
      });
    });

    describe('feed state', () => {
      it('saves, replaces and lists feed state with validators kept exactly', async () => {
        expect(await store.getFeedState('https://news.example/world.xml')).toBeNull();
        await store.saveFeedState(feedState('https://news.example/world.xml'));
        await store.saveFeedState(feedState('https://a.example/feed', { status: null, lastFetchedAt: null, nextPollAt: null, etag: null, lastModified: null, title: null, itemCount: 0 }));
        expect(await store.getFeedState('https://news.example/world.xml')).toEqual(feedState('https://news.example/world.xml'));
        const failing = feedState('https://news.example/world.xml', { status: 'error', lastError: 'HTTP 503 Service Unavailable', failures: 2 });
        await store.saveFeedState(failing);
        expect(await store.getFeedState('https://news.example/world.xml')).toEqual(failing);
        expect((await store.listFeedStates()).map((s) => s.url)).toEqual(['https://a.example/feed', 'https://news.example/world.xml']);
      });

      it('saves the feed states given with a batch of several feeds, and with no articles at all', async () => {
        const other = 'https://other.example/feed.xml';
        const results = await store.upsertArticles(
          [article(), article({ feedUrl: other, guid: 'o-1', url: 'https://other.example/1', fingerprint: 'fp-o1', title: 'Ferry strike ends' })],
          seen,
          [feedState('https://news.example/world.xml'), feedState(other)],
        );
        expect(results.map((r) => r.outcome)).toEqual(['inserted', 'inserted']);
        expect(await store.getFeedState('https://news.example/world.xml')).toEqual(feedState('https://news.example/world.xml'));
        expect(await store.getFeedState(other)).toEqual(feedState(other));
        const notModified = feedState(other, { status: 'not-modified', itemCount: 1 });
        expect(await store.upsertArticles([], seen, [notModified])).toEqual([]);
        expect(await store.getFeedState(other)).toEqual(notModified);
        expect(await store.listArticles({ since: new Date(0) })).toHaveLength(2);
      });

      it('follows a permanent redirect with the feed state and its articles', async () => {
        const from = 'http://news.example/world.xml';
        const to = 'https://news.example/world.xml';
        await store.saveFeedState(feedState(from));
        const { id } = await upsert(store, article({ feedUrl: from }), seen);
        await store.renameFeed(from, to);
        expect(await store.getFeedState(from)).toBeNull();
        expect(await store.getFeedState(to)).toEqual(feedState(to));
        expect(await upsert(store, article({ feedUrl: to }), seen)).toEqual({ id, outcome: 'unchanged' });
      });
    });

    describe('what each target was sent', () => {
      it('lists the stories of delivered (or partly delivered) editions once each, with their highest report count', async () => {
        const day1 = { ...key, edition: '2025-12-01' };
        const day2 = { ...key, edition: '2025-12-02' };
        const day3 = { ...key, edition: '2025-12-03' };
        await store.beginDelivery(day1);
        await store.recordDeliveryStories(day1, [{ storyId: 'a', reports: 2 }, { storyId: 'b', reports: 1 }]);
        await store.markDelivered(day1);
        await store.beginDelivery(day2);
        await store.recordDeliveryStories(day2, [{ storyId: 'a', reports: 4 }, { storyId: 'c', reports: 1 }]);
        await store.recordPartSent(day2, 1);
        // Planned but never sent: not delivered.
        await store.beginDelivery(day3);
        await store.recordDeliveryStories(day3, [{ storyId: 'd', reports: 1 }]);
        const byId = (list: { storyId: string; reports: number }[]) => Object.fromEntries(list.map((s) => [s.storyId, s.reports]));
        expect(byId(await store.listDeliveredStories('telegram', key.target))).toEqual({ a: 4, b: 1, c: 1 });
        expect(byId(await store.listDeliveredStories('telegram', key.target, '2025-12-02'))).toEqual({ a: 2, b: 1 });
        expect(await store.listDeliveredStories('slack', key.target)).toEqual([]);
        expect(await store.listDeliveredStories('telegram', '42')).toEqual([]);
        // A re-planned delivery replaces its list.
        await store.recordDeliveryStories(day2, [{ storyId: 'e', reports: 3 }]);
        expect(byId(await store.listDeliveredStories('telegram', key.target))).toEqual({ a: 2, b: 1, e: 3 });
      });

      it('prunes the stories with their delivery records', async () => {
        vi.useFakeTimers({ toFake: ['Date'] });
        try {
          vi.setSystemTime(new Date('2025-10-01T07:00:00Z'));
          const old = { ...key, edition: '2025-10-01' };
          await store.beginDelivery(old);
          await store.recordDeliveryStories(old, [{ storyId: 'a', reports: 1 }]);
          await store.markDelivered(old);
          vi.setSystemTime(new Date('2025-11-30T07:00:00Z'));
          expect(await store.pruneDeliveries(new Date('2025-10-31T07:00:00Z'))).toBe(1);
          // Recreated by a stray write, the record must not bring old stories back.
          await store.markDelivered(old);
          expect(await store.listDeliveredStories('telegram', key.target)).toEqual([]);
        } finally {
          vi.useRealTimers();
        }
      });

      it('marks a delivery uncertain keeping the part in flight, and lists it for the operator', async () => {
        const since = new Date(Date.now() - 1000);
        await store.beginDelivery(key);
        await store.recordPartStarted(key, 1);
        await store.markUncertain(key, 'interrupted while sending part 2');
        expect(await store.getDelivery(key)).toMatchObject({ state: 'failed', partInFlight: 1, lastError: 'interrupted while sending part 2' });
        const other = { ...key, target: '5' };
        await store.beginDelivery(other);
        await store.markFailed(other, 'Forbidden: bot was blocked by the user', true);
        const listed = await store.listUncertainDeliveries('telegram', since);
        expect(listed.map((r) => [r.target, r.partInFlight])).toEqual([[key.target, 1]]);
        expect(await store.listUncertainDeliveries('slack', since)).toEqual([]);
        expect(await store.listUncertainDeliveries('telegram', new Date(Date.now() + 60_000))).toEqual([]);
      });
    });

    describe('leases', () => {
      it('tells who holds a lease, and lets exactly one process take over from a dead holder', async () => {
        expect(await store.getLease('telegram-delivery')).toBeNull();
        const until = new Date(Date.now() + 120_000);
        await store.acquireLease('telegram-delivery', 'host:111:a', until);
        expect(await store.getLease('telegram-delivery')).toEqual({ owner: 'host:111:a', until });
        expect(await store.takeOverLease('telegram-delivery', 'host:111:a', 'host:222:b', until)).toBe(true);
        // A second taker read the same dead holder: too late.
        expect(await store.takeOverLease('telegram-delivery', 'host:111:a', 'host:333:c', until)).toBe(false);
        expect((await store.getLease('telegram-delivery'))?.owner).toBe('host:222:b');
        expect(await store.takeOverLease('slack-posts', 'host:111:a', 'host:222:b', until)).toBe(false);
      });

      it('lets one owner hold a lease until it lapses or is released, and renew it meanwhile', async () => {
        vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-12-01T07:00:00Z') });
        try {
          const until = (seconds: number) => new Date(Date.now() + seconds * 1000);
          expect(await store.acquireLease('telegram-delivery', 'bot', until(120))).toBe(true);
          expect(await store.acquireLease('telegram-delivery', 'deliver-cli', until(120))).toBe(false);
          expect(await store.acquireLease('slack-posts', 'deliver-cli', until(120))).toBe(true);
          vi.setSystemTime(new Date('2025-12-01T07:01:30Z'));
          expect(await store.acquireLease('telegram-delivery', 'bot', until(120))).toBe(true);
          vi.setSystemTime(new Date('2025-12-01T07:03:00Z'));
          expect(await store.acquireLease('telegram-delivery', 'deliver-cli', until(120))).toBe(false);
          // The holder stopped renewing (it crashed): once the lease lapses, another may take it.
          vi.setSystemTime(new Date('2025-12-01T07:03:31Z'));
          expect(await store.acquireLease('telegram-delivery', 'deliver-cli', until(120))).toBe(true);
          await store.releaseLease('telegram-delivery', 'bot');
          expect(await store.acquireLease('telegram-delivery', 'bot', until(120))).toBe(false);
          await store.releaseLease('telegram-delivery', 'deliver-cli');
          expect(await store.acquireLease('telegram-delivery', 'bot', until(120))).toBe(true);
        } finally {
          vi.useRealTimers();
        }
      });
    });

    describe('subscriptions', () => {
      it('stores a subscription with a 64-bit chat id intact and reads it back', async () => {
        const saved = await store.upsertSubscription(subscription('-1009223372036854775', '2025-12-01T05:30:00.000Z'));
        expect(saved).toMatchObject({
          chatId: '-1009223372036854775',
          chatType: 'private',
          deliveryTime: '07:30',
          timeZone: 'Europe/Kyiv',
          active: true,
          endReason: null,
          nextEdition: '2025-12-01',
        });
        expect(saved.nextDeliveryAt?.toISOString()).toBe('2025-12-01T05:30:00.000Z');
        expect(await store.getSubscription('-1009223372036854775')).toEqual(saved);
        expect(await store.getSubscription('42')).toBeNull();
      });

      it('replaces settings on upsert and reactivates an ended subscription', async () => {
        await store.upsertSubscription(subscription('1', '2025-12-01T05:30:00.000Z'));
        await store.endSubscription('1', 'unsubscribed');
        const ended = await store.getSubscription('1');
        expect(ended).toMatchObject({ active: false, endReason: 'unsubscribed', nextDeliveryAt: null });
        const again = await store.upsertSubscription(
          subscription('1', '2025-12-01T12:00:00.000Z', { deliveryTime: '07:00', timeZone: 'America/New_York' }),
        );
        expect(again).toMatchObject({ active: true, endReason: null, deliveryTime: '07:00', timeZone: 'America/New_York' });
        expect(again.createdAt).toBe(ended?.createdAt);
      });

      it('lists only active, due subscriptions, oldest first, and pages with a cursor', async () => {
        await store.upsertSubscription(subscription('300', '2025-12-01T05:00:00.000Z'));
        await store.upsertSubscription(subscription('100', '2025-12-01T05:00:00.000Z'));
        await store.upsertSubscription(subscription('200', '2025-12-01T04:00:00.000Z'));
        await store.upsertSubscription(subscription('400', '2025-12-01T06:00:00.000Z'));
        await store.upsertSubscription(subscription('500', '2025-12-01T03:00:00.000Z'));
        await store.endSubscription('500', 'unsubscribed');

        const now = new Date('2025-12-01T05:00:00.000Z');
        const due = await store.listDueSubscriptions({ now, limit: 10 });
        expect(due.map((s) => s.chatId)).toEqual(['200', '100', '300']);

        const firstPage = await store.listDueSubscriptions({ now, limit: 2 });
        const last = firstPage[firstPage.length - 1];
        expect(last?.nextDeliveryAt).not.toBeNull();
        const secondPage = await store.listDueSubscriptions({
          now,
          limit: 2,
          after: { nextDeliveryAt: last?.nextDeliveryAt as Date, chatId: last?.chatId as string },
        });
        expect([...firstPage, ...secondPage].map((s) => s.chatId)).toEqual(['200', '100', '300']);
      });

      it('moves the next delivery on, and not for an ended subscription', async () => {
        await store.upsertSubscription(subscription('1', '2025-12-01T05:30:00.000Z'));
        await store.scheduleNextDelivery('1', new Date('2025-12-02T05:30:00.000Z'), '2025-12-02');
        expect(await store.listDueSubscriptions({ now: new Date('2025-12-01T06:00:00Z'), limit: 10 })).toEqual([]);
        expect((await store.getSubscription('1'))?.nextEdition).toBe('2025-12-02');
        await store.endSubscription('1', 'blocked by the user');
        await store.scheduleNextDelivery('1', new Date('2025-12-03T05:30:00.000Z'), '2025-12-03');
        expect(await store.getSubscription('1')).toMatchObject({ active: false, nextDeliveryAt: null, endReason: 'blocked by the user' });
      });

      it('follows a group to its supergroup id', async () => {
        await store.upsertSubscription(subscription('-4001', '2025-12-01T05:30:00.000Z', { chatType: 'group' }));
        await store.migrateChat('-4001', '-1004001');
        expect(await store.getSubscription('-4001')).toBeNull();
        expect(await store.getSubscription('-1004001')).toMatchObject({ chatType: 'supergroup', active: true, deliveryTime: '07:30' });
      });

      it('keeps the existing subscription when the supergroup already has one', async () => {
        await store.upsertSubscription(subscription('-4001', '2025-12-01T05:30:00.000Z', { chatType: 'group' }));
        await store.upsertSubscription(subscription('-1004001', '2025-12-01T06:30:00.000Z', { chatType: 'supergroup', deliveryTime: '08:30' }));
        await store.migrateChat('-4001', '-1004001');
        expect(await store.getSubscription('-4001')).toMatchObject({ active: false, endReason: 'migrated' });
        expect(await store.getSubscription('-1004001')).toMatchObject({ active: true, deliveryTime: '08:30' });
        expect(await store.countActiveSubscriptions()).toBe(1);
      });

      it('keeps topics and the nothing-new setting, through a change of time and a migration', async () => {
        const fresh = await store.upsertSubscription(subscription('-4001', '2025-12-01T05:30:00.000Z', { chatType: 'group' }));
        expect(fresh).toMatchObject({ topics: { follow: [], mute: [] }, nothingNewNotice: false });
        await store.setTopics('-4001', { follow: ['ukraine', 'nato'], mute: ['football'] });
        await store.setNothingNewNotice('-4001', true);
        await store.upsertSubscription(subscription('-4001', '2025-12-01T06:30:00.000Z', { chatType: 'group', deliveryTime: '08:30' }));
        expect(await store.getSubscription('-4001')).toMatchObject({
          deliveryTime: '08:30', topics: { follow: ['ukraine', 'nato'], mute: ['football'] }, nothingNewNotice: true,
        });
        const [due] = await store.listDueSubscriptions({ now: new Date('2025-12-01T07:00:00Z'), limit: 10 });
        expect(due?.topics).toEqual({ follow: ['ukraine', 'nato'], mute: ['football'] });
        await store.migrateChat('-4001', '-1004001');
        expect(await store.getSubscription('-1004001')).toMatchObject({ topics: { follow: ['ukraine', 'nato'], mute: ['football'] }, nothingNewNotice: true });
        await store.setTopics('404', { follow: ['x'], mute: [] });
        expect(await store.getSubscription('404')).toBeNull();
      });
    });

    describe('claims on due subscriptions', () => {
      it('splits the due subscriptions between owners, never giving one to two, and frees them on release or lapse', async () => {
        vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-12-01T07:00:00Z') });
        try {
          for (const id of ['1', '2', '3', '4', '5']) await store.upsertSubscription(subscription(id, '2025-12-01T05:00:00.000Z'));
          await store.upsertSubscription(subscription('6', '2025-12-01T09:00:00.000Z'));
          const now = new Date('2025-12-01T07:00:00Z');
          const until = new Date('2025-12-01T07:01:00Z');
          const first = await store.claimDueSubscriptions({ now, limit: 2, owner: 'a', until });
          const second = await store.claimDueSubscriptions({ now, limit: 10, owner: 'b', until });
          expect(first.map((s) => s.chatId)).toEqual(['1', '2']);
          expect(second.map((s) => s.chatId)).toEqual(['3', '4', '5']);
          expect(await store.claimDueSubscriptions({ now, limit: 10, owner: 'a', until })).toEqual([]);

          await store.releaseSubscriptionClaims('a');
          expect((await store.claimDueSubscriptions({ now, limit: 10, owner: 'c', until })).map((s) => s.chatId)).toEqual(['1', '2']);
          // Owner b died holding 3, 4 and 5: once its claims lapse another owner finishes them.
          vi.setSystemTime(new Date('2025-12-01T07:01:01Z'));
          expect((await store.claimDueSubscriptions({ now, limit: 10, owner: 'c', until: new Date('2025-12-01T07:02:00Z') })).map((s) => s.chatId)).toEqual(
            ['1', '2', '3', '4', '5'],
          );
        } finally {
          vi.useRealTimers();
        }
      });
    });

    if (factory.reopen) {
      const reopen = factory.reopen;
      it('keeps subscriptions and the ledger across a reopen', async () => {
        await store.upsertSubscription(subscription('7', '2025-12-01T05:30:00.000Z'));
        await store.beginDelivery(key);
        await store.recordPartStarted(key, 1);
        await store.close();
        store = await reopen();
        expect((await store.getSubscription('7'))?.deliveryTime).toBe('07:30');
        expect(await store.getDelivery(key)).toMatchObject({ state: 'pending', partInFlight: 1 });
      });

      it('keeps articles and feed state across a reopen', async () => {
        const { id } = await upsert(store, article(), seen);
        await store.saveFeedState(feedState('https://news.example/world.xml'));
        await store.close();
        store = await reopen();
        expect(await upsert(store, article(), seen)).toEqual({ id, outcome: 'unchanged' });
        expect(await store.getFeedState('https://news.example/world.xml')).toEqual(feedState('https://news.example/world.xml'));
      });
    }
  });
}
