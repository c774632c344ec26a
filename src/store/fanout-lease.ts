import type { LeaseStore } from './types.js';

/** A fan-out's hold on its lease: renewed as the fan-out goes on, given up at its end. */
export interface FanoutLease {
  /** Renews the lease when it is due; false when another process took it over (this one stalled past it). */
  keep(): Promise<boolean>;
  release(): Promise<void>;
}

/** How long a lease runs past its last renewal: how long a crashed holder keeps other processes waiting. */
const LEASE_MS = 120_000;
/** How often a running fan-out renews its lease. */
const RENEW_EVERY_MS = 30_000;

/** Takes the lease `name` for `owner`, or answers null while another process holds it. */
export async function takeFanoutLease(store: LeaseStore, name: string, owner: string): Promise<FanoutLease | null> {
  const acquire = () => store.acquireLease(name, owner, new Date(Date.now() + LEASE_MS));
  if (!(await acquire())) return null;
  let renewedAt = Date.now();
  return {
    async keep() {
      if (Date.now() - renewedAt < RENEW_EVERY_MS) return true;
      renewedAt = Date.now();
      return acquire();
    },
    release: () => store.releaseLease(name, owner),
  };
}
