import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createContentDigestSource } from '../../src/content/content-digest-source.js';
import { createFeedArticles } from '../../src/content/feed-articles.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { ArticleInput } from '../../src/store/types.js';

const seedFolder = join(import.meta.dirname, '..', 'fixtures', 'seed-story');
const NOW = new Date('2025-12-01T12:00:00Z');

function feedArticle(n: number, title: string, paragraphs: string[]): ArticleInput {
  return {
    feedUrl: 'https://courier.example/rss.xml',
    guid: `c-${n}`,
    url: `https://courier.example/news/${n}`,
    title,
    source: 'Northbay Courier',
    author: null,
    publishedAt: new Date(NOW.getTime() - n * 3_600_000),
    publishedOffsetMinutes: 0,
    standfirst: null,
    paragraphs,
    fingerprint: `fp-${n}`,
    fullText: false,
  };
}

describe('the digest from the store and the content folder', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  it('shows feed articles beside the folder, and a newly stored article in the next digest of the same minute', async () => {
    const store = new MemoryStore();
    const empty = mkdtempSync(join(tmpdir(), 'brief-content-'));
    dirs.push(empty);
    await store.upsertArticles(
      [feedArticle(1, 'Harbour bridge to close for six weeks of repairs', [
        'The harbour bridge will close for six weeks of repairs from Monday, the council said.',
        'Ferries will run every 15 minutes while it is shut, twice as often as now.',
      ])],
      NOW,
    );
    const source = createContentDigestSource({ contentDir: empty, windowHours: 24, summarySentences: 2, maxQuotes: 3, feedArticles: createFeedArticles(store, 14) });
    const first = await source.getDigest({ now: NOW });
    expect(first.stories.map((s) => s.headline)).toEqual(['Harbour bridge to close for six weeks of repairs']);
    expect(first.stories[0]?.sources).toEqual([
      { name: 'Northbay Courier', title: 'Harbour bridge to close for six weeks of repairs', url: 'https://courier.example/news/1', publishedAt: '2025-12-01T11:00:00.000Z', file: 'https://courier.example/news/1' },
    ]);

    await store.upsertArticles(
      [feedArticle(2, 'Port strike ends after three days of talks', [
        'Dock workers returned to the port on Tuesday after a three-day strike over pay.',
        'The union said the deal raises pay by 6% over two years.',
      ])],
      NOW,
    );
    const second = await source.getDigest({ now: NOW });
    expect(second.stories.map((s) => s.headline).sort()).toEqual(['Harbour bridge to close for six weeks of repairs', 'Port strike ends after three days of talks']);
  });

  it('builds the folder digest exactly as before when no feed articles are configured, and when the store is empty', async () => {
    const plain = await createContentDigestSource({ contentDir: seedFolder, windowHours: 24, summarySentences: 2, maxQuotes: 3 }).getDigest({ now: NOW });
    const withEmptyStore = await createContentDigestSource({
      contentDir: seedFolder,
      windowHours: 24,
      summarySentences: 2,
      maxQuotes: 3,
      feedArticles: createFeedArticles(new MemoryStore(), 14),
    }).getDigest({ now: NOW });
    expect(withEmptyStore).toEqual(plain);
    expect(plain.stories.length).toBeGreaterThan(0);
  });
});
