import { afterAll, describe, expect, it } from 'vitest';
import { readFeedBody } from '../../src/sources/read-feed.js';
import { readPageBody } from '../../src/sources/read-page.js';
import { createThreadSourceReader } from '../../src/sources/source-reader.js';
import { articlePage, fixtures, rss } from '../servers/feed-server.js';

const reader = createThreadSourceReader({ threads: 1, feedTimeoutMs: 1_500, pageTimeoutMs: 1_500 });
afterAll(() => reader.close());

const feed = (text: string, contentType = 'application/rss+xml') => ({ body: Buffer.from(text), contentType, url: 'https://news.example/rss.xml' });
const page = (html: string) => ({ body: Buffer.from(html), contentType: 'text/html; charset=utf-8', url: 'https://news.example/news/bridge' });

/** Runs `work` while counting 20 ms timer ticks: how many got through shows whether the event loop stayed free. */
async function ticksDuring<T>(work: () => Promise<T>): Promise<{ result: T; ticks: number }> {
  let ticks = 0;
  const timer = setInterval(() => (ticks += 1), 20);
  try {
    return { result: await work(), ticks };
  } finally {
    clearInterval(timer);
  }
}

describe('reading feeds and pages on worker threads', () => {
  it('gives what reading in this thread gives: items, a web page with the feed it links, an article text', async () => {
    for (const [text, type] of [
      [fixtures.rssCdata, 'application/rss+xml'],
      [fixtures.atomXhtml, 'application/atom+xml'],
      [fixtures.jsonFeed, 'application/feed+json'],
      ['<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body><p>Home</p></body></html>', 'text/html'],
    ] as const) {
      expect(await reader.readFeed(feed(text, type))).toEqual(readFeedBody(feed(text, type)));
    }
    const article = articlePage('Bridge to close for six weeks');
    const read = await reader.readPage(page(article));
    expect(read).toEqual(readPageBody(page(article)));
    expect(read.ok && read.paragraphs).toHaveLength(6);
  });

  it('stops a feed that would take many seconds to read, with the event loop free meanwhile, and reads the next', async () => {
    // 400,000 unclosed <div>s in one item: htmlparser2 shifts its open-element array at each, about 20 s of work.
    const hostile = rss('Courier', [`<title>Trap</title><guid>t-1</guid><description><![CDATA[${'<div>'.repeat(400_000)}text]]></description>`]);
    const { result, ticks } = await ticksDuring(() => reader.readFeed(feed(hostile)));
    expect(result).toEqual({ ok: false, error: 'reading the feed took longer than 1.5 s and was stopped', webPage: false, linkedFeeds: [] });
    expect(ticks).toBeGreaterThan(20);
    expect(await reader.readFeed(feed(fixtures.rssCdata))).toMatchObject({ ok: true, feed: { title: 'Northbay Courier' } });
  });

  it('stops an article page that would take minutes to read, and reads the next', async () => {
    const hostile = `<!DOCTYPE html><html><head><title>Trap</title></head><body>${'<div>'.repeat(300_000)}<p>text</p></body></html>`;
    const { result, ticks } = await ticksDuring(() => reader.readPage(page(hostile)));
    expect(result).toEqual({ ok: false, reason: 'reading the page took longer than 1.5 s and was stopped' });
    expect(ticks).toBeGreaterThan(20);
    expect(await reader.readPage(page(articlePage('Ferries added')))).toMatchObject({ ok: true });
  });
});
