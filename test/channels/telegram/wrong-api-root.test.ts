import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelStartError } from '../../../src/errors.js';
import { MemoryStore } from '../../../src/store/memory-store.js';
import { digestOf, talksStory } from '../../fixtures/digests.js';
import type { BotApiServer } from '../../servers/bot-api-server.js';
import { channelFor } from './helpers.js';

let server: Server | null = null;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = null;
});

describe('TELEGRAM_API_ROOT pointing at a server that is not a Bot API', () => {
  it('says the server answered but not as a Bot API, instead of "cannot reach Telegram"', async () => {
    let requests = 0;
    server = createServer((_request, response) => {
      requests += 1;
      response.writeHead(404, { 'content-type': 'text/html' });
      response.end('<html><body><h1>Not Found</h1></body></html>');
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const notABotApi = { apiRoot, token: '123456789:AAEtest-token-for-the-local-bot-api' } as BotApiServer;
    const channel = channelFor(notABotApi, new MemoryStore(), digestOf([talksStory]));
    const failure = await channel.start().then(
      () => null,
      (error: unknown) => error,
    );
    await channel.stop();
    expect(failure).toBeInstanceOf(ChannelStartError);
    expect((failure as Error).message).toMatch(new RegExp(`^the server at ${apiRoot} answered, but not as a Telegram Bot API \\(getMe: .+\\); check TELEGRAM_API_ROOT$`));
    expect((failure as Error).message).not.toContain('AAEtest-token');
    expect(requests).toBeGreaterThan(0);
  });
});
