import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { postSlashCommand, startSlackApiServer, type SlackApiServer } from '../servers/slack-api-server.js';
import { childEnv } from '../fixtures/child-env.js';

const root = join(import.meta.dirname, '..', '..');
const botToken = 'xoxb-1234-5678-brieftesttoken';
const signingSecret = '8f742231b10e8888abcd99yyyzzz85a5';
const telegramToken = '123456789:AAEtest-token-for-the-local-bot-api';

/** A port nothing listens on: bound, then released, so connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

let child: ChildProcess | null = null;
let api: SlackApiServer | null = null;
let dataDir: string | null = null;

afterEach(async () => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = null;
  await api?.close();
  api = null;
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  dataDir = null;
});

async function waitFor<T>(probe: () => Promise<T | null>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => null);
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('npm start with one platform unreachable', () => {
  it('serves Slack /brief and /healthz within seconds while Telegram retries, names the address, and keeps secrets out of debug logs', async () => {
    api = await startSlackApiServer({ botToken });
    dataDir = mkdtempSync(join(tmpdir(), 'brief-start-'));
    const telegramRoot = `http://127.0.0.1:${await closedPort()}`;
    let stderr = '';
    child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src', 'main.ts')], {
      cwd: root,
      env: childEnv({
        LOG_LEVEL: 'debug',
        DATA_DIR: dataDir,
        CONTENT_DIR: join(root, 'test', 'fixtures', 'seed-story'),
        TELEGRAM_BOT_TOKEN: telegramToken,
        TELEGRAM_API_ROOT: telegramRoot,
        SLACK_BOT_TOKEN: botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        SLACK_API_URL: api.apiUrl,
        PORT: '0',
      }),
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));

    const port = await waitFor(async () => {
      const match = /slack listening mode=http port=(\d+)/.exec(stderr);
      return match ? Number(match[1]) : null;
    }, 60_000).catch((error: unknown) => {
      throw new Error(`no listening line in: ${stderr}`, { cause: error });
    });
    const appUrl = `http://127.0.0.1:${port}`;

    const health = await waitFor(async () => {
      const response = await fetch(`${appUrl}/healthz`);
      const body = (await response.json()) as { ok: boolean; channels: Record<string, string> };
      return response.status === 200 && body.channels.slack === 'up' ? body : null;
    }, 10_000);
    expect(health.channels.telegram).toMatch(/^(starting|retrying: )/);

    const responseUrl = api.responseUrl('while-telegram-down');
    const ack = await postSlashCommand(appUrl, signingSecret, { text: '', responseUrl });
    expect(ack.status).toBe(200);
    const [reply] = await api.waitForResponses('while-telegram-down', 1, 10_000);
    expect(JSON.stringify(reply?.payload.blocks)).toContain('Witkoff');

    const retrying = await waitFor(async () => {
      const body = (await (await fetch(`${appUrl}/healthz`)).json()) as { channels: Record<string, string> };
      return body.channels.telegram?.startsWith('retrying: ') ? body.channels.telegram : null;
    }, 40_000);
    expect(retrying).toContain(`cannot reach Telegram at ${telegramRoot}`);
    await waitFor(async () => (stderr.includes('channel not started; retrying in the background channel=telegram') ? true : null), 40_000);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);

    for (const secret of [botToken, signingSecret, telegramToken, telegramToken.split(':')[1]!]) expect(stderr).not.toContain(secret);
    expect(stderr).not.toMatch(/\n\s+at /);
  }, 150_000);
});
