import { createSlackChannel } from './channels/slack/create-slack-channel.js';
import { createTelegramChannel } from './channels/telegram/create-telegram-channel.js';
import type { Channel } from './channels/types.js';
import { loadConfig, type Config } from './config.js';
import { createConfiguredDigestSource } from './content/content-digest-source.js';
import type { DigestSource } from './content/digest-source.js';
import { ConfigError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { renderText } from './render/text.js';
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

/** Starts every configured channel; one that fails to start is reported and the others run on. */
async function runChannels(config: Config, digestSource: DigestSource, logger: Logger): Promise<void> {
  const store = openSqliteStore(config.dataDir);
  const channels: Channel[] = [];
  if (config.telegram) channels.push(createTelegramChannel({ config, store, digestSource, logger }));
  if (config.slack) {
    channels.push(createSlackChannel({ config: config.slack, store, digestSource, logger, maxStories: config.digest.maxStories }));
  }

  const started: Channel[] = [];
  for (const channel of channels) {
    try {
      await channel.start();
      started.push(channel);
      logger.info('channel started', { channel: channel.name });
    } catch (error) {
      logger.error('channel failed to start', { channel: channel.name, error });
      // It may have bound a port or a timer before failing; release them so a failed start cannot keep the process up.
      await channel.stop().catch((stopError: unknown) => logger.warn('channel did not stop cleanly', { channel: channel.name, error: stopError }));
    }
  }
  if (started.length === 0) {
    await store.close();
    process.exit(1);
  }
  const pruning = startLedgerPruning({ ledger: store, logger });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
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

async function main(): Promise<void> {
  let config: Config;
  try {
    config = await loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = 1;
      return;
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  const digestSource = createConfiguredDigestSource(config, logger);
  if (!config.telegram && !config.slack) await runConsole(config, digestSource);
  else await runChannels(config, digestSource, logger);
}

await main();
