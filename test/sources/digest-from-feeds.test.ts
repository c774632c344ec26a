import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createContentDigestSource } from '../../src/content/content-digest-source.js';
import { createFeedArticles } from '../../src/content/feed-articles.js';
import { loadArticlesFromFolder } from '../../src/content/load-folder.js';
import type { Article, Digest } from '../../src/digest/types.js';
import { createHttpClient, USER_AGENT } from '../../src/sources/http-client.js';
import { createFeedPoller } from '../../src/sources/poll-feeds.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import type { ArticleInput } from '../../src/store/types.js';
import { body, rss, startFeedServer } from '../servers/feed-server.js';

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

/** Text as a feed writes it into HTML: markup characters escaped, and typographic quotes as numeric entities. */
function toFeedHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[“”‘’—]/g, (mark) => `&#${mark.codePointAt(0)};`);
}

/** An RFC 822 date in the article's own zone, as RSS writes pubDate ("Sun, 30 Nov 2025 16:05:00 -0500"). */
function rfc822(at: Date, offsetMinutes: number): string {
  const local = new Date(at.getTime() + offsetMinutes * 60_000).toUTCString().replace(' GMT', '');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const minutes = Math.abs(offsetMinutes);
  return `${local} ${sign}${String(Math.floor(minutes / 60)).padStart(2, '0')}${String(minutes % 60).padStart(2, '0')}`;
}

/** One outlet's feed carrying `article` as its item: the headline, a dek in the description, the text in content:encoded. */
function outletFeed(article: Article, origin: string, index: number): string {
  const item = `<title>${toFeedHtml(article.title)}</title><link>${origin}/news/${index}</link><guid>${origin}/news/${index}</guid>
<pubDate>${rfc822(article.publishedAt as Date, article.publishedOffsetMinutes ?? 0)}</pubDate>
${article.standfirst ? `<description>${toFeedHtml(toFeedHtml(article.standfirst))}</description>` : ''}
<content:encoded><![CDATA[${article.paragraphs.map((paragraph) => `<p>${toFeedHtml(paragraph)}</p>`).join('\n')}]]></content:encoded>`;
  return rss(toFeedHtml(article.source ?? `Outlet ${index}`), [item]);
}

/** What a reader sees of each story, without where it came from (a file name in one digest, a URL in the other). */
function storyContent(digest: Digest) {
  return digest.stories.map((story) => ({
    headline: story.headline,
    summary: story.summary,
    quotes: story.quotes.map((quote) => ({ text: quote.text, speaker: quote.speaker, role: quote.role })),
    whatsNext: story.whatsNext.map((event) => ({ text: event.text, date: event.date, dateText: event.dateText })),
    sources: story.sources.length,
  }));
}

describe('real reports read from feeds', () => {
  it('give the digest the content folder gives for the same reports: text, quotes, speakers and dates as written', async () => {
    const now = new Date('2025-12-01T08:00:00Z');
    const { articles } = await loadArticlesFromFolder(seedFolder, now);
    expect(articles).toHaveLength(2);
    const server = await startFeedServer();
    const dataDir = mkdtempSync(join(tmpdir(), 'brief-data-'));
    // The embedded default store, so the text also makes the round trip through SQLite.
    const store = openSqliteStore(dataDir);
    try {
      articles.forEach((article, i) => server.route(`/outlet-${i}.xml`, body('application/rss+xml; charset=utf-8', outletFeed(article, server.origin, i))));
      const poller = createFeedPoller({ store, http: createHttpClient({ userAgent: USER_AGENT }), retentionDays: 14, now: () => now });
      const polled = await poller.pollDueFeeds(articles.map((_, i) => ({ url: `${server.origin}/outlet-${i}.xml`, name: null, fullText: 'never', everyMs: null })));
      expect(polled.map((result) => [result.status, result.items.map((item) => item.outcome)])).toEqual([
        ['ok', ['inserted']],
        ['ok', ['inserted']],
      ]);
      const stored = await store.listArticles({ since: new Date(0) });
      // Entities decoded, paragraphs kept apart, the dek kept beside the text: the feed gave back what was written.
      for (const article of articles) {
        expect(stored.find((s) => s.title === article.title)).toMatchObject({ paragraphs: article.paragraphs, standfirst: article.standfirst, publishedAt: article.publishedAt, publishedOffsetMinutes: article.publishedOffsetMinutes });
      }

      const options = { windowHours: 24, summarySentences: 2, maxQuotes: 3 };
      const fromFolder = await createContentDigestSource({ contentDir: seedFolder, ...options }).getDigest({ now });
      const empty = mkdtempSync(join(tmpdir(), 'brief-content-'));
      try {
        const fromFeeds = await createContentDigestSource({ contentDir: empty, ...options, feedArticles: createFeedArticles(store, 14) }).getDigest({ now });
        expect(storyContent(fromFeeds)).toEqual(storyContent(fromFolder));
        expect(storyContent(fromFeeds)[0]).toMatchObject({ sources: 2, whatsNext: [{ date: '2025-12-01' }] });
        expect(fromFeeds.stories[0]?.sources.map((source) => source.url)).toEqual(expect.arrayContaining([`${server.origin}/news/0`, `${server.origin}/news/1`]));
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
    } finally {
      await server.close();
      await store.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
