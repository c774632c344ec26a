import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel, type SlackChannelDeps } from '../../../src/channels/slack/create-slack-channel.js';
import { formatSlot } from '../../../src/channels/slack/scheduled-posts.js';
import type { SlackConfig } from '../../../src/config.js';
import type { Digest } from '../../../src/digest/types.js';
import { silentLogger } from '../../../src/logger.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { makeDigest, makeStory, morningDigest } from '../../fixtures/slack-digests.js';
import { startSlackApiServer, validateMessage, type SlackApiServer } from '../../servers/slack-api-server.js';

const botToken = 'xoxb-1234-5678-brieftesttoken';
const channels = ['C0NEWS', 'C0PRIVATE', 'C0MARKETS'];
/** Monday 1 December 2025, 07:02 in Kyiv: two minutes after the 07:00 slot. */
const mondayMorning = new Date('2025-12-01T05:02:00Z');

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await sleep(20);
  }
}

describe('scheduled Slack digests', () => {
  let api: SlackApiServer;
  let store: MemoryStore;
  let digest: Digest;
  const opened: SlackChannel[] = [];

  beforeEach(async () => {
    api = await startSlackApiServer({ botToken });
    store = new MemoryStore();
    digest = morningDigest();
  });

  afterEach(async () => {
    for (const channel of opened.splice(0)) await channel.stop();
    await api.close();
  });

  function openChannel(overrides: Partial<SlackConfig> = {}, deps: Partial<SlackChannelDeps> = {}): SlackChannel {
    const config: SlackConfig = {
      botToken,
      mode: { kind: 'http', signingSecret: 'test-signing-secret', port: 0 },
      apiUrl: api.apiUrl,
      digestChannels: channels,
      digestCron: '0 7 * * 1-5',
      digestTimeZone: 'Europe/Kyiv',
      graceHours: 3,
      ...overrides,
    };
    const channel = createSlackChannel({
      config,
      store,
      digestSource: { getDigest: async () => digest },
      logger: silentLogger,
      maxStories: 100,
      host: '127.0.0.1',
      now: () => mondayMorning,
      retryConfig: { retries: 0 },
      scheduling: { retryDelaysMs: [] },
      ...deps,
    });
    opened.push(channel);
    return channel;
  }

  it('posts at most maxStories and points to the rest', async () => {
    const channel = openChannel({ digestChannels: ['C0NEWS'] }, { maxStories: 3 });
    await channel.postScheduledDigest(mondayMorning);
    const [post] = api.posts('C0NEWS');
    expect(validateMessage(post!.payload)).toBeNull();
    const blocks = post!.payload.blocks as { type: string; text?: { text: string }; accessory?: unknown }[];
    expect(blocks.filter((block) => block.type === 'divider')).toHaveLength(2);
    expect(blocks.at(-1)!.text!.text).toBe('5 more stories are not shown. Search them with /brief &lt;words&gt;.');
    expect(blocks.at(-1)!.accessory).toEqual({
      type: 'button', action_id: 'brief_more_stories', value: '{"next":4}', text: { type: 'plain_text', text: 'More stories', emoji: true },
    });
  });

  it('refuses to start with a bot token Slack does not accept, saying which', async () => {
    const channel = openChannel({ botToken: 'xoxb-0000-wrong-token' });
    await expect(channel.start()).rejects.toThrow('Slack did not accept SLACK_BOT_TOKEN (auth.test answered invalid_auth)');
    expect(api.posts('C0NEWS')).toHaveLength(0);
  });

  it('names an edition by its cron slot in the channel time zone', () => {
    expect(formatSlot(new Date('2025-12-01T05:00:00Z'), 'Europe/Kyiv')).toBe('2025-12-01T07:00');
    expect(formatSlot(new Date('2025-12-01T05:00:00Z'), 'America/New_York')).toBe('2025-12-01T00:00');
  });

  it('posts to three channels; one failing with not_in_channel is reported and does not stop the others', async () => {
    api.failChannel('C0PRIVATE', 'not_in_channel');
    const channel = openChannel();
    const reports = await channel.postScheduledDigest(mondayMorning);

    expect(reports.map((report) => [report.channel, report.edition, report.outcome])).toEqual([
      ['C0NEWS', '2025-12-01T07:00', 'sent'],
      ['C0PRIVATE', '2025-12-01T07:00', 'failed'],
      ['C0MARKETS', '2025-12-01T07:00', 'sent'],
    ]);
    expect(reports[1]!.error).toMatchObject({ code: 'not_in_channel', retryable: false });
    expect(reports[1]!.error!.message).toContain('invite it with /invite @Brief');

    for (const id of ['C0NEWS', 'C0MARKETS']) {
      const [post] = api.posts(id);
      expect(api.posts(id)).toHaveLength(1);
      expect(validateMessage(post!.payload)).toBeNull();
      expect((post!.payload.blocks as { text?: { text: string } }[])[0]!.text!.text).toBe('Brief — Monday 1 December 2025');
    }
    expect(api.posts('C0PRIVATE')).toHaveLength(0);
    const record = await store.getDelivery({ channel: 'slack', target: 'C0PRIVATE', edition: '2025-12-01T07:00' });
    expect(record).toMatchObject({ state: 'failed' });
    expect(record!.lastError).toMatch(/^not_in_channel: /);
  });

  it('reports channel_not_found with what to check', async () => {
    api.failChannel('C0MARKETS', 'channel_not_found');
    const reports = await openChannel().postScheduledDigest(mondayMorning);
    expect(reports.map((report) => report.outcome)).toEqual(['sent', 'sent', 'failed']);
    expect(reports[2]!.error!.message).toContain('check SLACK_DIGEST_CHANNELS');
  });

  it('waits as long as Retry-After asks when Slack answers 429, then posts', async () => {
    api.rateLimitChannel('C0NEWS', 1);
    const reports = await openChannel({ digestChannels: ['C0NEWS'] }).postScheduledDigest(mondayMorning);
    expect(reports[0]!.outcome).toBe('sent');
    const attempts = api.messages.filter((message) => message.target === 'C0NEWS');
    expect(attempts.map((attempt) => attempt.error)).toEqual(['ratelimited', null]);
    expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(995);
  });

  it('never posts the same morning twice across a restart', async () => {
    const first = openChannel();
    await first.start();
    await first.idle();
    await first.stop();
    for (const id of channels) expect(api.posts(id)).toHaveLength(1);

    // Same store, new process: the catch-up at start finds the 07:00 edition already sent.
    const second = openChannel({}, { now: () => new Date(mondayMorning.getTime() + 10 * 60_000) });
    await second.start();
    await second.idle();
    const reports = await second.postScheduledDigest(new Date(mondayMorning.getTime() + 20 * 60_000));
    expect(reports.map((report) => report.outcome)).toEqual(['already-sent', 'already-sent', 'already-sent']);
    for (const id of channels) expect(api.posts(id)).toHaveLength(1);
  });

  it('catches up a missed slot within the grace hours, but not an older one', async () => {
    const late = openChannel({ graceHours: 1 }, { now: () => new Date('2025-12-01T05:45:00Z') });
    await late.start();
    await late.idle();
    for (const id of channels) expect(api.posts(id)).toHaveLength(1);
    await late.stop();

    const tooLate = openChannel({ graceHours: 1 }, { now: () => new Date('2025-12-02T08:30:00Z') });
    await tooLate.start();
    await tooLate.idle();
    for (const id of channels) expect(api.posts(id)).toHaveLength(1);
  });

  it('resumes a multi-message post where it stopped, sending no part twice', async () => {
    digest = makeDigest(Array.from({ length: 60 }, (_, index) => makeStory(index)));
    api.failChannelStatus('C0NEWS', 500, { after: 1 });
    const channel = openChannel({ digestChannels: ['C0NEWS'] });

    const [failed] = await channel.postScheduledDigest(mondayMorning);
    expect(failed).toMatchObject({ outcome: 'failed', partsSent: 1, error: { code: 'http_500', retryable: true } });
    expect(failed!.partsTotal).toBeGreaterThan(2);

    const [resumed] = await channel.postScheduledDigest(new Date(mondayMorning.getTime() + 60_000));
    expect(resumed).toMatchObject({ outcome: 'sent', partsSent: failed!.partsTotal });
    const posts = api.posts('C0NEWS');
    expect(posts).toHaveLength(failed!.partsTotal);
    expect(new Set(posts.map((post) => JSON.stringify(post.payload.blocks))).size).toBe(posts.length);
    for (const post of posts) expect(validateMessage(post.payload)).toBeNull();
  });

  it('never posts again a message whose answer was lost after Slack took it: recorded uncertain, with its part', async () => {
    digest = makeDigest(Array.from({ length: 60 }, (_, index) => makeStory(index)));
    api.loseAnswers('C0NEWS', { after: 1 });
    // The Web API client's own quick retries on, as in production: they must not resend such a post either.
    const channel = openChannel({ digestChannels: ['C0NEWS'] }, { retryConfig: { retries: 2, minTimeout: 10, maxTimeout: 20 } });

    const [first] = await channel.postScheduledDigest(mondayMorning);
    expect(first).toMatchObject({ outcome: 'uncertain', partsSent: 1, error: { code: 'uncertain', retryable: false } });
    expect(first!.error!.message).toMatch(/C0NEWS may or may not have been posted/);
    const key = { channel: 'slack' as const, target: 'C0NEWS', edition: first!.edition };
    expect(await store.getDelivery(key)).toMatchObject({ state: 'failed', partsSent: 1, partInFlight: 1 });
    expect(await store.listUncertainDeliveries('slack', new Date(0))).toHaveLength(1);

    const [again] = await channel.postScheduledDigest(new Date(mondayMorning.getTime() + 60_000));
    expect(again).toMatchObject({ outcome: 'uncertain', partsSent: 1 });
    // Slack has both messages it took, each once; the rest of the edition is left for the operator to judge.
    expect(api.posts('C0NEWS')).toHaveLength(2);
    expect(api.messages.filter((message) => message.target === 'C0NEWS')).toHaveLength(2);
  });

  it('does not resend a part a crash left in flight', async () => {
    digest = makeDigest(Array.from({ length: 60 }, (_, index) => makeStory(index)));
    const channel = openChannel({ digestChannels: ['C0NEWS'] });
    const key = { channel: 'slack' as const, target: 'C0NEWS', edition: '2025-12-01T07:00' };
    // What a process killed while its first post was on the wire leaves behind.
    await store.beginDelivery(key);
    await store.recordPartStarted(key, 0);

    const [report] = await channel.postScheduledDigest(mondayMorning);
    expect(report).toMatchObject({ outcome: 'uncertain', partsSent: 0 });
    expect(api.messages).toHaveLength(0);
    expect(await store.getDelivery(key)).toMatchObject({ state: 'failed', partInFlight: 0, lastError: expect.stringMatching(/part 1.*not posted again/) });
  });

  it('posts again a message whose connection was refused: nothing reached Slack', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, '127.0.0.1', () => {
        const { port: free } = probe.address() as AddressInfo;
        probe.close(() => resolve(free));
      });
    });
    const channel = openChannel({ digestChannels: ['C0NEWS'], apiUrl: `http://127.0.0.1:${port}/api/` }, { retryConfig: { retries: 1, minTimeout: 10, maxTimeout: 20 } });
    const [report] = await channel.postScheduledDigest(mondayMorning);
    expect(report).toMatchObject({ outcome: 'failed', error: { code: 'request_failed', retryable: true } });
    expect(await store.getDelivery({ channel: 'slack', target: 'C0NEWS', edition: report!.edition })).toMatchObject({ state: 'pending', partInFlight: null });
  });

  it('resumes with the messages it began with, though the digest was rebuilt in between', async () => {
    digest = makeDigest(Array.from({ length: 60 }, (_, index) => makeStory(index)));
    api.failChannelStatus('C0NEWS', 500, { after: 1 });
    const channel = openChannel({ digestChannels: ['C0NEWS'] });
    const [failed] = await channel.postScheduledDigest(mondayMorning);
    expect(failed).toMatchObject({ outcome: 'failed', partsSent: 1 });
    const parts = (await store.getDelivery({ channel: 'slack', target: 'C0NEWS', edition: failed!.edition }))?.parts ?? [];
    expect(parts).toHaveLength(failed!.partsTotal);

    digest = makeDigest(Array.from({ length: 60 }, (_, index) => makeStory(index + 500)));
    const [resumed] = await channel.postScheduledDigest(new Date(mondayMorning.getTime() + 60_000));
    expect(resumed).toMatchObject({ outcome: 'sent', partsSent: parts.length, partsTotal: parts.length });
    const posted = api.posts('C0NEWS').map((post) => JSON.stringify(post.payload.blocks));
    expect(posted).toEqual(parts.map((part) => JSON.stringify((JSON.parse(part) as { blocks: unknown }).blocks)));
  });

  it('two instances over one data file post each slot once between them', async () => {
    const first = openChannel();
    const second = openChannel();
    const [a, b] = await Promise.all([first.postScheduledDigest(mondayMorning), second.postScheduledDigest(mondayMorning)]);
    for (const channel of channels) expect(api.posts(channel)).toHaveLength(1);
    // One posted; the other found the lease taken, left the slot to it and posted nothing.
    expect([a.length, b.length].sort()).toEqual([0, 3]);
    expect([...a, ...b].every((report) => report.outcome === 'sent')).toBe(true);
    // Later runs of the same slot, by either, find the posts made.
    expect((await second.postScheduledDigest(mondayMorning)).map((report) => report.outcome)).toEqual(['already-sent', 'already-sent', 'already-sent']);
  });

  it('retries a post that failed for a passing reason', async () => {
    api.failChannelStatus('C0NEWS', 503);
    const channel = openChannel({ digestChannels: ['C0NEWS'] }, { scheduling: { retryDelaysMs: [50] } });
    await channel.start();
    await waitUntil(() => api.posts('C0NEWS').length === 1);
    await sleep(100);
    expect(api.messages.filter((message) => message.target === 'C0NEWS').map((message) => message.error)).toEqual(['http_503', null]);
  });

  it('records a digest that cannot be built and posts it on the retry', async () => {
    let failures = 1;
    const channel = openChannel(
      { digestChannels: ['C0NEWS'] },
      {
        digestSource: {
          getDigest: async () => {
            if (failures-- > 0) throw new Error('content folder unreadable');
            return digest;
          },
        },
        scheduling: { retryDelaysMs: [300] },
      },
    );
    await channel.start();
    await channel.idle();
    const key = { channel: 'slack' as const, target: 'C0NEWS', edition: '2025-12-01T07:00' };
    expect(await store.getDelivery(key)).toMatchObject({ state: 'pending', lastError: 'digest_unavailable: The digest could not be built: content folder unreadable' });
    expect(api.posts('C0NEWS')).toHaveLength(0);
    await waitUntil(() => api.posts('C0NEWS').length === 1);
    await channel.idle();
    expect(await store.getDelivery(key)).toMatchObject({ state: 'sent' });
  });

  it('posts when the cron fires, once per slot however often it fires', async () => {
    // Stay inside one wall-clock minute so every tick belongs to the same edition.
    while (new Date().getUTCSeconds() > 50) await sleep(250);
    const channel = openChannel(
      { digestChannels: ['C0NEWS'], digestCron: '1-59 * * * * *', digestTimeZone: 'UTC' },
      { now: () => new Date() },
    );
    await channel.start();
    await waitUntil(() => api.posts('C0NEWS').length === 1, 3000);
    await sleep(2200);
    await channel.idle();
    expect(api.posts('C0NEWS')).toHaveLength(1);
    const edition = formatSlot(new Date(), 'UTC');
    const record = await store.getDelivery({ channel: 'slack', target: 'C0NEWS', edition });
    expect(record).toMatchObject({ state: 'sent' });
    expect(record!.attempts).toBeGreaterThanOrEqual(2);
  });
});
