/**
 * One measurement of the digest bench, in a fresh process so that peak RSS belongs to this size
 * alone. `tsx bench/digest-bench-worker.ts <digest|tokenize> <size> <datasetsDir>` prints one JSON line with the
 * first (cold) pass and the median of the later (steady-state) passes.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { articleFromRecord } from '../src/content/jsonl-articles.js';
import { buildDigest } from '../src/digest/build-digest.js';
import { buildBenchCorpus, loadBaseStories, pairwiseAgreement } from './corpus.js';
import { median } from './digest-bench.js';

/** What one worker run reports. */
export interface WorkerResult {
  mode: 'digest' | 'tokenize';
  size: number;
  /** Median time of the passes after the first (steady state). */
  ms: number;
  /** Time of the first pass in a fresh process (cold start). */
  coldMs: number;
  maxRssMb: number;
  /** Tokens counted (tokenize) or stories in the digest (digest). */
  count: number;
  trueStories: number;
  /** Pairwise clustering quality against the corpus truth (digest only): same-story pairs put together / kept apart. */
  pairPrecision?: number;
  pairRecall?: number;
}

/** The fixed "now" of every bench run; the corpus is dated within the 24 h before it. */
export const BENCH_NOW = new Date('2025-11-30T12:00:00Z');

const [mode, sizeText, datasetsDir] = process.argv.slice(2);
const size = Number(sizeText);
if ((mode !== 'digest' && mode !== 'tokenize') || !Number.isInteger(size) || size < 1 || datasetsDir === undefined) {
  console.error('usage: tsx bench/digest-bench-worker.ts <digest|tokenize> <size> <datasetsDir>');
  process.exit(2);
}
const corpus = buildBenchCorpus(loadBaseStories(datasetsDir), size, BENCH_NOW);
const report = (result: Omit<WorkerResult, 'maxRssMb' | 'size' | 'mode' | 'trueStories'>) => {
  const full: WorkerResult = { mode, size, trueStories: corpus.stories, maxRssMb: process.resourceUsage().maxRSS / 1024, ...result };
  console.log(JSON.stringify(full));
};

// The first pass in a process pays for JIT compilation and libraries' lazy set-up; a running bot builds digests
// again and again, so the steady state (median of the passes after the first) is what the targets are read on.
// Small sizes need more passes to get there: at 100 articles the JIT is still tiering up after a dozen (times
// fall from about 100 ms to a steady 62-65 ms by the fifteenth pass).
const passes = size >= 10_000 ? 3 : size >= 1_000 ? 8 : 30;

function timePasses(pass: () => void): { coldMs: number; ms: number } {
  const times: number[] = [];
  for (let i = 0; i < passes; i++) {
    const started = performance.now();
    pass();
    times.push(performance.now() - started);
  }
  return { coldMs: times[0] ?? Number.NaN, ms: median(times.slice(1)) };
}

if (mode === 'tokenize') {
  // Empty pipe: tokenisation only, the floor any wink-based digest pays for reading the text. Set up before the
  // clock starts, as the engine's own wink instance is created when its module loads.
  const nlp = winkNLP(model, []);
  let tokens = 0;
  const timing = timePasses(() => {
    tokens = 0;
    for (const record of corpus.records) tokens += nlp.readDoc(`${record.title}\n\n${record.text}`).tokens().length();
  });
  report({ ...timing, count: tokens });
} else {
  const articles = corpus.records.map((record) => articleFromRecord(record));
  let digest = buildDigest([], { now: BENCH_NOW });
  const timing = timePasses(() => {
    digest = buildDigest(articles, { now: BENCH_NOW });
  });
  const agreement = pairwiseAgreement(digest.stories.map((story) => story.sources.map((source) => source.file)), corpus.storyOf);
  report({ ...timing, count: digest.stories.length, pairPrecision: agreement.precision, pairRecall: agreement.recall });
}
