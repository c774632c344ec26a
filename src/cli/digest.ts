import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadConfig, type Config } from '../config.js';
import { parseArticleRecords } from '../content/jsonl-articles.js';
import { createFeedArticles } from '../content/feed-articles.js';
import { loadArticlesFromFolder } from '../content/load-folder.js';
import type { Article } from '../digest/types.js';
import { buildDigest } from '../digest/build-digest.js';
import { ConfigError, StoreError, UsageError } from '../errors.js';
import { renderJson } from '../render/json.js';
import { renderMarkdown } from '../render/markdown.js';
import { renderText } from '../render/text.js';
import { loadSources, SourcesFileError } from '../sources/sources-file.js';
import { openConfiguredStore } from '../store/open-store.js';

const usage =
  'Usage: npm run --silent digest -- [--json | --markdown] [--content DIR] [--no-feeds] [--articles FILE.jsonl] [--since ISO] [--until ISO] [--no-group] [--summary-sentences N] [--quotes N | --all-quotes]';

function parseDate(name: string, value: string | undefined): Date | undefined {
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(date.getTime())) {
    throw new UsageError(`--${name} needs an ISO 8601 date or time, like 2025-11-30 or 2025-11-30T07:00:00Z; got "${value}"`, usage);
  }
  return date;
}

function parseCount(name: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
    throw new UsageError(`--${name} needs a whole number from ${min} to ${max}; got "${value}"`, usage);
  }
  return Number(value);
}

/** Parses the digest command line; throws UsageError with the usage line for anything malformed. */
export function parseDigestArgs(argv: string[]) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        json: { type: 'boolean' },
        markdown: { type: 'boolean' },
        content: { type: 'string' },
        articles: { type: 'string' },
        'no-feeds': { type: 'boolean' },
        since: { type: 'string' },
        until: { type: 'string' },
        'no-group': { type: 'boolean' },
        'summary-sentences': { type: 'string' },
        quotes: { type: 'string' },
        'all-quotes': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
  const values = parsed.values;
  if (values.json && values.markdown) throw new UsageError('--json and --markdown cannot be used together', usage);
  if (values.quotes !== undefined && values['all-quotes']) throw new UsageError('--quotes and --all-quotes cannot be used together', usage);
  if (values.content !== undefined && values.articles !== undefined) throw new UsageError('--content and --articles cannot be used together', usage);
  const since = parseDate('since', values.since);
  const until = parseDate('until', values.until);
  if (since && until && since.getTime() >= until.getTime()) {
    throw new UsageError(`--since (${values.since}) must be before --until (${values.until})`, usage);
  }
  return {
    help: values.help ?? false,
    format: values.json ? ('json' as const) : values.markdown ? ('markdown' as const) : ('text' as const),
    content: values.content,
    articles: values.articles,
    // --articles is a file of its own (as the evals use); otherwise the store's feed articles join the folder's.
    feeds: values.articles === undefined && !values['no-feeds'],
    since,
    until,
    group: !values['no-group'],
    summarySentences: parseCount('summary-sentences', values['summary-sentences'], 1, 3),
    maxQuotes: values['all-quotes'] ? ('all' as const) : parseCount('quotes', values.quotes, 0, 50),
  };
}

/**
 * The articles the feed poller stored, read as the bot reads them: only while a sources file lists feeds (without
 * one the bot sends the content folder alone), and with no data file yet (SQLite, nothing fetched) none, without
 * making a folder or file.
 */
async function storedFeedArticles(config: Config, now: Date): Promise<Article[]> {
  if ((await loadSources(config.sourcesFile)) === null) return [];
  if (!config.databaseUrl && !existsSync(join(config.dataDir, 'brief.sqlite'))) return [];
  const { store } = await openConfiguredStore(config, 30);
  try {
    return await createFeedArticles(store, config.articleRetentionDays).articles(now);
  } finally {
    await store.close();
  }
}

async function main(): Promise<number> {
  const args = parseDigestArgs(process.argv.slice(2));
  if (args.help) {
    console.log(usage);
    return 0;
  }
  const config = await loadConfig();
  let loaded;
  if (args.articles !== undefined) {
    let text: string;
    try {
      text = await readFile(args.articles, 'utf8');
    } catch (error) {
      console.error(`Cannot read --articles file ${args.articles}: ${(error as Error).message}`);
      return 2;
    }
    loaded = parseArticleRecords(text, basename(args.articles));
  } else {
    loaded = await loadArticlesFromFolder(args.content ?? config.contentDir);
  }
  for (const problem of loaded.problems) console.error(`skipped ${problem.file}: ${problem.message}`);
  const now = new Date();
  const fromFeeds = args.feeds ? await storedFeedArticles(config, now) : [];
  const digest = buildDigest([...loaded.articles, ...fromFeeds], {
    now,
    windowHours: config.digest.windowHours,
    since: args.since,
    until: args.until,
    group: args.group,
    summarySentences: args.summarySentences ?? config.digest.summarySentences,
    maxQuotes: args.maxQuotes ?? config.digest.maxQuotes,
    problems: loaded.problems,
  });
  const render = { maxStories: config.digest.maxStories, quoteOffsets: args.maxQuotes === 'all' };
  process.stdout.write(args.format === 'json' ? renderJson(digest) : args.format === 'markdown' ? renderMarkdown(digest, render) : renderText(digest, render));
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${error.usage}`);
      process.exitCode = 2;
    } else if (error instanceof ConfigError) {
      console.error(error.message);
      process.exitCode = 1;
    } else if (error instanceof SourcesFileError) {
      console.error(`Bad sources file (SOURCES_FILE): ${error.message}`);
      process.exitCode = 1;
    } else if (error instanceof StoreError) {
      console.error(`Cannot read the stored feed articles (--no-feeds leaves them out): ${error.message}`);
      process.exitCode = 1;
    } else {
      console.error(error);
      process.exitCode = 1;
    }
  },
);
