import { createTelegramChannel, type TelegramChannel, type TelegramChannelDeps } from '../../../src/channels/telegram/create-telegram-channel.js';
import { noLimits, type SendLimits } from '../../../src/channels/telegram/rate-limiter.js';
import { parseConfig, type Config } from '../../../src/config.js';
import type { Digest } from '../../../src/digest/types.js';
import type { Logger } from '../../../src/logger.js';
import { nextDeliveryAfter } from '../../../src/schedule/delivery-schedule.js';
import type { ChatType, Store, Subscription } from '../../../src/store/types.js';
import type { BotApiServer } from '../../servers/bot-api-server.js';

/** A Config as `loadConfig` would build it from these variables, pointed at the local server. */
export function configFor(server: BotApiServer, env: Record<string, string> = {}): Config {
  const result = parseConfig({ TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot, ...env });
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

/** A logger that keeps lines, so a test can check what an operator would read. */
export function recordingLogger(): Logger & { lines: { level: string; message: string; context?: Record<string, unknown> }[] } {
  const lines: { level: string; message: string; context?: Record<string, unknown> }[] = [];
  const at = (level: string) => (message: string, context?: Record<string, unknown>) => {
    lines.push({ level, message, ...(context ? { context } : {}) });
  };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Builds a channel against the local server with quick retries; limits lifted unless given. */
export function channelFor(
  server: BotApiServer,
  store: Store,
  digest: Digest | ((now: Date) => Digest),
  overrides: Partial<TelegramChannelDeps> & { env?: Record<string, string>; limits?: SendLimits } = {},
): TelegramChannel & { logger: ReturnType<typeof recordingLogger> } {
  const logger = recordingLogger();
  const { env, ...rest } = overrides;
  const channel = createTelegramChannel({
    config: configFor(server, env),
    store,
    digestSource: { getDigest: async (request) => (typeof digest === 'function' ? digest(request?.now ?? new Date()) : digest) },
    logger,
    limits: noLimits,
    retry: { maxAttempts: 3, baseDelayMs: 20, maxDelayMs: 100, maxRateLimitedAttempts: 5 },
    schedule: false,
    pollingTimeoutSeconds: 1,
    ...rest,
  });
  return Object.assign(channel, { logger });
}

/** Subscribes a chat directly in the store, as /subscribe would at `now`. */
export async function subscribe(
  store: Store,
  chatId: string,
  deliveryTime: string,
  timeZone: string,
  now: Date,
  chatType: ChatType = 'private',
): Promise<Subscription> {
  const next = nextDeliveryAfter(now, deliveryTime, timeZone);
  return store.upsertSubscription({ chatId, chatType, deliveryTime, timeZone, nextDeliveryAt: next.at, nextEdition: next.edition });
}

/** The same stories under new ids each UTC day: news that is new every morning, for tests of the schedule itself. */
export function freshEachDay(digest: Digest): (now: Date) => Digest {
  return (now) => {
    const day = now.toISOString().slice(0, 10);
    return { ...digest, stories: digest.stories.map((story) => ({ ...story, id: `${story.id}-${day}` })) };
  };
}
