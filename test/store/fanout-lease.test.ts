import { afterEach, describe, expect, it, vi } from 'vitest';
import { hostname } from 'node:os';
import { createLeaseOwner, isDeadLocalOwner, takeFanoutLease } from '../../src/store/fanout-lease.js';
import { MemoryStore } from '../../src/store/memory-store.js';

describe('takeFanoutLease', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is refused while another process holds the lease, renews as the fan-out goes on, and is free once released', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-12-01T07:00:00Z') });
    const store = new MemoryStore();
    const bot = await takeFanoutLease(store, 'telegram-delivery', 'bot');
    expect(bot).not.toBeNull();
    expect(await takeFanoutLease(store, 'telegram-delivery', 'cli')).toBeNull();
    // Renewed every 30 s, the lease outlives its first two minutes.
    for (let step = 0; step < 6; step += 1) {
      vi.advanceTimersByTime(30_000);
      expect(await bot?.keep()).toBe(true);
    }
    expect(await takeFanoutLease(store, 'telegram-delivery', 'cli')).toBeNull();
    await bot?.release();
    expect(await takeFanoutLease(store, 'telegram-delivery', 'cli')).not.toBeNull();
  });

  it('tells a holder that stalled past its lease that another process took over', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2025-12-01T07:00:00Z') });
    const store = new MemoryStore();
    const stalled = await takeFanoutLease(store, 'slack-posts', 'first');
    vi.advanceTimersByTime(121_000);
    expect(await takeFanoutLease(store, 'slack-posts', 'second')).not.toBeNull();
    expect(await stalled?.keep()).toBe(false);
  });
});

describe('taking over from a dead holder', () => {
  it('takes the lease at once from a process on this host that is gone, and waits out a live or remote one', async () => {
    const store = new MemoryStore();
    const dead = `${hostname()} 999999 a`;
    expect(await takeFanoutLease(store, 'telegram-delivery', dead)).not.toBeNull();
    const me = createLeaseOwner();
    // The holder still runs: wait.
    expect(await takeFanoutLease(store, 'telegram-delivery', me, { isRunning: () => true })).toBeNull();
    // Killed: take over without waiting two minutes.
    const taken = await takeFanoutLease(store, 'telegram-delivery', me, { isRunning: () => false });
    expect(taken).not.toBeNull();
    expect((await store.getLease('telegram-delivery'))?.owner).toBe(me);

    const remote = new MemoryStore();
    await takeFanoutLease(remote, 'slack-posts', 'other-host 12 b');
    expect(await takeFanoutLease(remote, 'slack-posts', me, { isRunning: () => false })).toBeNull();
  });

  it('reads a real dead pid as dead and this process as alive', () => {
    expect(isDeadLocalOwner(createLeaseOwner())).toBe(false);
    expect(isDeadLocalOwner(`${hostname()} 2147483646 x`)).toBe(true);
    expect(isDeadLocalOwner('a random uuid')).toBe(false);
  });
});
