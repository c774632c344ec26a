import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { listBackups, startDailyBackups } from '../../src/store/backups.js';
import { migrations, openSqliteStore } from '../../src/store/sqlite-store.js';
import { recordingLogger } from '../channels/telegram/helpers.js';
import { childEnv } from '../fixtures/child-env.js';

const run = promisify(execFile);
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

async function storeWith(chats: string[]): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'brief-backup-'));
  dirs.push(dir);
  const store = openSqliteStore(dir);
  for (const chatId of chats) {
    await store.upsertSubscription({ chatId, chatType: 'private', deliveryTime: '07:00', timeZone: 'UTC', nextDeliveryAt: new Date('2025-12-01T07:00:00Z'), nextEdition: '2025-12-01' });
  }
  await store.close();
  return dir;
}

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i += 1) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe('daily backups', () => {
  it('takes one backup a day while Brief holds the store open, and keeps the newest BACKUP_DAYS', async () => {
    const dataDir = await storeWith(['1', '2', '3']);
    const open = openSqliteStore(dataDir);
    mkdirSync(join(dataDir, 'backups'));
    for (const day of ['2025-11-20', '2025-11-27', '2025-11-28', '2025-11-29']) writeFileSync(join(dataDir, 'backups', `brief-${day}.sqlite`), 'old');
    writeFileSync(join(dataDir, 'backups', 'notes.txt'), 'not a backup');
    const logger = recordingLogger();
    const daily = startDailyBackups({ dataDir, days: 3, logger, now: () => new Date('2025-11-30T05:00:00Z') });
    await until(() => readdirSync(join(dataDir, 'backups')).length === 4);
    daily.stop();
    await open.close();

    expect(readdirSync(join(dataDir, 'backups')).sort()).toEqual(['brief-2025-11-28.sqlite', 'brief-2025-11-29.sqlite', 'brief-2025-11-30.sqlite', 'notes.txt']);
    expect(logger.lines).toEqual([{ level: 'info', message: 'store backed up', context: { file: join(dataDir, 'backups', 'brief-2025-11-30.sqlite'), bytes: expect.any(Number) } }]);
    // The backup is a whole store: opened as DATA_DIR, it holds every subscription.
    const restoredDir = mkdtempSync(join(tmpdir(), 'brief-restored-'));
    dirs.push(restoredDir);
    const newest = listBackups(dataDir)[0];
    expect(newest?.day).toBe('2025-11-30');
    const { copyFileSync } = await import('node:fs');
    copyFileSync(newest?.path ?? '', join(restoredDir, 'brief.sqlite'));
    const restored = openSqliteStore(restoredDir);
    expect(await restored.countActiveSubscriptions()).toBe(3);
    await restored.close();
  });
});

describe('npm run store', () => {
  it('check says the file is sound and what it holds; backup copies it to FILE; bad arguments print the usage', async () => {
    const dataDir = await storeWith(['7', '8']);
    const env = childEnv({ DATA_DIR: dataDir });
    const check = await run(tsx, ['src/cli/store.ts', 'check'], { env });
    expect(check.stdout).toBe(`${join(dataDir, 'brief.sqlite')}: ok (schema version ${migrations.length}, 2 active subscriptions)\n`);

    const target = join(dataDir, 'copy.sqlite');
    const backup = await run(tsx, ['src/cli/store.ts', 'backup', target], { env });
    expect(backup.stdout).toMatch(new RegExp(`^Backed up ${join(dataDir, 'brief.sqlite')} to ${target} \\(\\d+\\.\\d KB, 2 active subscriptions\\)\\.\\n$`));
    expect(existsSync(`${target}.partial`)).toBe(false);
    const copyDir = mkdtempSync(join(tmpdir(), 'brief-copy-'));
    dirs.push(copyDir);
    const { renameSync } = await import('node:fs');
    renameSync(target, join(copyDir, 'brief.sqlite'));
    const copy = openSqliteStore(copyDir);
    expect(await copy.countActiveSubscriptions()).toBe(2);
    await copy.close();

    const bad = await run(tsx, ['src/cli/store.ts', 'restore'], { env }).catch((error: { code: number; stderr: string }) => error);
    expect(bad).toMatchObject({ code: 2, stderr: expect.stringContaining('Usage: npm run store -- check | backup [FILE]') });
  });
});
