import { loadConfig, type Config } from './config.js';
import { createContentDigestSource } from './content/content-digest-source.js';
import { ConfigError } from './errors.js';
import { createLogger, type Logger } from './logger.js';
import { renderText } from './render/text.js';
import type { DigestSource } from './content/digest-source.js';

/** With no channel configured, Brief prints today's digest and says how to connect a chat. */
async function runConsole(config: Config, digestSource: DigestSource): Promise<void> {
  const digest = await digestSource.getDigest();
  process.stdout.write(renderText(digest, { maxStories: config.digest.maxStories }));
  process.stdout.write(
    '\nTo deliver this digest to chats, set TELEGRAM_BOT_TOKEN (Telegram) or SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (Slack) in .env; see README.md.\n',
  );
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
  const logger: Logger = createLogger(config.logLevel);
  const digestSource = createContentDigestSource({
    contentDir: config.contentDir,
    windowHours: config.digest.windowHours,
    summarySentences: config.digest.summarySentences,
    maxQuotes: config.digest.maxQuotes,
    logger,
  });
  if (!config.telegram && !config.slack) {
    await runConsole(config, digestSource);
    return;
  }
  logger.error('channels are not wired yet');
  process.exitCode = 1;
}

await main();
