import type { PollResult } from './poll-feeds.js';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * One line per feed polled: what came in, or what went wrong and when Brief tries again. A feed is named as readers
 * see it (`name` from the sources file, else the feed's own title); a failed one with its URL too, to find it by.
 */
export function describePoll(result: PollResult, name: string | null = null): string {
  const next = `next poll ${result.nextPollAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const label = name ?? result.title;
  if (result.status === 'error') return `✗ ${label ? `${label} (${result.url})` : result.url}: ${result.error ?? 'failed'} (${next})`;
  if (result.status === 'not-modified') return `· ${label ?? result.url}: not modified (${next})`;
  const count = (outcome: string) => result.items.filter((item) => item.outcome === outcome).length;
  const full = result.items.filter((item) => item.fullText).length;
  return `✓ ${label ?? result.url}: ${plural(result.items.length, 'item', 'items')}, ${count('inserted')} new, ${count('updated')} updated, ${plural(full, 'full article', 'full articles')} fetched (${next})`;
}
