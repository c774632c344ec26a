import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { DeliveryKey, Store, SubscriptionInput } from '../../src/store/types.js';

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
    }
  });
}
