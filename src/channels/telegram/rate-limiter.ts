/** Telegram's documented send limits; `null` for a field lifts that limit (a self-hosted server, benchmarks). */
export interface SendLimits {
  /** Messages per second across all chats (Telegram: 30). */
  globalPerSecond: number | null;
  /** Minimum gap between messages to one chat, ms (Telegram: about 1 per second). */
  perChatIntervalMs: number | null;
  /** Messages per minute to one group or channel (Telegram: 20). */
  groupPerMinute: number | null;
}

/** The limits Telegram publishes for bots. */
export const telegramLimits: SendLimits = { globalPerSecond: 30, perChatIntervalMs: 1000, groupPerMinute: 20 };

/** No limits at all. */
export const noLimits: SendLimits = { globalPerSecond: null, perChatIntervalMs: null, groupPerMinute: null };

/** Options for `createRateLimiter`; the clock and timer are injectable so tests can use small numbers. */
export interface RateLimiterOptions {
  limits: SendLimits;
  /**
   * Extra width added to each window. Requests reach the server a little after they leave, by varying
   * amounts; without slack a window that is exactly full on our clock can look overfull on the server's.
   */
  slackMs?: number;
  now?: () => number;
}

/** Waits for permission to send; one instance per bot token, shared by the fan-out and command replies. */
export interface RateLimiter {
  /** Resolves when a message to `chatId` may be sent now; the send is counted at that moment. */
  acquire(chatId: string, isGroup: boolean, signal?: AbortSignal): Promise<void>;
  /** Holds every send until `untilMs` (after a 429 the whole bot is flood-limited, not one chat). */
  pause(untilMs: number): void;
  /** How many callers are waiting. */
  readonly waiting: number;
}

interface Waiter {
  chatId: string;
  isGroup: boolean;
  resolve: () => void;
  reject: (error: unknown) => void;
  signal: AbortSignal | undefined;
  onAbort: (() => void) | undefined;
}

const MINUTE_MS = 60_000;

/**
 * Creates a rate limiter for the three Telegram limits. Waiters are served in arrival order, except that a
 * waiter held back only by its own chat's limit lets later waiters for other chats go first, so one slow
 * chat never stalls a fan-out.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const { limits } = options;
  const slack = options.slackMs ?? 25;
  const now = options.now ?? Date.now;
  // Send times of the last `globalPerSecond` messages, oldest first (a ring would save little here).
  const recent: number[] = [];
  const lastByChat = new Map<string, number>();
  const groupSends = new Map<string, number[]>();
  const queue: Waiter[] = [];
  let pausedUntil = 0;
  let timer: NodeJS.Timeout | null = null;
  let lastPrune = 0;

  /** ms until the global window has room, 0 when it has. */
  function globalWait(at: number): number {
    const cap = limits.globalPerSecond;
    if (cap === null) return 0;
    while (recent.length > 0 && (recent[0] as number) <= at - (1000 + slack)) recent.shift();
    if (recent.length < cap) return 0;
    return (recent[recent.length - cap] as number) + 1000 + slack - at;
  }

  /** ms until this chat may get another message, 0 when it may. */
  function chatWait(waiter: Waiter, at: number): number {
    let wait = 0;
    if (limits.perChatIntervalMs !== null) {
      const last = lastByChat.get(waiter.chatId);
      if (last !== undefined) wait = Math.max(wait, last + limits.perChatIntervalMs + slack - at);
    }
    if (waiter.isGroup && limits.groupPerMinute !== null) {
      const sends = groupSends.get(waiter.chatId);
      if (sends) {
        while (sends.length > 0 && (sends[0] as number) <= at - (MINUTE_MS + slack)) sends.shift();
        if (sends.length >= limits.groupPerMinute) {
          wait = Math.max(wait, (sends[sends.length - limits.groupPerMinute] as number) + MINUTE_MS + slack - at);
        }
      }
    }
    return wait;
  }

  function record(waiter: Waiter, at: number): void {
    if (limits.globalPerSecond !== null) recent.push(at);
    if (limits.perChatIntervalMs !== null) lastByChat.set(waiter.chatId, at);
    if (waiter.isGroup && limits.groupPerMinute !== null) {
      const sends = groupSends.get(waiter.chatId) ?? [];
      sends.push(at);
      groupSends.set(waiter.chatId, sends);
    }
    // Forget chats idle for over a minute so a 100,000-chat fan-out does not keep 100,000 entries.
    if (at - lastPrune > MINUTE_MS) {
      lastPrune = at;
      for (const [chat, last] of lastByChat) if (last < at - MINUTE_MS) lastByChat.delete(chat);
      for (const [chat, sends] of groupSends) if ((sends[sends.length - 1] ?? 0) < at - MINUTE_MS - slack) groupSends.delete(chat);
    }
  }

  function release(waiter: Waiter): void {
    if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
    waiter.resolve();
  }

  function pump(): void {
    if (timer) {
      clearTimeout(timer);
      timer = null;
    }
    let soonest = Number.POSITIVE_INFINITY;
    while (queue.length > 0) {
      const at = now();
      if (pausedUntil > at) {
        soonest = pausedUntil - at;
        break;
      }
      const global = globalWait(at);
      if (global > 0) {
        soonest = global;
        break;
      }
      const index = queue.findIndex((waiter) => chatWait(waiter, at) <= 0);
      if (index === -1) {
        for (const waiter of queue) soonest = Math.min(soonest, chatWait(waiter, at));
        break;
      }
      const [waiter] = queue.splice(index, 1) as [Waiter];
      record(waiter, at);
      release(waiter);
    }
    if (queue.length > 0 && Number.isFinite(soonest)) timer = setTimeout(pump, Math.max(1, Math.ceil(soonest)));
  }

  return {
    acquire(chatId, isGroup, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<void>((resolve, reject) => {
        const waiter: Waiter = { chatId, isGroup, resolve, reject, signal, onAbort: undefined };
        if (signal) {
          waiter.onAbort = () => {
            const index = queue.indexOf(waiter);
            if (index !== -1) queue.splice(index, 1);
            reject(signal.reason);
          };
          signal.addEventListener('abort', waiter.onAbort, { once: true });
        }
        queue.push(waiter);
        pump();
      });
    },
    pause(untilMs) {
      pausedUntil = Math.max(pausedUntil, untilMs);
      pump();
    },
    get waiting() {
      return queue.length;
    },
  };
}
