import { parseSearchWords, storyText, wordPattern } from './filter-stories.js';
import type { Story } from './types.js';

/** Words a reader follows and mutes (folded as `parseSearchWords` folds them). */
export interface TopicFilter {
  follow: readonly string[];
  mute: readonly string[];
}

/** What a reader already got of a story: its report count then. */
export type DeliveredReports = ReadonlyMap<string, number>;

/** One reader's stories: what is new or grown for them and matches their topics, most important first. */
export interface ReaderSelection {
  stories: Story[];
  /** Story id → how many reports it gained since the reader last got it; only for stories sent before. */
  updates: Map<string, number>;
}

/** How many reports (source articles) a story carries: what "new reports" counts. */
export function reportCount(story: Story): number {
  return story.sources.length;
}

/** What a delivery records of each story it carries, so a later one can tell what is new: its id and report count. */
export function sentRecordsOf(stories: readonly Story[]): { storyId: string; reports: number }[] {
  return stories.map((story) => ({ storyId: story.id, reports: reportCount(story) }));
}

const textCache = new WeakMap<Story, string>();
const patternCache = new Map<string, RegExp>();

function cachedText(story: Story): string {
  let text = textCache.get(story);
  if (text === undefined) {
    text = storyText(story);
    textCache.set(story, text);
  }
  return text;
}

function mentions(story: Story, word: string): boolean {
  let pattern = patternCache.get(word);
  if (!pattern) {
    // Readers' topic words are few and shared; the cache is bounded anyway.
    if (patternCache.size > 10_000) patternCache.clear();
    pattern = wordPattern(word);
    patternCache.set(word, pattern);
  }
  return pattern.test(cachedText(story));
}

/**
 * True when the story suits the topics: it mentions a followed word (or none are followed) and no muted one,
 * in its headline, summary, quotes, what's next or sources.
 */
export function matchesTopics(story: Story, topics: TopicFilter): boolean {
  if (topics.mute.some((word) => mentions(story, word))) return false;
  return topics.follow.length === 0 || topics.follow.some((word) => mentions(story, word));
}

/**
 * The stories a reader's morning holds: those matching their topics that they never got, and those they got
 * that have more reports since (an update). The order stays the digest's.
 */
export function selectForReader(stories: readonly Story[], delivered: DeliveredReports, topics: TopicFilter): ReaderSelection {
  const selected: Story[] = [];
  const updates = new Map<string, number>();
  for (const story of stories) {
    const before = delivered.get(story.id);
    const reports = reportCount(story);
    if (before !== undefined && reports <= before) continue;
    if (!matchesTopics(story, topics)) continue;
    selected.push(story);
    if (before !== undefined) updates.set(story.id, reports - before);
  }
  return { stories: selected, updates };
}

/** A parsed topic edit: `+word` (or a bare word) follows, `-word` mutes. */
export interface TopicEdit {
  follow: string[];
  mute: string[];
}

/** Reads "+ukraine +nato -football" (bare words follow); words folded like search words. */
export function parseTopicEdit(input: string): TopicEdit {
  const follow: string[] = [];
  const mute: string[] = [];
  for (const token of input.split(/[\s,]+/)) {
    const muted = token.startsWith('-');
    for (const word of parseSearchWords(token)) (muted ? mute : follow).push(word);
  }
  return { follow: [...new Set(follow)], mute: [...new Set(mute)] };
}

/** Applies an edit: a followed word stops being muted and the other way round. */
export function applyTopicEdit(current: TopicFilter, edit: TopicEdit): { follow: string[]; mute: string[] } {
  const follow = [...current.follow.filter((w) => !edit.mute.includes(w))];
  const mute = [...current.mute.filter((w) => !edit.follow.includes(w))];
  for (const word of edit.follow) if (!follow.includes(word)) follow.push(word);
  for (const word of edit.mute) if (!mute.includes(word)) mute.push(word);
  return { follow, mute };
}
