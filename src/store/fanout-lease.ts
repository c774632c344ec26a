import type { LeaseStore } from './types.js';

/** A fan-out's hold on its lease: renewed as the fan-out goes on, given up at its end. */
export interface FanoutLease {
  /** Renews the lease when it is due; false when another process took it over (this one stalled past it). */
  keep(): Promise<boolean>;
  release(): Promise<void>;
}

export interface FanoutLeaseOptions {
  /** How long the lease runs without a renewal: how long a crashed holder keeps others waiting. */
  leaseMs?: number;
  /** How often a running fan-out renews it. */
  renewEveryMs?: number;
}

/** Takes the lease `name` for `owner`, or answers null while another process holds it. */
export async function takeFanoutLease(store: LeaseStore, name: string, owner: string, options: FanoutLeaseOptions = {}): Promise<FanoutLease | null> {
  const leaseMs = options.leaseMs ?? 120_000;
  const renewEveryMs = options.renewEveryMs ?? 30_000;
  const acquire = () => store.acquireLease(name, owner, new Date(Date.now() + leaseMs));
  if (!(await acquire())) return null;
  let renewedAt = Date.now();
  return {
    async keep() {
      if (Date.now() - renewedAt < renewEveryMs) return true;
      renewedAt = Date.now();
      return acquire();
    },
    release: () => store.releaseLease(name, owner),
  };
}
