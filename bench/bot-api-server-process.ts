import { startBotApiServer, telegramServerLimits } from '../test/servers/bot-api-server.js';

/**
 * Runs the local Bot API server in its own process for the benchmark, so its JSON and HTML checking does not
 * share an event loop with the bot being measured. argv[2]: "lifted" or "telegram" limits. Prints one JSON
 * line ({ apiRoot, token }) and serves until stdin closes.
 */
const server = await startBotApiServer({ limits: process.argv[2] === 'telegram' ? telegramServerLimits : null });
console.log(JSON.stringify({ apiRoot: server.apiRoot, token: server.token }));
process.stdin.resume();
process.stdin.on('end', () => {
  void server.close().then(() => process.exit(0));
});
