import { describe, expect, it } from 'vitest';
import { applyTopicEdit, matchesTopics, parseTopicEdit, selectForReader } from '../../src/digest/reader-selection.js';
import type { Story } from '../../src/digest/types.js';

function story(id: string, headline: string, reports = 1, extra: Partial<Story> = {}): Story {
  return {
    id,
    headline,
    summary: '',
    sources: Array.from({ length: reports }, (_, i) => ({ name: `Outlet ${i}`, title: headline, url: null, publishedAt: null, file: `${id}-${i}.md` })),
    quotes: [],
    whatsNext: [],
    ...extra,
  };
}

const talks = story('talks', 'Ukrainian delegation meets US envoys in Florida', 3);
const cup = story('cup', 'Dynamo win the football cup on penalties');
const grid = story('grid', 'Power restored in Kyiv', 1, { quotes: [{ text: 'NATO allies sent transformers.', speaker: 'Mayor', role: null, sources: [] }] });
const none = { follow: [], mute: [] };

describe('selectForReader', () => {
  it('keeps stories never sent and those with more reports than when sent, marking the updates', () => {
    const delivered = new Map([['talks', 1], ['cup', 1]]);
    const selection = selectForReader([talks, cup, grid], delivered, none);
    expect(selection.stories.map((s) => s.id)).toEqual(['talks', 'grid']);
    expect([...selection.updates]).toEqual([['talks', 2]]);
  });

  it('follows and mutes words in headlines and quotes, at word starts; short words whole only', () => {
    expect(selectForReader([talks, cup, grid], new Map(), { follow: ['ukrain', 'nato'], mute: [] }).stories.map((s) => s.id)).toEqual(['talks', 'grid']);
    expect(selectForReader([talks, cup, grid], new Map(), { follow: [], mute: ['football'] }).stories.map((s) => s.id)).toEqual(['talks', 'grid']);
    expect(matchesTopics(talks, { follow: ['us'], mute: [] })).toBe(true);
    expect(matchesTopics(cup, { follow: ['on'], mute: [] })).toBe(true);
    expect(matchesTopics(cup, { follow: ['pen'], mute: [] })).toBe(false);
    expect(matchesTopics(grid, { follow: ['kyiv'], mute: ['nato'] })).toBe(false);
  });
});

describe('topic edits', () => {
  it('reads +word, -word and bare words, folded, and moves a word between lists', () => {
    expect(parseTopicEdit('+Ukraine  NATO, -Football -football')).toEqual({ follow: ['ukraine', 'nato'], mute: ['football'] });
    expect(applyTopicEdit({ follow: ['ukraine', 'football'], mute: ['nato'] }, { follow: ['nato'], mute: ['football'] })).toEqual({
      follow: ['ukraine', 'nato'],
      mute: ['football'],
    });
  });
});
