import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { articleFile, hostileText } from '../../../bench/hostile-text.js';
import { buildDigestInWorker } from '../../../src/content/build-digest-in-worker.js';
import { createContentDigestSource } from '../../../src/content/content-digest-source.js';
import { createSlackChannel, type SlackChannel } from '../../../src/channels/slack/create-slack-channel.js';
import type { SlackConfig } from '../../../src/config.js';
import type { Digest } from '../../../src/digest/types.js';
import { silentLogger } from '../../../src/logger.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { makeDigest, makeStory } from '../../fixtures/slack-digests.js';
import { postSlashCommand, signSlackRequest, slashCommandBody, startSlackApiServer, validateMessage, type SlackApiServer } from '../../servers/slack-api-server.js';

const botToken = 'xoxb-1234-5678-brieftesttoken';
const signingSecret = '8f742231b10e8888abcd99yyyzzz85a5';

describe('Slack requests from a hostile sender', () => {
  let api: SlackApiServer;
  let channel: SlackChannel;
  let appUrl: string;
  let digest: Digest;

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
    digest = makeDigest([
      {
        ...makeStory(0),
        id: 'format',
        headline: 'Markets *crash* as _traders_ ~flee~',
        summary: 'Prices fell `sharply` on *Monday* in ~all~ _markets_.',
      },
    ]);
    channel = createSlackChannel({ config, store: new MemoryStore(), digestSource: { getDigest: async () => digest }, logger: silentLogger, maxStories: 8, host: '127.0.0.1' });
    await channel.start();
    appUrl = `http://127.0.0.1:${channel.port}`;
  });

  afterAll(async () => {
    await channel.stop();
    await api.close();
  });

  async function postRaw(body: string, contentType: string, timestamp = Math.floor(Date.now() / 1000)): Promise<number> {
    const response = await fetch(`${appUrl}/slack/events`, {
      method: 'POST',
      headers: { 'content-type': contentType, ...signSlackRequest(signingSecret, body, timestamp) },
      body,
    });
    await response.text();
    return response.status;
  }

  it('refuses a validly signed request replayed within the five minutes, answering the first only', async () => {
    const id = `replay-${Date.now()}`;
    const body = slashCommandBody({ text: '', responseUrl: api.responseUrl(id) });
    const timestamp = Math.floor(Date.now() / 1000);
    expect(await postRaw(body, 'application/x-www-form-urlencoded', timestamp)).toBe(200);
    expect(await postRaw(body, 'application/x-www-form-urlencoded', timestamp)).toBe(401);
    await api.waitForResponses(id, 1);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(api.responses(id)).toHaveLength(1);
  });

  it('refuses a timestamp an hour in the future', async () => {
    const id = `future-${Date.now()}`;
    const answer = await postSlashCommand(appUrl, signingSecret, { text: '', responseUrl: api.responseUrl(id) }, { timestamp: Math.floor(Date.now() / 1000) + 3600 });
    expect(answer.status).toBe(401);
  });

  it.each([
    ['null', 'application/json'],
    ['[]', 'application/json'],
    ['42', 'application/json'],
    ['"text"', 'application/json'],
    ['{"type":', 'application/json'],
    ['payload=null', 'application/x-www-form-urlencoded'],
    ['payload=%5B1%5D', 'application/x-www-form-urlencoded'],
    ['payload=%7Bbad', 'application/x-www-form-urlencoded'],
  ])('answers a signed body of %s (%s) with 400 and keeps serving', async (body, contentType) => {
    expect(await postRaw(body, contentType)).toBe(400);
    const health = await fetch(`${appUrl}/healthz`);
    expect(health.status).toBe(200);
  });

  it('answers a 10,000-character filter within Block Kit limits, saying the words were shortened', async () => {
    const id = `long-${Date.now()}`;
    const words = Array.from({ length: 1000 }, (_, i) => `word${i}`).join(' ').slice(0, 10_000);
    const answer = await postSlashCommand(appUrl, signingSecret, { text: words, responseUrl: api.responseUrl(id) });
    expect(answer.status).toBe(200);
    const [message] = await api.waitForResponses(id, 1);
    expect(message!.error).toBeNull();
    expect(validateMessage(message!.payload)).toBeNull();
    const text = JSON.stringify(message!.payload.blocks);
    expect(text).toContain('No story in today’s digest mentions “word0 word1');
    expect(text).toContain('characters, shortened)”');
  });

  it('shows article text with formatting marks as written, never as bold, italics, strike or code', async () => {
    const id = `format-${Date.now()}`;
    await postSlashCommand(appUrl, signingSecret, { text: '', responseUrl: api.responseUrl(id) });
    const [message] = await api.waitForResponses(id, 1);
    const section = (message!.payload.blocks as { block_id?: string; text?: { text: string } }[]).find((block) => block.block_id === 'story-0-0');
    const lines = section?.text?.text.split('\n') ?? [];
    const z = '\u200B';
    // Each mark sits between zero-width spaces: it reads as written, and opens no formatting. Only Brief's own
    // marks (the bold headline, the italic source count) stay live.
    expect(lines[0]).toBe(`*Markets ${z}*${z}crash${z}*${z} as ${z}_${z}traders${z}_${z} ${z}~${z}flee${z}~${z}*  ·  _2 sources_`);
    expect(lines[1]).toBe(`Prices fell ${z}\`${z}sharply${z}\`${z} on ${z}*${z}Monday${z}*${z} in ${z}~${z}all${z}~${z} ${z}_${z}markets${z}_${z}.`);
    expect(lines[1]?.replaceAll(z, '')).toBe('Prices fell `sharply` on *Monday* in ~all~ _markets_.');
  });
});

describe('a Slack bot while the digest of a 1 MB hostile article builds', () => {
  it('acks another /brief and answers /healthz within a second each', async () => {
    const api = await startSlackApiServer({ botToken });
    const folder = mkdtempSync(join(tmpdir(), 'brief-slack-hostile-'));
    writeFileSync(join(folder, 'hostile.md'), articleFile('Talks resume', hostileText('. "The ', 1_000_000, 'paragraph'), new Date().toISOString().replace(/\.\d+Z$/, 'Z')));
    const config: SlackConfig = {
      botToken,
      mode: { kind: 'http', signingSecret, port: 0 },
      apiUrl: api.apiUrl,
      digestChannels: [],
      digestCron: '0 7 * * 1-5',
      digestTimeZone: 'UTC',
      graceHours: 3,
    };
    const digestSource = createContentDigestSource({ contentDir: folder, windowHours: 24, summarySentences: 2, maxQuotes: 3, build: buildDigestInWorker });
    const channel = createSlackChannel({ config, store: new MemoryStore(), digestSource, logger: silentLogger, maxStories: 8, host: '127.0.0.1' });
    try {
      await channel.start();
      const appUrl = `http://127.0.0.1:${channel.port}`;
      const first = await postSlashCommand(appUrl, signingSecret, { text: '', responseUrl: api.responseUrl('first') });
      expect(first.status).toBe(200);
      let started = performance.now();
      const health = await fetch(`${appUrl}/healthz`);
      expect(health.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(1000);
      started = performance.now();
      const second = await postSlashCommand(appUrl, signingSecret, { text: 'talks', responseUrl: api.responseUrl('second') });
      expect(second.status).toBe(200);
      expect(performance.now() - started).toBeLessThan(1000);
      const [message] = await api.waitForResponses('first', 1);
      expect(JSON.stringify(message!.payload.blocks)).toContain('Talks resume');
    } finally {
      await channel.stop();
      await api.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
