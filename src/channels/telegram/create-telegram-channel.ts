import { setMaxListeners } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createConcurrentSink, createRunner, createSource, sequentialize, type RunnerHandle, type UpdateSupplier } from '@grammyjs/runner';
import { Bot, GrammyError, HttpError, type Context } from 'grammy';
import type { Update } from 'grammy/types';
import type { Config, TelegramConfig } from '../../config.js';
import type { DigestSource } from '../../content/digest-source.js';
import { ChannelStartError, ConfigError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { startMinuteTicker, type MinuteTicker } from '../../schedule/minute-ticker.js';
import { createStoreFaultReporter, storeBusyReply } from '../../store/store-faults.js';
import type { AdvisoryLock } from '../../store/postgres-store.js';
import type { SendPacer, Store } from '../../store/types.js';
import type { HealthReport } from '../health.js';
import type { Channel } from '../types.js';
import { createBriefFeature } from './features/brief.js';
import { createFallbackFeature, createRightsCheckFeature } from './features/fallback.js';
import { commandList, createHelpFeature } from './features/help.js';
import { createSettingsFeature } from './features/settings.js';
import type { FeatureDeps } from './features/shared.js';
import { createStartFeature } from './features/start.js';
import { createMoreStoriesFeature } from './features/more-stories.js';
import { createSubscribeFeature } from './features/subscribe.js';
import { createTopicsFeature } from './features/topics.js';
import { createUnsubscribeFeature } from './features/unsubscribe.js';
import { createRateLimiter, telegramLimits, type SendLimits } from './rate-limiter.js';
import { createSharedRateLimiter } from './shared-rate-limiter.js';
import { createScheduledDelivery, type PreviewEntry, type TickReport } from './scheduled-delivery.js';
import { createSendTransformer, defaultRetryPolicy, sleep, type RetryPolicy, type SendStats } from './send-transformer.js';
import { createWebhookServer, type WebhookServer } from './webhook-server.js';

/** Update kinds the bot asks Telegram for. */
const allowedUpdates = ['message', 'channel_post', 'callback_query'] as const;

/** Dependencies of the Telegram channel; everything past `logger` has production defaults. */
export interface TelegramChannelDeps {
  config: Config;
  store: Store;
  digestSource: DigestSource;
  logger: Logger;
  /** Send limits to respect; Telegram's by default. */
  limits?: SendLimits;
  retry?: RetryPolicy;
  /** Chats served at once by a fan-out. */
  concurrency?: number;
  /** Run the minute tick from node-cron after `start` (default true; tests drive ticks themselves). */
  schedule?: boolean;
  /** The clock for commands (next-delivery times); tests pin it. */
  now?: () => Date;
  /** Long-polling timeout in seconds (Telegram allows up to 50). */
  pollingTimeoutSeconds?: number;
  /** The process's channel states; the webhook listener serves them at GET /healthz. */
  health?: () => HealthReport;
  /** Interface the webhook listener binds to; all interfaces when absent. */
  host?: string;
  /** First wait after a failed getUpdates (409 Conflict, network); doubles up to a minute. Default 1 s. */
  pollingRetryMs?: number;
  /**
   * Instances sharing a PostgreSQL store: the bot-wide send limit they all take sends from (see
   * `createSharedRateLimiter`), and the lock that elects the one instance polling for updates.
   */
  shared?: {
    pacer: SendPacer;
    /** Tries to take the poller lock; null while another instance holds it. */
    tryPollerLock: () => Promise<AdvisoryLock | null>;
    /** How often an instance without the lock tries again, ms. */
    pollerRetryMs?: number;
  };
  /** How long a fan-out's claim on a subscriber holds if the instance dies (tests shorten it). */
  claimMs?: number;
}

/** The abort signal the runner hands its update supplier (from its own AbortController shim). */
type RunnerSignal = Parameters<UpdateSupplier<Update>['supply']>[1];

/** The longest wait between getUpdates attempts after failures. */
const MAX_POLLING_RETRY_MS = 60_000;

/** The Telegram channel: commands, the morning fan-out, and a way to run one tick on demand. */
export interface TelegramChannel extends Channel {
  /** Runs one scheduler tick as if at `now`; ticks never overlap (a second call waits for the first). */
  runSchedulerTick(now: Date): Promise<TickReport>;
  /** What a tick at `now` would send, reader by reader, sending and recording nothing (`npm run deliver -- --dry-run`). */
  previewSchedulerTick(now: Date): Promise<PreviewEntry[]>;
  /** Request, 429 and retry counts since creation. */
  readonly stats: SendStats;
  /** The webhook listener's address in webhook mode, once started. */
  webhookAddress(): AddressInfo | null;
}

function telegramConfigOf(config: Config): TelegramConfig {
  if (!config.telegram) {
    throw new ConfigError([{ variable: 'TELEGRAM_BOT_TOKEN', expected: 'a bot token from @BotFather to run the Telegram channel' }]);
  }
  return config.telegram;
}

/** Creates the Telegram channel (grammY) over the given store and digest source. */
export function createTelegramChannel(deps: TelegramChannelDeps): TelegramChannel {
  const telegram = telegramConfigOf(deps.config);
  const { store, digestSource, logger } = deps;
  const shutdown = new AbortController();
  // Every waiting send listens for shutdown; a fan-out has many at once, which is expected, not a leak.
  setMaxListeners(0, shutdown.signal);
  const stats: SendStats = { requests: 0, rateLimited: 0, retried: 0 };

  const bot = new Bot<Context>(telegram.token, {
    // grammY refuses a trailing slash; an operator pasting "https://host/" should still work.
    client: { apiRoot: telegram.apiRoot.replace(/\/+$/, '') },
  });
  const limits = deps.limits ?? telegramLimits;
  const sharedLimiter = deps.shared ? createSharedRateLimiter({ limits, pacer: deps.shared.pacer }) : null;
  bot.api.config.use(
    createSendTransformer({
      limiter: sharedLimiter ?? createRateLimiter({ limits }),
      retry: deps.retry ?? defaultRetryPolicy,
      logger,
      stats,
      shutdown: shutdown.signal,
    }),
  );

  const featureDeps: FeatureDeps = {
    store,
    digestSource,
    logger,
    defaults: { deliveryTime: telegram.defaultDeliveryTime, timeZone: telegram.defaultTimeZone },
    maxStories: deps.config.digest.maxStories,
    now: deps.now ?? (() => new Date()),
  };
  // Updates of one chat are handled in order, those of different chats at once: a slow send or getChatMember in
  // one chat no longer holds every other reader's /help (polling runs updates concurrently).
  bot.use(sequentialize((ctx: Context) => (ctx.chat ? String(ctx.chat.id) : undefined)));
  // One failing handler must not take the bot down, in polling or webhook mode alike.
  const storeFaults = createStoreFaultReporter({ dataDir: deps.config.dataDir, logger });
  const features = bot.errorBoundary(async (error) => {
    const context = { updateId: error.ctx.update.update_id, chatId: error.ctx.chat?.id };
    // A busy or full store is the operator's to fix; the reader is told to retry rather than met with silence.
    if (storeFaults.report(error.error, { ...context, reader: 'asked to try again in a minute' })) {
      await error.ctx.reply(storeBusyReply).catch((replyError: unknown) => logger.warn('could not tell the reader to retry', { ...context, error: replyError }));
      return;
    }
    logger.error('Telegram update failed', { ...context, error: error.error });
  });
  features.use(
    createRightsCheckFeature(),
    createStartFeature(featureDeps),
    createSubscribeFeature(featureDeps),
    createSettingsFeature(featureDeps),
    createUnsubscribeFeature(featureDeps),
    createBriefFeature(featureDeps),
    createTopicsFeature(featureDeps),
    createMoreStoriesFeature(featureDeps),
    createHelpFeature(),
    createFallbackFeature(),
  );

  const delivery = createScheduledDelivery({
    api: bot.api,
    store,
    digestSource,
    logger,
    graceMs: telegram.graceHours * 3_600_000,
    maxStories: deps.config.digest.maxStories,
    // Sharing the limit, every waiting sender asks the database again when a place frees: a few per instance keep
    // the bot at its 30/s (4 did in the three-instance test) without a herd of queries at each freed place.
    concurrency: deps.concurrency ?? (sharedLimiter ? 8 : 50),
    storeFaults,
    ...(deps.claimMs !== undefined ? { claimMs: deps.claimMs } : {}),
    ...(sharedLimiter ? { sharedStore: true } : {}),
  });

  let tickChain: Promise<unknown> = Promise.resolve();
  let runner: RunnerHandle | null = null;
  let election: Promise<void> | null = null;
  let webhook: WebhookServer | null = null;
  let ticker: MinuteTicker | null = null;
  let stopped = false;

  const runSchedulerTick = (now: Date): Promise<TickReport> => {
    const run = tickChain.then(() => delivery.runTick(now, shutdown.signal));
    tickChain = run.catch(() => undefined);
    return run;
  };

  async function registerCommands(): Promise<void> {
    try {
      await bot.api.setMyCommands(commandList);
    } catch (error) {
      logger.warn('Could not register the command list with Telegram; continuing without it', { error });
    }
  }

  /** The next update to ask for; kept across failures so no update is handled twice. */
  let offset = 0;
  let pollingFailures = 0;

  /**
   * Long polling that never gives up while the channel runs: a failed getUpdates is logged and tried again with
   * backoff (1 s doubling to a minute). A 409 Conflict (another process polls this token, or a webhook is set) is
   * logged as such each time; when the other process goes away, this one resumes where it left off. Only a 401
   * (the token was revoked) stops polling, since waiting cannot fix it.
   */
  async function fetchUpdates(batchSize: number, signal: RunnerSignal): Promise<Update[]> {
    for (;;) {
      try {
        const updates = await bot.api.getUpdates(
          { offset, limit: Math.max(1, Math.min(batchSize, 100)), timeout: deps.pollingTimeoutSeconds ?? 30, allowed_updates: [...allowedUpdates] },
          // The runner's signal comes from its own AbortController shim; grammY's type names another shim's.
          signal as unknown as Parameters<typeof bot.api.getUpdates>[1],
        );
        if (pollingFailures > 0) logger.info('Telegram polling resumed', { afterFailures: pollingFailures });
        pollingFailures = 0;
        const last = updates[updates.length - 1];
        if (last) offset = last.update_id + 1;
        return updates;
      } catch (error) {
        if (signal.aborted || stopped) throw error;
        if (error instanceof GrammyError && error.error_code === 401) {
          logger.error('Telegram refused the bot token (401); polling stopped', { error });
          throw error;
        }
        pollingFailures += 1;
        const waitMs = Math.min(MAX_POLLING_RETRY_MS, (deps.pollingRetryMs ?? 1000) * 2 ** Math.min(pollingFailures - 1, 16));
        if (error instanceof GrammyError && error.error_code === 409) {
          logger.error('Telegram answered 409 Conflict: another process is polling this bot token (or a webhook is set); polling again after a pause', {
            description: error.description,
            retryInMs: waitMs,
            attempt: pollingFailures,
          });
        } else {
          logger.warn('Telegram getUpdates failed; polling again after a pause', { error, retryInMs: waitMs, attempt: pollingFailures });
        }
        await sleep(waitMs, signal as unknown as AbortSignal);
      }
    }
  }

  /**
   * Telegram lets one getUpdates consumer per bot (a second gets 409 Conflict), so of several instances only
   * the one holding the poller lock (a PostgreSQL advisory lock, held by its connection) polls; the others try
   * again every few seconds and one takes over when the holder goes (its connection closes, the lock is free).
   */
  async function runPollerElection(tryLock: () => Promise<AdvisoryLock | null>, retryMs: number): Promise<void> {
    const stopping = new Promise<void>((resolve) => shutdown.signal.addEventListener('abort', () => resolve(), { once: true }));
    while (!shutdown.signal.aborted) {
      const lock = await tryLock().catch((error: unknown) => {
        logger.warn('Could not ask for the poller lock', { error });
        return null;
      });
      if (lock) {
        try {
          logger.info('This instance polls Telegram for updates');
          await startPolling();
          await Promise.race([lock.lost, stopping, runner?.task() ?? stopping]);
          if (!shutdown.signal.aborted) {
            logger.warn('Lost the poller lock; this instance stops polling');
            const running = runner;
            runner = null;
            await running?.stop()?.catch(() => undefined);
          }
        } catch (error) {
          logger.error('Telegram polling failed', { error });
        } finally {
          // At shutdown stop() stops the runner first; the lock goes once this instance polls no more.
          if (shutdown.signal.aborted) await runner?.task()?.catch(() => undefined);
          await lock.release();
        }
      } else {
        logger.debug('Another instance polls Telegram; waiting to take over');
      }
      await sleep(retryMs, shutdown.signal).catch(() => undefined);
    }
  }

  async function startPolling(): Promise<void> {
    // Long polling replaces any webhook; without this Telegram answers getUpdates with 409 for good.
    await bot.api.deleteWebhook();
    const sink = createConcurrentSink<Update>(
      { consume: (update) => bot.handleUpdate(update) },
      async (error) => {
        logger.error('Telegram update failed', { error });
        await Promise.resolve();
      },
    );
    runner = createRunner(createSource<Update>({ supply: fetchUpdates }), sink);
    runner.start();
    void runner.task()?.catch((error: unknown) => logger.error('Telegram polling stopped with an error', { error }));
  }

  /** Binds the webhook listener once; it stays up across start attempts so /healthz answers meanwhile. */
  async function listenForWebhook(mode: { url: string; secret: string; port: number }): Promise<WebhookServer> {
    if (webhook) return webhook;
    const created = createWebhookServer({
      path: new URL(mode.url).pathname,
      secret: mode.secret,
      logger,
      handleUpdate: (update) => bot.handleUpdate(update),
      ...(deps.health ? { health: deps.health } : {}),
    });
    await new Promise<void>((resolve, reject) => {
      created.server.once('error', (error: NodeJS.ErrnoException) => {
        const why = error.code === 'EADDRINUSE' ? `port ${mode.port} (TELEGRAM_WEBHOOK_PORT) is already in use by another program` : error.message;
        reject(new ChannelStartError('telegram', `the webhook listener could not start: ${why}`, { retryable: true, cause: error }));
      });
      created.server.listen(mode.port, deps.host, () => resolve());
    });
    webhook = created;
    logger.info('Telegram webhook listening', { port: (created.server.address() as AddressInfo).port, path: new URL(mode.url).pathname });
    return created;
  }

  async function startWebhook(mode: { url: string; secret: string; port: number }): Promise<void> {
    await listenForWebhook(mode);
    await bot.api.setWebhook(mode.url, { allowed_updates: [...allowedUpdates], secret_token: mode.secret });
  }

  /** getMe, bounded: a token Telegram refuses is final; an unreachable API root is named and worth retrying. */
  async function initialise(): Promise<void> {
    try {
      // Not bot.init(): it retries a network failure without end. getMe goes through the send transformer's
      // bounded retries instead, and the signal bounds a request that hangs (grammY's own timeout is 500 s).
      // grammY types its signal with the abort-controller polyfill; the platform one is what it uses at run time.
      bot.botInfo = await bot.api.getMe(AbortSignal.timeout(15_000) as Parameters<typeof bot.api.getMe>[0]);
    } catch (error) {
      if (error instanceof GrammyError && (error.error_code === 401 || error.error_code === 404)) {
        throw new ChannelStartError('telegram', `Telegram did not accept TELEGRAM_BOT_TOKEN (getMe answered ${error.error_code} ${error.description})`, {
          retryable: false,
          cause: error,
        });
      }
      // A server that answers, but not with the Bot API's JSON (a wrong TELEGRAM_API_ROOT, a proxy's error page),
      // reaches grammY as a failed request whose cause is the JSON parse: said as such, not as "cannot reach".
      // (node-fetch's FetchError of type invalid-json; its message holds the request URL, token and all, so only
      // the reason after it is repeated.)
      const cause = error instanceof HttpError ? (error.error as { type?: unknown; message?: unknown } | null) : null;
      if (cause?.type === 'invalid-json') {
        const why = /reason: (.*)$/s.exec(String(cause.message))?.[1] ?? 'not JSON';
        throw new ChannelStartError('telegram', `the server at ${telegram.apiRoot} answered, but not as a Telegram Bot API (getMe: ${why}); check TELEGRAM_API_ROOT`, {
          retryable: true,
          cause: error,
        });
      }
      const reason = error instanceof GrammyError ? `${error.error_code} ${error.description}` : error instanceof Error ? error.message : String(error);
      throw new ChannelStartError('telegram', `cannot reach Telegram at ${telegram.apiRoot} (getMe failed: ${reason})`, { retryable: true, cause: error });
    }
  }

  return {
    name: 'telegram',
    stats,
    runSchedulerTick,
    previewSchedulerTick: (now) => delivery.previewTick(now),
    webhookAddress: () => (webhook?.server.address() as AddressInfo | null) ?? null,

    /** One start attempt; safe to call again after it throws. */
    async start() {
      // In webhook mode the listener comes up first, so /healthz is served while Telegram is unreachable.
      if (telegram.mode.kind === 'webhook') await listenForWebhook(telegram.mode);
      await initialise();
      logger.info('Telegram bot ready', { username: bot.botInfo.username });
      await registerCommands();
      if (telegram.mode.kind === 'webhook') await startWebhook(telegram.mode);
      else if (deps.shared) election ??= runPollerElection(deps.shared.tryPollerLock, deps.shared.pollerRetryMs ?? 5000);
      else await startPolling();
      if (deps.schedule ?? true) ticker = startMinuteTicker(runSchedulerTick, logger);
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      // Order matters: no new ticks, no new updates, then let the sends in flight finish and be recorded.
      await ticker?.stop();
      shutdown.abort(new Error('Telegram channel stopping'));
      // Read once: the poller election may clear `runner` while it stops.
      const running = runner;
      if (running) {
        await running.stop()?.catch(() => undefined);
        // Confirm the updates handled so far, so a restart does not handle them again.
        if (offset > 0) {
          await bot.api
            .getUpdates({ offset, limit: 1, timeout: 0 })
            .catch((error: unknown) => logger.warn('Could not confirm the last update offset', { error }));
        }
      }
      await election;
      if (webhook) {
        const { server } = webhook;
        await new Promise<void>((resolve) => server.close(() => resolve()));
        // Updates already acknowledged to Telegram are finished before the store closes under them.
        await webhook.drain();
      }
      await tickChain;
      logger.info('Telegram channel stopped');
    },
  };
}
