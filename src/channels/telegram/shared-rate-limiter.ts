import type { SendPacer } from '../../store/types.js';
import { createRateLimiter, type RateLimiter, type ReleaseSlot, type SendLimits } from './rate-limiter.js';
import { sleep } from './send-transformer.js';

/** Options for `createSharedRateLimiter`. */
export interface SharedRateLimiterOptions {
  /** Telegram's limits; the global one is kept by `pacer`, the per-chat ones in this process. */
  limits: SendLimits;
  pacer: SendPacer;
}

/**
 * The bot's 30 messages a second, kept across instances: every send takes a slot from the database's pacer
 * (`SendPacer`) right before its request and hands it back on the answer. Per-chat limits stay in-process: one
 * chat's sends all come from the instance that claimed it.
 */
export function createSharedRateLimiter(options: SharedRateLimiterOptions): RateLimiter {
  const local = createRateLimiter({ limits: { ...options.limits, globalPerSecond: null } });
  const { pacer } = options;

  async function acquireShared(chatId: string, isGroup: boolean, signal?: AbortSignal): Promise<ReleaseSlot> {
    const releaseLocal = await local.acquire(chatId, isGroup, signal);
    try {
      for (;;) {
        const taken = await pacer.take();
        if ('slot' in taken) {
          let released = false;
          return () => {
            if (released) return;
            released = true;
            releaseLocal();
            // Unanswered, the slot would count for its whole stale time; a failed write only costs that.
            void pacer.answered(taken.slot).catch(() => undefined);
          };
        }
        await sleep(taken.waitMs, signal);
      }
    } catch (error) {
      releaseLocal();
      throw error;
    }
  }

  return {
    acquire(chatId, isGroup, signal) {
      return acquireShared(chatId, isGroup, signal);
    },
    pause(untilMs) {
      local.pause(untilMs);
      // Best effort: a 429 seen here holds the other instances too; if the write fails they find their own 429.
      void pacer.pauseFor(untilMs - Date.now()).catch(() => undefined);
    },
    get waiting() {
      return local.waiting;
    },
  };
}
