import type { ServerResponse } from 'node:http';

/**
 * A channel's state as `/healthz` shows it: `starting`, `up`, `retrying: <why>` (start-up failed, tried again
 * in the background), `failed: <why>` (trying again cannot help, e.g. a rejected token), `stopped`.
 */
export type ChannelState = 'starting' | 'up' | 'stopped' | `retrying: ${string}` | `failed: ${string}`;

/** What `/healthz` answers: ok while at least one channel is up. */
export interface HealthReport {
  ok: boolean;
  channels: Record<string, ChannelState>;
}

/** The channels' states, written by the composition root and read by whichever HTTP listener serves `/healthz`. */
export interface Health {
  set(channel: string, state: ChannelState): void;
  report(): HealthReport;
}

/** Creates an empty health registry. */
export function createHealth(): Health {
  const states = new Map<string, ChannelState>();
  return {
    set: (channel, state) => void states.set(channel, state),
    report: () => {
      const channels = Object.fromEntries(states);
      return { ok: [...states.values()].some((state) => state === 'up'), channels };
    },
  };
}

/** Writes a health report: 200 while anything is up, 503 when nothing is, so a load balancer routes around it. */
export function answerHealth(res: ServerResponse, report: HealthReport): void {
  res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(report));
}
