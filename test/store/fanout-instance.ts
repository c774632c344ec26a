import { createTelegramChannel } from '../../src/channels/telegram/create-telegram-channel.js';
import { noLimits, telegramLimits } from '../../src/channels/telegram/rate-limiter.js';
import { parseConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { openPostgresStore } from '../../src/store/postgres-store.js';
import { morningDigest } from '../fixtures/digests.js';

/**
 * One Brief instance for the multi-instance test: the Telegram fan-out on a shared PostgreSQL schema, ticking
 * until nobody is due (a dead instance's claims lapse, then it finishes them). Env: DATABASE_URL, SCHEMA,
 * API_ROOT, TOKEN, NOW, CLAIM_MS; PER_SECOND (the bot's limit, default 30) and CONCURRENCY (default 4) for the
 * benchmark. Prints one JSON line per tick, then one with the process's peak memory.
 */
const env = process.env as Record<string, string>;
const store = await openPostgresStore({ url: env.DATABASE_URL as string, schema: env.SCHEMA as string, poolSize: 8 });
const parsed = parseConfig({ TELEGRAM_BOT_TOKEN: env.TOKEN, TELEGRAM_API_ROOT: env.API_ROOT });
if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
const channel = createTelegramChannel({
  config: parsed.config,
  store,
  digestSource: { getDigest: async () => morningDigest },
  logger: createLogger('warn'),
  limits: env.PER_SECOND ? noLimits : telegramLimits,
  schedule: false,
  concurrency: Number(env.CONCURRENCY ?? 4),
  claimMs: Number(env.CLAIM_MS),
  shared: { pacer: store.createSendPacer('telegram:test', Number(env.PER_SECOND ?? 30)), tryPollerLock: async () => null },
});
const now = new Date(env.NOW as string);
for (;;) {
  const report = await channel.runSchedulerTick(now);
  process.stdout.write(JSON.stringify(report) + '\n');
  if ((await store.listDueSubscriptions({ now, limit: 1 })).length === 0) break;
  await new Promise((resolve) => setTimeout(resolve, 1000));
}
process.stdout.write(JSON.stringify({ maxRssBytes: process.resourceUsage().maxRSS * 1024 }) + '\n');
await store.close();
