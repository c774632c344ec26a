import type { SendPacer } from '../../store/types.js';
import { createRateLimiter, type RateLimiter, type ReleaseSlot, type SendLimits } from './rate-limiter.js';
import { sleep } from './send-transformer.js';

/** A rate limiter whose global limit is shared by every instance of the bot; see `createSharedRateLimiter`. */
export interface SharedRateLimiter extends RateLimiter {
  /**
   * Waits for a send to `chatId` to be allowed and keeps the grant for the next `acquire` for that chat, so a
   * caller can record "sending now" only once its turn has come.
   */
  prepare(chatId: string, isGroup: boolean, signal: AbortSignal): Promise<void>;
}

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
export function createSharedRateLimiter(options: SharedRateLimiterOptions): SharedRateLimiter {
  const local = createRateLimiter({ limits: { ...options.limits, globalPerSecond: null } });
  const { pacer } = options;
  const prepared = new Map<string, ReleaseSlot[]>();

  async function acquireFresh(chatId: string, isGroup: boolean, signal?: AbortSignal): Promise<ReleaseSlot> {
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
    async acquire(chatId, isGroup, signal) {
      const list = prepared.get(chatId);
      const ready = list?.shift();
      if (list?.length === 0) prepared.delete(chatId);
      if (ready) return ready;
      return acquireFresh(chatId, isGroup, signal);
    },
    async prepare(chatId, isGroup, signal) {
      const release = await acquireFresh(chatId, isGroup, signal);
      const list = prepared.get(chatId) ?? [];
      list.push(release);
      prepared.set(chatId, list);
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
