import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../../src/channels/slack/create-slack-channel.js';
import { silentLogger } from '../../../src/logger.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { morningDigest } from '../../fixtures/slack-digests.js';
import { startSlackApiServer, validateMessage, type SlackApiServer } from '../../servers/slack-api-server.js';

const botToken = 'xoxb-1234-5678-brieftesttoken';
const appToken = 'xapp-1-A0BRIEF-1234-socketmodetoken';

describe('/brief over Socket Mode', () => {
  let api: SlackApiServer;
  let channel: SlackChannel;

  beforeEach(async () => {
    api = await startSlackApiServer({ botToken, appToken });
    channel = createSlackChannel({
      config: {
        botToken,
        mode: { kind: 'socket', appToken, signingSecret: null },
        apiUrl: api.apiUrl,
        digestChannels: [],
        digestCron: '0 7 * * 1-5',
        digestTimeZone: 'UTC',
        graceHours: 3,
      },
      store: new MemoryStore(),
      digestSource: { getDigest: async () => morningDigest() },
      logger: silentLogger,
      maxStories: 8,
    });
  });

  afterEach(async () => {
    await channel.stop();
    await api.close();
  });

  it('connects with the app token, needs no port, and answers /brief share through the response_url', async () => {
    await channel.start();
    expect(channel.port).toBeNull();
    expect(api.socketMode.connections).toBe(1);
    expect(api.calls.map((call) => call.method)).toContain('apps.connections.open');

    const ack = await api.socketMode.sendSlashCommand({ text: 'share', responseUrl: api.responseUrl('socket-share') });
    expect(ack.payload ?? {}).toEqual({});
    const [message] = await api.waitForResponses('socket-share', 1);
    expect(message!.payload.response_type).toBe('in_channel');
    expect(validateMessage(message!.payload)).toBeNull();
    expect(JSON.stringify(message!.payload.blocks)).toContain('Rubio and Witkoff meet Ukrainian delegation in Florida');
  });

  it('answers /brief help in the ack itself', async () => {
    await channel.start();
    const ack = await api.socketMode.sendSlashCommand({ text: 'help', responseUrl: api.responseUrl('socket-help') });
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(String(ack.payload!.text)).toContain('`/brief &lt;words&gt;` — only the stories that mention all the words');
  });
});
