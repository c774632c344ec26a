import type { Api, Transformer } from 'grammy';
import type { Logger } from '../../logger.js';
import { failedBeforeSending } from '../send-outcome.js';
import type { RateLimiter } from './rate-limiter.js';

/** How hard to retry Telegram's transient failures before giving the error to the caller. */
export interface RetryPolicy {
  /** Attempts for a 5xx answer or a network error, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Attempts for a 429; each waits the `retry_after` Telegram asked for. */
  maxRateLimitedAttempts: number;
}

/**
 * Defaults for production: a few quick retries, then the scheduler's next tick tries again. A 429 means Telegram
 * took nothing, so it is always safe to wait and resend: 8 waits left readers unanswered in a storm of 25.
 */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 4, baseDelayMs: 500, maxDelayMs: 8000, maxRateLimitedAttempts: 40 };

/**
 * A send that failed after Telegram may have accepted it: a malformed answer (a gateway's HTML 502, cut JSON) or a
 * connection reset mid-request. (A Bot API error answer, 5xx included, says the message was not sent, and is retried.) It is not resent: the Bot API cannot tell whether the message arrived, and a reader sent the same
 * message twice is worse off than one asked to repeat a command; the morning fan-out records it as final.
 */
export class SendOutcomeUnknownError extends Error {
  override readonly name = 'SendOutcomeUnknownError';
  constructor(
    readonly method: string,
    readonly chatId: string | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${method} to chat ${chatId ?? '?'} may or may not have been delivered: ${message}`, options);
  }
}

/** Counters the benchmark and operators read. */
export interface SendStats {
  requests: number;
  rateLimited: number;
  retried: number;
}

/** Methods that post a message into a chat, and so count against Telegram's send limits. */
const sendMethods = new Set([
  'sendMessage', 'sendPhoto', 'sendDocument', 'sendMediaGroup', 'copyMessage', 'forwardMessage',
]);

/** Group, supergroup and channel ids are negative; private chats positive. */
function isGroupId(chatId: string): boolean {
  return chatId.startsWith('-');
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
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

/** What a sender learns about one request as it goes: when it leaves for Telegram, and when a refusal came back. */
export interface DepartureHooks {
  /** Awaited after the rate limiter's wait, just before the request is written to the wire. */
  departing(): Promise<void>;
  /** Awaited when Telegram answered with an error (429, 5xx …): that attempt certainly did not deliver. */
  refused(): Promise<void>;
}

const departureHooks = new WeakMap<object, DepartureHooks>();

/**
 * A signal to pass to an API call so the transformer calls `hooks` for it. The signal never aborts: grammY
 * hands the call's signal to the transformer untouched, which makes it a handle for this one request.
 */
export function trackDeparture(hooks: DepartureHooks): RequestSignal {
  const signal = new AbortController().signal;
  departureHooks.set(signal, hooks);
  // grammY types its signal with an abort-controller shim; the runtime object is the platform's.
  return signal as unknown as RequestSignal;
}

/** The signal type grammY's API methods take. */
export type RequestSignal = NonNullable<Parameters<Api['sendMessage']>[3]>;

/** Options for `createSendTransformer`. */
export interface SendTransformerOptions {
  limiter: RateLimiter;
  retry: RetryPolicy;
  logger: Logger;
  stats: SendStats;
  /**
   * Aborts waits (rate-limit slots, retry sleeps) at shutdown. It is deliberately not passed to the HTTP
   * request itself: cancelling a request Telegram may already have accepted would leave us unsure
   * whether the reader got the message.
   */
  shutdown: AbortSignal;
}

/**
 * An API transformer that every outgoing call passes through (the morning fan-out and every reply alike): send
 * methods wait for the rate limiter; a 429 pauses all sends for `retry_after` and tries again; a 5xx or network
 * error retries with exponential backoff, except a send that Telegram may have accepted (SendOutcomeUnknownError):
 * a transport failure after the request went out. Anything else, or a failure that outlasts the policy, reaches the caller as
 * grammY's own GrammyError / HttpError. getUpdates is left alone: grammY's polling loop handles it.
 */
export function createSendTransformer(options: SendTransformerOptions): Transformer {
  const { limiter, retry, logger, stats, shutdown } = options;
  return async (prev, method, payload, signal) => {
    if (method === 'getUpdates') return prev(method, payload, signal);
    const chatId = 'chat_id' in (payload as object) ? String((payload as { chat_id: unknown }).chat_id) : null;
    const hooks = signal ? departureHooks.get(signal) : undefined;
    let failures = 0;
    let rateLimited = 0;
    for (;;) {
      const release =
        chatId !== null && sendMethods.has(method) ? await limiter.acquire(chatId, isGroupId(chatId), shutdown) : null;
      stats.requests += 1;
      // Marking "in flight" here, after the wait, not before it: a crash then leaves uncertain only the
      // requests really on the wire, not every send queued behind the limiter. A failed mark sends nothing.
      if (hooks) {
        try {
          await hooks.departing();
        } catch (error) {
          release?.();
          throw error;
        }
      }
      try {
        const response = await prev(method, payload, signal).finally(() => release?.());
        if (response.ok) return response;
        await hooks?.refused();
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
      } catch (error) {
        if (error instanceof SendOutcomeUnknownError) throw error;
        // A network failure (grammY's HttpError). Retry unless the caller or shutdown cancelled us, or a message
        // may already be in the chat.
        if (signal?.aborted || shutdown.aborted || failures + 1 >= retry.maxAttempts) throw error;
        if (sendMethods.has(method) && !failedBeforeSending(error)) {
          throw new SendOutcomeUnknownError(method, chatId, error instanceof Error ? error.message : String(error), { cause: error });
        }
        failures += 1;
        stats.retried += 1;
        logger.warn('Telegram unreachable; retrying', { method, chatId, error, attempt: failures });
        await sleep(backoff(retry, failures), shutdown);
      }
    }
  };
}

function backoff(retry: RetryPolicy, failures: number): number {
  const exponential = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (failures - 1));
  // Jitter spreads retries from a whole fan-out so they do not arrive as one burst.
  return Math.round(exponential * (0.75 + Math.random() * 0.5));
}
