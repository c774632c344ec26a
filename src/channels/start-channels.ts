import { ChannelStartError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { Health } from './health.js';
import type { Channel } from './types.js';

/** How hard a channel tries to start before it is reported and left to retry in the background. */
export interface StartPolicy {
  /** Attempts before start-up goes on without the channel, the first included. */
  attempts: number;
  /** Wait after the first failed attempt; doubles after each. */
  firstDelayMs: number;
  /** Wait before the first background retry; doubles up to `maxBackgroundDelayMs`. */
  backgroundDelayMs: number;
  maxBackgroundDelayMs: number;
}

export const defaultStartPolicy: StartPolicy = { attempts: 3, firstDelayMs: 1000, backgroundDelayMs: 30_000, maxBackgroundDelayMs: 300_000 };

/** The channels being started: how the first round went, and a way to stop them (and their retries). */
export interface ChannelStarts {
  /** Resolves once every channel is up, failed for good, or handed to background retries. */
  readonly firstRound: Promise<void>;
  stop(): Promise<void>;
}

function reasonOf(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  // /healthz and one log line: keep the reason to one short line.
  const line = text.split('\n')[0] ?? text;
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

/**
 * Starts every channel at once, each on its own: one that cannot reach its platform is retried a few times,
 * then reported in /healthz as `retrying: …` and retried in the background, while the others serve.
 */
export function startChannels(
  channels: readonly Channel[],
  deps: { health: Health; logger: Logger; policy?: StartPolicy },
): ChannelStarts {
  const { health, logger } = deps;
  const policy = deps.policy ?? defaultStartPolicy;
  const failed = new Set<string>();
  const timers = new Set<NodeJS.Timeout>();
  let stopping = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  /** One attempt; true when the channel is up, false when it may be tried again, null when it never will. */
  async function attempt(channel: Channel): Promise<boolean | null> {
    try {
      await channel.start();
      if (stopping) return true;
      health.set(channel.name, 'up');
      logger.info('channel started', { channel: channel.name });
      return true;
    } catch (error) {
      if (error instanceof ChannelStartError && !error.retryable) {
        failed.add(channel.name);
        health.set(channel.name, `failed: ${reasonOf(error)}`);
        logger.error('channel cannot start', { channel: channel.name, error: reasonOf(error) });
        // It may have bound a port before failing; release it so a dead channel holds nothing.
        await channel.stop().catch((stopError: unknown) => logger.warn('channel did not stop cleanly', { channel: channel.name, error: stopError }));
        return null;
      }
      health.set(channel.name, `retrying: ${reasonOf(error)}`);
      logger.warn('channel start failed', { channel: channel.name, error: reasonOf(error) });
      return false;
    }
  }

  async function retryInBackground(channel: Channel): Promise<void> {
    let delay = policy.backgroundDelayMs;
    while (!stopping) {
      await sleep(delay);
      if (stopping) return;
      const outcome = await attempt(channel);
      if (outcome !== false) return;
      delay = Math.min(delay * 2, policy.maxBackgroundDelayMs);
    }
  }

  async function startOne(channel: Channel): Promise<void> {
    health.set(channel.name, 'starting');
    for (let tries = 1; tries <= policy.attempts && !stopping; tries += 1) {
      const outcome = await attempt(channel);
      if (outcome !== false) return;
      if (tries < policy.attempts) await sleep(policy.firstDelayMs * 2 ** (tries - 1));
    }
    if (stopping) return;
    logger.error('channel not started; retrying in the background', { channel: channel.name, retryInSeconds: policy.backgroundDelayMs / 1000 });
    void retryInBackground(channel);
  }

  const firstRound = Promise.all(channels.map((channel) => startOne(channel))).then(() => undefined);

  return {
    firstRound,
    async stop() {
      stopping = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      await Promise.allSettled(
        channels
          .filter((channel) => !failed.has(channel.name))
          .map(async (channel) => {
            await channel.stop();
            health.set(channel.name, 'stopped');
          }),
      );
    },
  };
}
