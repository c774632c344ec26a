import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../../src/logger.js';
import { startMinuteTicker } from '../../src/schedule/minute-ticker.js';

describe('startMinuteTicker', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks at each minute, skips a minute while a tick still runs, and stops', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-12-01T06:58:30Z'));
    const ticks: string[] = [];
    const slowTick: { finish: () => void } = { finish: () => undefined };
    const ticker = startMinuteTicker(async (now) => {
      ticks.push(now.toISOString().slice(11, 16));
      // The 07:00 tick is slow: it runs past 07:01.
      if (ticks.length === 2) await new Promise<void>((resolve) => (slowTick.finish = resolve));
    }, silentLogger);
    await vi.advanceTimersByTimeAsync(30_000 + 60_000 + 60_000 + 100);
    expect(ticks).toEqual(['06:59', '07:00']);
    slowTick.finish();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(ticks).toEqual(['06:59', '07:00', '07:02']);
    await ticker.stop();
    await vi.advanceTimersByTimeAsync(180_000);
    expect(ticks).toHaveLength(3);
  });
});
