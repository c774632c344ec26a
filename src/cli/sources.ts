import { readFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { pathToFileURL } from 'node:url';
import { StoreError, UsageError } from '../errors.js';
import { isHelp } from './help.js';
import type { DiscoveredFeed } from '../sources/discover.js';
import { createFullTextFetcher } from '../sources/full-text.js';
import { createHttpClient, FetchError, USER_AGENT, type HttpClient } from '../sources/http-client.js';
import { feedsFromOpml, sourcesToOpml } from '../sources/opml.js';
import { createFeedPoller, MAX_FEED_BYTES, type PollResult } from '../sources/poll-feeds.js';
import { createThreadSourceReader, type SourceReader } from '../sources/source-reader.js';
import { addSource, loadSources, removeSource, SourcesFileError, type FeedSource } from '../sources/sources-file.js';
import { MemoryStore } from '../store/memory-store.js';
import { telegramLimits } from '../channels/telegram/rate-limiter.js';
import { openConfiguredStore } from '../store/open-store.js';
import type { ArticleStore, FeedState } from '../store/types.js';
import { loadCliConfig } from './load-cli-config.js';

const usage = 'Usage: npm run sources -- list | add URL [--name NAME] [--yes] | remove URL | check URL | import FILE.opml | export';

export interface SourcesCliDeps {
  sourcesFile: string;
  store: ArticleStore;
  http: HttpClient;
  out: (line: string) => void;
  /** Asks the person at the terminal and returns the answer; absent when not interactive (no TTY). */
  ask?: (question: string) => Promise<string>;
  /** Reads what `add` and `check` fetch; by default a reading thread of their own, with the bot's time limits. */
  reader?: SourceReader;
}

/**
 * Runs `use` with the given reader, or with a reading thread of its own, closed after: as the bot reads, so a URL
 * whose body would take minutes to parse is stopped at the same limit and said so, rather than hanging the command.
 */
async function withReader<T>(deps: SourcesCliDeps, use: (reader: SourceReader) => Promise<T>): Promise<T> {
  if (deps.reader) return use(deps.reader);
  const reader = createThreadSourceReader({ threads: 1 });
  try {
    return await use(reader);
  } finally {
    await reader.close();
  }
}

const itemCount = (n: number) => `${n} ${n === 1 ? 'item' : 'items'}`;

/** What a URL turned out to be: a feed (with its title), a web page (with the feeds it links), or an error. */
type Probe = { kind: 'feed'; title: string | null; items: number } | { kind: 'page'; feeds: DiscoveredFeed[] } | { kind: 'error'; message: string };

async function probe(http: HttpClient, reader: SourceReader, url: string): Promise<Probe> {
  try {
    const response = await http.get(url, { maxBytes: MAX_FEED_BYTES });
    if (response.status !== 200) return { kind: 'error', message: `HTTP ${response.status}` };
    const read = await reader.readFeed({ body: response.body, contentType: response.headers['content-type'] ?? null, url: response.url });
    if (read.ok) return { kind: 'feed', title: read.feed.title, items: read.feed.items.length };
    if (read.webPage) return { kind: 'page', feeds: read.linkedFeeds };
    return { kind: 'error', message: read.error };
  } catch (error) {
    return { kind: 'error', message: error instanceof FetchError ? error.message : String(error) };
  }
}

function when(date: Date | null): string {
  return date ? date.toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : 'never';
}

function describeState(state: FeedState | undefined): string {
  if (!state || state.status === null) return 'not fetched yet';
  const status = state.status === 'error' ? `error (${state.failures} in a row): ${state.lastError ?? ''}` : state.status;
  return `last fetch ${when(state.lastFetchedAt)}, ${status}, ${itemCount(state.itemCount)}, next ${when(state.nextPollAt)}`;
}

function printCheck(out: (line: string) => void, result: PollResult): void {
  if (result.status === 'error') {
    out(`✗ ${result.url}: ${result.error ?? 'failed'}`);
    return;
  }
  out(`${result.title ?? result.url} — ${itemCount(result.items.length)}`);
  for (const item of result.items) {
    const text = item.fullText ? 'full article' : item.fullTextNote ? `feed text (${item.fullTextNote})` : 'feed text';
    out(`  • ${item.title} — ${item.chars.toLocaleString('en-US')} characters, ${text}`);
  }
}

/** Adds `url` to the sources file and says so (or that it was already there). */
async function addFeed(deps: SourcesCliDeps, url: string, label: string, items: number, name: string | undefined): Promise<number> {
  const added = await addSource(deps.sourcesFile, { url, name: name ?? null });
  deps.out(added ? `✓ Added ${label} (${itemCount(items)} now) to ${deps.sourcesFile}.` : `${url} is already in ${deps.sourcesFile}.`);
  return 0;
}

/**
 * `add` given a web page: offers the first feed the page links, after checking it is a feed. `--yes` adds it; else
 * at a terminal it asks, and elsewhere the feeds found and the command to add one are printed.
 */
async function offerLinkedFeed(
  deps: SourcesCliDeps,
  reader: SourceReader,
  pageUrl: string,
  feeds: DiscoveredFeed[],
  options: { name: string | undefined; yes: boolean },
): Promise<number> {
  const { out } = deps;
  const [first] = feeds;
  if (!first) {
    out(`✗ ${pageUrl} is a web page, not a feed, and it links no feed. Not added.`);
    return 1;
  }
  out(`${pageUrl} is a web page, not a feed. It links ${feeds.length === 1 ? 'this feed' : 'these feeds'}:`);
  for (const feed of feeds) out(`  ${feed.url}${feed.title ? ` (${feed.title})` : ''}`);
  const linked = await probe(deps.http, reader, first.url);
  if (linked.kind !== 'feed') {
    out(`✗ ${first.url} is not a feed Brief can read: ${linked.kind === 'error' ? linked.message : 'it is a web page'}. Not added.`);
    return 1;
  }
  const label = options.name ?? linked.title ?? first.title ?? first.url;
  const nameFlag = options.name ? ` --name "${options.name}"` : '';
  if (options.yes) return addFeed(deps, first.url, label, linked.items, options.name);
  if (deps.ask) {
    const answer = (await deps.ask(`Add ${label} (${first.url})? [Y/n] `)).trim();
    if (answer !== '' && !/^y(es)?$/i.test(answer)) {
      out('Not added.');
      return 0;
    }
    return addFeed(deps, first.url, label, linked.items, options.name);
  }
  out(`Not added. To add ${label} (${itemCount(linked.items)} now): npm run sources -- add ${first.url}${nameFlag}, or this command again with --yes`);
  return 1;
}

/** Runs one `npm run sources` command; returns the exit code. */
export async function runSourcesCommand(argv: string[], deps: SourcesCliDeps): Promise<number> {
  const [command, ...flagged] = argv;
  const yes = flagged.includes('--yes') || flagged.includes('-y');
  const rest = flagged.filter((arg) => arg !== '--yes' && arg !== '-y');
  const nameAt = rest.indexOf('--name');
  const name = nameAt >= 0 ? rest[nameAt + 1] : undefined;
  if (nameAt >= 0 && (name === undefined || name.startsWith('--'))) throw new UsageError('--name needs a value', usage);
  const positional = nameAt < 0 ? rest : rest.filter((_, index) => index !== nameAt && index !== nameAt + 1);
  const argument = positional[0];
  const { out } = deps;

  switch (command) {
    case 'list': {
      const sources = (await loadSources(deps.sourcesFile)) ?? [];
      if (sources.length === 0) {
        out(`No feeds in ${deps.sourcesFile}. Add one with: npm run sources -- add URL`);
        return 0;
      }
      const states = new Map((await deps.store.listFeedStates()).map((state) => [state.url, state]));
      for (const source of sources) {
        const state = states.get(source.url);
        out(`${source.name ?? state?.title ?? '(untitled)'} <${source.url}>`);
        out(`  ${describeState(state)}`);
      }
      return 0;
    }
    case 'add': {
      if (!argument) throw new UsageError('add needs the feed URL', usage);
      if (!/^[a-z][a-z\d+.-]*:\/\//i.test(argument)) {
        out(`✗ ${argument}: a feed URL starts with https:// or http:// (did you mean https://${argument}?). Not added.`);
        return 1;
      }
      return withReader(deps, async (reader) => {
        const found = await probe(deps.http, reader, argument);
        if (found.kind === 'error') {
          out(`✗ ${argument}: ${found.message}. Not added.`);
          return 1;
        }
        if (found.kind === 'feed') return addFeed(deps, argument, name ?? found.title ?? argument, found.items, name);
        return offerLinkedFeed(deps, reader, argument, found.feeds, { name, yes });
      });
    }
    case 'remove': {
      if (!argument) throw new UsageError('remove needs the feed URL', usage);
      const removed = await removeSource(deps.sourcesFile, argument);
      out(removed ? `✓ Removed ${argument} from ${deps.sourcesFile}.` : `${argument} is not in ${deps.sourcesFile}.`);
      return removed ? 0 : 1;
    }
    case 'check': {
      if (!argument) throw new UsageError('check needs the feed URL', usage);
      const listed = ((await loadSources(deps.sourcesFile)) ?? []).find((source) => source.url === argument);
      const source: FeedSource = listed ?? { url: argument, name: name ?? null, fullText: 'auto', everyMs: null };
      // A scratch store: checking shows what Brief would read without changing what it keeps.
      const result = await withReader(deps, (reader) => {
        const poller = createFeedPoller({ store: new MemoryStore(), http: deps.http, reader, fullText: createFullTextFetcher({ http: deps.http, reader }), retentionDays: 3650 });
        return poller.pollFeed(source);
      });
      printCheck(out, result);
      return result.status === 'error' ? 1 : 0;
    }
    case 'import': {
      if (!argument) throw new UsageError('import needs an OPML file', usage);
      let feeds;
      let notHttp;
      try {
        ({ feeds, notHttp } = feedsFromOpml(await readFile(argument, 'utf8')));
      } catch (error) {
        out(`✗ ${argument}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `not an OPML file (${(error as Error).message})`}`);
        return 1;
      }
      let added = 0;
      for (const feed of feeds) if (await addSource(deps.sourcesFile, feed)) added += 1;
      out(`✓ Imported ${added} of ${feeds.length} feeds from ${argument} (${feeds.length - added} already listed).`);
      if (notHttp.length > 0) out(`Not imported (only http and https feeds are read): ${notHttp.join(', ')}`);
      return 0;
    }
    case 'export': {
      const sources = (await loadSources(deps.sourcesFile)) ?? [];
      const titles = new Map<string, string>();
      for (const state of await deps.store.listFeedStates()) if (state.title) titles.set(state.url, state.title);
      out(sourcesToOpml(sources, titles));
      return 0;
    }
    default:
      throw new UsageError(command ? `unknown command "${command}"` : 'a command is needed', usage);
  }
}

async function main(): Promise<number> {
  if (isHelp(process.argv[2])) {
    console.log(usage);
    return 0;
  }
  const config = await loadCliConfig();
  if (config === null) return 1;
  let store;
  try {
    // The store the bot reads: PostgreSQL when DATABASE_URL is set, else the SQLite file in DATA_DIR.
    ({ store } = await openConfiguredStore(config, telegramLimits.globalPerSecond ?? 30));
  } catch (error) {
    if (error instanceof StoreError) {
      console.error(`Cannot read the store: ${error.message}`);
      return 1;
    }
    throw error;
  }
  // Questions only at a terminal: piped or scheduled runs take --yes, or print what they would add.
  const terminal = process.stdin.isTTY && process.stdout.isTTY ? createInterface({ input: process.stdin, output: process.stdout }) : null;
  try {
    return await runSourcesCommand(process.argv.slice(2), {
      sourcesFile: config.sourcesFile,
      store,
      http: createHttpClient({ userAgent: USER_AGENT }),
      out: (line) => console.log(line),
      ask: terminal ? (question) => terminal.question(question) : undefined,
    });
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`${error.message}\n${error.usage}`);
      return 2;
    }
    if (error instanceof SourcesFileError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  } finally {
    terminal?.close();
    await store.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exit(await main());
}
