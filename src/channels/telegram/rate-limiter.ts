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

/** Options for `createRateLimiter`; the clock is injectable so tests can use small numbers. */
export interface RateLimiterOptions {
  limits: SendLimits;
  /** Extra width added to each window, ms (clock granularity). */
  slackMs?: number;
  now?: () => number;
}

/** Call when the request a grant was for has been answered (or has failed). */
export type ReleaseSlot = () => void;

/** Waits for permission to send; one instance per bot token, shared by the fan-out and command replies. */
export interface RateLimiter {
  /**
   * Resolves when a message to `chatId` may be sent. The send occupies its place in every window from
   * the grant until `release()` is called and then for the window's length after: counting from the
   * answer, not the grant, means a request that reached the server late can never make the server see
   * more than the limit in one window, however the event loop or network delays it.
   */
  acquire(chatId: string, isGroup: boolean, signal?: AbortSignal): Promise<ReleaseSlot>;
  /** Holds every send until `untilMs` (after a 429 the whole bot is flood-limited, not one chat). */
  pause(untilMs: number): void;
  /** How many callers are waiting. */
  readonly waiting: number;
}

/** One granted send: `at` is Infinity while the request is in flight, then the time of its answer. */
interface Slot {
  at: number;
}

interface Waiter {
  chatId: string;
  isGroup: boolean;
  resolve: (release: ReleaseSlot) => void;
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
  const slack = options.slackMs ?? 2;
  const now = options.now ?? Date.now;
  let recent: Slot[] = [];
  const lastByChat = new Map<string, Slot>();
  const groupSends = new Map<string, Slot[]>();
  const queue: Waiter[] = [];
  let pausedUntil = 0;
  let timer: NodeJS.Timeout | null = null;
  let lastPrune = 0;
  let lastGrant = Number.NEGATIVE_INFINITY;
  // Grants are spread over three quarters of the window (25 ms apart at 30/s) instead of released together when
  // the window frees up: few requests are ever on the wire at one instant, so a crash leaves few sends whose fate
  // is unknown. The quarter left over absorbs late timers on a busy machine, so the pace stays that of the window.
  const spacingMs = limits.globalPerSecond === null ? 0 : 750 / limits.globalPerSecond;

  /** ms until `slots` has fewer than `cap` entries inside the window; Infinity if only a release can help. */
  function windowWait(slots: Slot[], cap: number, windowMs: number, at: number): number {
    const live = slots.filter((slot) => slot.at > at - windowMs - slack);
    if (live.length < cap) return 0;
    const times = live.map((slot) => slot.at).sort((a, b) => a - b);
    const freeing = times[live.length - cap] as number;
    return freeing === Number.POSITIVE_INFINITY ? freeing : freeing + windowMs + slack - at;
  }

  function globalWait(at: number): number {
    if (limits.globalPerSecond === null) return 0;
    recent = recent.filter((slot) => slot.at > at - 1000 - slack);
    return windowWait(recent, limits.globalPerSecond, 1000, at);
  }

  function chatWait(waiter: Waiter, at: number): number {
    let wait = 0;
    if (limits.perChatIntervalMs !== null) {
      const last = lastByChat.get(waiter.chatId);
      if (last) wait = Math.max(wait, last.at + limits.perChatIntervalMs + slack - at);
    }
    if (waiter.isGroup && limits.groupPerMinute !== null) {
      const sends = groupSends.get(waiter.chatId);
      if (sends) wait = Math.max(wait, windowWait(sends, limits.groupPerMinute, MINUTE_MS, at));
    }
    return wait;
  }

  function record(waiter: Waiter, at: number): Slot {
    const slot: Slot = { at: Number.POSITIVE_INFINITY };
    if (limits.globalPerSecond !== null) recent.push(slot);
    if (limits.perChatIntervalMs !== null) lastByChat.set(waiter.chatId, slot);
    if (waiter.isGroup && limits.groupPerMinute !== null) {
      const sends = (groupSends.get(waiter.chatId) ?? []).filter((old) => old.at > at - MINUTE_MS - slack);
      sends.push(slot);
      groupSends.set(waiter.chatId, sends);
    }
    // Forget chats idle for over a minute so a 100,000-chat fan-out does not keep 100,000 entries.
    if (at - lastPrune > MINUTE_MS) {
      lastPrune = at;
      for (const [chat, last] of lastByChat) if (last.at < at - MINUTE_MS) lastByChat.delete(chat);
      for (const [chat, sends] of groupSends) if ((sends[sends.length - 1]?.at ?? 0) < at - MINUTE_MS - slack) groupSends.delete(chat);
    }
    return slot;
  }

  function grant(waiter: Waiter, slot: Slot): void {
    if (waiter.signal && waiter.onAbort) waiter.signal.removeEventListener('abort', waiter.onAbort);
    let released = false;
    waiter.resolve(() => {
      if (released) return;
      released = true;
      slot.at = now();
      pump();
    });
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
      const global = Math.max(globalWait(at), lastGrant + spacingMs - at);
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
      lastGrant = at;
      grant(waiter, record(waiter, at));
    }
    // An infinite wait means only a release can free a place; `release` pumps again.
    if (queue.length > 0 && Number.isFinite(soonest)) timer = setTimeout(pump, Math.max(1, Math.ceil(soonest)));
  }

  return {
    acquire(chatId, isGroup, signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      return new Promise<ReleaseSlot>((resolve, reject) => {
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
