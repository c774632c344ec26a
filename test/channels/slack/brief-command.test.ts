import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../../src/channels/slack/create-slack-channel.js';
import { parseBriefArgs } from '../../../src/channels/slack/listeners/commands/brief.js';
import type { SlackConfig } from '../../../src/config.js';
import type { DigestSource } from '../../../src/content/digest-source.js';
import type { Digest } from '../../../src/digest/types.js';
import { silentLogger } from '../../../src/logger.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { hostileDigest, makeDigest, makeStory, morningDigest } from '../../fixtures/slack-digests.js';
import { postSlashCommand, startSlackApiServer, validateMessage, type RecordedMessage, type SlackApiServer } from '../../servers/slack-api-server.js';

const botToken = 'xoxb-1234-5678-brieftesttoken';
const signingSecret = '8f742231b10e8888abcd99yyyzzz85a5';

interface Blockish {
  type: string;
  block_id?: string;
  text?: { type: string; text: string; verbatim?: boolean };
  elements?: { type: string; text: string; verbatim?: boolean }[];
}

function blocksOf(message: RecordedMessage): Blockish[] {
  return message.payload.blocks as Blockish[];
}

function headerOf(message: RecordedMessage): string {
  return blocksOf(message).find((block) => block.type === 'header')?.text?.text ?? '';
}

/** The bold headline of every story section in the messages, in order. */
function headlinesOf(messages: RecordedMessage[]): string[] {
  return messages.flatMap((message) =>
    blocksOf(message)
      .filter((block) => block.type === 'section' && block.block_id?.endsWith('-0'))
      .map((block) => block.text!.text.split('\n')[0]!.replace(/^\*(.*)\* {2}·.*$/, '$1')),
  );
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('parseBriefArgs', () => {
  it('reads the options a user can type', () => {
    expect(parseBriefArgs('')).toEqual({ kind: 'digest', share: false, words: [] });
    expect(parseBriefArgs('  Share ')).toEqual({ kind: 'digest', share: true, words: [] });
    expect(parseBriefArgs('share Witkoff')).toEqual({ kind: 'digest', share: true, words: ['witkoff'] });
    expect(parseBriefArgs('Rubio, Putin')).toEqual({ kind: 'digest', share: false, words: ['rubio', 'putin'] });
    expect(parseBriefArgs('HELP')).toEqual({ kind: 'help' });
    expect(parseBriefArgs('--help')).toEqual({ kind: 'help' });
    expect(parseBriefArgs('--x')).toEqual({ kind: 'usage', problem: 'Brief has no option `--x`.' });
    expect(parseBriefArgs('share -v')).toEqual({ kind: 'usage', problem: 'Brief has no option `-v`.' });
    expect(parseBriefArgs('&amp;&lt;')).toEqual({ kind: 'usage', problem: 'There is nothing to search for in `&<`.' });
  });
});

describe('/brief over HTTP', () => {
  let api: SlackApiServer;
  let channel: SlackChannel;
  let appUrl: string;
  let digest: Digest;
  let digestDelayMs = 0;
  let failDigest = false;
  let digestCalls = 0;

  const digestSource: DigestSource = {
    async getDigest() {
      digestCalls += 1;
      if (digestDelayMs > 0) await sleep(digestDelayMs);
      if (failDigest) throw new Error('content folder unreadable');
      return digest;
    },
  };

  beforeAll(async () => {
    api = await startSlackApiServer({ botToken });
    const config: SlackConfig = {
      botToken,
      mode: { kind: 'http', signingSecret, port: 0 },
      apiUrl: api.apiUrl,
      digestChannels: [],
      digestCron: '0 7 * * 1-5',
      digestTimeZone: 'UTC',
      graceHours: 3,
    };
    channel = createSlackChannel({ config, store: new MemoryStore(), digestSource, logger: silentLogger, maxStories: 100, host: '127.0.0.1' });
    await channel.start();
    appUrl = `http://127.0.0.1:${channel.port}`;
  });

  afterAll(async () => {
    await channel.stop();
    await api.close();
  });

  beforeEach(() => {
    digest = morningDigest();
    digestDelayMs = 0;
    failDigest = false;
    digestCalls = 0;
  });

  async function brief(text: string) {
    const id = `${text || 'empty'}-${Math.random().toString(36).slice(2)}`;
    const answer = await postSlashCommand(appUrl, signingSecret, { text, responseUrl: api.responseUrl(id) });
    return { id, answer };
  }

  it('answers /brief with today’s digest, only to the asker', async () => {
    const { id, answer } = await brief('');
    expect(answer.status).toBe(200);
    expect(answer.body).toBe('');
    const [message] = await api.waitForResponses(id, 1);
    expect(message!.error).toBeNull();
    expect(message!.payload.response_type).toBe('ephemeral');
    expect(headerOf(message!)).toBe('Brief — Monday 1 December 2025');
    expect(headlinesOf([message!])).toEqual(digest.stories.map((story) => story.headline));
    expect(message!.payload.text).toMatch(/^Brief — Monday 1 December 2025: 1\) Rubio and Witkoff/);
    expect(JSON.stringify(message!.payload.blocks)).toContain('> “There is more work to be done, but we are making progress.” — *Marco Rubio*, US Secretary of State');
  });

  it('acks before the digest is ready, then sends it', async () => {
    digestDelayMs = 800;
    const started = performance.now();
    const { id, answer } = await brief('');
    const answeredAt = performance.now();
    expect(answer.status).toBe(200);
    expect(answeredAt - started).toBeLessThan(500);
    const [message] = await api.waitForResponses(id, 1);
    expect(message!.at - started).toBeGreaterThanOrEqual(790);
    expect(headerOf(message!)).toBe('Brief — Monday 1 December 2025');
  });

  it('posts the digest in the channel with /brief share', async () => {
    const { id } = await brief('share');
    const [message] = await api.waitForResponses(id, 1);
    expect(message!.payload.response_type).toBe('in_channel');
    expect(headlinesOf([message!])).toHaveLength(8);
  });

  it('shows only the matching stories with /brief <words>', async () => {
    const { id } = await brief('Witkoff peskov');
    const [message] = await api.waitForResponses(id, 1);
    expect(message!.payload.response_type).toBe('ephemeral');
    expect(headlinesOf([message!])).toEqual(['Kremlin confirms Putin will receive Witkoff in Moscow next week']);
    expect(JSON.stringify(message!.payload.blocks)).toContain('1 of 8 stories mention “witkoff peskov”.');
  });

  it('tells only the asker when nothing matches, even with share', async () => {
    const { id } = await brief('share kangaroo');
    const [message] = await api.waitForResponses(id, 1);
    expect(message!.payload.response_type).toBe('ephemeral');
    expect(message!.payload.text).toBe('No story in today’s digest mentions “kangaroo”, so nothing was posted. Try fewer words, or /brief for all 8 stories.');
  });

  it('explains itself with /brief help, in the HTTP answer, without building a digest', async () => {
    const { id, answer } = await brief('help');
    expect(answer.status).toBe(200);
    expect(answer.json).toMatchObject({ response_type: 'ephemeral' });
    const text = String(answer.json!.text);
    expect(text).toContain('• `/brief share` — post it in this channel for everyone');
    // Nothing in the help may read as a Slack link or mention.
    expect(text).not.toMatch(/<[^>]*>/);
    await sleep(100);
    expect(api.responses(id)).toHaveLength(0);
    expect(digestCalls).toBe(0);
  });

  it('gives the usage text, not an error, for an unknown option', async () => {
    const { id, answer } = await brief('--x');
    expect(answer.status).toBe(200);
    expect(String(answer.json!.text)).toMatch(/^Brief has no option `--x`\.\n\n\*Brief\* — today’s news digest/);
    await sleep(100);
    expect(api.responses(id)).toHaveLength(0);
  });

  it('refuses a forged signature with 401 and sends no digest', async () => {
    const id = 'forged';
    const answer = await postSlashCommand(appUrl, 'not-the-signing-secret', { text: '', responseUrl: api.responseUrl(id) });
    expect(answer.status).toBe(401);
    await sleep(150);
    expect(api.responses(id)).toHaveLength(0);
    expect(digestCalls).toBe(0);
  });

  it('refuses a request signed more than five minutes ago with 401', async () => {
    const id = 'stale';
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const answer = await postSlashCommand(appUrl, signingSecret, { text: '', responseUrl: api.responseUrl(id) }, { timestamp: sixMinutesAgo });
    expect(answer.status).toBe(401);
    await sleep(150);
    expect(api.responses(id)).toHaveLength(0);
    expect(digestCalls).toBe(0);
  });

  it('delivers hostile article text with no mention, broadcast or planted link live', async () => {
    digest = hostileDigest();
    const { id } = await brief('share');
    const [message] = await api.waitForResponses(id, 1);
    expect(message!.error).toBeNull();
    const texts = [String(message!.payload.text), ...blocksOf(message!).flatMap((block) => [block.text, ...(block.elements ?? [])].filter((t) => t !== undefined))].map(
      (t) => (typeof t === 'string' ? { type: 'fallback', text: t } : t!),
    );
    for (const text of texts) {
      if (text.type === 'mrkdwn') expect(text.verbatim).toBe(true);
      expect(text.text).not.toMatch(/<[!@#]/);
      for (const sequence of text.text.match(/<[^>]*>/g) ?? []) expect(sequence).toMatch(/^<https:\/\/[^|<>\s]+\|[^<>]*>$/);
    }
    const all = JSON.stringify(message!.payload.blocks);
    expect(all).toContain('&lt;!channel&gt;');
    expect(all).toContain('&lt;@U123&gt;');
    expect(all).toContain('&lt;http://evil.example|click&gt;');
  });

  it('delivers a 60-story digest as valid Block Kit within the response_url’s allowance', async () => {
    digest = makeDigest(Array.from({ length: 60 }, (_, index) => makeStory(index)));
    const { id } = await brief('');
    await api.waitForResponses(id, 2);
    await sleep(200);
    const messages = api.responses(id);
    expect(messages.length).toBeGreaterThanOrEqual(2);
    expect(messages.length).toBeLessThanOrEqual(3);
    for (const message of messages) {
      expect(message.error).toBeNull();
      expect(validateMessage(message.payload)).toBeNull();
      expect((message.payload.blocks as unknown[]).length).toBeLessThanOrEqual(50);
    }
    const headlines = headlinesOf(messages);
    expect(headlines).toEqual(digest.stories.slice(0, headlines.length).map((story) => story.headline));
    if (headlines.length < 60) {
      expect(JSON.stringify(messages.at(-1)!.payload.blocks)).toContain(`${60 - headlines.length} more stories are not shown.`);
    }
  });

  it('apologises to the asker when the digest cannot be built', async () => {
    failDigest = true;
    const { id } = await brief('share');
    const [message] = await api.waitForResponses(id, 1);
    expect(message!.payload.response_type).toBe('ephemeral');
    expect(message!.payload.text).toBe('Sorry, today’s digest could not be built just now. Please try again in a minute.');
  });

  it('answers GET /healthz', async () => {
    const response = await fetch(`${appUrl}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, channels: { slack: 'up' } });
  });
});
