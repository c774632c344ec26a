import { copyFileSync, mkdtempSync, openSync, closeSync, ftruncateSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadArticlesFromFolder } from '../../src/content/load-folder.js';
import { parseArticleRecords } from '../../src/content/jsonl-articles.js';
import { buildDigest } from '../../src/digest/build-digest.js';

const seedFolder = join(import.meta.dirname, '..', 'fixtures', 'seed-story');
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'brief-bad-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('bad articles are reported by file name and skipped; the rest still builds', () => {
  it('reports each bad file once with its reason', async () => {
    copyFileSync(join(seedFolder, '2025-11-30-crbc-four-hour-talks.md'), join(dir, 'good.md'));
    writeFileSync(join(dir, 'empty.md'), '');
    writeFileSync(join(dir, 'no-front-matter.md'), 'Just some text without a header.\n');
    writeFileSync(join(dir, 'broken-yaml.md'), '---\ntitle: [unclosed\n---\nBody text here.\n');
    writeFileSync(join(dir, 'bad-date.md'), '---\ntitle: A title\npublished: "30 November 2025"\n---\nBody text here.\n');
    writeFileSync(join(dir, 'no-offset.md'), '---\ntitle: A title\npublished: "2025-11-30T10:00:00"\n---\nBody text here.\n');
    writeFileSync(join(dir, 'binary.md'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0x01]));
    writeFileSync(join(dir, 'latin1.md'), Buffer.from('---\ntitle: Caf\xe9\npublished: "2025-11-30T10:00:00Z"\n---\nCaf\xe9 society.\n', 'latin1'));
    const huge = openSync(join(dir, 'huge.md'), 'w');
    ftruncateSync(huge, 50 * 1024 * 1024);
    closeSync(huge);
    symlinkSync(join(dir, 'does-not-exist.md'), join(dir, 'dangling.md'));
    writeFileSync(join(dir, '.hidden.md'), 'ignored');

    const { articles, problems } = await loadArticlesFromFolder(dir);
    expect(articles.map((article) => article.file)).toEqual(['good.md']);
    expect(Object.fromEntries(problems.map((problem) => [problem.file, problem.message]))).toEqual({
      'bad-date.md': expect.stringContaining('"published" must be ISO 8601 with an offset'),
      'binary.md': 'is a binary file, not text',
      'broken-yaml.md': expect.stringMatching(/^malformed front matter/),
      'dangling.md': expect.stringMatching(/^cannot be read/),
      'empty.md': 'empty file',
      'huge.md': 'is 50.0 MB; articles over 1 MB are skipped',
      'latin1.md': 'is not valid UTF-8 text',
      'no-front-matter.md': expect.stringMatching(/^missing front matter/),
      'no-offset.md': expect.stringContaining('with an offset'),
    });

    const digest = buildDigest(articles, { now: new Date('2025-12-01T08:00:00Z'), problems });
    expect(digest.stories).toHaveLength(1);
    expect(digest.problems).toHaveLength(9);
  });

  it('reports a missing folder instead of failing', async () => {
    const missing = join(dir, 'nope');
    const { articles, problems } = await loadArticlesFromFolder(missing);
    expect(articles).toEqual([]);
    expect(problems).toEqual([{ file: missing, message: 'content folder not found' }]);
  });

  it('reports bad JSON Lines records by id or line and keeps the good ones', () => {
    const text = [
      JSON.stringify({ id: 'a1', title: 'Good', text: 'The council met on Monday and approved the budget for next year.' }),
      '{not json',
      JSON.stringify({ id: 'a3', text: '' }),
      JSON.stringify({ id: 'a4', text: 'Body', published: 'yesterday' }),
    ].join('\n');
    const { articles, problems } = parseArticleRecords(text, 'input.jsonl');
    expect(articles.map((article) => article.id)).toEqual(['a1']);
    expect(problems.map((problem) => problem.file)).toEqual(['input.jsonl:2', 'a3', 'a4']);
  });
});

describe('cleaning', () => {
  it('drops the outlet line, repeated headline, photo credit and trailing boilerplate, and keeps the standfirst apart', async () => {
    const { articles } = await loadArticlesFromFolder(seedFolder);
    const crbc = articles.find((article) => article.source === 'CRBC News');
    const seed = articles.find((article) => article.source === null);
    expect(crbc?.standfirst).toMatch(/^U\.S\. and Ukrainian officials held four-hour talks/);
    expect(crbc?.paragraphs[0]).toMatch(/^U\.S\. and Ukrainian officials held roughly four hours of talks on Sunday/);
    expect(crbc?.paragraphs.at(-1)).toMatch(/dignified end," he said\.$/);
    const allText = [...(crbc?.paragraphs ?? []), ...(seed?.paragraphs ?? [])].join('\n');
    for (const junk of ['Terry Renna / AP', 'Similar Articles', 'CRBC News\n', 'After Four-Hour Talks']) expect(allText).not.toContain(junk);
    expect(seed?.paragraphs[0]).toMatch(/^U\.S\. and Ukrainian officials completed/);
    expect(seed?.standfirst).toBeNull();
  });
});
