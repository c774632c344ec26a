import { createSlackChannel } from './channels/slack/create-slack-channel.js';
import { createTelegramChannel } from './channels/telegram/create-telegram-channel.js';
import type { Channel } from './channels/types.js';
import { createHealth } from './channels/health.js';
import { startChannels } from './channels/start-channels.js';
import { configSecrets, loadConfig, type Config } from './config.js';
import { createConfiguredDigestSource } from './content/content-digest-source.js';
import type { DigestSource } from './content/digest-source.js';
import { ConfigError, StoreError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { renderText } from './render/text.js';
import { startDailyBackups } from './store/backups.js';
import { startLedgerPruning } from './store/ledger-pruning.js';
import { openSqliteStore } from './store/sqlite-store.js';

/** With no channel configured, Brief prints today's digest and says how to connect a chat. */
async function runConsole(config: Config, digestSource: DigestSource): Promise<void> {
  // Skipped files reach stderr once, through the digest source's logger, and the digest lists them too.
  const digest = await digestSource.getDigest();
  process.stdout.write(renderText(digest, { maxStories: config.digest.maxStories }));
  process.stdout.write(
    '\nTo deliver this digest to chats, set TELEGRAM_BOT_TOKEN (Telegram) or SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (Slack) in .env; see README.md.\n',
  );
}

/**
 * Starts every configured channel at once, each on its own: one that cannot reach its platform is reported
 * in /healthz and retried in the background while the others serve. Exits 1 when none could start.
 */
async function runChannels(config: Config, digestSource: DigestSource, logger: Logger): Promise<void> {
  const store = openSqliteStore(config.dataDir);
  const health = createHealth();
  const channels: Channel[] = [];
  if (config.telegram) channels.push(createTelegramChannel({ config, store, digestSource, logger, health: health.report }));
  if (config.slack) {
    channels.push(
      createSlackChannel({ config: config.slack, store, digestSource, logger, maxStories: config.digest.maxStories, health: health.report }),
    );
  }

  const starts = startChannels(channels, { health, logger });
  const pruning = startLedgerPruning({ ledger: store, logger });
  const backups = startDailyBackups({ dataDir: config.dataDir, days: config.backupDays, logger });

  let stopping = false;
  const shutdown = async (signal: string, exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.info('shutting down', { signal });
    pruning.stop();
    backups.stop();
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
    logger.error('no channel could start; stopping', states);
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
  const digestSource = createConfiguredDigestSource(config, logger);
  if (!config.telegram && !config.slack) await runConsole(config, digestSource);
  else {
    try {
      await runChannels(config, digestSource, logger);
    } catch (error) {
      // A store Brief cannot use is the operator's to fix: one line saying what and how, no stack trace.
      if (!(error instanceof StoreError)) throw error;
      console.error(`Brief cannot start: ${error.message}`);
      process.exitCode = 1;
    }
  }
}

await main();
