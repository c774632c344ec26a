/** Defaults for production: a few quick retries, then the scheduler's next tick tries again. */
export const defaultRetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8000, maxRateLimitedAttempts: 8 };
/** Methods that post a message into a chat, and so count against Telegram's send limits. */
const sendMethods = new Set([
    'sendMessage', 'sendPhoto', 'sendDocument', 'sendMediaGroup', 'copyMessage', 'forwardMessage',
]);
/** Group, supergroup and channel ids are negative; private chats positive. */
function isGroupId(chatId) {
    return chatId.startsWith('-');
}
/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms, signal) {
    return new Promise((resolve, reject) => {
        if (signal?.aborted) {
            reject(signal.reason);
            return;
        }
        const onAbort = () => {
            clearTimeout(timer);
            reject(signal?.reason);
        };
        const timer = setTimeout(() => {
            signal?.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal?.addEventListener('abort', onAbort, { once: true });
    });
}
/**
 * An API transformer that every outgoing call passes through: send methods wait for the rate limiter;
 * a 429 pauses all sends for `retry_after` and tries again; a 5xx or network error retries with
 * exponential backoff. Anything else, or a failure that outlasts the policy, reaches the caller as
 * grammY's own GrammyError / HttpError. getUpdates is left alone: grammY's polling loop handles it.
 */
export function createSendTransformer(options) {
    const { limiter, retry, logger, stats, shutdown } = options;
    return async (prev, method, payload, signal) => {
        if (method === 'getUpdates')
            return prev(method, payload, signal);
        const chatId = 'chat_id' in payload ? String(payload.chat_id) : null;
        let failures = 0;
        let rateLimited = 0;
        for (;;) {
            const release = chatId !== null && sendMethods.has(method) ? await limiter.acquire(chatId, isGroupId(chatId), shutdown) : null;
            stats.requests += 1;
            try {
                const response = await prev(method, payload, signal).finally(() => release?.());
                if (response.ok)
                    return response;
                if (response.error_code === 429 && rateLimited + 1 < retry.maxRateLimitedAttempts) {
                    rateLimited += 1;
                    stats.rateLimited += 1;
                    const waitMs = (response.parameters?.retry_after ?? 1) * 1000;
                    logger.warn('Telegram rate limit hit; waiting', { method, chatId, retryAfterMs: waitMs });
                    limiter.pause(Date.now() + waitMs);
                    await sleep(waitMs, shutdown);
                    continue;
                }
                if (response.error_code >= 500 && failures + 1 < retry.maxAttempts) {
                    failures += 1;
                    stats.retried += 1;
                    logger.warn('Telegram server error; retrying', { method, chatId, code: response.error_code, attempt: failures });
                    await sleep(backoff(retry, failures), shutdown);
                    continue;
                }
                return response;
            }
            catch (error) {
                // A network failure (grammY's HttpError). Retry unless the caller or shutdown cancelled us.
                if (signal?.aborted || shutdown.aborted || failures + 1 >= retry.maxAttempts)
                    throw error;
                failures += 1;
                stats.retried += 1;
                logger.warn('Telegram unreachable; retrying', { method, chatId, error, attempt: failures });
                await sleep(backoff(retry, failures), shutdown);
            }
        }
    };
}
function backoff(retry, failures) {
    const exponential = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failures - 1));
    // Jitter spreads retries from a whole fan-out so they do not arrive as one burst.
    return Math.round(exponential * (0.75 + Math.random() * 0.5));
}
//# sourceMappingURL=send-transformer.js.map