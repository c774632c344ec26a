import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadArticlesFromFolder } from '../../src/content/load-folder.js';
import { buildDigest } from '../../src/digest/build-digest.js';
import type { Article, Digest, Story } from '../../src/digest/types.js';

const fixtures = join(import.meta.dirname, '..', 'fixtures');
const seedFile = '2025-11-30-rubio-more-work-to-be-done.md';
const crbcFile = '2025-11-30-crbc-four-hour-talks.md';
const morningAfter = new Date('2025-12-01T08:00:00Z');

let seedArticles: Article[];
let allArticles: Article[];
let tempDir: string;

beforeAll(async () => {
  seedArticles = (await loadArticlesFromFolder(join(fixtures, 'seed-story'))).articles;
  tempDir = mkdtempSync(join(tmpdir(), 'brief-stories-'));
  cpSync(join(fixtures, 'seed-story'), tempDir, { recursive: true });
  cpSync(join(fixtures, 'other-stories'), tempDir, { recursive: true });
  allArticles = (await loadArticlesFromFolder(tempDir)).articles;
});

afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

function seedStory(digest: Digest): Story {
  const story = digest.stories.find((candidate) => candidate.sources.some((source) => source.file === seedFile));
  if (!story) throw new Error('seed story missing');
  return story;
}

describe('the seed story (two outlets, one story)', () => {
  it('groups both versions into one story with two sources, headed by a source title', () => {
    const digest = buildDigest(seedArticles, { now: morningAfter });
    expect(digest.stories).toHaveLength(1);
    const story = seedStory(digest);
    expect(story.sources.map((source) => [source.name, source.file])).toEqual([
      [null, seedFile],
      ['CRBC News', crbcFile],
    ]);
    expect(story.headline).toBe('Rubio says “more work to be done” after hours of U.S.-Ukraine talks to end Russian war');
  });

  it('summarises in two sentences that stand alone, drawn from both sources, with no boilerplate', () => {
    const story = seedStory(buildDigest(seedArticles, { now: morningAfter }));
    expect(story.summary).toBe(
      'U.S. and Ukrainian officials completed roughly four hours of talks Sunday aimed at finding an endgame to the war between Russia and Ukraine. ' +
        'Negotiations will continue in Moscow this week, with envoy Steve Witkoff expected to meet President Putin.',
    );
    expect(story.summary.length).toBeLessThanOrEqual(400);
    for (const boilerplate of ['Terry Renna', 'AP', 'CRBC News', 'Similar Articles', 'he said']) expect(story.summary).not.toContain(boilerplate);
  });

  it('finds the key quotes with full names and roles, each once, listing every source that carries it', () => {
    const story = seedStory(buildDigest(seedArticles, { now: morningAfter }));
    expect(story.quotes.map((quote) => [quote.speaker, quote.role, quote.sources])).toEqual([
      ['Marco Rubio', 'Secretary of State', [seedFile, 'CRBC News']],
      ['Volodymyr Zelenskyy', 'Ukrainian President', [seedFile, 'CRBC News']],
      ['Rustem Umerov', 'Ukraine’s secretary of national security', [seedFile]],
    ]);
    const [rubio, zelenskyy, umerov] = story.quotes;
    // The quote split by "he said" is one quote; CRBC's "we built on that today" is the same quote, not a second one.
    expect(rubio?.text).toBe(
      'We don’t just want to end the war. We also want to help Ukraine be safe forever. So never again will they face another invasion. ' +
        'And equally importantly, we want them to enter an age of true prosperity. It’s about also the terms that set up Ukraine for long-term prosperity. ' +
        '… I think we build on that today, but there’s more work to be done.',
    );
    expect(zelenskyy?.text).toBe('In the coming days it is feasible to flesh out the steps to determine how to bring the war to a dignified end.');
    expect(umerov?.text).toMatch(/^We discussed all the important matters .* hopefully we’ll keep you updated\.$/);
  });

  it('leaves scare quotes out of the key quotes but lists them with --all-quotes, in text order', () => {
    const keyQuotes = seedStory(buildDigest(seedArticles, { now: morningAfter })).quotes.map((quote) => quote.text);
    expect(keyQuotes).not.toContain('concept');
    const all = seedStory(buildDigest(seedArticles, { now: morningAfter, maxQuotes: 'all' })).quotes;
    const fromSeed = all.filter((quote) => quote.sources[0] === seedFile).map((quote) => quote.text);
    expect(fromSeed.slice(0, 2)).toEqual(['productive and useful', expect.stringMatching(/^We don’t just want/)]);
    expect(fromSeed).toEqual(expect.arrayContaining(['concept', 'map', 'fine-tuned']));
    expect(all.find((quote) => quote.text.startsWith('swiftly and substantively'))?.speaker).toBe('Volodymyr Zelenskyy');
  });

  it("says what's next as one item about the Moscow trip, from both outlets, dated against the publication date", () => {
    const story = seedStory(buildDigest(seedArticles, { now: morningAfter }));
    // Four tellings (Monday's trip, talks "this week", Trump sending Witkoff, Putin's meeting before Thursday) are one trip.
    expect(story.whatsNext).toEqual([
      {
        text: 'Witkoff is scheduled to travel to Moscow on Monday to continue discussions.',
        date: '2025-12-01',
        dateText: 'on Monday',
        until: null,
        sources: expect.arrayContaining(['CRBC News', seedFile]),
      },
    ]);
    expect(story.whatsNext[0]?.sources).toHaveLength(2);
  });
});

describe('selection and grouping', () => {
  it('keeps an unrelated story apart and orders stories by number of sources', () => {
    const digest = buildDigest(allArticles, { now: morningAfter });
    expect(digest.stories.map((story) => story.sources.length)).toEqual([2, 1]);
    const bridge = digest.stories[1];
    expect(bridge?.headline).toBe('Harbour bridge to close for six weeks of repairs, council confirms');
    expect(bridge?.quotes[0]).toMatchObject({ speaker: 'Priya Natarajan', role: 'Council leader', sources: ['Northbay Courier'] });
    expect(bridge?.whatsNext.map((event) => [event.date, event.dateText])).toContainEqual(['2025-12-03', 'on Wednesday']);
    expect(bridge?.summary).not.toContain('Photo');
  });

  it('makes every article its own story with group: false', () => {
    expect(buildDigest(allArticles, { now: morningAfter, group: false }).stories).toHaveLength(3);
  });

  it('falls back to the newest day when nothing is recent, and says which day', () => {
    const digest = buildDigest(seedArticles, { now: new Date('2026-11-22T07:00:00Z') });
    expect(digest.stories).toHaveLength(1);
    expect(digest.coverage.fallbackDay).toBe('2025-11-30');
  });

  it('keeps only the window before now when there is recent news', () => {
    const digest = buildDigest(allArticles, { now: new Date('2025-11-30T20:00:00Z'), windowHours: 3 });
    expect(digest.stories.flatMap((story) => story.sources.map((source) => source.file))).toEqual([seedFile]);
    expect(digest.coverage.fallbackDay).toBeNull();
  });

  it('honours an explicit --since/--until period', () => {
    const digest = buildDigest(allArticles, { now: morningAfter, since: new Date('2025-11-30T00:00:00Z'), until: new Date('2025-11-30T12:00:00Z') });
    expect(digest.stories.map((story) => story.headline)).toEqual(['Harbour bridge to close for six weeks of repairs, council confirms']);
  });

  it('caps summaries at the requested sentence count', () => {
    const story = seedStory(buildDigest(seedArticles, { now: morningAfter, summarySentences: 1 }));
    expect(story.summary).toBe('U.S. and Ukrainian officials completed roughly four hours of talks Sunday aimed at finding an endgame to the war between Russia and Ukraine.');
  });
});
