/**
 * Digest bench (foundation issue): for 100, 1,000 and 10,000 articles of real news text, the wall
 * time, articles per second and peak memory of the whole digest, beside a bare wink-nlp tokenising
 * pass over the same text, checked against the targets:
 *   1,000 articles under 2 s; digest within 3× the tokenising pass; 10,000 within 12× the 1,000 time.
 * Every measurement runs in a fresh child process (bench/digest-bench-worker.ts), so peak RSS is per
 * size; medians over 3 processes for 100 and 1,000 and 2 for 10,000 (`--quick`: one each).
 * The corpus is built from ../shared/datasets/ (see bench/corpus.ts for how stories repeat across outlets).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerResult } from './digest-bench-worker.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const datasetsDir = path.resolve(here, '..', '..', 'shared', 'datasets');
const SIZES = [100, 1_000, 10_000] as const;

/** Median of a non-empty list. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function runWorker(mode: 'digest' | 'tokenize' | 'stories', size: number): Promise<WorkerResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', path.join(here, 'digest-bench-worker.ts'), mode, String(size), datasetsDir],
      { cwd: path.resolve(here, '..'), maxBuffer: 1 << 20, timeout: 15 * 60_000 },
      (error, stdout, stderr) => {
        const line = stdout.trim().split('\n').at(-1) ?? '';
        if (error && !line.startsWith('{')) {
          reject(new Error(`bench worker ${mode} ${size} failed: ${stderr.trim() || error.message}`));
          return;
        }
        resolve(JSON.parse(line) as WorkerResult);
      },
    );
  });
}

interface SizeFigures {
  size: number;
  trueStories: number;
  /** Steady-state build time (median of the passes after the first). */
  digestMs: number;
  /** First build in a fresh process. */
  digestColdMs: number;
  digestRssMb: number;
  digestStories: number;
  tokenizeMs: number;
  tokenizeColdMs: number;
  tokenizeRssMb: number;
  tokens: number;
  runs: number;
  pairPrecision: number;
  pairRecall: number;
  bcubedF1: number;
}

const fmt = (value: number, digits = 0) => (Number.isNaN(value) ? '—' : value.toFixed(digits));

/** `npm run bench -- digest [--quick]`: measures and prints the table and the targets. */
export async function runBench(): Promise<void> {
  if (!existsSync(datasetsDir)) {
    console.log(`digest: skipped, no data sets at ${datasetsDir}`);
    return;
  }
  const quick = process.argv.includes('--quick');
  const figures: SizeFigures[] = [];
  for (const size of SIZES) {
    const runs = quick ? 1 : size >= 10_000 ? 2 : 3;
    const digest: WorkerResult[] = [];
    const tokenize: WorkerResult[] = [];
    for (let run = 0; run < runs; run++) {
      tokenize.push(await runWorker('tokenize', size));
      digest.push(await runWorker('digest', size));
    }
    figures.push({
      size,
      trueStories: tokenize[0]!.trueStories,
      digestMs: median(digest.map((r) => r.ms)),
      digestColdMs: median(digest.map((r) => r.coldMs)),
      digestRssMb: median(digest.map((r) => r.maxRssMb)),
      digestStories: digest[0]!.count,
      tokenizeMs: median(tokenize.map((r) => r.ms)),
      tokenizeColdMs: median(tokenize.map((r) => r.coldMs)),
      tokenizeRssMb: median(tokenize.map((r) => r.maxRssMb)),
      tokens: tokenize[0]!.count,
      runs,
      pairPrecision: digest[0]!.pairPrecision ?? Number.NaN,
      pairRecall: digest[0]!.pairRecall ?? Number.NaN,
      bcubedF1: digest[0]!.bcubedF1 ?? Number.NaN,
    });
    const last = figures.at(-1)!;
    console.log(`  ${size} articles: digest ${fmt(last.digestMs)} ms, tokenize ${fmt(last.tokenizeMs)} ms (median of ${runs})`);
  }

  const rows = [
    ['articles', 'digest ms', 'articles/s', 'peak RSS MB', 'tokenize ms', 'tokens', 'peak RSS MB', 'digest ÷ tokenize', 'cold: digest / tokenize ms', 'stories true/found', 'pair P/R', 'B-cubed F1', 'runs'],
    ...figures.map((f) => [
      f.size.toLocaleString('en-US'),
      fmt(f.digestMs),
      fmt((f.size / f.digestMs) * 1000),
      fmt(f.digestRssMb),
      fmt(f.tokenizeMs),
      f.tokens.toLocaleString('en-US'),
      fmt(f.tokenizeRssMb),
      `${fmt(f.digestMs / f.tokenizeMs, 2)}×`,
      `${fmt(f.digestColdMs)} / ${fmt(f.tokenizeColdMs)} (${fmt(f.digestColdMs / f.tokenizeColdMs, 2)}×)`,
      `${f.trueStories}/${f.digestStories}`,
      `${fmt(f.pairPrecision, 2)}/${fmt(f.pairRecall, 2)}`,
      fmt(f.bcubedF1, 3),
      String(f.runs),
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log(rows.map((r) => r.map((cell, c) => cell.padStart(widths[c]!)).join('  ')).join('\n'));

  console.log('(digest = buildDigest over the articles; tokenize = readDoc with winkNLP(model, []) over title and text; model loading excluded from both; times are the steady state of a running bot, the median of the passes after the first in each process, and "cold" is the first pass; pair P/R = article pairs grouped together that belong together / of those that belong together)');
  const [, thousand, tenThousand] = figures as [SizeFigures, SizeFigures, SizeFigures];
  const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
  const t1k = thousand.digestMs;
  console.log(`target 1,000 articles < 2,000 ms: ${fmt(t1k)} ms — ${verdict(t1k < 2000)}`);
  for (const f of figures) {
    const ratio = f.digestMs / f.tokenizeMs;
    console.log(`target digest ≤ 3× tokenising pass at ${f.size.toLocaleString('en-US')}: ${fmt(ratio, 2)}× — ${verdict(ratio <= 3)}`);
  }
  const scaling = tenThousand.digestMs / t1k;
  console.log(`target 10,000 ≤ 12× the 1,000 time: ${fmt(scaling, 2)}× — ${verdict(scaling <= 12)}`);
  await runStoriesBench(quick);
}

/**
 * The grouping corpus: the 162 separately written reports of news-stories-dev (26 events told by 3-7 outlets,
 * near misses and follow-ups among them) at their real dates, with bench stories spread over the same six months
 * up to the size, grouped in one build. B-cubed F1 over every article, and over the real reports alone.
 */
async function runStoriesBench(quick: boolean): Promise<void> {
  if (!existsSync(path.join(datasetsDir, 'news-stories-dev', 'gold.json'))) {
    console.log('grouping corpus: skipped, no news-stories-dev');
    return;
  }
  const rows = [['articles', 'digest ms', 'stories', 'B-cubed F1 (all)', 'B-cubed F1 (real reports)', 'real stories whole', 'runs']];
  const times: number[] = [];
  for (const size of [1_000, 10_000]) {
    const runs = quick || size >= 10_000 ? 1 : 3;
    const results: WorkerResult[] = [];
    for (let run = 0; run < runs; run++) results.push(await runWorker('stories', size));
    const first = results[0]!;
    const ms = median(results.map((r) => r.ms));
    times.push(ms);
    rows.push([size.toLocaleString('en-US'), fmt(ms), String(first.count), fmt(first.bcubedF1 ?? Number.NaN, 3), fmt(first.realBcubedF1 ?? Number.NaN, 3), `${first.realWhole ?? 0}/${first.realMultiOutlet ?? 0}`, String(runs)]);
  }
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  console.log('\ngrouping corpus (news-stories-dev reports at their dates among bench stories over Jan-Jun 2025):');
  console.log(rows.map((r) => r.map((cell, c) => cell.padStart(widths[c]!)).join('  ')).join('\n'));
  const [t1k = Number.NaN, t10k = Number.NaN] = times;
  console.log(`grouping corpus 10,000 ÷ 1,000 time: ${fmt(t10k / t1k, 2)}× (near-linear: no pair of articles compared unless they share telling terms)`);
}
