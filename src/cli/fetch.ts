import { pathToFileURL } from 'node:url';
import { StoreError } from '../errors.js';
import { createLogger } from '../logger.js';
import { createFeedService } from '../sources/feed-service.js';
import { describePoll } from '../sources/describe-poll.js';
import { loadSources, SourcesFileError } from '../sources/sources-file.js';
import { telegramLimits } from '../channels/telegram/rate-limiter.js';
import { openConfiguredStore } from '../store/open-store.js';
import { loadCliConfig } from './load-cli-config.js';

/** `npm run fetch`: polls every due feed once and prints what it got. */
async function main(): Promise<number> {
  const config = await loadCliConfig();
  if (config === null) return 1;
  let sources;
  try {
    sources = await loadSources(config.sourcesFile);
    if (sources === null) {
      console.error(`No sources file at ${config.sourcesFile}: copy sources.example.yaml to sources.yaml, or set SOURCES_FILE.`);
      return 1;
    }
  } catch (error) {
    if (error instanceof SourcesFileError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  let store;
  try {
    // The store the bot reads: PostgreSQL when DATABASE_URL is set, else the SQLite file in DATA_DIR.
    ({ store } = await openConfiguredStore(config, telegramLimits.globalPerSecond ?? 30));
  } catch (error) {
    if (error instanceof StoreError) {
      console.error(`Cannot fetch: ${error.message}`);
      return 1;
    }
    throw error;
  }
  try {
    const feeds = createFeedService({ store, sourcesFile: config.sourcesFile, retentionDays: config.articleRetentionDays, logger: createLogger('warn') });
    const results = await feeds.pollOnce();
    await feeds.stop();
    if (sources.length === 0) console.log(`No feeds in ${config.sourcesFile}: \`npm run sources -- add URL\` adds one.`);
    else if (results.length === 0) console.log('No feed is due yet; `npm run sources -- list` shows when each is next polled.');
    const names = new Map(sources.map((source) => [source.url, source.name]));
    for (const result of results) console.log(describePoll(result, names.get(result.url) ?? null));
    return results.some((result) => result.status === 'error') ? 1 : 0;
  } finally {
    await store.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exit(await main());
}
