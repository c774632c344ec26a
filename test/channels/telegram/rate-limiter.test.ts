import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createRateLimiter, type SendLimits } from '../../../src/channels/telegram/rate-limiter.js';

/** Starts `count` acquisitions and records the fake-clock time each is granted. */
function grantTimes(limiter: ReturnType<typeof createRateLimiter>, requests: { chat: string; group?: boolean }[]): number[] {
  const times: number[] = [];
  const start = Date.now();
  requests.forEach((request, i) => {
    void limiter.acquire(request.chat, request.group ?? false).then((release) => {
      times[i] = Date.now() - start;
      // The request is answered at once; windows then count from here.
      release();
    });
  });
  return times;
}

const limits = (overrides: Partial<SendLimits>): SendLimits => ({ globalPerSecond: null, perChatIntervalMs: null, groupPerMinute: null, ...overrides });

describe('rate limiter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(new Date('2025-12-01T07:00:00Z'));
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('lets at most N messages through in any one-second window, spread out rather than in bursts', async () => {
    const limiter = createRateLimiter({ limits: limits({ globalPerSecond: 3 }), slackMs: 0 });
    const times = grantTimes(limiter, Array.from({ length: 7 }, (_, i) => ({ chat: String(i) })));
    await vi.advanceTimersByTimeAsync(3000);
    // A quarter of a second apart, and the fourth still waits for the first to leave the window.
    expect(times).toEqual([0, 250, 500, 1000, 1250, 1500, 2000]);
  });

  it('spaces messages to one chat, without holding up other chats', async () => {
    const limiter = createRateLimiter({ limits: limits({ perChatIntervalMs: 1000 }), slackMs: 0 });
    const times = grantTimes(limiter, [{ chat: 'a' }, { chat: 'a' }, { chat: 'b' }, { chat: 'a' }, { chat: 'c' }]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(times).toEqual([0, 1000, 0, 2000, 0]);
  });

  it('caps a group at its per-minute limit', async () => {
    const limiter = createRateLimiter({ limits: limits({ groupPerMinute: 2 }), slackMs: 0 });
    const times = grantTimes(limiter, [{ chat: '-1', group: true }, { chat: '-1', group: true }, { chat: '-1', group: true }, { chat: '5' }]);
    await vi.advanceTimersByTimeAsync(61_000);
    expect(times).toEqual([0, 0, 60_000, 0]);
  });

  it('holds every send during a pause after a 429', async () => {
    const limiter = createRateLimiter({ limits: limits({}), slackMs: 0 });
    limiter.pause(Date.now() + 2000);
    const times = grantTimes(limiter, [{ chat: 'a' }, { chat: 'b' }]);
    await vi.advanceTimersByTimeAsync(2500);
    expect(times).toEqual([2000, 2000]);
  });

  it('counts a window from when the request was answered, so a slow request cannot overfill it', async () => {
    const limiter = createRateLimiter({ limits: limits({ globalPerSecond: 1 }), slackMs: 0 });
    const start = Date.now();
    const slow = await limiter.acquire('a', false);
    let secondAt = -1;
    void limiter.acquire('b', false).then((release) => {
      secondAt = Date.now() - start;
      release();
    });
    // The first request is still in flight after 1.5 s: the second waits for its answer, then 1 s more.
    await vi.advanceTimersByTimeAsync(1500);
    expect(secondAt).toBe(-1);
    slow();
    await vi.advanceTimersByTimeAsync(999);
    expect(secondAt).toBe(-1);
    await vi.advanceTimersByTimeAsync(1);
    expect(secondAt).toBe(2500);
  });

  it('rejects a waiter whose signal aborts, and forgets it', async () => {
    const limiter = createRateLimiter({ limits: limits({ perChatIntervalMs: 1000 }), slackMs: 0 });
    await limiter.acquire('a', false);
    const controller = new AbortController();
    const waiting = limiter.acquire('a', false, controller.signal);
    expect(limiter.waiting).toBe(1);
    controller.abort(new Error('stopping'));
    await expect(waiting).rejects.toThrow('stopping');
    expect(limiter.waiting).toBe(0);
  });
});
