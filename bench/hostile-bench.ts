/**
 * Hostile-text bench (issue #15): the time to read and digest text built from the shapes in
 * bench/hostile-text.ts, 10 KB → 1 MB, as milliseconds per MB beside ordinary news of the same size
 * (the base articles of ../shared/datasets/, each its own article file). Text over 200,000 characters
 * is given as several articles of 200,000, so the per-article cap does not hide any of it. Median of 3.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArticleFile } from '../src/content/parse-article.js';
import { buildDigest } from '../src/digest/build-digest.js';
import { MAX_ARTICLE_CHARS } from '../src/digest/cap-article.js';
import type { Article } from '../src/digest/types.js';
import { loadBaseStories } from './corpus.js';
import { median } from './digest-bench.js';
import { articleFile, hostileShapes, hostileText, type HostileLayout } from './hostile-text.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const datasetsDir = path.resolve(here, '..', '..', 'shared', 'datasets');
const SIZES = [10_000, 100_000, 1_000_000] as const;
const now = new Date('2025-12-01T08:00:00Z');

/** Milliseconds to parse the files and build their digest, median of three. */
function digestMs(files: string[]): number {
  const times: number[] = [];
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    const articles: Article[] = [];
    files.forEach((file, index) => {
      const parsed = parseArticleFile(`a${index}.md`, file);
      if (parsed.ok) articles.push(parsed.article);
    });
    buildDigest(articles, { now });
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Ordinary news files adding up to about `chars` characters of text. */
function ordinaryFiles(chars: number): string[] {
  const stories = loadBaseStories(datasetsDir);
  const files: string[] = [];
  let total = 0;
  for (let round = 0; total < chars; round++) {
    for (const story of stories) {
      if (total >= chars) break;
      const body = story.paragraphs.map((sentences) => sentences.join(' ')).join('\n\n');
      files.push(articleFile(round === 0 ? story.title : `${story.title} (${round})`, body));
      total += body.length;
    }
  }
  return files;
}

/** Hostile text of `chars` characters, in articles of at most the cap. */
function hostileFiles(unit: string, chars: number, layout: HostileLayout): string[] {
  const files: string[] = [];
  for (let left = chars; left > 0; left -= MAX_ARTICLE_CHARS) files.push(articleFile('Talks resume', hostileText(unit, Math.min(left, MAX_ARTICLE_CHARS - 100), layout)));
  return files;
}

const perMb = (ms: number, chars: number) => (ms / (chars / 1_000_000)).toFixed(0).padStart(7);

export async function runBench(): Promise<void> {
  console.log(`ms per MB of text (parse + digest, median of 3); columns: ${SIZES.map((size) => `${size / 1000} KB`).join(' | ')}`);
  digestMs(ordinaryFiles(50_000)); // warm-up: the first build loads the splitter's model
  const ordinary = SIZES.map((size) => digestMs(ordinaryFiles(size)));
  console.log(`${'ordinary news'.padEnd(40)}${SIZES.map((size, at) => perMb(ordinary[at] ?? 0, size)).join(' |')}`);
  let worst = { name: '', ratio: 0 };
  for (const shape of hostileShapes) {
    for (const layout of ['paragraph', 'lines'] as const) {
      const times = SIZES.map((size) => digestMs(hostileFiles(shape.unit, size, layout)));
      const name = `${shape.name} (${layout})`;
      console.log(`${name.padEnd(40)}${SIZES.map((size, at) => perMb(times[at] ?? 0, size)).join(' |')}`);
      const ratio = (times[SIZES.length - 1] ?? 0) / (ordinary[SIZES.length - 1] ?? 1);
      if (ratio > worst.ratio) worst = { name, ratio };
    }
  }
  console.log(`worst hostile shape at 1 MB: ${worst.name}, ${worst.ratio.toFixed(2)}× ordinary news`);
  await Promise.resolve();
}
