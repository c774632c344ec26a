import type { IncomingHttpHeaders } from 'node:http';

export const MIN_INTERVAL_MS = 5 * 60_000;
export const MAX_INTERVAL_MS = 24 * 3_600_000;
/** A new feed is polled this often until its items show how often it publishes. */
export const DEFAULT_INTERVAL_MS = 30 * 60_000;

function clamp(ms: number): number {
  return Math.min(MAX_INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.round(ms)));
}

/** `Retry-After` in ms (seconds or an HTTP date); null when absent or unreadable. */
export function retryAfterMs(headers: IncomingHttpHeaders, now: Date): number | null {
  const raw = headers['retry-after'];
  if (typeof raw !== 'string' || raw.trim() === '') return null;
  if (/^\d+$/.test(raw.trim())) return Number(raw.trim()) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? null : Math.max(0, at - now.getTime());
}

/** `Cache-Control: max-age` in ms; null when absent. */
export function maxAgeMs(headers: IncomingHttpHeaders): number | null {
  const match = /(?:^|,)\s*max-age\s*=\s*"?(\d+)"?/i.exec(headers['cache-control'] ?? '');
  return match ? Number(match[1]) * 1000 : null;
}

/**
 * How often to poll a feed that publishes at these instants: half the typical gap between its ten newest items, so
 * a feed that posts every 20 minutes is read every 10 and a daily one twice a day; between 5 minutes and a day.
 * Null when the feed gives fewer than two dates.
 */
export function publishingIntervalMs(dates: readonly (Date | null)[]): number | null {
  const times = dates
    .filter((date): date is Date => date !== null)
    .map((date) => date.getTime())
    .sort((a, b) => b - a)
    .slice(0, 10);
  if (times.length < 2) return null;
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i += 1) gaps.push((times[i - 1] as number) - (times[i] as number));
  gaps.sort((a, b) => a - b);
  const median = gaps[Math.floor(gaps.length / 2)] as number;
  return clamp(median / 2);
}

/** What the server and the sources file ask of the next poll. */
export interface PollFloors {
  /** The sources file's `every`. */
  everyMs: number | null;
  /** RSS `ttl`, in ms. */
  ttlMs: number | null;
  /** Cache-Control max-age, or Retry-After on a 429/503. */
  serverMs: number | null;
}

/** The wait before the next poll after a good answer: the interval, raised to every floor, at most a day. */
export function nextPollDelay(intervalMs: number, floors: PollFloors): number {
  const floor = Math.max(floors.everyMs ?? 0, floors.ttlMs ?? 0, floors.serverMs ?? 0);
  return Math.min(MAX_INTERVAL_MS, Math.max(clamp(intervalMs), floor));
}

/** The wait after the `failures`-th failure in a row: the interval doubled each time, at most a day. */
export function backoffDelay(intervalMs: number, failures: number, floors: PollFloors): number {
  const doubled = clamp(intervalMs) * 2 ** Math.min(failures, 20);
  return Math.min(MAX_INTERVAL_MS, Math.max(doubled, floors.everyMs ?? 0, floors.serverMs ?? 0));
}
