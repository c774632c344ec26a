import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateStories, loadLabelledStories, scoreStories } from '../../src/eval/story-eval.js';

describe('story grouping scores', () => {
  const storyOf = new Map([['a', 'S'], ['b', 'S'], ['c', 'S'], ['d', 'T'], ['e', 'U']]);

  it('gives B-cubed and pairwise precision and recall for a split story', () => {
    const scores = scoreStories([['a', 'b'], ['c'], ['d'], ['e']], storyOf, [], []);
    expect(scores.bcubed.precision).toBe(1);
    expect(scores.bcubed.recall).toBeCloseTo((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5, 10);
    expect(scores.pairwise).toMatchObject({ precision: 1, recall: 1 / 3 });
    expect([scores.multiOutletWhole, scores.multiOutletStories]).toEqual([0, 1]);
  });

  it('counts a near-miss pair of stories as merged when one found story holds both', () => {
    const scores = scoreStories([['a', 'b', 'c', 'd'], ['e']], storyOf, [['T', 'S']], [['U', 'S']]);
    expect(scores.bcubed.precision).toBeCloseTo((3 / 4 + 3 / 4 + 3 / 4 + 1 / 4 + 1) / 5, 10);
    expect(scores.multiOutletWhole).toBe(1);
    expect(scores.nearMissMerged).toEqual([['T', 'S']]);
    expect(scores.followUpMerged).toEqual([]);
  });
});

describe('a labelled folder', () => {
  let dir = '';
  const write = (file: string, title: string, published: string, body: string) =>
    writeFile(path.join(dir, file), `---\ntitle: "${title}"\nsource: "${file.replace('.md', '')}"\npublished: "${published}"\n---\n${body}\n`);
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'brief-stories-'));
    const quake = 'A magnitude 6.4 earthquake struck near the town of Varesk in Corvania on Monday, killing at least 12 people, the Corvanian civil defence agency said. Rescuers searched collapsed homes in Varesk and Delmont through the night.';
    await write('quake-1.md', 'Earthquake kills 12 in Corvania', '2025-03-03T10:00:00Z', quake);
    await write('quake-2.md', '', '2025-03-03T12:00:00Z', 'Rescuers in Corvania searched the rubble of homes in Varesk and Delmont after a 6.4 magnitude earthquake killed at least 12 people on Monday, according to the civil defence agency.');
    await write('cup.md', 'Delmont win the Corvanian cup', '2025-03-20T18:00:00Z', 'Delmont Rovers beat Varesk United 2-1 in the Corvanian cup final at the national stadium on Thursday evening, their first trophy since 1998.');
    await writeFile(path.join(dir, 'gold.json'), JSON.stringify({
      articles: { 'quake-1.md': { story: 'quake' }, 'quake-2.md': { story: 'quake', near_copy_of: null }, 'cup.md': { story: 'cup' } },
      stories: { quake: { follows: null, near_miss_of: null }, cup: { follows: null, near_miss_of: null } },
    }));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads every labelled article, one without a headline included, and scores the grouping', async () => {
    const labelled = await loadLabelledStories(dir);
    expect(labelled.articles.map((article) => [article.id, article.title])).toEqual([
      ['quake-1.md', 'Earthquake kills 12 in Corvania'],
      ['quake-2.md', ''],
      ['cup.md', 'Delmont win the Corvanian cup'],
    ]);
    const report = evaluateStories(labelled);
    expect(report.all.bcubed.f1).toBe(1);
    expect(report.errors).toEqual([]);
  });

  it('names a folder without gold.json', async () => {
    await expect(loadLabelledStories(path.join(dir, 'absent'))).rejects.toThrow(`no gold.json in ${path.join(dir, 'absent')}`);
  });
});
