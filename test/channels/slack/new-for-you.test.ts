import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../../src/channels/slack/create-slack-channel.js';
import { parseConfig, type SlackConfig } from '../../../src/config.js';
import type { Digest, Story } from '../../../src/digest/types.js';
import { silentLogger } from '../../../src/logger.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { makeDigest, makeStory, putinStory, rubioStory, stormStory } from '../../fixtures/slack-digests.js';
import { signSlackRequest, startSlackApiServer, validateMessage, type RecordedMessage, type SlackApiServer } from '../../servers/slack-api-server.js';

const botToken = 'xoxb-1234-5678-brieftesttoken';
const signingSecret = '8f742231b10e8888abcd99yyyzzz85a5';
const monday = new Date('2025-12-01T05:02:00Z');
const tuesday = new Date('2025-12-02T05:02:00Z');

type Blockish = { type: string; block_id?: string; text?: { text: string }; accessory?: { value?: string } };

function headlinesOf(messages: RecordedMessage[]): string[] {
  return messages.flatMap((message) =>
    (message.payload.blocks as Blockish[])
      .filter((block) => block.type === 'section' && /^story-\d+-0$/.test(block.block_id ?? ''))
      .map((block) => block.text!.text.split('\n')[0]!.replace(/^\*(.*)\* {2}·.*$/, '$1')),
  );
}

describe('Slack channel posts: new for the channel, its words, More stories', () => {
  let api: SlackApiServer;
  let store: MemoryStore;
  let digest: Digest;
  let now: Date;
  const opened: SlackChannel[] = [];

  beforeEach(async () => {
    api = await startSlackApiServer({ botToken });
    store = new MemoryStore();
    digest = makeDigest([rubioStory, putinStory, stormStory]);
    now = monday;
  });
  afterEach(async () => {
    for (const channel of opened.splice(0)) await channel.stop();
    await api.close();
  });

  function openChannel(overrides: Partial<SlackConfig> = {}, maxStories = 100): SlackChannel {
    const channel = createSlackChannel({
      config: {
        botToken,
        mode: { kind: 'http', signingSecret, port: 0 },
        apiUrl: api.apiUrl,
        digestChannels: ['C0NEWS'],
        digestCron: '0 7 * * 1-5',
        digestTimeZone: 'Europe/Kyiv',
        graceHours: 3,
        ...overrides,
      },
      store,
      digestSource: { getDigest: async () => digest },
      logger: silentLogger,
      maxStories,
      host: '127.0.0.1',
      now: () => now,
      retryConfig: { retries: 0 },
      scheduling: { retryDelaysMs: [] },
    });
    opened.push(channel);
    return channel;
  }

  it('posts nothing the next morning when nothing is new, and a grown story as an update', async () => {
    const channel = openChannel();
    expect((await channel.postScheduledDigest(monday))[0]).toMatchObject({ outcome: 'sent' });
    expect((await channel.postScheduledDigest(tuesday))[0]).toMatchObject({ outcome: 'nothing-new', partsSent: 0 });
    expect(api.posts('C0NEWS')).toHaveLength(1);
    expect(await store.getDelivery({ channel: 'slack', target: 'C0NEWS', edition: '2025-12-02T07:00' })).toMatchObject({ state: 'skipped', lastError: 'nothing new' });

    const grown: Story = { ...putinStory, sources: [...putinStory.sources, { name: 'Kyiv Post', title: 'Kremlin confirms', url: null, publishedAt: '2025-12-02T04:00:00Z', file: 'kp.md' }] };
    digest = makeDigest([rubioStory, grown, stormStory]);
    const wednesday = new Date('2025-12-03T05:02:00Z');
    expect((await channel.postScheduledDigest(wednesday))[0]).toMatchObject({ outcome: 'sent' });
    const [, update] = api.posts('C0NEWS');
    expect(validateMessage(update!.payload)).toBeNull();
    expect(headlinesOf([update!])).toEqual([putinStory.headline]);
    expect(JSON.stringify(update!.payload.blocks)).toContain('_Update: 1 new report_');
  });

  it('follows each channel’s own words from SLACK_DIGEST_CHANNELS, and posts nothing where none match', async () => {
    const parsed = parseConfig({ SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_DIGEST_CHANNELS: 'C0NEWS, C0UKR:ukraine,witkoff, C0SPORT:cricket' });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const slack = parsed.config.slack!;
    expect(slack.digestChannels).toEqual(['C0NEWS', 'C0UKR', 'C0SPORT']);
    expect(slack.digestChannelTopics).toEqual({ C0UKR: ['ukraine', 'witkoff'], C0SPORT: ['cricket'] });

    const channel = openChannel({ digestChannels: slack.digestChannels, digestChannelTopics: slack.digestChannelTopics! });
    const reports = await channel.postScheduledDigest(monday);
    expect(reports.map((report) => [report.channel, report.outcome])).toEqual([['C0NEWS', 'sent'], ['C0UKR', 'sent'], ['C0SPORT', 'nothing-new']]);
    expect(headlinesOf(api.posts('C0NEWS'))).toEqual([rubioStory.headline, putinStory.headline, stormStory.headline]);
    expect(headlinesOf(api.posts('C0UKR'))).toEqual([rubioStory.headline, putinStory.headline]);
    expect(api.posts('C0SPORT')).toHaveLength(0);
  });

  it('refuses a SLACK_DIGEST_CHANNELS that starts with a word, naming the variable', () => {
    const parsed = parseConfig({ SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_DIGEST_CHANNELS: 'ukraine,C0NEWS' });
    expect(parsed.ok).toBe(false);
    expect(JSON.stringify(!parsed.ok && parsed.issues)).toContain('SLACK_DIGEST_CHANNELS');
  });

  it('answers the More stories button through Bolt by posting the next stories in the channel, once', async () => {
    digest = makeDigest(Array.from({ length: 5 }, (_, i) => makeStory(i)));
    const channel = openChannel({}, 3);
    await channel.start();
    await channel.postScheduledDigest(monday);
    const [morning] = api.posts('C0NEWS');
    const pointer = (morning!.payload.blocks as Blockish[]).at(-1)!;
    expect(pointer.accessory?.value).toBe('{"next":4}');

    const press = async (id: string) => {
      const payload = {
        type: 'block_actions',
        user: { id: 'U0READER', username: 'reader', team_id: 'T0BRIEF' },
        api_app_id: 'A0BRIEF',
        token: 'deprecated-verification-token',
        container: { type: 'message', message_ts: '1.1', channel_id: 'C0NEWS', is_ephemeral: false },
        trigger_id: '1337.42.abcdef',
        team: { id: 'T0BRIEF', domain: 'brief-test' },
        channel: { id: 'C0NEWS', name: 'news' },
        response_url: api.responseUrl(id),
        actions: [{ type: 'button', action_id: 'brief_more_stories', block_id: 'more', value: pointer.accessory!.value, text: { type: 'plain_text', text: 'More stories' }, action_ts: '2.2' }],
      };
      const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
      const response = await fetch(`http://127.0.0.1:${channel.port}/slack/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(signingSecret, body, Math.floor(Date.now() / 1000)) },
        body,
      });
      expect(response.status).toBe(200);
    };

    await press('first');
    const deadline = Date.now() + 5000;
    while (api.posts('C0NEWS').length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const more = api.posts('C0NEWS')[1]!;
    expect(validateMessage(more.payload)).toBeNull();
    expect(headlinesOf([more])).toEqual([makeStory(3).headline, makeStory(4).headline]);

    await press('second');
    const [answer] = await api.waitForResponses('second', 1);
    expect(answer!.payload.text).toBe('That’s all for today: this channel has every story.');
    expect(api.posts('C0NEWS')).toHaveLength(2);

    // A post Slack refuses: the reader is told why, and the attempt is recorded, not lost in a log.
    digest = makeDigest(Array.from({ length: 7 }, (_, i) => makeStory(i)));
    // Each press a moment later, as in life: a press is recorded under the time it came.
    now = new Date(monday.getTime() + 30_000);
    api.failChannel('C0NEWS', 'is_archived', 1);
    await press('third');
    const [refusal] = await api.waitForResponses('third', 1);
    expect(refusal!.payload.text).toBe('Brief could not post the next stories. Slack answered is_archived for channel C0NEWS. The channel is archived: unarchive it or remove it from SLACK_DIGEST_CHANNELS.');
    expect(api.posts('C0NEWS')).toHaveLength(2);
    expect(await store.getDelivery({ channel: 'slack', target: 'C0NEWS', edition: `more ${now.toISOString()}` })).toMatchObject({
      state: 'failed',
      lastError: expect.stringMatching(/^is_archived: /),
    });

    // A post whose answer is lost after Slack took it: in the channel once (the client's retries do not resend it),
    // recorded uncertain with its part, and the reader told to look before pressing again.
    now = new Date(monday.getTime() + 60_000);
    api.loseAnswers('C0NEWS');
    await press('fourth');
    const [lost] = await api.waitForResponses('fourth', 1);
    expect(lost!.payload.text).toMatch(/may or may not have appeared\. Check the channel/);
    expect(headlinesOf(api.posts('C0NEWS').slice(2))).toEqual([makeStory(5).headline, makeStory(6).headline]);
    expect(await store.getDelivery({ channel: 'slack', target: 'C0NEWS', edition: `more ${now.toISOString()}` })).toMatchObject({ state: 'failed', partInFlight: 0 });
  });

  it('says Slack cannot be reached at start-up, rather than blaming the token', async () => {
    const closed = await startSlackApiServer({ botToken });
    const unreachable = closed.apiUrl;
    await closed.close();
    const channel = openChannel({ apiUrl: unreachable });
    await expect(channel.start()).rejects.toThrow(`cannot reach Slack at ${unreachable}`);
  });
});
