import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFeedService } from '../../src/sources/feed-service.js';
import { createHttpClient, USER_AGENT } from '../../src/sources/http-client.js';
import type { PollResult } from '../../src/sources/poll-feeds.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import type { ArticleInput } from '../../src/store/types.js';
import { body, manyItems, startFeedServer, type FeedServer } from '../servers/feed-server.js';

const NOW = new Date('2025-12-01T12:00:00Z');

function old(guid: string, publishedAt: Date | null): ArticleInput {
  return {
    feedUrl: 'https://gone.example/rss.xml', guid, url: null, title: guid, source: null, author: null, publishedAt,
    publishedOffsetMinutes: null, standfirst: null, paragraphs: [guid], fingerprint: guid, fullText: false,
  };
}

describe('the feed service', () => {
  let server: FeedServer;
  let dir: string;
  beforeEach(async () => {
    server = await startFeedServer();
    dir = mkdtempSync(join(tmpdir(), 'brief-feed-service-'));
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prunes articles past retention before polling, and reads the sources file afresh on each poll', async () => {
    const store = new MemoryStore();
    await store.upsertArticles([old('published-20-days-ago', new Date(NOW.getTime() - 20 * 86_400_000))], NOW);
    await store.upsertArticles([old('undated-first-seen-20-days-ago', null)], new Date(NOW.getTime() - 20 * 86_400_000));
    await store.upsertArticles([old('published-2-days-ago', new Date(NOW.getTime() - 2 * 86_400_000))], NOW);
    const sourcesFile = join(dir, 'sources.yaml');
    writeFileSync(sourcesFile, 'feeds: []\n');
    const service = createFeedService({ store, sourcesFile, retentionDays: 14, now: () => NOW, http: createHttpClient({ userAgent: USER_AGENT }) });
    expect(await service.pollOnce()).toEqual([]);
    expect((await store.listArticles({ since: new Date(0) })).map((a) => a.guid)).toEqual(['published-2-days-ago']);

    server.route('/rss.xml', body('application/rss+xml', manyItems(3, 'svc', NOW.getTime())));
    writeFileSync(sourcesFile, `feeds:\n  - url: ${server.origin}/rss.xml\n    fullText: never\n`);
    const results: PollResult[] = await service.pollOnce();
    expect(results.map((r) => [r.url, r.status, r.items.length])).toEqual([[`${server.origin}/rss.xml`, 'ok', 3]]);
    expect(await store.listArticles({ since: new Date(0) })).toHaveLength(4);
  });

  it('keeps running on a sources file broken while it runs, and stops cleanly', async () => {
    const sourcesFile = join(dir, 'sources.yaml');
    writeFileSync(sourcesFile, 'feeds:\n  - url: [broken\n');
    const errors: string[] = [];
    const logger = { debug: () => {}, info: () => {}, warn: () => {}, error: (message: string) => errors.push(message) };
    const service = createFeedService({ store: new MemoryStore(), sourcesFile, retentionDays: 14, logger, tickMs: 10 });
    service.start();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await service.stop();
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]).toBe('sources file not read');
  });
});
