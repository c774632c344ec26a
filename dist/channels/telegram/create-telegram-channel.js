import { setMaxListeners } from 'node:events';
import { createServer } from 'node:http';
import { Bot, webhookCallback } from 'grammy';
import { ConfigError } from '../../errors.js';
import { startMinuteTicker } from '../../schedule/minute-ticker.js';
import { createBriefFeature } from './features/brief.js';
import { commandList, createHelpFeature } from './features/help.js';
import { createSettingsFeature } from './features/settings.js';
import { createStartFeature } from './features/start.js';
import { createSubscribeFeature } from './features/subscribe.js';
import { createUnsubscribeFeature } from './features/unsubscribe.js';
import { createRateLimiter, telegramLimits } from './rate-limiter.js';
import { sleep } from './send-transformer.js';
import { createSharedRateLimiter } from './shared-rate-limiter.js';
import { createScheduledDelivery } from './scheduled-delivery.js';
import { createSendTransformer, defaultRetryPolicy } from './send-transformer.js';
/** Update kinds the bot asks Telegram for. */
const allowedUpdates = ['message', 'channel_post', 'callback_query'];
function telegramConfigOf(config) {
    if (!config.telegram) {
        throw new ConfigError([{ variable: 'TELEGRAM_BOT_TOKEN', expected: 'a bot token from @BotFather to run the Telegram channel' }]);
    }
    return config.telegram;
}
/** Creates the Telegram channel (grammY) over the given store and digest source. */
export function createTelegramChannel(deps) {
    const telegram = telegramConfigOf(deps.config);
    const { store, digestSource, logger } = deps;
    const shutdown = new AbortController();
    // Every waiting send listens for shutdown; a fan-out has many at once, which is expected, not a leak.
    setMaxListeners(0, shutdown.signal);
    const stats = { requests: 0, rateLimited: 0, retried: 0 };
    const bot = new Bot(telegram.token, {
        // grammY refuses a trailing slash; an operator pasting "https://host/" should still work.
        client: { apiRoot: telegram.apiRoot.replace(/\/+$/, '') },
    });
    const limits = deps.limits ?? telegramLimits;
    const sharedLimiter = deps.shared ? createSharedRateLimiter({ limits, pacer: deps.shared.pacer }) : null;
    bot.api.config.use(createSendTransformer({
        limiter: sharedLimiter ?? createRateLimiter({ limits }),
        retry: deps.retry ?? defaultRetryPolicy,
        logger,
        stats,
        shutdown: shutdown.signal,
    }));
    const featureDeps = {
        store,
        digestSource,
        logger,
        defaults: { deliveryTime: telegram.defaultDeliveryTime, timeZone: telegram.defaultTimeZone },
        maxStories: deps.config.digest.maxStories,
        now: deps.now ?? (() => new Date()),
    };
    // One failing handler must not take the bot down, in polling or webhook mode alike.
    const features = bot.errorBoundary((error) => {
        logger.error('Telegram update failed', { updateId: error.ctx.update.update_id, chatId: error.ctx.chat?.id, error: error.error });
    });
    features.use(createStartFeature(featureDeps), createSubscribeFeature(featureDeps), createSettingsFeature(featureDeps), createUnsubscribeFeature(featureDeps), createBriefFeature(featureDeps), createHelpFeature());
    const delivery = createScheduledDelivery({
        api: bot.api,
        store,
        digestSource,
        logger,
        graceMs: telegram.graceHours * 3_600_000,
        maxStories: deps.config.digest.maxStories,
        concurrency: deps.concurrency ?? 50,
        ...(deps.claimMs !== undefined ? { claimMs: deps.claimMs } : {}),
        ...(sharedLimiter
            ? {
                sharedStore: true,
                awaitSendSlot: (chatId, signal) => sharedLimiter.prepare(chatId, chatId.startsWith('-'), signal),
            }
            : {}),
    });
    let tickChain = Promise.resolve();
    let polling = null;
    let election = null;
    let webhookServer = null;
    let ticker = null;
    let stopped = false;
    const runSchedulerTick = (now) => {
        const run = tickChain.then(() => delivery.runTick(now, shutdown.signal));
        tickChain = run.catch(() => undefined);
        return run;
    };
    async function registerCommands() {
        try {
            await bot.api.setMyCommands(commandList);
        }
        catch (error) {
            logger.warn('Could not register the command list with Telegram; continuing without it', { error });
        }
    }
    async function startPolling() {
        await new Promise((resolve, reject) => {
            polling = bot
                .start({
                allowed_updates: [...allowedUpdates],
                timeout: deps.pollingTimeoutSeconds ?? 30,
                onStart: () => resolve(),
            })
                .catch((error) => {
                logger.error('Telegram polling stopped with an error', { error });
                reject(error);
            });
        });
    }
    /**
     * Telegram lets one getUpdates consumer per bot (a second gets 409 Conflict), so of several instances only
     * the one holding the poller lock (a PostgreSQL advisory lock, held by its connection) polls; the others try
     * again every few seconds and one takes over when the holder goes (its connection closes, the lock is free).
     */
    async function runPollerElection(tryLock, retryMs) {
        while (!shutdown.signal.aborted) {
            const lock = await tryLock().catch((error) => {
                logger.warn('Could not ask for the poller lock', { error });
                return null;
            });
            if (lock) {
                try {
                    logger.info('This instance polls Telegram for updates');
                    await startPolling();
                    const stopping = new Promise((resolve) => shutdown.signal.addEventListener('abort', () => resolve(), { once: true }));
                    await Promise.race([lock.lost, stopping, polling ?? stopping]);
                    if (!shutdown.signal.aborted) {
                        logger.warn('Lost the poller lock; this instance stops polling');
                        await bot.stop().catch(() => undefined);
                    }
                    await polling?.catch(() => undefined);
                    polling = null;
                }
                catch (error) {
                    logger.error('Telegram polling failed', { error });
                }
                finally {
                    await lock.release();
                }
            }
            else {
                logger.debug('Another instance polls Telegram; waiting to take over');
            }
            await sleep(retryMs, shutdown.signal).catch(() => undefined);
        }
    }
    async function startWebhook(mode) {
        const path = new URL(mode.url).pathname;
        const handle = webhookCallback(bot, 'http', mode.secret ? { secretToken: mode.secret } : {});
        webhookServer = createServer((req, res) => {
            if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== path) {
                res.writeHead(404).end();
                return;
            }
            handle(req, res).catch((error) => {
                logger.error('Webhook update failed', { error });
                if (!res.headersSent)
                    res.writeHead(500).end();
            });
        });
        const server = webhookServer;
        await new Promise((resolve, reject) => {
            server.once('error', reject);
            server.listen(mode.port, deps.config.host, () => resolve());
        });
        await bot.api.setWebhook(mode.url, {
            allowed_updates: [...allowedUpdates],
            ...(mode.secret ? { secret_token: mode.secret } : {}),
        });
        logger.info('Telegram webhook listening', { port: server.address().port, path });
    }
    return {
        name: 'telegram',
        stats,
        runSchedulerTick,
        webhookAddress: () => webhookServer?.address() ?? null,
        async start() {
            await bot.init();
            logger.info('Telegram bot ready', { username: bot.botInfo.username });
            await registerCommands();
            if (telegram.mode.kind === 'webhook')
                await startWebhook(telegram.mode);
            else if (deps.shared)
                election = runPollerElection(deps.shared.tryPollerLock, deps.shared.pollerRetryMs ?? 5000);
            else
                await startPolling();
            if (deps.schedule ?? true)
                ticker = startMinuteTicker(runSchedulerTick, logger);
        },
        async stop() {
            if (stopped)
                return;
            stopped = true;
            // Order matters: no new ticks, no new updates, then let the sends in flight finish and be recorded.
            await ticker?.stop();
            shutdown.abort(new Error('Telegram channel stopping'));
            if (polling) {
                await bot.stop().catch((error) => logger.warn('Could not confirm the last update offset', { error }));
                await polling.catch(() => undefined);
            }
            await election;
            if (webhookServer) {
                const server = webhookServer;
                await new Promise((resolve) => server.close(() => resolve()));
            }
            await tickChain;
            logger.info('Telegram channel stopped');
        },
    };
}
//# sourceMappingURL=create-telegram-channel.js.map