import type { FeedState } from '../store/types.js';
import type { PollResult } from './poll-feeds.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;
const nextPoll = (at: Date) => `next poll ${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
/** A failed feed by the name readers see, with its URL to find it by. */
const failedFeed = (label: string | null, url: string) => `✗ ${label ? `${label} (${url})` : url}`;

/**
 * One line per feed polled: what came in, or what went wrong and when Brief tries again. A feed is named as readers
 * see it (`name` from the sources file, else the feed's own title); a failed one with its URL too.
 */
export function describePoll(result: PollResult, name: string | null = null): string {
  const next = nextPoll(result.nextPollAt);
  const label = name ?? result.title;
  if (result.status === 'error') return `${failedFeed(label, result.url)}: ${result.error ?? 'failed'} (${next})`;
  if (result.status === 'not-modified') return `· ${label ?? result.url}: not modified (${next})`;
  const count = (outcome: string) => result.items.filter((item) => item.outcome === outcome).length;
  const full = result.items.filter((item) => item.fullText).length;
  return `✓ ${label ?? result.url}: ${plural(result.items.length, 'item', 'items')}, ${count('inserted')} new, ${count('updated')} updated, ${plural(full, 'full article', 'full articles')} fetched (${next})`;
}

/** The line for a feed whose last poll failed, from its stored state (whether or not this run polled it). */
export function describeFailedFeed(state: FeedState, name: string | null = null): string {
  const notes = [state.failures > 1 ? `${state.failures} failures in a row` : null, state.nextPollAt ? nextPoll(state.nextPollAt) : null].filter((note) => note !== null);
  return `${failedFeed(name ?? state.title, state.url)}: ${state.lastError ?? 'failed'}${notes.length > 0 ? ` (${notes.join('; ')})` : ''}`;
}
