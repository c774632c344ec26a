/**
 * One measurement of the digest bench, in a fresh process so that peak RSS belongs to this size
 * alone. `tsx bench/digest-bench-worker.ts <digest|tokenize> <size> <datasetsDir>` prints one JSON line.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { articleFromRecord } from '../src/content/jsonl-articles.js';
import { buildDigest } from '../src/digest/build-digest.js';
import { buildBenchCorpus, loadBaseStories, pairwiseAgreement } from './corpus.js';

/** What one worker run reports. */
export interface WorkerResult {
  mode: 'digest' | 'tokenize';
  size: number;
  ms: number;
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

if (mode === 'tokenize') {
  // Empty pipe: tokenisation only, the floor any wink-based digest pays for reading the text. Set up before the
  // clock starts, as the engine's own wink instance is created when its module loads.
  const nlp = winkNLP(model, []);
  const started = performance.now();
  let tokens = 0;
  for (const record of corpus.records) {
    tokens += nlp.readDoc(`${record.title}\n\n${record.text}`).tokens().length();
  }
  report({ ms: performance.now() - started, count: tokens });
} else {
  const articles = corpus.records.map((record) => articleFromRecord(record));
  const started = performance.now();
  const digest = buildDigest(articles, { now: BENCH_NOW });
  const ms = performance.now() - started;
  const agreement = pairwiseAgreement(digest.stories.map((story) => story.sources.map((source) => source.file)), corpus.storyOf);
  report({ ms, count: digest.stories.length, pairPrecision: agreement.precision, pairRecall: agreement.recall });
}
