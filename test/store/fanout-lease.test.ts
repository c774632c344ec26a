import { afterEach, describe, expect, it, vi } from 'vitest';
import { takeFanoutLease } from '../../src/store/fanout-lease.js';
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
