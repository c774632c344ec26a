import { afterEach, describe, expect, it } from 'vitest';
import { createSlackChannel, type SlackChannel } from '../../src/channels/slack/create-slack-channel.js';
import { createTelegramChannel } from '../../src/channels/telegram/create-telegram-channel.js';
import { configSecrets, parseConfig, type Config } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { MemoryStore } from '../../src/store/memory-store.js';
import { morningDigest as telegramDigest } from '../fixtures/digests.js';
import { morningDigest } from '../fixtures/slack-digests.js';
import { startBotApiServer } from '../servers/bot-api-server.js';
import { postSlashCommand, startSlackApiServer } from '../servers/slack-api-server.js';

const botToken = 'xoxb-1234-5678-brieftesttoken';
const appToken = 'xapp-1-A0BRIEF-1234-socketmodetoken';
const signingSecret = '8f742231b10e8888abcd99yyyzzz85a5';
const webhookSecret = 'webhook-s3cret_token';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The logger main.ts builds, at debug, keeping its lines. */
function debugLogger(config: Config) {
  const lines: string[] = [];
  return { lines, logger: createLogger({ level: 'debug', secrets: configSecrets(config), write: (line) => lines.push(line) }) };
}

function configFrom(env: Record<string, string>): Config {
  const result = parseConfig(env);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.config;
}

describe('debug logs never hold a credential', () => {
  it('Slack over HTTP: bot token and signing secret', async () => {
    const api = await startSlackApiServer({ botToken });
    cleanups.push(() => api.close());
    const config = configFrom({ SLACK_BOT_TOKEN: botToken, SLACK_SIGNING_SECRET: signingSecret, SLACK_API_URL: api.apiUrl, PORT: '0' });
    const { lines, logger } = debugLogger(config);
    const channel: SlackChannel = createSlackChannel({
      config: config.slack!,
      store: new MemoryStore(),
      digestSource: { getDigest: async () => morningDigest() },
      logger,
      maxStories: 8,
      host: '127.0.0.1',
    });
    cleanups.push(() => channel.stop());
    await channel.start();
    const responseUrl = api.responseUrl('http-debug');
    await postSlashCommand(`http://127.0.0.1:${channel.port}`, signingSecret, { text: '', responseUrl });
    await api.waitForResponses('http-debug', 1);
    const log = lines.join('\n');
    expect(log).toContain('apiCall');
    for (const secret of [botToken, signingSecret]) expect(log).not.toContain(secret);
  });

  it('Slack Socket Mode: app token, bot token and the connection ticket', async () => {
    const api = await startSlackApiServer({ botToken, appToken });
    cleanups.push(() => api.close());
    const config = configFrom({ SLACK_BOT_TOKEN: botToken, SLACK_APP_TOKEN: appToken, SLACK_API_URL: api.apiUrl });
    const { lines, logger } = debugLogger(config);
    const channel = createSlackChannel({
      config: config.slack!,
      store: new MemoryStore(),
      digestSource: { getDigest: async () => morningDigest() },
      logger,
      maxStories: 8,
    });
    cleanups.push(() => channel.stop());
    await channel.start();
    await api.socketMode.sendSlashCommand({ text: 'help', responseUrl: api.responseUrl('socket-debug') });
    const log = lines.join('\n');
    expect(log).toContain('apps.connections.open');
    for (const secret of [botToken, appToken]) expect(log).not.toContain(secret);
    // The local server hands out tickets t1, t2 …; Slack's WebSocket URL carries one the same way.
    expect(log).not.toMatch(/ticket=t\d/);
    expect(log).toContain('ticket=[redacted]');
  });

  it('Telegram webhook: bot token and webhook secret', async () => {
    const server = await startBotApiServer({ limits: null });
    cleanups.push(() => server.close());
    const config = configFrom({
      TELEGRAM_BOT_TOKEN: server.token,
      TELEGRAM_API_ROOT: server.apiRoot,
      TELEGRAM_WEBHOOK_URL: 'https://brief.example/telegram/hook',
      TELEGRAM_WEBHOOK_SECRET: webhookSecret,
      TELEGRAM_WEBHOOK_PORT: '0',
    });
    const { lines, logger } = debugLogger(config);
    const channel = createTelegramChannel({
      config,
      store: new MemoryStore(),
      digestSource: { getDigest: async () => telegramDigest },
      logger,
      schedule: false,
      host: '127.0.0.1',
    });
    cleanups.push(() => channel.stop());
    await channel.start();
    const update = {
      update_id: 7,
      message: { message_id: 7, date: 0, chat: { id: 3003, type: 'private' }, from: { id: 3003, is_bot: false, first_name: 'C' }, text: '/help', entities: [{ type: 'bot_command', offset: 0, length: 5 }] },
    };
    const post = (secret: string) =>
      fetch(`http://127.0.0.1:${channel.webhookAddress()?.port}/telegram/hook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret },
        body: JSON.stringify(update),
      });
    expect((await post('wrong-secret')).status).toBe(401);
    expect((await post(webhookSecret)).status).toBe(200);
    await server.waitFor(() => server.messagesTo(3003).length === 1);
    // An error naming the Bot API URL (which holds the token) is still logged without it.
    logger.debug(`request to ${server.apiRoot}/bot${server.token}/sendMessage failed`);
    const log = lines.join('\n');
    expect(log).toContain('Telegram webhook listening');
    for (const secret of [server.token, webhookSecret]) expect(log).not.toContain(secret);
  });
});
