import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/store/memory-store.js';
import { createFullTextFetcher } from '../../src/sources/full-text.js';
import { createHttpClient, USER_AGENT } from '../../src/sources/http-client.js';
import { createFeedLeaseClaim } from '../../src/sources/feed-lease-claim.js';
import { createFeedPoller } from '../../src/sources/poll-feeds.js';
import { createThreadSourceReader } from '../../src/sources/source-reader.js';
import type { FeedSource } from '../../src/sources/sources-file.js';
import {
  articlePage,
  body,
  brotli,
  conditionalFeed,
  encodeWindows1251,
  endless,
  fixtures,
  gzipBomb,
  gzipped,
  manyItems,
  redirect,
  rss,
  sectionPage,
  silent,
  startFeedServer,
  status,
  teaserItem,
  type FeedServer,
} from '../servers/feed-server.js';
import { startUnacceptingServer } from '../servers/unaccepting-server.js';

const NOW = new Date('2025-12-01T12:00:00Z');

function source(url: string, overrides: Partial<FeedSource> = {}): FeedSource {
  return { url, name: null, fullText: 'auto', everyMs: null, ...overrides };
}

describe('polling feeds from a local news server', () => {
  let server: FeedServer;
  let store: MemoryStore;
  let moved: Array<[string, string]>;
  let clock: Date;

  const poller = (options: { fullText?: boolean; totalTimeoutMs?: number; connectTimeoutMs?: number } = {}) => {
    const http = createHttpClient({ userAgent: USER_AGENT, totalTimeoutMs: options.totalTimeoutMs ?? 5_000, connectTimeoutMs: options.connectTimeoutMs ?? 2_000 });
    return createFeedPoller({
      store,
      http,
      fullText: options.fullText === false ? undefined : createFullTextFetcher({ http }),
      retentionDays: 14,
      now: () => clock,
      onMoved: async (from, to) => {
        moved.push([from, to]);
      },
    });
  };
  const articles = () => store.listArticles({ since: new Date(0) });

  beforeEach(async () => {
    server = await startFeedServer();
    store = new MemoryStore();
    moved = [];
    clock = NOW;
  });
  afterEach(async () => {
    await server.close();
  });

  it('reads RSS 2.0 with CDATA HTML and content:encoded into clean paragraphs, naming Brief as the client', async () => {
    server.route('/rss.xml', conditionalFeed(fixtures.rssCdata));
    const result = await poller().pollFeed(source(`${server.origin}/rss.xml`));
    expect(result).toMatchObject({ status: 'ok', error: null, title: 'Northbay Courier' });
    const [article] = await articles();
    expect(article).toMatchObject({
      title: 'Council approves harbour bridge repairs & ferry plan',
      url: 'https://news.example/bridge',
      guid: 'courier-1001',
      source: 'Northbay Courier',
      author: 'Sam Okafor',
      publishedOffsetMinutes: 60,
      standfirst: 'The bridge closes for six weeks.',
      paragraphs: [
        'The harbour bridge will close for six weeks of repairs, the council said on Monday.',
        'Ferries will run every 15 minutes — twice as often as now.',
        '“We had no choice,” said Mayor Ines Duarte.',
        'Works start on 8 December.',
      ],
      fullText: false,
    });
    expect(article?.publishedAt?.toISOString()).toBe('2025-12-01T06:30:00.000Z');
    expect(server.requests[0]?.headers['user-agent']).toMatch(/^Brief\/.*https:\/\//);
  });

  it('sends the validators back exactly and stores nothing new on a 304', async () => {
    server.route('/rss.xml', conditionalFeed(fixtures.rssCdata, 'W/"a1b2-c3"', 'Mon, 01 Dec 2025 06:00:00 GMT'));
    const feed = poller();
    await feed.pollFeed(source(`${server.origin}/rss.xml`));
    clock = new Date(NOW.getTime() + 3_600_000);
    const second = await feed.pollFeed(source(`${server.origin}/rss.xml`));
    expect(second.status).toBe('not-modified');
    expect(server.requests[1]?.headers['if-none-match']).toBe('W/"a1b2-c3"');
    expect(server.requests[1]?.headers['if-modified-since']).toBe('Mon, 01 Dec 2025 06:00:00 GMT');
    expect(await articles()).toHaveLength(1);
    expect(await store.getFeedState(`${server.origin}/rss.xml`)).toMatchObject({ status: 'not-modified', failures: 0, itemCount: 1 });
  });

  it('reads Atom XHTML content and resolves relative links against xml:base', async () => {
    server.route('/feed.atom', gzipped('application/atom+xml', fixtures.atomXhtml));
    const result = await poller().pollFeed(source(`${server.origin}/feed.atom`, { name: 'City Blog' }));
    expect(result.title).toBe('Harbour & City');
    const [article] = await articles();
    expect(article).toMatchObject({
      title: 'Ferry timetable doubles',
      url: 'https://blog.example/news/2025/ferries',
      guid: 'tag:blog.example,2025:ferries',
      source: 'City Blog',
      author: 'Lea Park',
      publishedOffsetMinutes: 120,
      paragraphs: ['Ferries will sail every 15 minutes while the bridge is shut.', 'See the timetable.'],
    });
  });

  it('reads JSON Feed, and RDF sent brotli-compressed', async () => {
    server.route('/feed.json', body('application/feed+json', fixtures.jsonFeed));
    server.route('/rdf.xml', brotli('application/rdf+xml', fixtures.rdf));
    const results = await poller({ fullText: false }).pollDueFeeds([source(`${server.origin}/feed.json`), source(`${server.origin}/rdf.xml`)]);
    expect(results.map((r) => r.status)).toEqual(['ok', 'ok']);
    const byTitle = new Map((await articles()).map((a) => [a.title, a]));
    expect(byTitle.get('Port strike ends after three days')).toMatchObject({
      source: 'Wire Desk',
      paragraphs: ['Dock workers returned on Tuesday.', 'The union said the deal raises pay by 6%.'],
      publishedOffsetMinutes: -300,
    });
    expect(byTitle.get('Library reopens')).toMatchObject({ source: 'Old Gazette', url: 'https://old.example/a1', author: 'J. Ng' });
    expect(server.requests.find((r) => r.path === '/rdf.xml')?.headers['accept-encoding']).toBe('gzip, deflate, br');
  });

  it('keeps all 5,000 items of a long feed', async () => {
    server.route('/many.xml', body('application/rss+xml', manyItems(5000)));
    const result = await poller({ fullText: false }).pollFeed(source(`${server.origin}/many.xml`));
    expect(result.items.filter((i) => i.outcome === 'inserted')).toHaveLength(5000);
    expect(await articles()).toHaveLength(5000);
  });

  it('stores an item repeated under one GUID once, and updates an edited item in place', async () => {
    const item = (text: string) => `<title>Vote delayed</title><guid>dup-1</guid><link>https://news.example/vote</link><pubDate>Mon, 01 Dec 2025 09:00:00 GMT</pubDate><content:encoded><![CDATA[<p>${text}</p>]]></content:encoded>`;
    server.route('/dupes.xml', (request, response, count) =>
      body(
        'application/rss+xml',
        // The repeat is a shortened copy: the first copy in the feed is the article.
        rss('Desk', count === 1 ? [item('The vote was delayed to Friday.'), item('The vote was delayed.')] : [item('The vote was delayed to Monday, officials said.')]),
      )(request, response, count),
    );
    const feed = poller({ fullText: false });
    const first = await feed.pollFeed(source(`${server.origin}/dupes.xml`));
    expect(first.items.map((i) => i.outcome)).toEqual(['inserted', 'unchanged']);
    expect((await articles()).map((a) => a.paragraphs)).toEqual([['The vote was delayed to Friday.']]);
    clock = new Date(NOW.getTime() + 3_600_000);
    const second = await feed.pollFeed(source(`${server.origin}/dupes.xml`));
    expect(second.items[0]?.outcome).toBe('updated');
    expect((await articles()).map((a) => a.paragraphs)).toEqual([['The vote was delayed to Monday, officials said.']]);
  });

  it('records a malformed feed with the line it breaks at, and still reads the other feeds', async () => {
    server.route('/broken.xml', body('application/rss+xml', fixtures.malformed));
    server.route('/rss.xml', body('application/rss+xml', fixtures.rssCdata));
    const results = await poller({ fullText: false }).pollDueFeeds([source(`${server.origin}/broken.xml`), source(`${server.origin}/rss.xml`)]);
    expect(results[0]).toMatchObject({ status: 'error' });
    expect(results[0]?.error).toMatch(/^malformed XML at line 5/);
    expect(results[1]?.status).toBe('ok');
    expect(await store.getFeedState(`${server.origin}/broken.xml`)).toMatchObject({ status: 'error', failures: 1, lastError: results[0]?.error });
    expect(await articles()).toHaveLength(1);
  });

  it('reads windows-1251 (from the XML prolog), ISO-8859-1 (from Content-Type) and UTF-16 and UTF-8 with a BOM', async () => {
    const cyr = `<?xml version="1.0" encoding="windows-1251"?>${rss('Вести', [`<title>${fixtures.cyrillicTitle}</title><guid>c1</guid><description>${fixtures.cyrillicText}</description>`]).replace(/^<\?xml[^>]*\?>/, '')}`;
    server.route('/cp1251.xml', body('application/rss+xml', encodeWindows1251(cyr)));
    const latin = rss('La Plaça', [`<title>${fixtures.latinTitle}</title><guid>l1</guid><description>${fixtures.latinText}</description>`]).replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    server.route('/latin1.xml', body('text/xml; charset=ISO-8859-1', Buffer.from(latin, 'latin1')));
    const utf16 = rss('Sixteen', [`<title>Zürich → Genève</title><guid>u1</guid><description>Trains run again.</description>`]).replace('encoding="UTF-8"', 'encoding="UTF-16"');
    server.route('/utf16.xml', body('application/xml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16, 'utf16le')])));
    server.route('/bom.xml', body('application/rss+xml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(rss('Bom', [`<title>Naïve café</title><guid>b1</guid><description>Text.</description>`]))])));
    const results = await poller({ fullText: false }).pollDueFeeds(['cp1251', 'latin1', 'utf16', 'bom'].map((name) => source(`${server.origin}/${name}.xml`)));
    expect(results.map((r) => r.error)).toEqual([null, null, null, null]);
    const titles = (await articles()).map((a) => a.title).sort();
    expect(titles).toEqual([fixtures.latinTitle, fixtures.cyrillicTitle, 'Naïve café', 'Zürich → Genève'].sort());
    expect((await articles()).find((a) => a.guid === 'c1')?.paragraphs).toEqual([fixtures.cyrillicText]);
    expect(results[0]?.title).toBe('Вести');
  });

  it('follows a 301 and remembers the new URL, follows a 302 without, and stops a redirect loop', async () => {
    server.route('/rss.xml', body('application/rss+xml', fixtures.rssCdata));
    server.route('/old-feed', redirect(301, '/rss.xml'));
    server.route('/today', redirect(302, '/rss.xml'));
    server.route('/loop-a', redirect(302, '/loop-b'));
    server.route('/loop-b', redirect(302, '/loop-a'));
    const feed = poller({ fullText: false });
    const permanent = await feed.pollFeed(source(`${server.origin}/old-feed`));
    expect(permanent).toMatchObject({ status: 'ok', url: `${server.origin}/rss.xml` });
    expect(moved).toEqual([[`${server.origin}/old-feed`, `${server.origin}/rss.xml`]]);
    expect(await store.getFeedState(`${server.origin}/old-feed`)).toBeNull();
    expect(await store.getFeedState(`${server.origin}/rss.xml`)).toMatchObject({ status: 'ok' });

    const temporary = await feed.pollFeed(source(`${server.origin}/today`));
    expect(temporary).toMatchObject({ status: 'ok', url: `${server.origin}/today` });
    expect(moved).toHaveLength(1);

    const loop = await feed.pollFeed(source(`${server.origin}/loop-a`));
    expect(loop.status).toBe('error');
    expect(loop.error).toMatch(/redirect loop/);
  });

  it('follows five redirects but not a sixth, and never leaves http and https', async () => {
    server.route('/rss.xml', body('application/rss+xml', fixtures.rssCdata));
    for (let i = 1; i <= 6; i += 1) server.route(`/hop-${i}`, redirect(302, i === 6 ? '/rss.xml' : `/hop-${i + 1}`));
    server.route('/to-ftp', redirect(302, 'ftp://files.example/rss.xml'));
    const feed = poller({ fullText: false });
    expect(await feed.pollFeed(source(`${server.origin}/hop-2`))).toMatchObject({ status: 'ok', url: `${server.origin}/hop-2` });
    expect(await feed.pollFeed(source(`${server.origin}/hop-1`))).toMatchObject({ status: 'error', error: 'too many redirects (more than 5)' });
    expect(await feed.pollFeed(source(`${server.origin}/to-ftp`))).toMatchObject({ status: 'error', error: 'only http and https are fetched, not ftp' });
  });

  it('waits at least as long as the feed ttl asks, and stores no item older than the retention', async () => {
    const old = teaserItem(server.origin, '/news/old', 'Harbour plan first proposed', 'A plan from last year.', 'Mon, 03 Nov 2025 09:00:00 GMT');
    // Items 20 minutes apart would be polled every 10 minutes; the ttl asks for 3 hours.
    const fresh = [40, 20, 0].map((minute) => teaserItem(server.origin, `/news/${minute}`, `Harbour update at 9:${minute}`, 'The plan moves on.', `Mon, 01 Dec 2025 09:${String(minute).padStart(2, '0')}:00 GMT`));
    server.route('/ttl.xml', body('application/rss+xml', rss('Courier', [...fresh, old], '<ttl>180</ttl>')));
    const result = await poller({ fullText: false }).pollFeed(source(`${server.origin}/ttl.xml`));
    expect(result.nextPollAt.getTime() - NOW.getTime()).toBe(180 * 60_000);
    expect(result.items.map((item) => item.outcome)).toEqual(['inserted', 'inserted', 'inserted', 'too old']);
    expect((await articles()).map((article) => article.title)).not.toContain('Harbour plan first proposed');
    expect(await articles()).toHaveLength(3);
  });

  it('waits as long as a 429 asks, and backs off a failing feed by doubling until it recovers', async () => {
    server.route('/busy.xml', status(429, { 'retry-after': '7200' }));
    const feed = poller({ fullText: false });
    const busy = await feed.pollFeed(source(`${server.origin}/busy.xml`));
    expect(busy.error).toBe('HTTP 429 Too Many Requests (asked to retry after 7200 s)');
    expect(busy.nextPollAt.getTime() - NOW.getTime()).toBeGreaterThanOrEqual(7_200_000);

    let down = true;
    server.route('/flaky.xml', (request, response, count) =>
      (down ? status(503) : body('application/rss+xml', fixtures.rssCdata))(request, response, count),
    );
    const url = `${server.origin}/flaky.xml`;
    const waits: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const result = await feed.pollFeed(source(url));
      expect(result.error).toBe('HTTP 503 Service Unavailable');
      waits.push(result.nextPollAt.getTime() - clock.getTime());
      clock = result.nextPollAt;
    }
    expect(waits.slice(0, 4).every((wait, i) => i === 0 || wait === 2 * (waits[i - 1] as number))).toBe(true);
    expect(Math.max(...waits)).toBe(24 * 3_600_000);
    expect(await store.getFeedState(url)).toMatchObject({ failures: 8, status: 'error' });

    down = false;
    const back = await feed.pollFeed(source(url));
    expect(back.status).toBe('ok');
    expect(await store.getFeedState(url)).toMatchObject({ failures: 0, status: 'ok', lastError: null });
  });

  it('gives up on a server that never answers, a 50 MB body and a gzip bomb, each with a clear error', async () => {
    server.route('/hang.xml', silent);
    server.route('/huge.xml', endless(50));
    server.route('/bomb.xml', gzipBomb());
    server.route('/rss.xml', body('application/rss+xml', fixtures.rssCdata));
    const results = await poller({ fullText: false, totalTimeoutMs: 1_500 }).pollDueFeeds(
      ['hang', 'huge', 'bomb', 'rss'].map((name) => source(`${server.origin}/${name}.xml`)),
    );
    expect(results.map((r) => r.error)).toEqual([
      'timed out after 1.5 s',
      'the body is over the 20 MB limit',
      'the body is over the 20 MB limit once decompressed',
      null,
    ]);
    expect(await articles()).toHaveLength(1);
  });

  it('gives up on a host whose connect never completes, on that feed only, while the others are read', async () => {
    const blackhole = await startUnacceptingServer();
    try {
      server.route('/rss.xml', body('application/rss+xml', fixtures.rssCdata));
      const started = Date.now();
      const results = await poller({ fullText: false, connectTimeoutMs: 300, totalTimeoutMs: 10_000 }).pollDueFeeds([
        source(`${blackhole.origin}/rss.xml`),
        source(`${server.origin}/rss.xml`),
      ]);
      expect(results.map((r) => [r.status, r.error])).toEqual([
        ['error', 'could not connect within 0.3 s'],
        ['ok', null],
      ]);
      // The connect timeout ended it, not the total one.
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(await store.getFeedState(`${blackhole.origin}/rss.xml`)).toMatchObject({ status: 'error', failures: 1, lastError: 'could not connect within 0.3 s' });
      expect(await articles()).toHaveLength(1);
    } finally {
      await blackhole.close();
    }
  });

  it('says so when a URL is a web page, naming the feed the page links', async () => {
    server.route('/', body('text/html; charset=utf-8', `<!DOCTYPE html><html><head><title>Courier</title><link rel="alternate" type="application/rss+xml" title="Courier RSS" href="/rss.xml"></head><body><p>Home</p></body></html>`));
    const result = await poller({ fullText: false }).pollFeed(source(`${server.origin}/`));
    expect(result.error).toBe(`this is a web page, not a feed; the page links a feed at ${server.origin}/rss.xml`);
  });

  it('fetches the full article for teaser items, keeps the teaser for a non-article page, and honours robots.txt', async () => {
    const o = server.origin;
    server.route('/robots.txt', body('text/plain', 'User-agent: *\nDisallow: /members/\n'));
    server.route('/news/bridge', body('text/html; charset=utf-8', articlePage('Bridge to close for six weeks')));
    server.route('/world', body('text/html; charset=utf-8', sectionPage()));
    server.route('/members/exclusive', body('text/html; charset=utf-8', articlePage('Members only')));
    server.route('/teasers.xml', body('application/rss+xml', rss('Courier', [
      teaserItem(o, '/news/bridge', 'Bridge to close for six weeks', 'The bridge closes Monday…'),
      teaserItem(o, '/world', 'World roundup', 'Today in the world.'),
      teaserItem(o, '/members/exclusive', 'Members only', 'For members.'),
    ])));
    const result = await poller().pollFeed(source(`${o}/teasers.xml`));
    const byTitle = new Map(result.items.map((i) => [i.title, i]));
    expect(byTitle.get('Bridge to close for six weeks')).toMatchObject({ fullText: true, fullTextNote: null });
    expect(byTitle.get('World roundup')).toMatchObject({ fullText: false, fullTextNote: 'the page does not read as an article' });
    expect(byTitle.get('Members only')).toMatchObject({ fullText: false, fullTextNote: 'robots.txt disallows it' });

    const stored = new Map((await articles()).map((a) => [a.title, a]));
    const bridge = stored.get('Bridge to close for six weeks');
    expect(bridge?.fullText).toBe(true);
    expect(bridge?.paragraphs).toHaveLength(6);
    expect(bridge?.paragraphs[0]).toMatch(/^Paragraph 1: the harbour bridge will close/);
    const text = bridge?.paragraphs.join('\n') ?? '';
    for (const noise of ['Advertisement', 'Share on Facebook', 'first!', 'Log in', 'All rights reserved', 'injected by a script']) expect(text).not.toContain(noise);
    expect(stored.get('World roundup')?.paragraphs).toEqual(['Today in the world.']);
    expect(stored.get('Members only')?.paragraphs).toEqual(['For members.']);
    expect(server.requests.some((r) => r.path.startsWith('/members/'))).toBe(false);
    expect(server.requests.filter((r) => r.path === '/robots.txt')).toHaveLength(1);

    // The next poll of the same items fetches no page again: only the feed itself.
    const seen = server.requests.length;
    await poller().pollFeed(source(`${o}/teasers.xml`));
    expect(server.requests.slice(seen).map((r) => r.path)).toEqual(['/teasers.xml']);
  });

  it('keeps the teaser when an article page is over the 5 MB page limit, and still reads the other pages', async () => {
    const o = server.origin;
    // A real article page, padded past 5 MB with a comment thread, as a page with a huge inline blob would be.
    const comments = Array.from({ length: 100_000 }, (_, i) => `<div class="comment"><p>Comment ${i}: agreed.</p></div>`).join('');
    const huge = articlePage('Bridge to close for six weeks').replace('</main>', `<section class="comments">${comments}</section></main>`);
    expect(Buffer.byteLength(huge)).toBe(5_591_233);
    server.route('/news/bridge', body('text/html; charset=utf-8', huge));
    server.route('/news/ferry', body('text/html; charset=utf-8', articlePage('Ferries added for the closure')));
    server.route('/teasers.xml', body('application/rss+xml', rss('Courier', [
      teaserItem(o, '/news/bridge', 'Bridge to close for six weeks', 'The bridge closes Monday…'),
      teaserItem(o, '/news/ferry', 'Ferries added for the closure', 'Two extra ferries…'),
    ])));
    const result = await poller().pollFeed(source(`${o}/teasers.xml`));
    expect(result.items.map((i) => [i.title, i.fullText, i.fullTextNote])).toEqual([
      // The page declares its length (5.33 MB), so it is refused before its body is read.
      ['Bridge to close for six weeks', false, 'the body is 5.4 MB, over the 5 MB limit'],
      ['Ferries added for the closure', true, null],
    ]);
    const stored = new Map((await articles()).map((a) => [a.title, a]));
    expect(stored.get('Bridge to close for six weeks')?.paragraphs).toEqual(['The bridge closes Monday…']);
    expect(stored.get('Ferries added for the closure')?.paragraphs).toHaveLength(6);
  });

  it('reading on worker threads, a feed or page that would take minutes to read fails alone and the rest is stored', async () => {
    const o = server.origin;
    const reader = createThreadSourceReader({ threads: 1, feedTimeoutMs: 1_500, pageTimeoutMs: 1_500 });
    try {
      server.route('/trap.xml', body('application/rss+xml', rss('Trap', [`<title>Trap</title><guid>t-1</guid><description><![CDATA[${'<div>'.repeat(400_000)}]]></description>`])));
      server.route('/news/trap', body('text/html; charset=utf-8', `<!DOCTYPE html><html><head><title>Trap</title></head><body>${'<div>'.repeat(300_000)}</body></html>`));
      server.route('/news/ferry', body('text/html; charset=utf-8', articlePage('Ferries added for the closure')));
      server.route('/teasers.xml', body('application/rss+xml', rss('Courier', [
        teaserItem(o, '/news/trap', 'Bridge to close for six weeks', 'The bridge closes Monday…'),
        teaserItem(o, '/news/ferry', 'Ferries added for the closure', 'Two extra ferries…'),
      ])));
      const http = createHttpClient({ userAgent: USER_AGENT });
      const threaded = createFeedPoller({ store, http, reader, fullText: createFullTextFetcher({ http, reader }), retentionDays: 14, now: () => clock });
      const results = await threaded.pollDueFeeds([source(`${o}/trap.xml`), source(`${o}/teasers.xml`)]);
      expect(results.map((r) => [r.status, r.error])).toEqual([
        ['error', 'reading the feed took longer than 1.5 s and was stopped'],
        ['ok', null],
      ]);
      expect(results[1]?.items.map((i) => [i.title, i.fullText, i.fullTextNote])).toEqual([
        ['Bridge to close for six weeks', false, 'reading the page took longer than 1.5 s and was stopped'],
        ['Ferries added for the closure', true, null],
      ]);
      expect(await store.getFeedState(`${o}/trap.xml`)).toMatchObject({ status: 'error', failures: 1, lastError: 'reading the feed took longer than 1.5 s and was stopped' });
      const stored = new Map((await articles()).map((a) => [a.title, a.paragraphs]));
      expect(stored.get('Bridge to close for six weeks')).toEqual(['The bridge closes Monday…']);
      expect(stored.get('Ferries added for the closure')).toHaveLength(6);
    } finally {
      await reader.close();
    }
  });

  it('sends at most two requests at once to one host', async () => {
    let active = 0;
    let peak = 0;
    for (let i = 0; i < 6; i += 1) {
      server.route(`/slow-${i}.xml`, (request, response, count) => {
        active += 1;
        peak = Math.max(peak, active);
        setTimeout(() => {
          active -= 1;
          body('application/rss+xml', manyItems(1, `slow${i}`))(request, response, count);
        }, 100);
      });
    }
    const results = await poller({ fullText: false }).pollDueFeeds(Array.from({ length: 6 }, (_, i) => source(`${server.origin}/slow-${i}.xml`)));
    expect(results.every((r) => r.status === 'ok')).toBe(true);
    expect(peak).toBe(2);
  });

  it('lets a claim wrap each due feed, so a feed another instance holds is not polled here', async () => {
    server.route('/a.xml', body('application/rss+xml', manyItems(1, 'a')));
    server.route('/b.xml', body('application/rss+xml', manyItems(1, 'b')));
    const claimed: string[] = [];
    const results = await poller({ fullText: false }).pollDueFeeds([source(`${server.origin}/a.xml`), source(`${server.origin}/b.xml`)], {
      claim: async (url, poll) => {
        claimed.push(url);
        return url.endsWith('/b.xml') ? null : poll();
      },
    });
    expect(claimed.sort()).toEqual([`${server.origin}/a.xml`, `${server.origin}/b.xml`]);
    expect(results.map((r) => r.url)).toEqual([`${server.origin}/a.xml`]);
    expect(server.requests.map((r) => r.path)).toEqual(['/a.xml']);
  });

  it('fetches each feed once when two instances sharing one store poll at the same moment (lease claims)', async () => {
    server.route('/a.xml', body('application/rss+xml', manyItems(2, 'a')));
    server.route('/b.xml', body('application/rss+xml', manyItems(2, 'b')));
    const sources = [source(`${server.origin}/a.xml`), source(`${server.origin}/b.xml`)];
    const first = poller({ fullText: false }).pollDueFeeds(sources, { claim: createFeedLeaseClaim(store, 'instance-1') });
    const second = poller({ fullText: false }).pollDueFeeds(sources, { claim: createFeedLeaseClaim(store, 'instance-2') });
    const [one, two] = await Promise.all([first, second]);
    expect([...one, ...two].map((result) => result.url).sort()).toEqual(sources.map((feed) => feed.url));
    expect(server.requests.map((request) => request.path).sort()).toEqual(['/a.xml', '/b.xml']);
    // A third instance that still thinks the feeds are due (it listed them before the polls) fetches nothing either.
    expect(await createFeedLeaseClaim(store, 'instance-3')(sources[0]!.url, async () => { throw new Error('polled again'); })).toBeNull();
    expect(await articles()).toHaveLength(4);
  });

  it('polls only the feeds that are due', async () => {
    server.route('/rss.xml', body('application/rss+xml', fixtures.rssCdata, { 'cache-control': 'max-age=3600' }));
    const feed = poller({ fullText: false });
    const first = await feed.pollDueFeeds([source(`${server.origin}/rss.xml`)]);
    expect(first[0]?.nextPollAt.getTime()).toBeGreaterThanOrEqual(NOW.getTime() + 3_600_000);
    clock = new Date(NOW.getTime() + 30 * 60_000);
    expect(await feed.pollDueFeeds([source(`${server.origin}/rss.xml`)])).toEqual([]);
    clock = new Date(NOW.getTime() + 61 * 60_000);
    expect(await feed.pollDueFeeds([source(`${server.origin}/rss.xml`)])).toHaveLength(1);
  });
});
