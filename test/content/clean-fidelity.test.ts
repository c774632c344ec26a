import { describe, expect, it } from 'vitest';
import { parseArticleFile } from '../../src/content/parse-article.js';
import { articleFromRecord } from '../../src/content/jsonl-articles.js';
import { cleanBody } from '../../src/content/clean.js';
import { buildDigest } from '../../src/digest/build-digest.js';
import { renderJson } from '../../src/render/json.js';

const now = new Date('2025-05-02T12:00:00Z');

describe('no article text is dropped for looking like markup', () => {
  it('keeps text between < and > that is no tag, and strips real tags and comments', () => {
    const { paragraphs } = cleanBody('He said "Prices < costs & margins > zero," and left.\n\nA <b>bold</b> <a href="x.html" target=_blank>link</a><br/> and x<y and z>w.<!-- note -->', 'T', null);
    expect(paragraphs).toEqual(['He said "Prices < costs & margins > zero," and left.', 'A bold link and x<y and z>w.']);
  });

  it('shows the quote as written in the digest', () => {
    const file = '---\ntitle: "Markets slide"\nsource: "Test Wire"\npublished: "2025-05-02T09:00:00Z"\n---\n"Prices < costs & margins > zero," said the analyst Jane Roe.\n';
    const parsed = parseArticleFile('a.md', file);
    if (!parsed.ok) throw new Error(parsed.message);
    const digest = buildDigest([parsed.article], { now, maxQuotes: 'all' });
    expect(digest.stories[0]?.quotes.map((quote) => [quote.text, quote.speaker])).toEqual([['Prices < costs & margins > zero.', 'Jane Roe']]);
  });
});

describe('quote offsets point into the article', () => {
  it('into the body after the front matter, through markup and wrapped lines', () => {
    const body = 'Shares fell, traders said.\n\n"We are **very** worried," the analyst Jane Roe said.\n\nA *wrapped* paragraph\nwith "a quote of five words here," said John Smith.\n';
    const file = `---\ntitle: "Markets slide"\nsource: "Test Wire"\npublished: "2025-05-02T09:00:00Z"\n---\n${body}`;
    const parsed = parseArticleFile('a.md', file);
    if (!parsed.ok) throw new Error(parsed.message);
    const json = JSON.parse(renderJson(buildDigest([parsed.article], { now, maxQuotes: 'all' }))) as { stories: Array<{ quotes: Array<{ text: string; file: string; start: number; end: number }> }> };
    const quotes = json.stories[0]?.quotes ?? [];
    expect(quotes.map((quote) => [quote.text, quote.file, body.slice(quote.start, quote.end)])).toEqual([
      ['We are very worried.', 'a.md', '"We are **very** worried,"'],
      ['a quote of five words here', 'a.md', '"a quote of five words here,"'],
    ]);
  });

  it("into an --articles record's text, line endings as given", () => {
    const text = 'Intro line.\r\n\r\n"We will   win this," said Ann Lee.';
    const digest = buildDigest([articleFromRecord({ id: 'r1', text })], { now, maxQuotes: 'all' });
    const [quote] = digest.stories[0]?.quotes ?? [];
    expect(quote?.file).toBe('r1');
    expect(text.slice(quote?.start ?? 0, quote?.end ?? 0)).toBe('"We will   win this,"');
  });
});
