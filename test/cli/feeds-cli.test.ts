import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSourcesCommand } from '../../src/cli/sources.js';
import { createHttpClient, USER_AGENT } from '../../src/sources/http-client.js';
import { createThreadSourceReader } from '../../src/sources/source-reader.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { articlePage, body, rss, startFeedServer, teaserItem, type FeedServer } from '../servers/feed-server.js';
import { childEnv } from '../fixtures/child-env.js';

const root = join(import.meta.dirname, '..', '..');
const run = promisify(execFile);

/** A feed of two recent stories (dated within the last hours, so they fall in the digest window). */
function recentFeed(origin: string): string {
  const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * 3_600_000).toUTCString();
  return rss('Northbay Courier', [
    `<title>Harbour bridge to close for six weeks of repairs</title><link>${origin}/news/bridge</link><guid>b1</guid><pubDate>${at(1)}</pubDate>
     <content:encoded><![CDATA[<p>The harbour bridge will close for six weeks of repairs from Monday, the council said.</p><p>Ferries will run every 15 minutes while it is shut, twice as often as now.</p>]]></content:encoded>`,
    `<title>Port strike ends after three days of talks</title><link>${origin}/news/port</link><guid>p1</guid><pubDate>${at(2)}</pubDate>
     <content:encoded><![CDATA[<p>Dock workers returned to the port on Tuesday after a three-day strike over pay.</p><p>The union said the deal raises pay by 6% over two years.</p>]]></content:encoded>`,
  ]);
}

async function runScript(script: string, env: Record<string, string>, args: string[] = []) {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', join(root, script), ...args], {
      cwd: root,
      env: childEnv(env),
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('feeds from the command line', () => {
  let server: FeedServer;
  let dir: string;
  let env: Record<string, string>;
  beforeEach(async () => {
    server = await startFeedServer();
    dir = mkdtempSync(join(tmpdir(), 'brief-feeds-cli-'));
    env = { SOURCES_FILE: join(dir, 'sources.yaml'), DATA_DIR: join(dir, 'data'), CONTENT_DIR: join(dir, 'content') };
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('npm start with sources and no chat tokens fetches once, then prints a digest of what it read and names the feed it could not read', async () => {
    server.route('/rss.xml', body('application/rss+xml', recentFeed(server.origin)));
    server.route('/cut.xml', body('application/rss+xml', recentFeed(server.origin).slice(0, 400)));
    writeFileSync(env.SOURCES_FILE as string, `feeds:\n  - url: ${server.origin}/rss.xml\n    fullText: never\n  - url: ${server.origin}/cut.xml\n    name: Cut Courier\n`);
    const { code, stdout } = await runScript('src/main.ts', env);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Brief — 2 stories/);
    expect(stdout).toContain('Harbour bridge to close for six weeks of repairs');
    expect(stdout).toContain('Port strike ends after three days of talks');
    expect(stdout).toContain('Northbay Courier');
    expect(stdout).toContain(`\n1 feed could not be read (the others are in the digest):\n  ✗ Cut Courier (${server.origin}/cut.xml): malformed XML`);
    // Run again while that feed waits out its backoff (not polled this time): still named, with its failure count.
    const again = await runScript('src/main.ts', env);
    expect(again.stdout).toContain(`  ✗ Cut Courier (${server.origin}/cut.xml): malformed XML`);
    expect(again.stdout).toContain('(next poll ');
  });

  it('npm run fetch prints what each feed gave, then that nothing is due', async () => {
    server.route('/rss.xml', body('application/rss+xml', recentFeed(server.origin)));
    server.route('/down.xml', (_request, response) => {
      response.writeHead(503, { 'retry-after': '600' });
      response.end();
    });
    writeFileSync(env.SOURCES_FILE as string, `feeds:\n  - url: ${server.origin}/rss.xml\n    fullText: never\n  - url: ${server.origin}/down.xml\n    name: Down Daily\n`);
    const first = await runScript('src/cli/fetch.ts', env);
    expect(first.code).toBe(1);
    expect(first.stdout).toContain('✓ Northbay Courier: 2 items, 2 new, 0 updated, 0 full articles fetched');
    expect(first.stdout).toContain(`✗ Down Daily (${server.origin}/down.xml): HTTP 503 Service Unavailable (asked to retry after 600 s)`);
    const second = await runScript('src/cli/fetch.ts', env);
    expect(second.stdout).toContain('No feed is due yet');
  });

  it('npm run sources -- --help and npm run store -- --help print their usage and exit 0', async () => {
    const sources = await runScript('src/cli/sources.ts', env, ['--help']);
    expect(sources).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: npm run sources -- list \| add URL/) as unknown });
    const store = await runScript('src/cli/store.ts', env, ['-h']);
    expect(store).toMatchObject({ code: 0, stdout: expect.stringMatching(/^Usage: npm run store -- check \| backup/) as unknown });
    expect(existsSync(env.DATA_DIR as string)).toBe(false);
  });

  it('npm start stops on a bad sources file, naming the entry and field', async () => {
    writeFileSync(env.SOURCES_FILE as string, 'feeds:\n  - url: https://a.example/rss\n    fullText: maybe\n');
    const { code, stderr } = await runScript('src/main.ts', env);
    expect(code).toBe(1);
    expect(stderr).toContain(`Bad sources file (SOURCES_FILE): ${env.SOURCES_FILE}:`);
    expect(stderr).toContain('feeds[0] (https://a.example/rss): "fullText" must be auto, always or never');
  });

  it('without a sources file, npm start reads only the content folder and opens no store, warning when SOURCES_FILE named it', async () => {
    const { code, stdout, stderr } = await runScript('src/main.ts', { ...env, CONTENT_DIR: join(root, 'test', 'fixtures', 'seed-story') });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Brief — 1 story/);
    expect(existsSync(env.DATA_DIR as string)).toBe(false);
    expect(stderr).toContain(`SOURCES_FILE names a file that does not exist; reading only the content folder file=${env.SOURCES_FILE}`);
  });
});

describe('npm run sources', () => {
  let server: FeedServer;
  let dir: string;
  let lines: string[];
  let store: MemoryStore;
  const command = (...argv: string[]) =>
    runSourcesCommand(argv, { sourcesFile: join(dir, 'sources.yaml'), store, http: createHttpClient({ userAgent: USER_AGENT }), out: (line) => lines.push(line) });

  beforeEach(async () => {
    server = await startFeedServer();
    dir = mkdtempSync(join(tmpdir(), 'brief-sources-cli-'));
    lines = [];
    store = new MemoryStore();
  });
  afterEach(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds a feed, and for a web page (not at a terminal) prints the feed it links and how to add it', async () => {
    server.route('/rss.xml', body('application/rss+xml', recentFeed(server.origin)));
    server.route('/', body('text/html', `<html><head><link rel="alternate" type="application/rss+xml" title="Courier RSS" href="/rss.xml"></head><body>Home</body></html>`));
    expect(await command('add', `${server.origin}/`)).toBe(1);
    expect(lines).toEqual([
      `${server.origin}/ is a web page, not a feed. It links this feed:`,
      `  ${server.origin}/rss.xml (Courier RSS)`,
      `Not added. To add Northbay Courier (2 items now): npm run sources -- add ${server.origin}/rss.xml, or this command again with --yes`,
    ]);
    expect(existsSync(join(dir, 'sources.yaml'))).toBe(false);
    lines = [];
    const bare = server.origin.replace('http://', '');
    expect(await command('add', `${bare}/rss.xml`)).toBe(1);
    expect(lines).toEqual([`✗ ${bare}/rss.xml: a feed URL starts with https:// or http:// (did you mean https://${bare}/rss.xml?). Not added.`]);
    lines = [];
    expect(await command('add', `${server.origin}/rss.xml`, '--name', 'The Courier')).toBe(0);
    expect(lines).toEqual([`✓ Added The Courier (2 items now) to ${join(dir, 'sources.yaml')}.`]);
    expect(readFileSync(join(dir, 'sources.yaml'), 'utf8')).toContain(`url: ${server.origin}/rss.xml`);
    lines = [];
    expect(await command('remove', `${server.origin}/rss.xml`)).toBe(0);
    expect(await command('remove', `${server.origin}/rss.xml`)).toBe(1);
    expect(lines).toEqual([`✓ Removed ${server.origin}/rss.xml from ${join(dir, 'sources.yaml')}.`, `${server.origin}/rss.xml is not in ${join(dir, 'sources.yaml')}.`]);
    expect(readFileSync(join(dir, 'sources.yaml'), 'utf8')).not.toContain(`${server.origin}/rss.xml`);
  });

  it('stops reading a page that would take minutes to parse, at the bot\'s kind of limit, and adds nothing', async () => {
    // 300,000 unclosed <div>s: htmlparser2 shifts its open-element array at each, many seconds of work in one thread.
    server.route('/', body('text/html; charset=utf-8', `<!DOCTYPE html><html><head><title>Trap</title></head><body>${'<div>'.repeat(300_000)}</body></html>`));
    const reader = createThreadSourceReader({ threads: 1, feedTimeoutMs: 500 });
    try {
      const code = await runSourcesCommand(['add', `${server.origin}/`], { sourcesFile: join(dir, 'sources.yaml'), store, http: createHttpClient({ userAgent: USER_AGENT }), out: (line) => lines.push(line), reader });
      expect(code).toBe(1);
      expect(lines).toEqual([`✗ ${server.origin}/: reading the feed took longer than 0.5 s and was stopped. Not added.`]);
      expect(existsSync(join(dir, 'sources.yaml'))).toBe(false);
    } finally {
      await reader.close();
    }
  });

  it('adds the feed a web page links with --yes when not at a terminal, and asks at one', async () => {
    server.route('/rss.xml', body('application/rss+xml', recentFeed(server.origin)));
    server.route('/', body('text/html', `<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>Home</body></html>`));
    expect(await command('add', `${server.origin}/`, '--yes')).toBe(0);
    expect(lines.at(-1)).toBe(`✓ Added Northbay Courier (2 items now) to ${join(dir, 'sources.yaml')}.`);
    expect(readFileSync(join(dir, 'sources.yaml'), 'utf8')).toContain(`url: ${server.origin}/rss.xml`);
    expect(readFileSync(join(dir, 'sources.yaml'), 'utf8')).not.toContain(`url: ${server.origin}/\n`);

    rmSync(join(dir, 'sources.yaml'));
    const questions: string[] = [];
    const asking = (answer: string) => (...argv: string[]) =>
      runSourcesCommand(argv, {
        sourcesFile: join(dir, 'sources.yaml'),
        store,
        http: createHttpClient({ userAgent: USER_AGENT }),
        out: (line) => lines.push(line),
        ask: async (question) => {
          questions.push(question);
          return answer;
        },
      });
    lines = [];
    expect(await asking('n')('add', `${server.origin}/`)).toBe(0);
    expect(questions).toEqual([`Add Northbay Courier (${server.origin}/rss.xml)? [Y/n] `]);
    expect(lines.at(-1)).toBe('Not added.');
    expect(existsSync(join(dir, 'sources.yaml'))).toBe(false);
    expect(await asking('')('add', `${server.origin}/`, '--name', 'Courier')).toBe(0);
    expect(questions.at(-1)).toBe(`Add Courier (${server.origin}/rss.xml)? [Y/n] `);
    expect(lines.at(-1)).toBe(`✓ Added Courier (2 items now) to ${join(dir, 'sources.yaml')}.`);
  });

  it('npm run sources -- add PAGE --yes, run without a terminal, adds the feed the page links', async () => {
    server.route('/rss.xml', body('application/rss+xml', recentFeed(server.origin)));
    server.route('/', body('text/html', `<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>Home</body></html>`));
    const env = { SOURCES_FILE: join(dir, 'sources.yaml'), DATA_DIR: join(dir, 'data') };
    const without = await runScript('src/cli/sources.ts', env, ['add', `${server.origin}/`]);
    expect(without.code).toBe(1);
    expect(without.stdout).toContain(`npm run sources -- add ${server.origin}/rss.xml, or this command again with --yes`);
    expect(existsSync(join(dir, 'sources.yaml'))).toBe(false);
    const withYes = await runScript('src/cli/sources.ts', env, ['add', `${server.origin}/`, '--yes']);
    expect(withYes.code).toBe(0);
    expect(withYes.stdout).toContain(`✓ Added Northbay Courier (2 items now) to ${join(dir, 'sources.yaml')}.`);
    expect(readFileSync(join(dir, 'sources.yaml'), 'utf8')).toContain(`url: ${server.origin}/rss.xml`);
  });

  it('lists each feed with its last fetch, status, items and last error', async () => {
    writeFileSync(join(dir, 'sources.yaml'), `feeds:\n  - url: ${server.origin}/a.xml\n    name: A News\n  - url: ${server.origin}/b.xml\n`);
    await store.saveFeedState({
      url: `${server.origin}/b.xml`, title: 'B Times', etag: null, lastModified: null, lastFetchedAt: new Date('2025-12-01T06:00:00Z'),
      status: 'error', lastError: 'HTTP 503 Service Unavailable', failures: 2, intervalMs: 1_800_000, nextPollAt: new Date('2025-12-01T08:00:00Z'), itemCount: 20,
    });
    expect(await command('list')).toBe(0);
    expect(lines).toEqual([
      `A News <${server.origin}/a.xml>`,
      '  not fetched yet',
      `B Times <${server.origin}/b.xml>`,
      '  last fetch 2025-12-01 06:00 UTC, error (2 in a row): HTTP 503 Service Unavailable, 20 items, next 2025-12-01 08:00 UTC',
    ]);
  });

  it('checks a feed now: its title, and each item with its text length and whether the full article was fetched', async () => {
    const o = server.origin;
    server.route('/robots.txt', body('text/plain', 'User-agent: *\nDisallow:\n'));
    server.route('/news/bridge', body('text/html; charset=utf-8', articlePage('Bridge to close for six weeks')));
    server.route('/teasers.xml', body('application/rss+xml', rss('Courier', [teaserItem(o, '/news/bridge', 'Bridge to close for six weeks', 'The bridge closes Monday…'), teaserItem(o, '/news/gone', 'Gone story', 'Removed.')])));
    expect(await command('check', `${o}/teasers.xml`)).toBe(0);
    expect(lines[0]).toBe('Courier — 2 items');
    expect(lines[1]).toMatch(/^ {2}• Bridge to close for six weeks — 1,\d{3} characters, full article$/);
    expect(lines[2]).toBe('  • Gone story — 8 characters, feed text (HTTP 404)');
    expect(await store.listArticles({ since: new Date(0) })).toEqual([]);
  });

  it('imports an OPML file (folders flattened, duplicates once) and exports the list as OPML', async () => {
    writeFileSync(join(dir, 'subs.opml'), `<?xml version="1.0"?><opml version="2.0"><head><title>Mine</title></head><body>
      <outline text="News"><outline text="A News" type="rss" xmlUrl="https://a.example/rss.xml"/><outline text="B" title="B Times" type="rss" xmlUrl="https://b.example/feed"/></outline>
      <outline text="A again" type="rss" xmlUrl="https://a.example/rss.xml"/><outline text="Old" type="rss" xmlUrl="ftp://old.example/feed.xml"/></body></opml>`);
    expect(await command('import', join(dir, 'subs.opml'))).toBe(0);
    expect(lines).toEqual([
      `✓ Imported 2 of 2 feeds from ${join(dir, 'subs.opml')} (0 already listed).`,
      'Not imported (only http and https feeds are read): ftp://old.example/feed.xml',
    ]);
    lines = [];
    expect(await command('export')).toBe(0);
    const opml = lines.join('\n');
    expect(opml).toContain('xmlUrl="https://a.example/rss.xml"');
    expect(opml).toContain('text="B Times"');
  });

  it('refuses an unknown command with the usage line', async () => {
    await expect(command('frobnicate')).rejects.toThrow('unknown command "frobnicate"');
  });
});
