import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDigestWorker, DigestWorkerError } from '../../src/content/build-digest-in-worker.js';
import { loadArticlesFromFolder } from '../../src/content/load-folder.js';
import { buildDigest } from '../../src/digest/build-digest.js';
import type { Article } from '../../src/digest/types.js';

const now = new Date('2025-12-01T08:00:00Z');
const worker = createDigestWorker();
let articles: Article[] = [];

beforeAll(async () => {
  articles = (await loadArticlesFromFolder(join(import.meta.dirname, '..', 'fixtures', 'seed-story'))).articles;
});

afterAll(() => worker.close());

/** Many copies of the fixture articles, each its own file, so a build takes long enough to be seen. */
function manyArticles(copies: number): Article[] {
  return Array.from({ length: copies }, (_, copy) =>
    articles.map((article) => ({ ...article, id: `${copy}-${article.id}`, file: `${copy}-${article.file}`, paragraphs: article.paragraphs.map((p) => `${p} (${copy})`) })),
  ).flat();
}

describe('buildDigestInWorker', () => {
  it('builds the same digest as the core, dates and all', async () => {
    expect(await worker.build(articles, { now })).toEqual(buildDigest(articles, { now }));
  });

  it('leaves the event loop free while it builds', async () => {
    const input = manyArticles(150);
    await worker.build(articles, { now }); // the splitter's model is loaded once per thread
    let last = performance.now();
    let longestGap = 0;
    const timer = setInterval(() => {
      const at = performance.now();
      longestGap = Math.max(longestGap, at - last);
      last = at;
    }, 5);
    const started = performance.now();
    const digest = await worker.build(input, { now });
    const took = performance.now() - started;
    clearInterval(timer);
    expect(digest.stories.length).toBeGreaterThan(0);
    // In this thread the build would hold the loop for all of `took`; in the worker, timers keep firing.
    expect(longestGap).toBeLessThan(Math.max(100, took / 3));
  });

  it('rejects a build that throws, naming it, and builds the next one', async () => {
    await expect(worker.build(articles, { now: new Date(Number.NaN) })).rejects.toThrow(DigestWorkerError);
    await expect(worker.build(articles, { now })).resolves.toMatchObject({ generatedAt: now.toISOString() });
  });
});
