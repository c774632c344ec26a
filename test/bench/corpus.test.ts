import { describe, expect, it } from 'vitest';
import { buildBenchCorpus, detokenize, pairwiseAgreement, roughSentences, type BaseStory } from '../../bench/corpus.js';
import { median } from '../../bench/digest-bench.js';

const NOW = new Date('2025-11-30T12:00:00Z');

const base: BaseStory[] = [
  {
    key: 'talks',
    title: 'Rubio says Florida talks with Ukraine were productive',
    dataset: 'seed',
    paragraphs: [
      ['Secretary of State Marco Rubio said talks with Ukrainian officials in Florida were productive.', 'The delegation was led by Rustem Umerov.'],
      ['Envoy Steve Witkoff is expected in Moscow this week.', 'Kremlin aide Yuri Ushakov confirmed a meeting with Vladimir Putin.', 'No date was given.'],
    ],
  },
  {
    key: 'budget',
    title: 'Chancellor Rachel Reeves unveils budget',
    dataset: 'seed',
    paragraphs: [
      ['Chancellor Rachel Reeves announced tax rises worth 26 billion pounds.', 'The Office for Budget Responsibility published its forecast early.'],
      ['Opposition leader Kemi Badenoch said the budget broke promises.', 'Markets were calm.'],
    ],
  },
];

describe('buildBenchCorpus', () => {
  it('builds exactly the asked number of articles with unique ids, 1-4 outlets per story, all within 24 h', () => {
    const corpus = buildBenchCorpus(base, 60, NOW);
    expect(corpus.records).toHaveLength(60);
    expect(new Set(corpus.records.map((r) => r.id)).size).toBe(60);
    const perStory = new Map<string, number>();
    for (const record of corpus.records) perStory.set(corpus.storyOf.get(record.id)!, (perStory.get(corpus.storyOf.get(record.id)!) ?? 0) + 1);
    expect(perStory.size).toBe(corpus.stories);
    expect(Math.max(...perStory.values())).toBeLessThanOrEqual(4);
    for (const record of corpus.records) {
      const age = NOW.getTime() - Date.parse(record.published);
      expect(age).toBeGreaterThan(0);
      expect(age).toBeLessThan(24 * 3_600_000);
    }
  });

  it('derives renamed stories once the base runs out, and is reproducible', () => {
    const corpus = buildBenchCorpus(base, 60, NOW);
    expect(corpus.derivedStories).toBe(corpus.stories - 2);
    const derived = corpus.records.find((r) => corpus.storyOf.get(r.id)!.startsWith('derived'))!;
    // Names are replaced consistently; ordinary words survive.
    expect(derived.text).not.toMatch(/Rubio|Witkoff|Reeves|Badenoch/);
    expect(buildBenchCorpus(base, 60, NOW).records).toEqual(corpus.records);
  });
});

describe('corpus helpers', () => {
  it('undoes CNN/DM tokenisation', () => {
    expect(detokenize("Tottenham 's draw , he said . `` We do n't care '' ( really )")).toBe('Tottenham\'s draw, he said. “We don\'t care” (really)');
  });

  it('splits sentences roughly but keeps closing quotes with their sentence', () => {
    expect(roughSentences('He said “No.” Then he left. 3 people stayed.')).toEqual(['He said “No.”', 'Then he left.', '3 people stayed.']);
  });

  it('takes medians of odd and even lists', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('pairwiseAgreement', () => {
  it('scores article pairs grouped together against the truth', () => {
    const truth = new Map([
      ['a1', 'A'],
      ['a2', 'A'],
      ['a3', 'A'],
      ['b1', 'B'],
    ]);
    // Found: {a1, a2, b1} and {a3}. Pairs found together: 3, of which a1-a2 is right. True pairs: 3 (a1-a2, a1-a3, a2-a3).
    expect(pairwiseAgreement([['a1', 'a2', 'b1'], ['a3']], truth)).toEqual({ precision: 1 / 3, recall: 1 / 3 });
    expect(pairwiseAgreement([['a1', 'a2', 'a3'], ['b1']], truth)).toEqual({ precision: 1, recall: 1 });
  });
});
