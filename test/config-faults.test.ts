import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '../src/config.js';
import { childEnv } from './fixtures/child-env.js';

const run = promisify(execFile);
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

const dirs: string[] = [];
let server: Server | null = null;
afterEach(async () => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = null;
});

/** `npm start` with only these settings; resolves with what the operator sees. */
async function start(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(tsx, ['src/main.ts'], { env: childEnv(env), timeout: 25_000 }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

describe('bad settings stop npm start, naming the variable, the value (secrets masked) and what it expects', () => {
  it('a blank number is an error, not the default; every malformed variable is listed at once', async () => {
    const outcome = await start({
      DIGEST_MAX_STORIES: ' ',
      DIGEST_WINDOW_HOURS: '12h',
      BACKUP_DAYS: '-1',
      LOG_LEVEL: 'loud',
      TELEGRAM_BOT_TOKEN: 'my-very-secret-token-value',
      SLACK_BOT_TOKEN: 'xoxp-another-secret-value',
      SLACK_SIGNING_SECRET: 'signing-secret-value',
    });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr).not.toMatch(/^\s+at /m);
    expect(outcome.stderr.trim().split('\n').sort()).toEqual(
      [
        'Invalid configuration:',
        '  BACKUP_DAYS="-1": expected a whole number from 0 to 3650',
        '  DIGEST_MAX_STORIES=" ": expected a whole number from 1 to 100',
        '  DIGEST_WINDOW_HOURS="12h": expected a whole number from 1 to 8760',
        '  LOG_LEVEL="loud": expected one of debug, info, warn, error',
        '  SLACK_BOT_TOKEN="xoxp… (25 characters)": expected a bot token starting with xoxb-',
        '  TELEGRAM_BOT_TOKEN="my-v… (26 characters)": expected a bot token from @BotFather, like 123456:ABC-DEF…',
      ].sort(),
    );
    for (const secret of ['very-secret-token', 'another-secret', 'signing-secret-value']) expect(outcome.stderr).not.toContain(secret);
  });

  it('CONTENT_DIR naming a file and a PORT already taken are named before anything starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'brief-settings-'));
    dirs.push(dir);
    writeFileSync(join(dir, 'articles.md'), 'not a folder');
    server = createServer();
    const port = await new Promise<number>((resolve) => server?.listen(0, '127.0.0.1', () => resolve((server?.address() as { port: number }).port)));
    const outcome = await start({
      CONTENT_DIR: join(dir, 'articles.md'),
      DATA_DIR: join(dir, 'data'),
      SLACK_BOT_TOKEN: 'xoxb-1-2-3',
      SLACK_SIGNING_SECRET: 'abc',
      SLACK_API_URL: 'http://127.0.0.1:9/api/',
      PORT: String(port),
    });
    expect(outcome.code).toBe(1);
    expect(outcome.stderr.trim().split('\n')).toEqual([
      'Invalid configuration:',
      `  CONTENT_DIR="${join(dir, 'articles.md')}": expected a folder of article files, but this is a file`,
      `  PORT="${port}": expected a free port, but ${port} is already in use by another program (stop it, or choose another port)`,
    ]);
  });

  it('empty values (X= in .env) still mean the default', () => {
    const result = parseConfig({ DIGEST_MAX_STORIES: '', BACKUP_DAYS: '' });
    expect(result.ok && [result.config.digest.maxStories, result.config.backupDays]).toEqual([8, 7]);
  });
});
