/**
 * Feeds bench (issue #11): 500 feeds of 50 items served by the local feed server, ingested into a SQLite store
 * (feeds and articles per second, peak memory) beside a bare feedsmith parse loop over the same bytes (target: the
 * ingest within 2× of bare parsing); a second poll where every feed answers 304 (time per feed); article extraction
 * pages per second beside bare Readability on the same pages; the digest from 10,000 stored articles beside the
 * digest of the same articles handed over in memory. Each measurement runs in a fresh process
 * (bench/feeds-bench-worker.ts); medians of 3 runs (`--quick`: one).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { conditionalFeed, startFeedServer } from '../test/servers/feed-server.js';
import { median } from './digest-bench.js';
import type { FeedsWorkerResult } from './feeds-bench-worker.js';
import { benchFeed, FEEDS_NOW, ITEMS_PER_FEED } from './feeds-corpus.js';
import { FEED_POLL_CONCURRENCY } from '../src/sources/poll-feeds.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const datasetsDir = path.resolve(here, '..', '..', 'shared', 'datasets');
const FEEDS = 500;
const PAGES = 200;

function runWorker(args: string[]): Promise<FeedsWorkerResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'feeds-bench-worker.ts'), ...args],
      { cwd: path.resolve(here, '..'), maxBuffer: 1 << 20, timeout: 15 * 60_000 },
      (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').at(-1) ?? '';
        if (error || !line.startsWith('{')) {
          reject(new Error(`feeds bench worker ${args[0]} failed: ${stderr.trim() || error?.message}`));
          return;
        }
        resolve(JSON.parse(line) as FeedsWorkerResult);
      },
    );
  });
}

const fmt = (value: number, digits = 0) => value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** `npm run bench -- feeds [--quick]`. */
export async function runBench(): Promise<void> {
  const runs = process.argv.includes('--quick') ? 1 : 3;
  const server = await startFeedServer();
  let bytes = 0;
  for (let i = 0; i < FEEDS; i += 1) {
    const body = Buffer.from(benchFeed(i, ITEMS_PER_FEED, FEEDS_NOW));
    bytes += body.length;
    server.route(`/feed/${i}.xml`, conditionalFeed(body, `"feed-${i}-v1"`));
  }
  const ingest: FeedsWorkerResult[] = [];
  const bare: FeedsWorkerResult[] = [];
  const parse: FeedsWorkerResult[] = [];
  const stored: FeedsWorkerResult[] = [];
  const fetched: FeedsWorkerResult[] = [];
  const extract: FeedsWorkerResult[] = [];
  const readability: FeedsWorkerResult[] = [];
  try {
    for (let run = 0; run < runs; run += 1) {
      bare.push(await runWorker(['bare', String(FEEDS)]));
      parse.push(await runWorker(['parse', String(FEEDS)]));
      stored.push(await runWorker(['store', String(FEEDS)]));
      fetched.push(await runWorker(['fetch', server.origin, String(FEEDS)]));
      ingest.push(await runWorker(['ingest', server.origin, String(FEEDS)]));
      readability.push(await runWorker(['readability', String(PAGES)]));
      extract.push(await runWorker(['extract', String(PAGES)]));
    }
  } finally {
    await server.close();
  }
  const ingestMs = median(ingest.map((r) => r.ms));
  const bareMs = median(bare.map((r) => r.ms));
  const cpu = (results: FeedsWorkerResult[]) => median(results.map((r) => r.cpuMs ?? Number.NaN));
  const articles = ingest[0]?.count ?? 0;
  const ms304 = median(ingest.map((r) => r.extra?.ms304 ?? Number.NaN));
  console.log(`${FEEDS} feeds × ${ITEMS_PER_FEED} items (${fmt(bytes / 1024 / 1024, 1)} MB of RSS) from 127.0.0.1, into SQLite; median of ${runs}`);
  console.log(`  ingest:       ${fmt(ingestMs)} ms wall, ${fmt(cpu(ingest))} ms CPU — ${fmt(FEEDS / (ingestMs / 1000), 1)} feeds/s, ${fmt(articles / (ingestMs / 1000))} articles/s, peak RSS ${fmt(median(ingest.map((r) => r.maxRssMb)))} MB, errors ${ingest[0]?.extra?.errors ?? '?'}`);
  console.log(`  (feeds are read on a worker thread, as the bot reads them; starting it, once per run of the bot: ${fmt(median(ingest.map((r) => r.extra?.threadStartMs ?? Number.NaN)))} ms, before the clock)`);
  console.log(`  bare parse:   ${fmt(bareMs)} ms wall, ${fmt(cpu(bare))} ms CPU — feedsmith.parseFeed over the same bytes, peak RSS ${fmt(median(bare.map((r) => r.maxRssMb)))} MB`);
  console.log(`  ratio:        ${fmt(ingestMs / bareMs, 2)}× bare parsing in wall time, ${fmt(cpu(ingest) / cpu(bare), 2)}× in CPU time (target ≤ 2×) ${ingestMs / bareMs <= 2 ? 'MET' : 'NOT MET'}`);
  console.log(`  where it goes (same bytes, no network, CPU time): Brief's parse (feedsmith + item HTML to text + fingerprints) ${fmt(cpu(parse))} ms (${fmt(cpu(parse) / cpu(bare), 2)}×); + SQLite upserts, ${FEED_POLL_CONCURRENCY} feeds a commit, ${fmt(cpu(stored))} ms (${fmt(cpu(stored) / cpu(bare), 2)}×)`);
  console.log(`  fetching alone (Brief's HTTP client, the poller's ${FEED_POLL_CONCURRENCY} at once, 2 per host, nothing parsed): ${fmt(median(fetched.map((r) => r.ms)))} ms wall, ${fmt(cpu(fetched))} ms CPU (${fmt(cpu(fetched) / cpu(bare), 2)}×)`);
  console.log(`  304 re-poll:  ${fmt(ms304)} ms for ${ingest[0]?.extra?.notModified ?? '?'} not-modified feeds — ${fmt(ms304 / FEEDS, 2)} ms per feed`);
  const extractMs = median(extract.map((r) => r.ms));
  const readabilityMs = median(readability.map((r) => r.ms));
  console.log(`${PAGES} article pages (nav, ad, share bar, comments around 8 paragraphs)`);
  console.log(`  extraction:   ${fmt(PAGES / (extractMs / 1000), 1)} pages/s (${fmt(extractMs)} ms)`);
  console.log(`  bare Readability on linkedom: ${fmt(PAGES / (readabilityMs / 1000), 1)} pages/s (${fmt(readabilityMs)} ms); ratio ${fmt(extractMs / readabilityMs, 2)}×`);
  if (!existsSync(datasetsDir)) {
    console.log(`digest from 10,000 stored articles: skipped, no data sets at ${datasetsDir}`);
    return;
  }
  const digest = await runWorker(['digest', datasetsDir]);
  console.log(`digest from ${fmt(digest.count)} stored articles (SQLite), steady state of 3 passes in one process`);
  console.log(`  via the store: ${fmt(digest.ms)} ms (first pass ${fmt(digest.extra?.coldMs ?? Number.NaN)} ms; reading the store alone ${fmt(digest.extra?.readMs ?? Number.NaN)} ms), peak RSS ${fmt(digest.maxRssMb)} MB`);
  console.log(`  same articles in memory (buildDigest alone): ${fmt(digest.extra?.bareMs ?? Number.NaN)} ms`);
}
