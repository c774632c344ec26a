/**
 * One measurement of the digest bench, in a fresh process so that peak RSS belongs to this size
 * alone. `tsx bench/digest-bench-worker.ts <digest|tokenize> <size> <datasetsDir>` prints one JSON line with the
 * first (cold) pass and the median of the later (steady-state) passes.
 */
import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { articleFromRecord } from '../src/content/jsonl-articles.js';
import { buildDigest } from '../src/digest/build-digest.js';
import path from 'node:path';
import { loadLabelledStories, scoreStories } from '../src/eval/story-eval.js';
import type { Article } from '../src/digest/types.js';
import { bcubed, buildBenchCorpus, loadBaseStories, pairwiseAgreement, spreadOverPeriod } from './corpus.js';
import { median } from './digest-bench.js';

/** What one worker run reports. */
export interface WorkerResult {
  mode: 'digest' | 'tokenize' | 'stories';
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
  /** B-cubed F1 of the grouping over every article of the corpus. */
  bcubedF1?: number;
  /** Stories mode: B-cubed F1 over the real reports alone, and their multi-outlet stories grouped whole. */
  realBcubedF1?: number;
  realWhole?: number;
  realMultiOutlet?: number;
}

/** The fixed "now" of every bench run; the corpus is dated within the 24 h before it. */
export const BENCH_NOW = new Date('2025-11-30T12:00:00Z');

const [mode, sizeText, datasetsDir] = process.argv.slice(2);
const size = Number(sizeText);
if ((mode !== 'digest' && mode !== 'tokenize' && mode !== 'stories') || !Number.isInteger(size) || size < 1 || datasetsDir === undefined) {
  console.error('usage: tsx bench/digest-bench-worker.ts <digest|tokenize|stories> <size> <datasetsDir>');
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
} else if (mode === 'stories') {
  // The grouping corpus: the separately written reports of news-stories-dev at their real dates, among bench
  // stories spread over the same months, grouped in one build over the whole period.
  const labelled = await loadLabelledStories(path.join(datasetsDir, 'news-stories-dev'));
  const from = new Date('2025-01-01T00:00:00Z');
  const until = new Date('2025-07-01T00:00:00Z');
  const filler = buildBenchCorpus(loadBaseStories(datasetsDir), Math.max(0, size - labelled.articles.length), BENCH_NOW);
  const articles: Article[] = [...labelled.articles, ...spreadOverPeriod(filler, from, until).map((record) => articleFromRecord(record))];
  const truth = new Map<string, string>([...labelled.storyOf].map(([id, story]) => [id, `real:${story}`]));
  for (const [id, story] of filler.storyOf) truth.set(id, `bench:${story}`);
  const idOfFile = new Map(articles.map((article) => [article.file, article.id]));
  let digest = buildDigest([], { now: until });
  const timing = timePasses(() => {
    digest = buildDigest(articles, { now: until, since: from, until, maxQuotes: 0 });
  });
  const found = digest.stories.map((story) => story.sources.map((source) => idOfFile.get(source.file) ?? source.file));
  const real = found.map((group) => group.filter((id) => labelled.storyOf.has(id))).filter((group) => group.length > 0);
  const realScores = scoreStories(real, labelled.storyOf, labelled.nearMisses, labelled.followUps);
  report({
    ...timing,
    count: digest.stories.length,
    bcubedF1: bcubed(found, truth).f1,
    realBcubedF1: realScores.bcubed.f1,
    realWhole: realScores.multiOutletWhole,
    realMultiOutlet: realScores.multiOutletStories,
  });
} else {
  const articles = corpus.records.map((record) => articleFromRecord(record));
  let digest = buildDigest([], { now: BENCH_NOW });
  const timing = timePasses(() => {
    digest = buildDigest(articles, { now: BENCH_NOW });
  });
  const agreement = pairwiseAgreement(digest.stories.map((story) => story.sources.map((source) => source.file)), corpus.storyOf);
  const found = digest.stories.map((story) => story.sources.map((source) => source.file));
  report({ ...timing, count: digest.stories.length, pairPrecision: agreement.precision, pairRecall: agreement.recall, bcubedF1: bcubed(found, corpus.storyOf).f1 });
}
