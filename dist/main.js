import { createSlackChannel } from './channels/slack/create-slack-channel.js';
import { createTelegramChannel } from './channels/telegram/create-telegram-channel.js';
import { telegramLimits } from './channels/telegram/rate-limiter.js';
import { loadConfig } from './config.js';
import { createConfiguredDigestSource } from './content/content-digest-source.js';
import { ConfigError } from './errors.js';
import { createLogger } from './logger.js';
import { renderText } from './render/text.js';
import { startLedgerPruning } from './store/ledger-pruning.js';
import { openPostgresStore } from './store/postgres-store.js';
import { openSqliteStore } from './store/sqlite-store.js';
/** With no channel configured, Brief prints today's digest and says how to connect a chat. */
async function runConsole(config, digestSource) {
    // Skipped files reach stderr once, through the digest source's logger, and the digest lists them too.
    const digest = await digestSource.getDigest();
    process.stdout.write(renderText(digest, { maxStories: config.digest.maxStories }));
    process.stdout.write('\nTo deliver this digest to chats, set TELEGRAM_BOT_TOKEN (Telegram) or SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (Slack) in .env; see README.md.\n');
}
/** Starts every configured channel; one that fails to start is reported and the others run on. */
async function runChannels(config, digestSource, logger) {
    // DATABASE_URL: several instances share one PostgreSQL database; otherwise the embedded SQLite file.
    let postgres = null;
    if (config.databaseUrl) {
        try {
            postgres = await openPostgresStore({ url: config.databaseUrl });
        }
        catch (error) {
            logger.error('Could not open the PostgreSQL database named by DATABASE_URL', { error });
            process.exit(1);
        }
    }
    const store = postgres ?? openSqliteStore(config.dataDir);
    const channels = [];
    if (config.telegram) {
        const pg = postgres;
        // The bot id (before the colon in the token) keys the bot's pacer row and poller lock; it is not secret.
        const botId = config.telegram.token.split(':')[0];
        channels.push(createTelegramChannel({
            config,
            store,
            digestSource,
            logger,
            ...(pg
                ? {
                    shared: {
                        pacer: pg.createSendPacer(`telegram:${botId}`, telegramLimits.globalPerSecond ?? 30),
                        tryPollerLock: () => pg.tryAdvisoryLock(Number(botId)),
                    },
                }
                : {}),
        }));
    }
    if (config.slack) {
        channels.push(createSlackChannel({ config: config.slack, store, digestSource, logger, maxStories: config.digest.maxStories, host: config.host }));
    }
    const started = [];
    for (const channel of channels) {
        try {
            await channel.start();
            started.push(channel);
            logger.info('channel started', { channel: channel.name });
        }
        catch (error) {
            logger.error('channel failed to start', { channel: channel.name, error });
            // It may have bound a port or a timer before failing; release them so a failed start cannot keep the process up.
            await channel.stop().catch((stopError) => logger.warn('channel did not stop cleanly', { channel: channel.name, error: stopError }));
        }
    }
    if (started.length === 0) {
        await store.close();
        process.exit(1);
    }
    const pruning = startLedgerPruning({ ledger: store, logger });
    let stopping = false;
    const shutdown = async (signal) => {
        if (stopping)
            return;
        stopping = true;
        logger.info('shutting down', { signal });
        pruning.stop();
        // Stop taking updates and let sends in flight finish or be recorded, then close the store they write to.
        await Promise.allSettled(started.map((channel) => channel.stop()));
        await store.close();
        process.exit(0);
    };
    process.once('SIGINT', () => void shutdown('SIGINT'));
    process.once('SIGTERM', () => void shutdown('SIGTERM'));
}
async function main() {
    let config;
    try {
        config = await loadConfig();
    }
    catch (error) {
        if (error instanceof ConfigError) {
            console.error(error.message);
            process.exitCode = 1;
            return;
        }
        throw error;
    }
    const logger = createLogger(config.logLevel);
    const digestSource = createConfiguredDigestSource(config, logger);
    if (!config.telegram && !config.slack)
        await runConsole(config, digestSource);
    else
        await runChannels(config, digestSource, logger);
}
await main();
//# sourceMappingURL=main.js.map