import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hostileShapes, hostileText } from '../../bench/hostile-text.js';
import { loadArticlesFromFolder } from '../../src/content/load-folder.js';
import { parseArticleFile } from '../../src/content/parse-article.js';
import { buildDigest } from '../../src/digest/build-digest.js';
import { capArticleText, MAX_ARTICLE_CHARS } from '../../src/digest/cap-article.js';
import type { Article } from '../../src/digest/types.js';

const now = new Date('2025-12-01T08:00:00Z');
const SIZE = 160_000;

let ordinaryParagraphs: string[] = [];

beforeAll(async () => {
  const { articles } = await loadArticlesFromFolder(join(import.meta.dirname, '..', 'fixtures', 'seed-story'));
  ordinaryParagraphs = articles.flatMap((article) => article.paragraphs);
});

/** One article of `text`, read as the content folder reads a file. */
function articleOf(text: string): Article {
  const parsed = parseArticleFile('hostile.md', `---\ntitle: Talks resume\npublished: "2025-11-30T10:00:00Z"\n---\n${text}\n`);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.article;
}

/** Ordinary news of about `chars` characters: the fixture articles' paragraphs, numbered so they are not all alike. */
function ordinaryText(chars: number): string {
  const paragraphs: string[] = [];
  for (let length = 0, round = 0; length < chars; round++) {
    for (const paragraph of ordinaryParagraphs) {
      const numbered = `${paragraph} (${round})`;
      paragraphs.push(numbered);
      length += numbered.length + 2;
    }
  }
  return paragraphs.join('\n\n');
}

/** The fastest of a few builds: the least disturbed by whatever else the machine runs. */
function fastestBuildMs(article: Article, runs = 3): number {
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    buildDigest([article], { now });
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

describe('hostile article text', () => {
  it.each(hostileShapes.flatMap((shape) => (['paragraph', 'lines'] as const).map((layout) => ({ ...shape, layout }))))(
    '$name ($layout) digests in time comparable to ordinary news of the same size',
    ({ unit, layout }) => {
      const ordinary = fastestBuildMs(articleOf(ordinaryText(SIZE)));
      const hostile = fastestBuildMs(articleOf(hostileText(unit, SIZE, layout)));
      // Before the fixes the worst shapes took 20-200 times as long as news at this size (and more, growing with
      // the square of the size); a ratio, not a time, so a slow or busy machine does not decide the outcome.
      if (process.env.HOSTILE_RATIOS) console.log(unit, layout, (hostile / ordinary).toFixed(2));
      expect(hostile / Math.max(ordinary, 1)).toBeLessThan(4);
    },
  );

  it('grows linearly: four times the text takes well under eight times as long', () => {
    for (const unit of ['\u201CWord\u201D ', '!!!', '.\u201D \u201C']) {
      const small = fastestBuildMs(articleOf(hostileText(unit, SIZE / 4)), 5);
      const large = fastestBuildMs(articleOf(hostileText(unit, SIZE)), 5);
      // Quadratic growth would be sixteen times.
      // The smaller build is floored at 10 ms: below that, timer and scheduling noise would decide the ratio.
      expect(large / Math.max(small, 10), unit).toBeLessThan(8);
    }
  });
});

describe('article text cap', () => {
  it('cuts an over-long article after a sentence and says so in the digest', () => {
    const sentence = 'The council met again on Monday to discuss the harbour bridge. ';
    const text = sentence.repeat(Math.ceil((MAX_ARTICLE_CHARS * 1.5) / sentence.length));
    const digest = buildDigest([articleOf(text)], { now });
    expect(digest.stories).toHaveLength(1);
    expect(digest.problems).toEqual([
      { file: 'hostile.md', message: expect.stringMatching(/^text is 30\d,\d{3} characters; only the first 19\d,\d{3} were read \(the limit is 200,000\)$/) },
    ]);
  });

  it('never cuts mid-word when no sentence ends before the limit', () => {
    const article = articleOf(`${'lorem ipsum '.repeat(30)}`);
    const { article: cut, problem } = capArticleText(article, 100);
    expect(cut.paragraphs.join(' ')).toBe('lorem ipsum '.repeat(8).trimEnd());
    expect(problem?.message).toContain('only the first 95 were read');
  });

  it('leaves an article within the limit untouched, with no note', () => {
    const article = articleOf('A short report. It says little.');
    expect(capArticleText(article)).toEqual({ article, problem: null });
  });
});
