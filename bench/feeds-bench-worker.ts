/**
 * One measurement of the feeds bench, in a fresh process so peak RSS is its own.
 * `tsx bench/feeds-bench-worker.ts <ingest ORIGIN FEEDS | fetch ORIGIN FEEDS | bare FEEDS | parse FEEDS | store FEEDS | extract PAGES | readability PAGES | digest DATASETS>`
 * prints one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readability } from '@mozilla/readability';
import { parseFeed } from 'feedsmith';
import { parseHTML } from 'linkedom';
import { articleFromRecord } from '../src/content/jsonl-articles.js';
import { createContentDigestSource } from '../src/content/content-digest-source.js';
import { createFeedArticles } from '../src/content/feed-articles.js';
import { buildDigest } from '../src/digest/build-digest.js';
import { textFingerprint } from '../src/sources/canonical.js';
import { decodeBody } from '../src/sources/decode.js';
import { extractArticle } from '../src/sources/read-page.js';
import { createHttpClient, USER_AGENT } from '../src/sources/http-client.js';
import { parseFeedText } from '../src/sources/parse-feed.js';
import { createFeedPoller, FEED_POLL_CONCURRENCY, MAX_FEED_BYTES } from '../src/sources/poll-feeds.js';
import { createThreadSourceReader } from '../src/sources/source-reader.js';
import { mapBounded } from '../src/map-bounded.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import type { ArticleInput } from '../src/store/types.js';
import { buildBenchCorpus, loadBaseStories } from './corpus.js';
import { median } from './digest-bench.js';
import { benchFeed, benchPage, FEEDS_NOW, ITEMS_PER_FEED } from './feeds-corpus.js';

/** What one worker run reports; fields depend on the mode. */
export interface FeedsWorkerResult {
  mode: string;
  ms: number;
  /** CPU time (user + system) of this process over the timed part: steadier than wall time on a busy machine. */
  cpuMs?: number;
  count: number;
  maxRssMb: number;
  extra?: Record<string, number>;
}

const [mode, ...args] = process.argv.slice(2);
let cpuStart = process.cpuUsage();
const startCpu = () => {
  cpuStart = process.cpuUsage();
};
const cpuSince = () => {
  const used = process.cpuUsage(cpuStart);
  return (used.user + used.system) / 1000;
};
const report = (result: Omit<FeedsWorkerResult, 'maxRssMb' | 'mode'>) =>
  console.log(JSON.stringify({ mode: mode ?? '', maxRssMb: process.resourceUsage().maxRSS / 1024, ...result } satisfies FeedsWorkerResult));

if (mode === 'ingest') {
  const [origin, feedsText] = args;
  const feeds = Number(feedsText);
  const dir = mkdtempSync(join(tmpdir(), 'brief-feeds-bench-'));
  const store = openSqliteStore(dir);
  const sources = Array.from({ length: feeds }, (_, i) => ({ url: `${origin}/feed/${i}.xml`, name: null, fullText: 'never' as const, everyMs: null }));
  const http = createHttpClient({ userAgent: USER_AGENT });
  let clock = FEEDS_NOW;
  // Read as the bot reads (src/sources/feed-service.ts): on worker threads. The bot keeps its reader for its whole
  // run, so the thread is started (one small feed read) before the clock, and its start-up reported apart.
  const reader = createThreadSourceReader();
  const threadStarted = performance.now();
  await reader.readFeed({ body: Buffer.from(benchFeed(0, 1, FEEDS_NOW)), contentType: 'application/rss+xml', url: `${origin}/feed/0.xml` });
  const threadStartMs = performance.now() - threadStarted;
  const poller = createFeedPoller({ store, http, reader, retentionDays: 14, now: () => clock });
  startCpu();
  const started = performance.now();
  const first = await poller.pollDueFeeds(sources);
  const ms = performance.now() - started;
  const cpuMs = cpuSince();
  const articles = first.reduce((sum, r) => sum + r.items.filter((i) => i.outcome === 'inserted').length, 0);
  const errors = first.filter((r) => r.status !== 'ok').length;
  // The second poll, a day later: every feed is due and every server answers 304.
  clock = new Date(FEEDS_NOW.getTime() + 86_400_000 + 60_000);
  const again = performance.now();
  const second = await poller.pollDueFeeds(sources);
  const ms304 = performance.now() - again;
  await reader.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  report({ ms, cpuMs, count: articles, extra: { threadStartMs, feeds: first.length, errors, ms304, notModified: second.filter((r) => r.status === 'not-modified').length } });
} else if (mode === 'fetch') {
  // The network half of the ingest alone: the same requests, concurrency and client, and nothing done with the bodies.
  const [origin, feedsText] = args;
  const http = createHttpClient({ userAgent: USER_AGENT });
  const urls = Array.from({ length: Number(feedsText) }, (_, i) => `${origin}/feed/${i}.xml`);
  startCpu();
  const started = performance.now();
  const bodies = await mapBounded(urls, FEED_POLL_CONCURRENCY, async (url) => (await http.get(url, { maxBytes: MAX_FEED_BYTES })).body.length);
  report({ ms: performance.now() - started, cpuMs: cpuSince(), count: bodies.length, extra: { bytes: bodies.reduce((sum, n) => sum + n, 0) } });
} else if (mode === 'bare') {
  const feeds = Number(args[0]);
  const bodies = Array.from({ length: feeds }, (_, i) => Buffer.from(benchFeed(i, ITEMS_PER_FEED, FEEDS_NOW)));
  startCpu();
  const started = performance.now();
  let items = 0;
  for (const bytes of bodies) items += (parseFeed(decodeBody(bytes, 'application/rss+xml')).feed as { items?: unknown[] }).items?.length ?? 0;
  report({ ms: performance.now() - started, cpuMs: cpuSince(), count: items });
} else if (mode === 'parse' || mode === 'store') {
  // The ingest without the network: Brief's parse (feedsmith, then item HTML to text, and each item's fingerprint),
  // and with 'store' the upserts into SQLite too, committed for FEED_POLL_CONCURRENCY feeds at a time as the poller's
  // group commit gathers the feeds it polls together; on the same bytes as the bare loop.
  const feeds = Number(args[0]);
  const bodies = Array.from({ length: feeds }, (_, i) => Buffer.from(benchFeed(i, ITEMS_PER_FEED, FEEDS_NOW)));
  const dir = mkdtempSync(join(tmpdir(), 'brief-feeds-bench-'));
  const store = openSqliteStore(dir);
  startCpu();
  const started = performance.now();
  let items = 0;
  let group: ArticleInput[] = [];
  for (const [i, bytes] of bodies.entries()) {
    const parsed = parseFeedText(decodeBody(bytes, 'application/rss+xml'), `https://outlet${i}.example/rss.xml`);
    if (!parsed.ok) continue;
    items += parsed.feed.items.length;
    const inputs = parsed.feed.items.map((item) => ({
      feedUrl: `https://outlet${i}.example/rss.xml`, guid: item.guid, url: item.url, title: item.title, source: parsed.feed.title,
      author: item.author, publishedAt: item.publishedAt, publishedOffsetMinutes: item.publishedOffsetMinutes, standfirst: item.standfirst,
      paragraphs: item.paragraphs, fingerprint: textFingerprint(item.title, item.paragraphs), fullText: false,
    }));
    if (mode !== 'store') continue;
    group.push(...inputs);
    if ((i + 1) % FEED_POLL_CONCURRENCY === 0) {
      await store.upsertArticles(group, FEEDS_NOW);
      group = [];
    }
  }
  if (group.length > 0) await store.upsertArticles(group, FEEDS_NOW);
  const ms = performance.now() - started;
  const cpuMs = cpuSince();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  report({ ms, cpuMs, count: items });
} else if (mode === 'extract' || mode === 'readability') {
  const pages = Array.from({ length: Number(args[0]) }, (_, i) => benchPage(i));
  const times: number[] = [];
  let chars = 0;
  for (let pass = 0; pass < 3; pass += 1) {
    const started = performance.now();
    for (const [i, html] of pages.entries()) {
      if (mode === 'extract') chars += (extractArticle(html, `https://outlet.example/news/${i}`) ?? []).join('').length;
      else {
        const { document } = parseHTML(html);
        chars += new Readability(document as unknown as ConstructorParameters<typeof Readability>[0]).parse()?.textContent?.length ?? 0;
      }
    }
    times.push(performance.now() - started);
  }
  report({ ms: median(times), count: pages.length, extra: { chars: chars / 3 } });
} else if (mode === 'digest') {
  const corpus = buildBenchCorpus(loadBaseStories(args[0] as string), 10_000, FEEDS_NOW);
  const articles = corpus.records.map((record) => articleFromRecord(record));
  const dir = mkdtempSync(join(tmpdir(), 'brief-feeds-bench-'));
  const store = openSqliteStore(dir);
  await store.upsertArticles(
    articles.map((article, i) => ({
      feedUrl: `https://outlet${i % 50}.example/rss.xml`, guid: article.id, url: article.url, title: article.title, source: article.source,
      author: null, publishedAt: article.publishedAt, publishedOffsetMinutes: article.publishedOffsetMinutes, standfirst: article.standfirst,
      paragraphs: article.paragraphs, fingerprint: textFingerprint(article.title, article.paragraphs), fullText: false,
    })),
    FEEDS_NOW,
  );
  const options = { windowHours: 24, summarySentences: 2, maxQuotes: 3 };
  const empty = mkdtempSync(join(tmpdir(), 'brief-feeds-bench-content-'));
  const readStarted = performance.now();
  const stored = await createFeedArticles(store, 14).articles(FEEDS_NOW);
  const readMs = performance.now() - readStarted;
  const viaStore: number[] = [];
  const bare: number[] = [];
  for (let pass = 0; pass < 3; pass += 1) {
    // A fresh source each pass: nothing cached, so each pass reads the store and builds.
    const source = createContentDigestSource({ contentDir: empty, ...options, feedArticles: createFeedArticles(store, 14) });
    let started = performance.now();
    await source.getDigest({ now: FEEDS_NOW });
    viaStore.push(performance.now() - started);
    started = performance.now();
    buildDigest(articles, { now: FEEDS_NOW, ...options });
    bare.push(performance.now() - started);
  }
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(empty, { recursive: true, force: true });
  report({ ms: median(viaStore.slice(1)), count: stored.length, extra: { readMs, bareMs: median(bare.slice(1)), coldMs: viaStore[0] ?? 0 } });
} else {
  console.error('usage: tsx bench/feeds-bench-worker.ts <ingest ORIGIN FEEDS | fetch ORIGIN FEEDS | bare FEEDS | parse FEEDS | store FEEDS | extract PAGES | readability PAGES | digest DATASETS>');
  process.exit(2);
}
