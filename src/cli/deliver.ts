import { pathToFileURL } from 'node:url';
import { createTelegramChannel } from '../channels/telegram/create-telegram-channel.js';
import { configSecrets } from '../config.js';
import { createConfiguredDigestSource } from '../content/content-digest-source.js';
import { createFeedArticles } from '../content/feed-articles.js';
import { StoreError, UsageError } from '../errors.js';
import { createLogger } from '../logger.js';
import { openConfiguredStore } from '../store/open-store.js';
import { telegramLimits } from '../channels/telegram/rate-limiter.js';
import { loadCliConfig } from './load-cli-config.js';

/** The usage line `npm run deliver` prints for bad arguments. */
export const deliverUsage = 'Usage: npm run deliver -- [--at ISO-TIME] [--dry-run] [--force] [--help]   e.g. npm run deliver -- --dry-run --at 2025-12-01T07:00:00+02:00';

/** What `--help` prints. */
export const deliverHelp = `${deliverUsage}

Runs one Telegram delivery tick, as the bot's scheduler does every minute, and prints what it did as JSON.

  --at ISO-TIME  run as if at this time (default: now). A time in the future is refused without --dry-run
                 unless --force is given: a real run at a future time marks those mornings done.
  --dry-run      show who would get what (chat, edition, stories, parts) without sending or recording anything.
  --force        allow a real run with --at in the future.
  --help         print this text.

The report lists deliveries left uncertain by a crash in the last day ("uncertainDeliveries"): the message was on
its way to Telegram when the process died, so whether the reader got it is unknown; it is not resent.`;

/** What the command line asks for. */
export interface DeliverArgs {
  at: Date;
  dryRun: boolean;
  force: boolean;
  help: boolean;
}

const isoPattern = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Reads the arguments; throws UsageError for anything else, or a future --at without --dry-run or --force. Pure, for tests. */
export function parseDeliverArgs(argv: string[], now: () => Date = () => new Date()): DeliverArgs {
  let at: Date | null = null;
  const args: DeliverArgs = { at: new Date(0), dryRun: false, force: false, help: false };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i] as string;
    if (arg === '--dry-run') args.dryRun = true;
    else if (arg === '--force') args.force = true;
    else if (arg === '--help' || arg === '-h') args.help = true;
    else {
      const value = arg === '--at' ? argv[++i] : arg.startsWith('--at=') ? arg.slice('--at='.length) : null;
      if (value === null) throw new UsageError(`Unknown argument "${arg}".`, deliverUsage);
      // Date.parse accepts loose forms ("1 Dec"); insist on an ISO date-time so the instant is unambiguous.
      if (value === undefined || !isoPattern.test(value) || Number.isNaN(Date.parse(value))) {
        throw new UsageError(`"${value ?? ''}" is not an ISO time.`, deliverUsage);
      }
      at = new Date(value);
    }
  }
  const current = now();
  args.at = at ?? current;
  // A minute's leeway for clocks and typing; beyond it a real run would settle mornings that have not come.
  if (!args.help && !args.dryRun && !args.force && args.at.getTime() > current.getTime() + 60_000) {
    throw new UsageError(
      `--at ${args.at.toISOString()} is in the future: a real run then marks those mornings as delivered before they come. Add --dry-run to look, or --force if you mean it.`,
      deliverUsage,
    );
  }
  return args;
}

/** `npm run deliver`: one Telegram scheduler tick (or a dry run), as if at a given time; prints its report. */
export async function runDeliverCli(argv: string[]): Promise<number> {
  let args: DeliverArgs;
  try {
    args = parseDeliverArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${error.usage}`);
      return 2;
    }
    throw error;
  }
  if (args.help) {
    console.log(deliverHelp);
    return 0;
  }
  const config = await loadCliConfig();
  if (config === null) return 1;
  if (!config.telegram) {
    console.error('TELEGRAM_BOT_TOKEN is not set: there is no Telegram channel to deliver to. See README.md.');
    return 1;
  }
  const logger = createLogger({ level: config.logLevel, format: config.logFormat, secrets: configSecrets(config) });
  // Beside running instances on PostgreSQL, this tick claims its share and keeps to the bot's shared limit.
  let opened;
  try {
    opened = await openConfiguredStore(config, telegramLimits.globalPerSecond ?? 30);
  } catch (error) {
    if (error instanceof StoreError) {
      console.error(`Cannot deliver: ${error.message}`);
      return 1;
    }
    throw error;
  }
  const { store, sharedTelegram } = opened;
  const digestSource = createConfiguredDigestSource(config, logger, createFeedArticles(store, config.articleRetentionDays));
  const channel = createTelegramChannel({
    config,
    store,
    digestSource,
    logger,
    schedule: false,
    ...(sharedTelegram ? { shared: sharedTelegram } : {}),
  });
  try {
    if (args.dryRun) {
      const readers = await channel.previewSchedulerTick(args.at);
      console.log(JSON.stringify({ at: args.at.toISOString(), dryRun: true, due: readers.length, readers }, null, 2));
      return 0;
    }
    const report = await channel.runSchedulerTick(args.at);
    const uncertain = await store.listUncertainDeliveries('telegram', new Date(Date.now() - 86_400_000));
    const uncertainDeliveries = uncertain.map((record) => ({
      chatId: record.target,
      edition: record.edition,
      part: (record.partInFlight ?? 0) + 1,
      recordedAt: record.updatedAt,
    }));
    console.log(JSON.stringify({ ...report, uncertainDeliveries }, null, 2));
    // Interrupted (a full disk) means some who were due got nothing: the operator must look, as for a failure.
    return report.failed > 0 || report.interrupted ? 1 : 0;
  } finally {
    await channel.stop();
    await store.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  // Exit explicitly: grammY's keep-alive agent would otherwise hold the process for a while.
  process.exit(await runDeliverCli(process.argv.slice(2)));
}
