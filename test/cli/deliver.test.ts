import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { parseDeliverArgs } from '../../src/cli/deliver.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { subscribe } from '../channels/telegram/helpers.js';
import { contentWithOneArticle } from '../fixtures/content.js';
import { startBotApiServer, type BotApiServer } from '../servers/bot-api-server.js';
import { childEnv } from '../fixtures/child-env.js';

const run = promisify(execFile);
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');

let server: BotApiServer | null = null;
const dirs: string[] = [];
afterEach(async () => {
  await server?.close();
  server = null;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return childEnv({ LOG_LEVEL: 'error', ...extra });
}

describe('npm run deliver', () => {
  it('reads --at as an ISO time, and defaults to now', () => {
    expect(parseDeliverArgs(['--at', '2025-12-01T07:00:00+02:00']).at.toISOString()).toBe('2025-12-01T05:00:00.000Z');
    expect(parseDeliverArgs(['--at=2025-12-01T05:00:00Z']).at.toISOString()).toBe('2025-12-01T05:00:00.000Z');
    const now = new Date('2025-12-01T06:00:00Z');
    expect(parseDeliverArgs([], () => now).at).toBe(now);
    expect(() => parseDeliverArgs(['--at', 'tomorrow'])).toThrow('"tomorrow" is not an ISO time.');
    expect(() => parseDeliverArgs(['--at'])).toThrow('is not an ISO time');
    expect(() => parseDeliverArgs(['--now'])).toThrow('Unknown argument "--now".');
  });

  it('refuses a real run at a future time unless forced, and allows a dry run there', () => {
    const now = () => new Date('2025-12-01T06:00:00Z');
    expect(() => parseDeliverArgs(['--at', '2025-12-02T07:00:00Z'], now)).toThrow(
      '--at 2025-12-02T07:00:00.000Z is in the future: a real run then marks those mornings as delivered before they come. Add --dry-run to look, or --force if you mean it.',
    );
    expect(parseDeliverArgs(['--at', '2025-12-02T07:00:00Z', '--dry-run'], now)).toMatchObject({ dryRun: true, force: false });
    expect(parseDeliverArgs(['--force', '--at', '2025-12-02T07:00:00Z'], now)).toMatchObject({ dryRun: false, force: true });
    expect(parseDeliverArgs(['--help'], now)).toMatchObject({ help: true });
  });

  it('prints the usage with --help and exits 0', async () => {
    const { stdout } = await run(tsx, ['src/cli/deliver.ts', '--help'], { env: cleanEnv({}) });
    expect(stdout).toContain('--dry-run      show who would get what');
    expect(stdout).toContain('Usage: npm run deliver -- [--at ISO-TIME] [--dry-run] [--force] [--help]');
  });

  it('with --dry-run shows who would get what, and sends and records nothing', async () => {
    server = await startBotApiServer();
    const dataDir = mkdtempSync(join(tmpdir(), 'brief-deliver-'));
    const contentDir = contentWithOneArticle();
    dirs.push(dataDir, contentDir);
    const store = openSqliteStore(dataDir);
    await subscribe(store, '9001', '07:00', 'Europe/Kyiv', new Date('2025-11-30T20:00:00Z'));
    await subscribe(store, '9002', '07:00', 'Europe/Kyiv', new Date('2025-11-30T20:00:00Z'));
    await store.setTopics('9002', { follow: ['football'], mute: [] });
    await store.close();
    const env = cleanEnv({ TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot, DATA_DIR: dataDir, CONTENT_DIR: contentDir });

    const { stdout } = await run(tsx, ['src/cli/deliver.ts', '--dry-run', '--at', '2025-12-01T07:00:00+02:00'], { env });
    const preview = JSON.parse(stdout) as { dryRun: boolean; readers: { chatId: string; action: string; stories: { headline: string }[]; parts: number }[] };
    expect(preview.dryRun).toBe(true);
    expect(preview.readers).toEqual([
      { chatId: '9001', edition: '2025-12-01', action: 'send', parts: 1, stories: [{ id: expect.any(String), headline: 'Harbour bridge to close for six weeks of repairs', update: null }] },
      { chatId: '9002', edition: '2025-12-01', action: 'nothingNew', parts: 0, stories: [] },
    ]);
    expect(server.messages).toHaveLength(0);
    const after = openSqliteStore(dataDir);
    expect(await after.getDelivery({ channel: 'telegram', target: '9001', edition: '2025-12-01' })).toBeNull();
    expect((await after.getSubscription('9001'))?.nextEdition).toBe('2025-12-01');
    await after.close();

    // The same run for real sends what the dry run showed.
    const { stdout: real } = await run(tsx, ['src/cli/deliver.ts', '--at', '2025-12-01T07:00:00+02:00'], { env });
    expect(JSON.parse(real)).toMatchObject({ due: 2, sent: 1, nothingNew: 1, uncertainDeliveries: [] });
    expect(server.messagesTo('9001')[0]?.text).toContain('Harbour bridge to close for six weeks of repairs');
  });

  it('prints a usage line and exits 2 on a bad --at', async () => {
    const failure = await run(tsx, ['src/cli/deliver.ts', '--at', '2025-13-45'], { env: cleanEnv({}) }).catch((error: { code: number; stderr: string }) => error);
    expect(failure).toMatchObject({ code: 2 });
    expect((failure as { stderr: string }).stderr).toContain('Usage: npm run deliver -- [--at ISO-TIME]');
  });

  it('runs one tick against the Bot API and delivers to whoever is due', async () => {
    server = await startBotApiServer();
    const dataDir = mkdtempSync(join(tmpdir(), 'brief-deliver-'));
    const contentDir = contentWithOneArticle();
    dirs.push(dataDir, contentDir);
    const store = openSqliteStore(dataDir);
    await subscribe(store, '9001', '07:00', 'Europe/Kyiv', new Date('2025-11-30T20:00:00Z'));
    await store.close();

    const { stdout } = await run(tsx, ['src/cli/deliver.ts', '--at', '2025-12-01T07:00:00+02:00'], {
      env: cleanEnv({ TELEGRAM_BOT_TOKEN: server.token, TELEGRAM_API_ROOT: server.apiRoot, DATA_DIR: dataDir, CONTENT_DIR: contentDir }),
    });
    expect(JSON.parse(stdout)).toMatchObject({ due: 1, sent: 1, failed: 0 });
    expect(server.messagesTo('9001')).toHaveLength(1);
    expect(server.messagesTo('9001')[0]?.text).toContain('📰 <b>Brief</b> · Mon 1 Dec 2025');
  });
});
