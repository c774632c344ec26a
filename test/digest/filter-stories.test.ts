import { describe, expect, it } from 'vitest';
import { filterStories, parseSearchWords } from '../../src/digest/filter-stories.js';
import { morningDigest } from '../fixtures/slack-digests.js';

const headlines = (words: string[]) => filterStories(morningDigest(), words).stories.map((story) => story.id);

describe('parseSearchWords', () => {
  it('folds case and accents, drops surrounding punctuation and repeats', () => {
    expect(parseSearchWords('  "Rubio," WITKOFF! rubio Zürich ')).toEqual(['rubio', 'witkoff', 'zurich']);
    expect(parseSearchWords('-- … ')).toEqual([]);
  });
});

describe('filterStories', () => {
  it('keeps stories that mention every word, in digest order', () => {
    expect(headlines(['witkoff'])).toEqual(['rubio-florida-talks', 'witkoff-moscow']);
    expect(headlines(['Witkoff', 'Peskov'])).toEqual(['witkoff-moscow']);
  });

  it('matches word starts, not the middle of words', () => {
    expect(headlines(['ukrain'])).toEqual(['rubio-florida-talks']);
    // "us" is in "Russia" and "discussing", but only the Florida story has the word "US".
    expect(headlines(['us'])).toEqual(['rubio-florida-talks', 'witkoff-moscow']);
    expect(headlines(['ussia'])).toEqual([]);
  });

  it('searches quotes with their speakers, what’s next and source names', () => {
    expect(headlines(['umerov'])).toEqual(['rubio-florida-talks']);
    expect(headlines(['tass'])).toEqual(['witkoff-moscow']);
    expect(headlines(['travel', 'moscow'])).toEqual(['rubio-florida-talks']);
  });

  it('keeps every story when there are no words, and none when nothing matches', () => {
    expect(filterStories(morningDigest(), []).stories).toHaveLength(8);
    expect(headlines(['kangaroo'])).toEqual([]);
  });

  it('leaves the digest it was given untouched', () => {
    const digest = morningDigest();
    filterStories(digest, ['witkoff']);
    expect(digest.stories).toHaveLength(8);
  });
});
