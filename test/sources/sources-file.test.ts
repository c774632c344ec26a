import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addSource, loadSources, moveSource, removeSource, SourcesFileError } from '../../src/sources/sources-file.js';

describe('the sources file', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'brief-sources-'));
    path = join(dir, 'sources.yaml');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is optional: no file means no feeds', async () => {
    expect(await loadSources(path)).toBeNull();
  });

  it('reads entries with their defaults', async () => {
    writeFileSync(path, 'feeds:\n  - url: https://a.example/rss.xml\n  - url: https://b.example/feed\n    name: B Times\n    fullText: never\n    every: 2h\n');
    expect(await loadSources(path)).toEqual([
      { url: 'https://a.example/rss.xml', name: null, fullText: 'auto', everyMs: null },
      { url: 'https://b.example/feed', name: 'B Times', fullText: 'never', everyMs: 7_200_000 },
    ]);
  });

  it('names every bad entry and field', async () => {
    writeFileSync(path, 'feeds:\n  - url: ftp://a.example/rss\n  - url: https://b.example/feed\n    every: often\n    fullText: sometimes\n  - name: No URL\n  - url: https://b.example/feed\n');
    const error = await loadSources(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourcesFileError);
    const message = (error as Error).message;
    expect(message).toContain(`${path}:`);
    expect(message).toContain('feeds[0] (ftp://a.example/rss): "url" must be an http(s) URL');
    expect(message).toContain('feeds[1] (https://b.example/feed): "fullText" must be auto, always or never');
    expect(message).toContain('feeds[1] (https://b.example/feed): "every" must be a duration like 15m, 2h or 1d');
    expect(message).toContain('feeds[2]: "url" must be an http(s) URL');
    expect(message).toContain('feeds[3] (https://b.example/feed): "url" is listed twice');
  });

  it('names a misspelt key instead of dropping it, at the top and in an entry', async () => {
    writeFileSync(path, 'feed:\n  - url: https://a.example/rss.xml\n');
    await expect(loadSources(path)).rejects.toThrow(`${path}: unknown key "feed" (did you mean "feeds"?); the keys are "feeds"`);
    writeFileSync(path, 'feeds:\n  - url: https://a.example/rss.xml\n    fulltext: always\n    nme: A Times\n');
    await expect(loadSources(path)).rejects.toThrow(
      'feeds[0] (https://a.example/rss.xml): unknown keys "fulltext" (did you mean "fullText"?), "nme"; the keys are "url", "name", "fullText", "every"',
    );
  });

  it('reports malformed YAML with its line', async () => {
    writeFileSync(path, 'feeds:\n  - url: https://a.example/\n    name: [unclosed\n');
    await expect(loadSources(path)).rejects.toThrow(/malformed YAML at line \d/);
  });

  it('adds, moves and removes entries keeping comments and the others as written', async () => {
    writeFileSync(path, '# my feeds\nfeeds:\n  - url: https://a.example/rss.xml # the first\n    name: A News\n');
    expect(await addSource(path, { url: 'https://b.example/feed', name: 'B Times' })).toBe(true);
    expect(await addSource(path, { url: 'https://b.example/feed' })).toBe(false);
    await moveSource(path, 'https://a.example/rss.xml', 'https://a.example/new.xml');
    const text = readFileSync(path, 'utf8');
    expect(text).toContain('# my feeds');
    expect(text).toContain('# the first');
    expect((await loadSources(path))?.map((s) => [s.url, s.name])).toEqual([
      ['https://a.example/new.xml', 'A News'],
      ['https://b.example/feed', 'B Times'],
    ]);
    expect(await removeSource(path, 'https://b.example/feed')).toBe(true);
    expect(await removeSource(path, 'https://b.example/feed')).toBe(false);
    expect((await loadSources(path))?.map((s) => s.url)).toEqual(['https://a.example/new.xml']);
  });

  it('creates the file on the first add', async () => {
    await addSource(path, { url: 'https://a.example/rss.xml' });
    expect(await loadSources(path)).toEqual([{ url: 'https://a.example/rss.xml', name: null, fullText: 'auto', everyMs: null }]);
    await addSource(path, { url: 'https://b.example/feed', name: 'B Times' });
    // Written as the example is, one entry under another, not as a one-line list.
    expect(readFileSync(path, 'utf8')).toBe('feeds:\n  - url: https://a.example/rss.xml\n  - url: https://b.example/feed\n    name: B Times\n');
  });

  it('ships an example that validates, with a dozen feeds from different outlets', async () => {
    const sources = await loadSources(join(import.meta.dirname, '../../sources.example.yaml'));
    expect(sources?.length).toBeGreaterThanOrEqual(12);
    expect(new Set(sources?.map((s) => new URL(s.url).hostname)).size).toBeGreaterThanOrEqual(12);
  });
});
