import type { LeaseStore } from '../store/types.js';
import type { PollClaim } from './poll-feeds.js';

/**
 * How long a poll holds its feed. Feeds are never polled more often than every 5 minutes, so a hold this long
 * never delays a feed's next poll, and it outlasts any single poll (whose requests time out well before).
 */
export const feedClaimMs = 5 * 60_000;

/**
 * Claims each feed's poll through the store's leases, so instances sharing a database (PostgreSQL, or processes
 * on one SQLite file) fetch each feed once per interval. The lease is kept, not released, after the poll: an
 * instance that listed the feed as due before the poll moved its next-poll time on must not fetch it again.
 */
export function createFeedLeaseClaim(leases: LeaseStore, owner: string): PollClaim {
  return async (feedUrl, poll) => {
    // Leases expire on the wall clock (the store compares with its own now), so the hold is set from it too.
    const held = await leases.acquireLease(`feed:${feedUrl}`, owner, new Date(Date.now() + feedClaimMs));
    return held ? poll() : null;
  };
}
