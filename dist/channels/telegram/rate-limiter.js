/** The limits Telegram publishes for bots. */
export const telegramLimits = { globalPerSecond: 30, perChatIntervalMs: 1000, groupPerMinute: 20 };
/** No limits at all. */
export const noLimits = { globalPerSecond: null, perChatIntervalMs: null, groupPerMinute: null };
const MINUTE_MS = 60_000;
/**
 * Creates a rate limiter for the three Telegram limits. Waiters are served in arrival order, except that a
 * waiter held back only by its own chat's limit lets later waiters for other chats go first, so one slow
 * chat never stalls a fan-out.
 */
export function createRateLimiter(options) {
    const { limits } = options;
    const slack = options.slackMs ?? 2;
    const now = options.now ?? Date.now;
    let recent = [];
    const lastByChat = new Map();
    const groupSends = new Map();
    const queue = [];
    let pausedUntil = 0;
    let timer = null;
    let lastPrune = 0;
    /** ms until `slots` has fewer than `cap` entries inside the window; Infinity if only a release can help. */
    function windowWait(slots, cap, windowMs, at) {
        const live = slots.filter((slot) => slot.at > at - windowMs - slack);
        if (live.length < cap)
            return 0;
        const times = live.map((slot) => slot.at).sort((a, b) => a - b);
        const freeing = times[live.length - cap];
        return freeing === Number.POSITIVE_INFINITY ? freeing : freeing + windowMs + slack - at;
    }
    function globalWait(at) {
        if (limits.globalPerSecond === null)
            return 0;
        recent = recent.filter((slot) => slot.at > at - 1000 - slack);
        return windowWait(recent, limits.globalPerSecond, 1000, at);
    }
    function chatWait(waiter, at) {
        let wait = 0;
        if (limits.perChatIntervalMs !== null) {
            const last = lastByChat.get(waiter.chatId);
            if (last)
                wait = Math.max(wait, last.at + limits.perChatIntervalMs + slack - at);
        }
        if (waiter.isGroup && limits.groupPerMinute !== null) {
            const sends = groupSends.get(waiter.chatId);
            if (sends)
                wait = Math.max(wait, windowWait(sends, limits.groupPerMinute, MINUTE_MS, at));
        }
        return wait;
    }
    function record(waiter, at) {
        const slot = { at: Number.POSITIVE_INFINITY };
        if (limits.globalPerSecond !== null)
            recent.push(slot);
        if (limits.perChatIntervalMs !== null)
            lastByChat.set(waiter.chatId, slot);
        if (waiter.isGroup && limits.groupPerMinute !== null) {
            const sends = (groupSends.get(waiter.chatId) ?? []).filter((old) => old.at > at - MINUTE_MS - slack);
            sends.push(slot);
            groupSends.set(waiter.chatId, sends);
        }
        // Forget chats idle for over a minute so a 100,000-chat fan-out does not keep 100,000 entries.
        if (at - lastPrune > MINUTE_MS) {
            lastPrune = at;
            for (const [chat, last] of lastByChat)
                if (last.at < at - MINUTE_MS)
                    lastByChat.delete(chat);
            for (const [chat, sends] of groupSends)
                if ((sends[sends.length - 1]?.at ?? 0) < at - MINUTE_MS - slack)
                    groupSends.delete(chat);
        }
        return slot;
    }
    function grant(waiter, slot) {
        if (waiter.signal && waiter.onAbort)
            waiter.signal.removeEventListener('abort', waiter.onAbort);
        let released = false;
        waiter.resolve(() => {
            if (released)
                return;
            released = true;
            slot.at = now();
            pump();
        });
    }
    function pump() {
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
                for (const waiter of queue)
                    soonest = Math.min(soonest, chatWait(waiter, at));
                break;
            }
            const [waiter] = queue.splice(index, 1);
            grant(waiter, record(waiter, at));
        }
        // An infinite wait means only a release can free a place; `release` pumps again.
        if (queue.length > 0 && Number.isFinite(soonest))
            timer = setTimeout(pump, Math.max(1, Math.ceil(soonest)));
    }
    return {
        acquire(chatId, isGroup, signal) {
            if (signal?.aborted)
                return Promise.reject(signal.reason);
            return new Promise((resolve, reject) => {
                const waiter = { chatId, isGroup, resolve, reject, signal, onAbort: undefined };
                if (signal) {
                    waiter.onAbort = () => {
                        const index = queue.indexOf(waiter);
                        if (index !== -1)
                            queue.splice(index, 1);
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
//# sourceMappingURL=rate-limiter.js.map