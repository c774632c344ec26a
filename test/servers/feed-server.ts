import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { brotliCompressSync, gzipSync } from 'node:zlib';

/**
 * A local stand-in for the news web: feeds in the shapes real outlets serve (RSS with CDATA and content:encoded,
 * Atom XHTML with xml:base, JSON Feed, RDF, legacy encodings), article pages, robots.txt, and the ways servers
 * misbehave (304s, redirects and loops, 429 with Retry-After, 503, silence, oversized and bomb bodies).
 */

/** One request as the server saw it. */
export interface SeenRequest {
  path: string;
  headers: IncomingMessage['headers'];
}

/** Handles one path; `count` is how many requests this path has had, this one included. */
export type Route = (request: IncomingMessage, response: ServerResponse, count: number) => void;

export interface FeedServer {
  /** http://127.0.0.1:PORT, no trailing slash. */
  origin: string;
  requests: SeenRequest[];
  /** Adds or replaces a route. */
  route(path: string, handler: Route): void;
  close(): Promise<void>;
}

const RFC822 = 'Mon, 01 Dec 2025 06:00:00 GMT';

/** Encodes Russian text in windows-1251 (Node has no encoder for it, only the decoder). */
export function encodeWindows1251(text: string): Buffer {
  const bytes: number[] = [];
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0x3f;
    if (code < 0x80) bytes.push(code);
    else if (code >= 0x410 && code <= 0x44f) bytes.push(code - 0x410 + 0xc0);
    else if (code === 0x401) bytes.push(0xa8);
    else if (code === 0x451) bytes.push(0xb8);
    else if (code === 0x2014) bytes.push(0x97);
    else if (code === 0xab) bytes.push(0xab);
    else if (code === 0xbb) bytes.push(0xbb);
    else bytes.push(0x3f);
  }
  return Buffer.from(bytes);
}

/** An RSS 2.0 document; `items` are raw <item> bodies. */
export function rss(title: string, items: string[], extra = ''): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>${title}</title><link>https://news.example/</link><description>All the news</description>${extra}
${items.map((item) => `<item>${item}</item>`).join('\n')}
</channel></rss>`;
}

/** An RSS item with a teaser description and a link into this server. */
export function teaserItem(origin: string, path: string, title: string, teaser: string, pubDate = RFC822): string {
  return `<title>${title}</title><link>${origin}${path}</link><guid>${origin}${path}</guid><pubDate>${pubDate}</pubDate><description>${teaser}</description>`;
}

const longParagraph = (n: number) =>
  `Paragraph ${n}: the harbour bridge will close for six weeks of repairs from Monday, the council said, sending ` +
  `about 40,000 daily crossings onto ferries and the ring road while engineers replace the corroded deck joints.`;

/** A news article page with navigation, ads, a share bar and comments around the text. */
export function articlePage(title: string, paragraphs = 6): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>${title} | Northbay Courier</title>
<script>window.ads = [];document.write('<p>injected by a script</p>');</script><style>.ad{color:red}</style></head>
<body><header><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li><li><a href="/login">Log in</a></li></ul></nav></header>
<div class="advert" id="ad-top">Advertisement: Buy the new phone now, 20% off today only!</div>
<main><article><h1>${title}</h1><p class="byline">By Sam Okafor</p>
${Array.from({ length: paragraphs }, (_, i) => `<p>${longParagraph(i + 1)}</p>`).join('\n')}
</article>
<div class="share">Share on Facebook · Share on X · Email</div>
<section id="comments" class="comments"><h2>Comments (2)</h2><div class="comment"><p>first!</p></div><div class="comment"><p>Typical council.</p></div></section></main>
<footer><p>© 2025 Northbay Courier. All rights reserved.</p><a href="/privacy">Privacy</a></footer></body></html>`;
}

/** A page that is not an article: a section front of links. */
export function sectionPage(): string {
  const links = Array.from({ length: 30 }, (_, i) => `<li><a href="/world/${i}">Headline number ${i}</a></li>`).join('');
  return `<!DOCTYPE html><html><head><title>World | Northbay Courier</title></head><body><nav><a href="/">Home</a></nav><ul>${links}</ul><footer>© 2025</footer></body></html>`;
}

function send(response: ServerResponse, status: number, type: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
  response.writeHead(status, { 'content-type': type, 'content-length': String(bytes.length), ...headers });
  response.end(bytes);
}

/** Serves RSS with validators and answers 304 when they come back unchanged, as most CDNs do. */
export function conditionalFeed(body: string | Buffer, etag = '"rss-v1"', lastModified = RFC822): Route {
  return (request, response) => {
    if (request.headers['if-none-match'] === etag || request.headers['if-modified-since'] === lastModified) {
      response.writeHead(304, { etag, 'last-modified': lastModified });
      response.end();
      return;
    }
    send(response, 200, 'application/rss+xml; charset=utf-8', body, { etag, 'last-modified': lastModified });
  };
}

export const fixtures = {
  rssCdata: rss(
    'Northbay Courier',
    [
      `<title><![CDATA[Council approves <em>harbour</em> bridge repairs &amp; ferry plan]]></title>
       <link>https://news.example/bridge?utm_source=rss&amp;utm_medium=feed</link>
       <guid isPermaLink="false">courier-1001</guid>
       <pubDate>Mon, 01 Dec 2025 07:30:00 +0100</pubDate>
       <dc:creator>Sam Okafor</dc:creator>
       <description><![CDATA[<p>The bridge closes for six weeks.</p>]]></description>
       <content:encoded><![CDATA[<p>The harbour bridge will close for six weeks of repairs, the council said on Monday.</p>
       <p>Ferries will run every 15 minutes &mdash; twice as often as now.</p><script>track()</script>
       <p>“We had no choice,” said Mayor Ines Duarte.<br><br>Works start on 8 December.</p>]]></content:encoded>`,
    ],
  ),
  atomXhtml: `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/news/">
  <title type="html">Harbour &amp;amp; City</title><id>urn:uuid:feed-1</id><updated>2025-12-01T08:00:00Z</updated>
  <link rel="self" href="feed.atom"/><link rel="alternate" type="text/html" href="/"/>
  <entry>
    <title>Ferry timetable doubles</title><id>tag:blog.example,2025:ferries</id>
    <published>2025-12-01T08:00:00+02:00</published><updated>2025-12-01T09:00:00+02:00</updated>
    <link rel="alternate" type="text/html" href="2025/ferries"/>
    <author><name>Lea Park</name></author>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Ferries will sail every <b>15 minutes</b> while the bridge is shut.</p><p>See the <a href="../timetable">timetable</a>.</p></div></content>
  </entry>
</feed>`,
  jsonFeed: JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Wire Desk',
    home_page_url: 'https://wire.example/',
    items: [
      {
        id: 'wire-77',
        url: 'https://wire.example/77',
        title: 'Port strike ends after three days',
        content_text: 'Dock workers returned on Tuesday.\n\nThe union said the deal raises pay by 6%.',
        date_published: '2025-12-01T10:00:00-05:00',
        authors: [{ name: 'R. Diaz' }],
      },
    ],
  }),
  rdf: `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://old.example/"><title>Old Gazette</title><link>https://old.example/</link><description>d</description></channel>
  <item rdf:about="https://old.example/a1"><title>Library reopens</title><link>https://old.example/a1</link>
    <description>The city library reopened on Monday after a year of works.</description><dc:date>2025-12-01T09:00:00+00:00</dc:date><dc:creator>J. Ng</dc:creator></item>
</rdf:RDF>`,
  /** Russian text, served in windows-1251 with only the XML prolog saying so. */
  cyrillicTitle: 'Мэрия закрывает мост на ремонт',
  cyrillicText: 'Ремонт моста продлится шесть недель — сообщили в мэрии.',
  latinTitle: 'Café de la Plaça reobre després de les obres',
  latinText: 'El cafè més antic de la plaça torna a obrir dilluns, amb música en directe i pastissos de poma.',
  malformed: `<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Broken</title>\n<item><title>One</title>\n<description>fine</description></item>\n<item><title>Two</description></item>\n</channel></rss>`,
};

/** A feed of `count` full items (the 5,000-item feed), newest first, an hour apart. */
export function manyItems(count: number, prefix = 'item', start = Date.parse('2025-12-01T12:00:00Z')): string {
  const items: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const date = new Date(start - i * 60_000).toUTCString();
    items.push(
      `<title>Story ${prefix} ${i}: council votes on plan ${i}</title><link>https://many.example/${prefix}/${i}</link><guid>${prefix}-${i}</guid>` +
        `<pubDate>${date}</pubDate><description><![CDATA[<p>Story ${i} opens with the council vote on plan ${i}.</p>]]></description>` +
        `<content:encoded><![CDATA[<p>Story ${i} opens with the council vote on plan ${i}, passed 31 to 12 after a long debate.</p><p>Opponents said plan ${i} would cost too much; supporters said it was overdue.</p>]]></content:encoded>`,
    );
  }
  return rss(`Many ${prefix}`, items);
}

/** Starts the server on 127.0.0.1, port 0. Routes answer 404 unless added. */
export async function startFeedServer(): Promise<FeedServer> {
  const routes = new Map<string, Route>();
  const counts = new Map<string, number>();
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0] ?? '/';
    requests.push({ path: request.url ?? '/', headers: request.headers });
    const count = (counts.get(path) ?? 0) + 1;
    counts.set(path, count);
    const handler = routes.get(path);
    if (!handler) {
      send(response, 404, 'text/html', '<h1>Not found</h1>');
      return;
    }
    handler(request, response, count);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    requests,
    route(path, handler) {
      routes.set(path, handler);
    },
    async close() {
      // Hung and streaming responses hold their sockets open; end them so close() returns.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Serves a body as given, with a content type (and optional extra headers). */
export function body(type: string, content: string | Buffer, headers: Record<string, string> = {}): Route {
  return (_request, response) => send(response, 200, type, content, headers);
}

/** Redirects with `status` to `location`. */
export function redirect(status: number, location: string): Route {
  return (_request, response) => {
    response.writeHead(status, { location, 'content-length': '0' });
    response.end();
  };
}

/** Answers with a bare status (and headers), as a busy or failing server does. */
export function status(code: number, headers: Record<string, string> = {}): Route {
  return (_request, response) => send(response, code, 'text/html', `<html><body><h1>${code}</h1></body></html>`, headers);
}

/** Accepts the request and never answers. */
export const silent: Route = () => {};

/** Streams `megabytes` of feed-looking bytes with no Content-Length, as a runaway generator would. */
export function endless(megabytes: number): Route {
  return (_request, response) => {
    response.writeHead(200, { 'content-type': 'application/rss+xml' });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let sent = 0;
    const pump = () => {
      while (sent < megabytes * 1024 * 1024) {
        sent += chunk.length;
        if (!response.write(chunk)) {
          response.once('drain', pump);
          return;
        }
      }
      response.end();
    };
    response.on('error', () => {});
    pump();
  };
}

let bombBytes: Buffer | null = null;
/** A small gzip body that inflates to 100 MB of zeros. */
export function gzipBomb(): Route {
  bombBytes ??= gzipSync(Buffer.alloc(100 * 1024 * 1024), { level: 9 });
  const bytes = bombBytes;
  return (_request, response) => {
    response.on('error', () => {});
    send(response, 200, 'application/rss+xml', bytes, { 'content-encoding': 'gzip' });
  };
}

/** A gzip-compressed feed, as most servers send when asked. */
export function gzipped(type: string, content: string): Route {
  const bytes = gzipSync(Buffer.from(content, 'utf8'));
  return (_request, response) => send(response, 200, type, bytes, { 'content-encoding': 'gzip' });
}

/** A brotli-compressed body, as CDNs send to clients that accept br. */
export function brotli(type: string, content: string): Route {
  const bytes = brotliCompressSync(Buffer.from(content, 'utf8'));
  return (_request, response) => send(response, 200, type, bytes, { 'content-encoding': 'br' });
}
