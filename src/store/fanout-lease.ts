import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { LeaseStore } from './types.js';

/** A fan-out's hold on its lease: renewed as the fan-out goes on, given up at its end. */
export interface FanoutLease {
  keep(): Promise<boolean>;
  release(): Promise<void>;
}

/** How long a lease runs past its last renewal: how long a crashed holder on another host keeps others waiting. */
const LEASE_MS = 120_000;
/** How often a running fan-out renews its lease. */
const RENEW_EVERY_MS = 30_000;

/**
 * A lease owner name for this process: `host pid random`. The host and pid let a process on the same host
 * see that a holder is gone (killed, crashed) and take over at once instead of waiting for the lease to lapse.
 */
export function createLeaseOwner(): string {
  return `${hostname()} ${process.pid} ${randomUUID()}`;
}

/** True when `owner` names a process on this host that no longer runs; false when alive, elsewhere or unknown. */
export function isDeadLocalOwner(owner: string, isRunning: (pid: number) => boolean = pidIsRunning): boolean {
  const match = /^(.+) (\d+) [^ ]+$/.exec(owner);
  if (!match || match[1] !== hostname()) return false;
  const pid = Number(match[2]);
  return pid !== process.pid && !isRunning(pid);
}

function pidIsRunning(pid: number): boolean {
  try {
    // Signal 0 only checks the process exists; EPERM means it exists under another user.
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Options for tests: whether a pid runs. */
export interface TakeLeaseOptions {
  isRunning?: (pid: number) => boolean;
}

/**
 * Takes the lease `name` for `owner`, or answers null while another live process holds it. A holder on this
 * host whose pid is gone (SIGKILL, a crash) is taken over from at once; one on another host is waited out.
 */
export async function takeFanoutLease(store: LeaseStore, name: string, owner: string, options: TakeLeaseOptions = {}): Promise<FanoutLease | null> {
  const acquire = () => store.acquireLease(name, owner, new Date(Date.now() + LEASE_MS));
  if (!(await acquire())) {
    const held = await store.getLease(name);
    if (!held || !isDeadLocalOwner(held.owner, options.isRunning)) return null;
    if (!(await store.takeOverLease(name, held.owner, owner, new Date(Date.now() + LEASE_MS)))) return null;
  }
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
