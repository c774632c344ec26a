import { describe, expect, it } from 'vitest';
import { createHealth } from '../../src/channels/health.js';
import { startChannels, type StartPolicy } from '../../src/channels/start-channels.js';
import type { Channel } from '../../src/channels/types.js';
import { ChannelStartError } from '../../src/errors.js';
import { silentLogger } from '../../src/logger.js';

const quick: StartPolicy = { attempts: 3, firstDelayMs: 5, backgroundDelayMs: 20, maxBackgroundDelayMs: 40 };

/** A channel whose start fails `failures` times with `error`, then succeeds. */
function flakyChannel(name: string, failures: number, error: () => Error = () => new Error(`${name} unreachable`)) {
  let attempts = 0;
  let stops = 0;
  const channel: Channel & { attempts(): number; stops(): number } = {
    name,
    async start() {
      attempts += 1;
      if (attempts <= failures) throw error();
    },
    async stop() {
      stops += 1;
    },
    attempts: () => attempts,
    stops: () => stops,
  };
  return channel;
}

const until = async (predicate: () => boolean) => {
  for (let i = 0; i < 200 && !predicate(); i += 1) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(predicate()).toBe(true);
};

describe('startChannels', () => {
  it('starts the healthy channel while the other retries, then reports both up', async () => {
    const health = createHealth();
    const slack = flakyChannel('slack', 0);
    const telegram = flakyChannel('telegram', 4);
    const starts = startChannels([telegram, slack], { health, logger: silentLogger, policy: quick });
    await starts.firstRound;
    expect(health.report()).toEqual({ ok: true, channels: { telegram: 'retrying: telegram unreachable', slack: 'up' } });
    expect(telegram.attempts()).toBe(3);
    await until(() => health.report().channels.telegram === 'up');
    expect(telegram.attempts()).toBe(5);
    await starts.stop();
    expect(health.report()).toEqual({ ok: false, channels: { telegram: 'stopped', slack: 'stopped' } });
  });

  it('gives up at once on a refused token and releases the channel', async () => {
    const health = createHealth();
    const refused = () => new ChannelStartError('telegram', 'Telegram did not accept TELEGRAM_BOT_TOKEN (getMe answered 401 Unauthorized)', { retryable: false });
    const telegram = flakyChannel('telegram', 99, refused);
    const starts = startChannels([telegram], { health, logger: silentLogger, policy: quick });
    await starts.firstRound;
    expect(telegram.attempts()).toBe(1);
    expect(telegram.stops()).toBe(1);
    expect(health.report()).toEqual({
      ok: false,
      channels: { telegram: 'failed: Telegram did not accept TELEGRAM_BOT_TOKEN (getMe answered 401 Unauthorized)' },
    });
    await starts.stop();
  });

  it('stops retrying in the background once stopped', async () => {
    const health = createHealth();
    const telegram = flakyChannel('telegram', 1_000);
    const starts = startChannels([telegram], { health, logger: silentLogger, policy: quick });
    await starts.firstRound;
    await starts.stop();
    const attempts = telegram.attempts();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(telegram.attempts()).toBe(attempts);
  });
});
