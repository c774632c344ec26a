import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { createSlackChannel } from './channels/slack/create-slack-channel.js';
import { createTelegramChannel } from './channels/telegram/create-telegram-channel.js';
import type { Channel } from './channels/types.js';
import { createHealth } from './channels/health.js';
import { startChannels } from './channels/start-channels.js';
import { configSecrets, DEFAULT_SOURCES_FILE, loadConfig, type Config } from './config.js';
import { createConfiguredDigestSource } from './content/content-digest-source.js';
import { createFeedArticles } from './content/feed-articles.js';
import type { DigestSource } from './content/digest-source.js';
import { ConfigError, StoreError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { renderText } from './render/text.js';
import { startDailyBackups } from './store/backups.js';
import { createFeedLeaseClaim } from './sources/feed-lease-claim.js';
import { createFeedService, type FeedService } from './sources/feed-service.js';
import { describeFailedFeed } from './sources/describe-poll.js';
import { loadSources, SourcesFileError } from './sources/sources-file.js';
import { startLedgerPruning } from './store/ledger-pruning.js';
import { openConfiguredStore, type OpenedStore } from './store/open-store.js';
import { telegramLimits } from './channels/telegram/rate-limiter.js';

/**
 * DATABASE_URL: several instances share one PostgreSQL database; otherwise the embedded SQLite file. A database
 * Brief cannot reach stops start-up with one line; the SQLite file's own StoreError is reported by main().
 */
async function openStore(config: Config, logger: Logger): Promise<OpenedStore> {
  try {
    return await openConfiguredStore(config, telegramLimits.globalPerSecond ?? 30);
  } catch (error) {
    if (!config.databaseUrl) throw error;
    logger.error('Could not open the PostgreSQL database named by DATABASE_URL', { error });
    process.exit(1);
  }
}

/** With no channel configured, Brief prints today's digest and says how to connect a chat. */
async function runConsole(config: Config, digestSource: DigestSource, failedFeeds: readonly string[] = []): Promise<void> {
  // Skipped files reach stderr once, through the digest source's logger, and the digest lists them too.
  const digest = await digestSource.getDigest();
  process.stdout.write(renderText(digest, { maxStories: config.digest.maxStories }));
  if (failedFeeds.length > 0) {
    // Said beside the digest, not only in the log: a reader of this output would take a silent feed for a quiet one.
    process.stdout.write(`\n${failedFeeds.length} ${failedFeeds.length === 1 ? 'feed' : 'feeds'} could not be read (the others are in the digest):\n`);
    for (const line of failedFeeds) process.stdout.write(`  ${line}\n`);
  }
  process.stdout.write(
    '\nTo deliver this digest to chats, set TELEGRAM_BOT_TOKEN (Telegram) or SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (Slack) in .env; see README.md.\n',
  );
}

/**
 * Starts every configured channel at once, each on its own: one that cannot reach its platform is reported
 * in /healthz and retried in the background while the others serve. Exits 1 when none could start.
 * With feeds configured, `opened` brings the store they write to and the service that polls them.
 */
async function runChannels(
  config: Config,
  digestSource: DigestSource,
  logger: Logger,
  opened: OpenedStore & { feeds: FeedService | null },
): Promise<void> {
  const { store, sharedTelegram } = opened;
  const health = createHealth();
  const channels: Channel[] = [];
  if (config.telegram) {
    channels.push(
      createTelegramChannel({
        config,
        store,
        digestSource,
        logger,
        health: health.report,
        host: config.host,
        ...(sharedTelegram ? { shared: sharedTelegram } : {}),
      }),
    );
  }
  if (config.slack) {
    channels.push(
      createSlackChannel({
        config: config.slack,
        store,
        digestSource,
        logger,
        maxStories: config.digest.maxStories,
        health: health.report,
        host: config.host,
      }),
    );
  }

  const starts = startChannels(channels, { health, logger });
  const pruning = startLedgerPruning({ ledger: store, logger });
  // The SQLite file's daily copies; PostgreSQL is backed up by its own tools (pg_dump), not by Brief.
  const backups = config.databaseUrl ? { stop: () => undefined } : startDailyBackups({ dataDir: config.dataDir, days: config.backupDays, logger });
  opened.feeds?.start();

  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    pruning.stop();
    backups.stop();
    await opened.feeds?.stop();
    // Stop taking updates and let sends in flight finish or be recorded, then close the store they write to.
    await starts.stop();
    await store.close();
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));

  await starts.firstRound;
  // With nothing serving, staying up would only look healthy to a supervisor: exit so it restarts us, and say why.
  const { ok, channels: states } = health.report();
  if (!ok && !stopping) {
    logger.error('no channel could start; stopping instead of retrying in the background, so a supervisor restarts Brief', states);
    await shutdown('no channel started', 1);
  }
}

async function main(): Promise<void> {
  let config: Config;
  try {
    config = await loadConfig({ listening: true });
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, secrets: configSecrets(config) });
  let sources;
  try {
    sources = await loadSources(config.sourcesFile);
  } catch (error) {
    if (error instanceof SourcesFileError) {
      console.error(`Bad sources file (SOURCES_FILE): ${error.message}`);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  if (sources === null && resolve(config.sourcesFile) !== resolve(DEFAULT_SOURCES_FILE)) {
    // The default sources.yaml may well be absent (a content-folder set-up, .env.example naming it or not); another
    // path the operator set is more likely a typo.
    logger.warn('SOURCES_FILE names a file that does not exist; reading only the content folder', { file: config.sourcesFile });
  }
  try {
    // No sources file: exactly the content-folder Brief of before.
    if (sources === null) {
      const digestSource = createConfiguredDigestSource(config, logger);
      if (!config.telegram && !config.slack) await runConsole(config, digestSource);
      else await runChannels(config, digestSource, logger, { ...(await openStore(config, logger)), feeds: null });
      return;
    }
    const opened = await openStore(config, logger);
    const { store } = opened;
    const feeds = createFeedService({
      store,
      sourcesFile: config.sourcesFile,
      retentionDays: config.articleRetentionDays,
      logger,
      // Instances sharing the store fetch each feed once per interval between them.
      claim: createFeedLeaseClaim(store, `feeds-${hostname()}-${process.pid}-${randomUUID()}`),
    });
    const digestSource = createConfiguredDigestSource(config, logger, createFeedArticles(store, config.articleRetentionDays));
    if (!config.telegram && !config.slack) {
      // The console reads the feeds once, then prints what they hold.
      await feeds.pollOnce();
      await feeds.stop();
      // Every listed feed whose last poll failed, polled now or still waiting out its backoff from an earlier run.
      const states = new Map((await store.listFeedStates()).map((state) => [state.url, state]));
      const failed = sources.flatMap((source) => {
        const state = states.get(source.url);
        return state?.status === 'error' ? [describeFailedFeed(state, source.name)] : [];
      });
      await runConsole(config, digestSource, failed);
      await store.close();
    } else {
      await runChannels(config, digestSource, logger, { ...opened, feeds });
    }
  } catch (error) {
    // A store Brief cannot use is the operator's to fix: one line saying what and how, no stack trace.
    if (!(error instanceof StoreError)) throw error;
    console.error(`Brief cannot start: ${error.message}`);
    process.exitCode = 1;
  }
}

await main();
