import { describe, expect, it } from 'vitest';
import { openPostgresStore } from '../../../src/store/postgres-store.js';
import { morningDigest } from '../../fixtures/digests.js';
import { startBotApiServer, type TestChat, type TestUser } from '../../servers/bot-api-server.js';
import { dropSchema, newSchemaName, postgresAvailable, testDatabaseUrl } from '../../store/postgres-test-db.js';
import { channelFor } from './helpers.js';

const available = await postgresAvailable();
const alice: TestUser = { id: 1001, first_name: 'Alice', username: 'alice' };
const aliceChat: TestChat = { id: 1001, type: 'private', first_name: 'Alice' };

describe.skipIf(!available)('Telegram polling with several instances on PostgreSQL', () => {
  it('polls from one instance only, answers each command once, and lets another take over when it stops', async () => {
    const schema = newSchemaName();
    const server = await startBotApiServer();
    const stores = await Promise.all([1, 2].map(() => openPostgresStore({ url: testDatabaseUrl, schema, poolSize: 3 })));
    const channels = stores.map((store) =>
      channelFor(server, store, morningDigest, {
        shared: { pacer: store.createSendPacer('bot', 30), tryPollerLock: () => store.tryAdvisoryLock(4242), pollerRetryMs: 200 },
      }),
    );
    const pollers = () => channels.map((channel) => channel.logger.lines.filter((line) => line.message === 'This instance polls Telegram for updates').length);
    try {
      await Promise.all(channels.map((channel) => channel.start()));
      await server.waitFor(() => pollers().reduce((a, b) => a + b, 0) > 0);
      // Several retry rounds pass: the other instance keeps waiting.
      await new Promise((resolve) => setTimeout(resolve, 800));
      const first = pollers();
      expect(first.sort()).toEqual([0, 1]);

      server.userSends(aliceChat, alice, '/help');
      await server.waitFor(() => server.messagesTo(aliceChat.id).length > 0);
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(server.messagesTo(aliceChat.id)).toHaveLength(1);

      const leader = pollers().indexOf(1);
      await channels[leader]?.stop();
      const other = channels[1 - leader];
      await server.waitFor(() => (other?.logger.lines ?? []).some((line) => line.message === 'This instance polls Telegram for updates'), 5000);
      server.userSends(aliceChat, alice, '/help');
      await server.waitFor(() => server.messagesTo(aliceChat.id).length > 1);
      expect(server.messagesTo(aliceChat.id)).toHaveLength(2);
    } finally {
      await Promise.all(channels.map((channel) => channel.stop()));
      await Promise.all(stores.map((store) => store.close()));
      await server.close();
      await dropSchema(schema);
    }
  });
});
