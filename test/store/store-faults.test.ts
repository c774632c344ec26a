import { execFile, spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { childEnv } from '../fixtures/child-env.js';

const run = promisify(execFile);
const tsx = join(process.cwd(), 'node_modules', '.bin', 'tsx');
const token = '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** A data folder whose store holds two subscriptions, as a running Brief left it. */
async function dataDirWithSubscribers(dir = tempDir('brief-faults-')): Promise<string> {
  const store = openSqliteStore(dir);
  for (const chatId of ['101', '202']) {
    await store.upsertSubscription({ chatId, chatType: 'private', deliveryTime: '07:00', timeZone: 'UTC', nextDeliveryAt: new Date('2025-12-01T07:00:00Z'), nextEdition: '2025-12-01' });
  }
  await store.close();
  return dir;
}

function digestOf(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a Brief command as an operator would, with only the given settings and a Bot API nobody answers. */
async function brief(script: string, env: Record<string, string>, args: string[] = []): Promise<Outcome> {
  const result = await run(tsx, [script, ...args], {
    env: childEnv({ TELEGRAM_BOT_TOKEN: token, TELEGRAM_API_ROOT: 'http://127.0.0.1:9', CONTENT_DIR: tempDir('brief-content-'), LOG_LEVEL: 'error', ...env }),
    timeout: 25_000,
  }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
  return result;
}

/** The operator sees exactly one line, no stack trace. */
function oneLine(stderr: string): string {
  const lines = stderr.split('\n').filter((line) => line.trim() !== '');
  expect(lines, stderr).toHaveLength(1);
  expect(stderr).not.toMatch(/^\s+at /m);
  return lines[0] as string;
}

describe('a damaged store stops npm run deliver with one line saying what to do, and changes nothing', () => {
  const damages: [string, (file: string) => void, RegExp][] = [
    ['random bytes', (file) => writeFileSync(file, Buffer.alloc(40_000, 7)), /is damaged: file is not a database\. Restore it from your own backup/],
    ['a file cut in half', (file) => truncateSync(file, Math.floor(statSync(file).size / 2)), /(is damaged|fails SQLite's integrity check)/],
    ['a file cut to its header', (file) => truncateSync(file, 100), /(is damaged|fails SQLite's integrity check)/],
    [
      'a schema from a newer Brief',
      (file) => {
        const db = new Database(file);
        db.pragma('user_version = 99');
        db.close();
      },
      /was written by a newer version of Brief \(schema version 99; this version knows up to \d+\)\. Run the newer Brief again, or restore a backup/,
    ],
    [
      'a table missing a column',
      (file) => {
        const db = new Database(file);
        db.exec('ALTER TABLE deliveries DROP COLUMN parts');
        db.close();
      },
      /has no column "parts" in table "deliveries", which this version of Brief needs/,
    ],
  ];

  for (const [name, damage, expected] of damages) {
    it(`${name}`, async () => {
      const dataDir = await dataDirWithSubscribers();
      const file = join(dataDir, 'brief.sqlite');
      damage(file);
      const before = digestOf(file);
      const outcome = await brief('src/cli/deliver.ts', { DATA_DIR: dataDir });
      expect(outcome.code).toBe(1);
      const line = oneLine(outcome.stderr);
      expect(line).toContain(`Cannot deliver: ${file}: `);
      expect(line).toMatch(expected);
      expect(digestOf(file)).toBe(before);
    });
  }

  it('a zero-length file beside a backup is refused, naming the backup to restore', async () => {
    const dataDir = await dataDirWithSubscribers();
    const file = join(dataDir, 'brief.sqlite');
    mkdirSync(join(dataDir, 'backups'));
    const backup = join(dataDir, 'backups', 'brief-2025-11-30.sqlite');
    const db = new Database(file);
    await db.backup(backup);
    db.close();
    truncateSync(file, 0);
    rmSync(`${file}-wal`, { force: true });

    const outcome = await brief('src/cli/deliver.ts', { DATA_DIR: dataDir });
    expect(outcome.code).toBe(1);
    expect(oneLine(outcome.stderr)).toBe(
      `Cannot deliver: ${file}: is empty (0 bytes): it was truncated, and the subscriptions it held are gone from it. Restore the newest backup (2025-11-30): cp ${backup} ${file}`,
    );
    expect(statSync(file).size).toBe(0);

    // Following the advice brings every subscription back.
    copyFileSync(backup, file);
    const restored = openSqliteStore(dataDir);
    expect(await restored.countActiveSubscriptions()).toBe(2);
    await restored.close();
  });

  it('a zero-length file with no backup is refused too, not taken for a new store', async () => {
    const dataDir = await dataDirWithSubscribers();
    const file = join(dataDir, 'brief.sqlite');
    truncateSync(file, 0);
    rmSync(`${file}-wal`, { force: true });
    const outcome = await brief('src/cli/deliver.ts', { DATA_DIR: dataDir });
    expect(outcome.code).toBe(1);
    expect(oneLine(outcome.stderr)).toContain(`is empty (0 bytes): it was truncated, and the subscriptions it held are gone from it. Restore it from your own backup; or delete it (rm ${file})`);
    expect(statSync(file).size).toBe(0);
  });

  it('a missing file beside a non-empty backup is not silently replaced by an empty store', async () => {
    const dataDir = await dataDirWithSubscribers();
    const file = join(dataDir, 'brief.sqlite');
    mkdirSync(join(dataDir, 'backups'));
    const backup = join(dataDir, 'backups', 'brief-2025-11-29.sqlite');
    const db = new Database(file);
    await db.backup(backup);
    db.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });

    const outcome = await brief('src/cli/deliver.ts', { DATA_DIR: dataDir });
    expect(outcome.code).toBe(1);
    expect(oneLine(outcome.stderr)).toMatch(new RegExp(`is missing, but ${backup} \\(\\d+\\.\\d KB\\) shows it held records\\. Restore it: cp ${backup} ${file}\\.`));
    expect(existsSync(file)).toBe(false);
  });

  it('brief.sqlite being a folder, and DATA_DIR being a file, /dev/null or under /proc', async () => {
    const dataDir = tempDir('brief-faults-');
    mkdirSync(join(dataDir, 'brief.sqlite'));
    const folder = await brief('src/cli/deliver.ts', { DATA_DIR: dataDir });
    expect(folder.code).toBe(1);
    expect(oneLine(folder.stderr)).toContain(`${join(dataDir, 'brief.sqlite')}: is a folder, not a data file. Move it aside`);

    const aFile = join(dataDir, 'plain-file');
    writeFileSync(aFile, 'x');
    for (const [value, problem] of [
      [aFile, 'is not a folder'],
      ['/dev/null', 'is not a folder'],
      ['/proc/nope/data', 'cannot be created (ENOENT)'],
    ] as const) {
      const outcome = await brief('src/cli/deliver.ts', { DATA_DIR: value });
      expect(outcome.code).toBe(1);
      expect(oneLine(outcome.stderr)).toBe(`Cannot deliver: ${value}: the data folder (DATA_DIR) ${problem}. Set DATA_DIR to a folder Brief can create and write to.`);
    }
  });

  it('npm start says the same and exits 1 before connecting anywhere', async () => {
    const dataDir = await dataDirWithSubscribers();
    const file = join(dataDir, 'brief.sqlite');
    writeFileSync(file, Buffer.alloc(40_000, 7));
    const outcome = await brief('src/main.ts', { DATA_DIR: dataDir });
    expect(outcome.code).toBe(1);
    expect(oneLine(outcome.stderr)).toMatch(new RegExp(`^Brief cannot start: ${file}: is damaged: file is not a database\\.`));
  });
});

/** Holds an exclusive lock on the store from another process for `seconds`, printing "locked" once it has it. */
function holdLock(file: string, seconds: number): Promise<() => void> {
  const script = `
    const Database = require('better-sqlite3');
    const db = new Database(${JSON.stringify(file)});
    db.pragma('locking_mode = EXCLUSIVE');
    db.exec('BEGIN EXCLUSIVE');
    db.exec("UPDATE subscriptions SET updated_at = updated_at");
    console.log('locked');
    setTimeout(() => { db.exec('COMMIT'); db.close(); }, ${seconds * 1000});`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.stdout.once('data', () => resolve(() => child.kill()));
    child.once('exit', (code) => reject(new Error(`lock holder exited with ${code}`)));
  });
}

describe('a store locked by another process', () => {
  it('is waited for within the bounded busy timeout, then named with what to do', async () => {
    const dataDir = await dataDirWithSubscribers();
    const file = join(dataDir, 'brief.sqlite');
    const release = await holdLock(file, 20);
    try {
      const started = Date.now();
      const outcome = await brief('src/cli/deliver.ts', { DATA_DIR: dataDir });
      expect(outcome.code).toBe(1);
      expect(oneLine(outcome.stderr)).toBe(
        `Cannot deliver: ${file}: is locked by another process (still locked after 5 s). Wait for it to finish (another Brief, npm run deliver or a backup using the same DATA_DIR) and start again.`,
      );
      expect(Date.now() - started).toBeLessThan(20_000);
    } finally {
      release();
    }
  });
});

/** Mounts a small tmpfs (needs root and a kernel that allows it); null with the reason when it cannot. */
function mountTmpfs(dir: string, size: string): string | null {
  if (process.getuid?.() !== 0) return 'not root';
  const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir]);
  return mounted.status === 0 ? null : `mount -t tmpfs failed: ${mounted.stderr.toString().trim()}`;
}

const canMount = (() => {
  const probe = mkdtempSync(join(tmpdir(), 'brief-mount-probe-'));
  const reason = mountTmpfs(probe, '64k');
  if (reason === null) spawnSync('umount', [probe]);
  rmSync(probe, { recursive: true, force: true });
  if (reason !== null) console.log(`Skipping the read-only and full data folder tests (${reason}); run them as root where mount -t tmpfs is allowed.`);
  return reason === null;
})();

describe.skipIf(!canMount)('a read-only or full data folder (a small tmpfs)', () => {
  const mounts: string[] = [];
  afterEach(() => {
    for (const dir of mounts.splice(0)) spawnSync('umount', [dir]);
  });

  async function mountedDataDir(): Promise<string> {
    const dir = tempDir('brief-tmpfs-');
    expect(mountTmpfs(dir, '2m')).toBeNull();
    mounts.push(dir);
    await dataDirWithSubscribers(dir);
    return dir;
  }

  it('read-only: one line naming the folder and how to fix it; the store is untouched', async () => {
    const dataDir = await mountedDataDir();
    const file = join(dataDir, 'brief.sqlite');
    const before = digestOf(file);
    expect(spawnSync('mount', ['-o', 'remount,ro', dataDir]).status).toBe(0);
    const outcome = await brief('src/cli/deliver.ts', { DATA_DIR: dataDir });
    expect(outcome.code).toBe(1);
    expect(oneLine(outcome.stderr)).toBe(
      `Cannot deliver: ${dataDir}: the data folder (DATA_DIR) is not writable (EROFS). Fix its permissions (or mount it read-write), or set DATA_DIR to a writable folder.`,
    );
    expect(digestOf(file)).toBe(before);
  });

  it('full: npm run deliver names the full disk with the file and the free space, exits 1, loses nothing', async () => {
    const dataDir = await mountedDataDir();
    const file = join(dataDir, 'brief.sqlite');
    const filler = openSync(join(dataDir, 'filler'), 'w');
    try {
      for (;;) writeSync(filler, Buffer.alloc(64 * 1024, 1));
    } catch {
      // ENOSPC: the disk is full.
    }
    closeSync(filler);
    const before = digestOf(file);
    const outcome = await brief('src/cli/deliver.ts', { DATA_DIR: dataDir }, ['--at', '2025-12-01T07:00:00Z']);
    expect(outcome.code).toBe(1);
    expect(oneLine(outcome.stderr)).toMatch(
      new RegExp(`^Cannot deliver: ${file}: cannot be written: the disk is full \\(\\d+(\\.\\d)? (bytes|KB) free\\)\\. Free some space on that disk and start again\\.$`),
    );
    expect(digestOf(file)).toBe(before);
    rmSync(join(dataDir, 'filler'));
    const store = openSqliteStore(dataDir);
    expect(await store.countActiveSubscriptions()).toBe(2);
    await store.close();
  });
});
