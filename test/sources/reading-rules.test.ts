import { describe, expect, it } from 'vitest';
import { canonicalUrl, textFingerprint } from '../../src/sources/canonical.js';
import { decodeBody } from '../../src/sources/decode.js';
import { htmlToParagraphs } from '../../src/sources/html-text.js';
import { megabytes } from '../../src/sources/http-client.js';
import { parseFeedText } from '../../src/sources/parse-feed.js';
import { parseRobots } from '../../src/sources/robots.js';
import { backoffDelay, nextPollDelay, publishingIntervalMs, retryAfterMs } from '../../src/sources/schedule.js';
import { rss } from '../servers/feed-server.js';

describe('sizes in fetch errors', () => {
  it('rounds a size up, so a body just over a limit never reads as the limit itself', () => {
    expect(megabytes(5 * 1024 * 1024)).toBe('5 MB');
    expect(megabytes(5 * 1024 * 1024 + 1)).toBe('5.1 MB');
    expect(megabytes(5_591_233)).toBe('5.4 MB');
    expect(megabytes(20 * 1024 * 1024)).toBe('20 MB');
    expect(megabytes(512 * 1024)).toBe('512 KB');
    expect(megabytes(1)).toBe('1 KB');
  });
});

describe('canonical URLs and fingerprints', () => {
  it('drops tracking parameters and the fragment, keeps the parameters that name the article', () => {
    expect(canonicalUrl('https://News.example/a?id=7&utm_source=rss&utm_medium=feed&fbclid=x#comments')).toBe('https://news.example/a?id=7');
    expect(canonicalUrl('/world/1?utm_campaign=a', 'https://news.example/rss.xml')).toBe('https://news.example/world/1');
    expect(canonicalUrl('javascript:alert(1)')).toBeNull();
    expect(canonicalUrl('mailto:desk@news.example')).toBeNull();
  });

  it('gives the same fingerprint to the same text however it is spaced and punctuated, and another to other text', () => {
    const a = textFingerprint('Bridge closes', ['The bridge closes on Monday.']);
    expect(textFingerprint('BRIDGE CLOSES', ['The  bridge closes — on Monday'])).toBe(a);
    expect(textFingerprint('Bridge closes', ['The bridge closes on Tuesday.'])).not.toBe(a);
  });

  it('gives the fingerprint articles already stored were given, so they still match their repeats', () => {
    // Pinned from the first implementation (NFKC, lower case, runs of other characters to one space, SHA-256).
    expect(textFingerprint('Café reopens — Zürich', ['The “old” café, closed since 2019, reopens on Monday.', 'Ｆｕｌｌ ｗｉｄｔｈ ½ Мэрия'])).toBe('aAIirwyTTg1DRyKJqbuWcH');
  });
});

describe('decoding', () => {
  it('lets a BOM win over a wrong charset, and the charset over the prolog', () => {
    const utf8WithBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<?xml version="1.0" encoding="windows-1251"?><a>café</a>')]);
    expect(decodeBody(utf8WithBom, 'text/xml; charset=iso-8859-1')).toBe('<?xml version="1.0" encoding="windows-1251"?><a>café</a>');
    expect(decodeBody(Buffer.from('<a>caf\xe9</a>', 'latin1'), 'text/xml; charset="ISO-8859-1"')).toBe('<a>café</a>');
    expect(decodeBody(Buffer.from('<?xml version="1.0" encoding="iso-8859-1"?><a>\xe9</a>', 'latin1'), 'application/xml')).toContain('<a>é</a>');
  });
});

describe('item HTML to paragraphs', () => {
  it('keeps paragraphs and list items apart, decodes entities, and drops scripts, styles and captions', () => {
    expect(
      htmlToParagraphs('<p>Prices rose 4&#37; &amp; wages 2%.</p><figure><img src="x.jpg"><figcaption>Photo: AP</figcaption></figure><ul><li>One</li><li>Two</li></ul><style>p{}</style><script>x()</script>Tail text'),
    ).toEqual(['Prices rose 4% & wages 2%.', 'One', 'Two', 'Tail text']);
    expect(htmlToParagraphs('First line.\n\nSecond line.')).toEqual(['First line.', 'Second line.']);
  });

  it('reads HTML as a browser parses it: implied and missing end tags, <br><br>, skipped elements however nested', () => {
    // A <p> inside the caption closes the open paragraph, as in a browser; the caption and its <p> are dropped.
    expect(htmlToParagraphs('<p>One<br><br>Two<br>still two</p><p>Three <figcaption>cap <p>inside</p></figcaption> tail</p><li>a<li>b')).toEqual([
      'One',
      'Two still two',
      'Three',
      'tail',
      'a',
      'b',
    ]);
    expect(htmlToParagraphs('<div><svg><text>no</text></svg>Chart <b>above</b></div><p>Unclosed <i>italic')).toEqual(['Chart above', 'Unclosed italic']);
    // Script text is raw: the '<p>' inside it is not markup, and none of it is text.
    expect(htmlToParagraphs('<script>if (a < b) document.write("<p>x</p>")</script><p>Body &amp; soul</p>')).toEqual(['Body & soul']);
    // A no-break space is kept, as a browser shows it; ordinary whitespace collapses.
    expect(htmlToParagraphs('x&nbsp;&nbsp;y  \n z<p>')).toEqual(['x\u00a0\u00a0y z']);
  });
});

describe('robots.txt', () => {
  const robots = `# example
User-agent: *
Disallow: /private/
Allow: /private/press/

User-agent: Brief
User-agent: OtherBot
Disallow: /no-brief/
Disallow: /*.pdf$
`;
  it('reads the group naming Brief before the * group, longest rule first', () => {
    const brief = parseRobots(robots, 'Brief');
    expect(brief.allows('https://x.example/no-brief/a')).toBe(false);
    expect(brief.allows('https://x.example/files/report.pdf')).toBe(false);
    expect(brief.allows('https://x.example/files/report.pdf?x=1')).toBe(true);
    // Brief's own group replaces the * group entirely.
    expect(brief.allows('https://x.example/private/a')).toBe(true);
    const other = parseRobots(robots, 'SomeCrawler');
    expect(other.allows('https://x.example/private/a')).toBe(false);
    expect(other.allows('https://x.example/private/press/release')).toBe(true);
    expect(other.allows('https://x.example/news/1')).toBe(true);
  });
});

describe('poll scheduling', () => {
  const minutes = (n: number) => n * 60_000;
  it('polls at half the gap between recent items, between 5 minutes and a day', () => {
    const at = (m: number) => new Date(Date.UTC(2025, 11, 1, 12) - minutes(m));
    expect(publishingIntervalMs([at(0), at(20), at(40), at(60)])).toBe(minutes(10));
    expect(publishingIntervalMs([at(0), at(1), at(2)])).toBe(minutes(5));
    expect(publishingIntervalMs([at(0), at(60 * 24 * 7)])).toBe(minutes(60 * 24));
    expect(publishingIntervalMs([at(0), null])).toBeNull();
  });

  it('never polls sooner than ttl, max-age or every, and doubles the wait after each failure up to a day', () => {
    expect(nextPollDelay(minutes(10), { everyMs: null, ttlMs: minutes(60), serverMs: null })).toBe(minutes(60));
    expect(nextPollDelay(minutes(10), { everyMs: minutes(15), ttlMs: null, serverMs: minutes(5) })).toBe(minutes(15));
    expect([1, 2, 3].map((n) => backoffDelay(minutes(10), n, { everyMs: null, ttlMs: null, serverMs: null }))).toEqual([minutes(20), minutes(40), minutes(80)]);
    expect(backoffDelay(minutes(10), 12, { everyMs: null, ttlMs: null, serverMs: null })).toBe(minutes(60 * 24));
    expect(retryAfterMs({ 'retry-after': '120' }, new Date())).toBe(120_000);
    expect(retryAfterMs({ 'retry-after': 'Mon, 01 Dec 2025 12:10:00 GMT' }, new Date('2025-12-01T12:00:00Z'))).toBe(minutes(10));
  });
});

describe('feed formats', () => {
  it('reads RSS 0.91, with its DTD and items without a GUID or a date', () => {
    const result = parseFeedText(
      `<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old Wire</title><link>https://old.example/</link><description>d</description><language>en</language>
<item><title>Ferry service resumes</title><link>/news/1</link><description>Boats sail again &amp; fares are unchanged.</description></item></channel></rss>`,
      'https://old.example/rss.xml',
    );
    expect(result).toMatchObject({ ok: true, feed: { format: 'rss', title: 'Old Wire' } });
    expect(result.ok && result.feed.items.map((item) => [item.title, item.url, item.paragraphs])).toEqual([
      ['Ferry service resumes', 'https://old.example/news/1', ['Boats sail again & fares are unchanged.']],
    ]);
  });
});

describe('hostile feeds', () => {
  it('never expands entities a feed declares in its DOCTYPE (a billion laughs stays a few hundred bytes)', () => {
    let entities = '<!ENTITY lol0 "lol">';
    for (let level = 1; level <= 9; level += 1) entities += `<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`;
    const feed = rss('Laughs', ['<title>Boom</title><guid>b-1</guid><description>&lol9;</description>', '<title>Fine</title><guid>f-1</guid><description>Ferries run.</description>']);
    const result = parseFeedText(feed.replace(/^(<\?xml[^>]*\?>)/, `$1<!DOCTYPE rss [${entities}]>`), 'https://laughs.example/rss.xml');
    expect(result.ok).toBe(true);
    const items = result.ok ? result.feed.items : [];
    expect(items.map((item) => item.title)).toEqual(['Boom', 'Fine']);
    expect(items[0]?.paragraphs.join('').length).toBeLessThan(100);
    expect(items[1]?.paragraphs).toEqual(['Ferries run.']);
  });

  it('says a feed cut short ends with elements still open, and where (not the validator’s list at line 1), and an empty body is empty', () => {
    const feed = rss('Cut', ['<title>Whole</title><guid>w-1</guid><description>Ferries run.</description>', '<title>Cut</title><guid>c-1</guid><description>The vote was']);
    const cut = feed.slice(0, feed.indexOf('The vote was') + 'The vote was'.length);
    expect(parseFeedText(cut, 'https://cut.example/rss.xml')).toEqual({
      ok: false,
      error: `malformed XML: the feed ends at line ${cut.split('\n').length} with <description>, <item>, <channel>, <rss> still open (cut short?)`,
      webPage: false,
    });
    // A last line break ends the last line; it does not start another.
    expect(parseFeedText(`${cut}\n`, 'https://cut.example/rss.xml')).toMatchObject({
      error: `malformed XML: the feed ends at line ${cut.split('\n').length} with <description>, <item>, <channel>, <rss> still open (cut short?)`,
      webPage: false,
    });
    expect(parseFeedText(' \n', 'https://cut.example/rss.xml')).toEqual({ ok: false, error: 'not a feed: the body is empty', webPage: false });
  });
});

describe('feed items without a link', () => {
  it('take a permalink GUID as their address only when it is an absolute URL, and a title from their text when they have none', () => {
    const result = parseFeedText(
      rss('Desk', [
        '<guid>abc-1</guid><description>The vote was delayed to Friday. Officials gave no reason.</description>',
        '<title>Two</title><guid>https://desk.example/2?utm_source=x</guid><description>Text.</description>',
      ]),
      'https://desk.example/rss.xml',
    );
    expect(result.ok && result.feed.items.map((item) => [item.title, item.url])).toEqual([
      ['The vote was delayed to Friday.', null],
      ['Two', 'https://desk.example/2'],
    ]);
  });
});
