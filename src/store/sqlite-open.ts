import { closeSync, existsSync, lstatSync, mkdirSync, openSync, statfsSync, statSync, unlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { listBackups } from './backups.js';

/** How long a statement waits for another process's lock before giving up (SQLite's busy_timeout). */
export const BUSY_TIMEOUT_MS = 5000;

/** Free bytes on the file system holding `path`, or null when it cannot be read. */
export function freeBytesAt(path: string): number | null {
  try {
    const info = statfsSync(path);
    return info.bavail * info.bsize;
  } catch {
    return null;
  }
}

/** "12.3 MB", "512 bytes": sizes as an operator reads them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 * 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 / 1024 / 1024).toFixed(1)} GB`;
}

function codeOf(error: unknown): string {
  return String((error as { code?: unknown }).code ?? '');
}

/**
 * Creates `folder` and any missing parents one level at a time: Node 20's recursive mkdir never returns for a path
 * under /proc (it retries the ENOENT forever), and DATA_DIR=/proc/nope must fail, not hang.
 */
function makeFolder(folder: string): void {
  const missing: string[] = [];
  let current = resolve(folder);
  for (;;) {
    try {
      statSync(current);
      break;
    } catch (error) {
      if (codeOf(error) !== 'ENOENT' || dirname(current) === current) throw error;
      missing.unshift(current);
      current = dirname(current);
    }
  }
  for (const path of missing) mkdirSync(path);
}

/** Says why the data folder cannot hold the store, or nothing when it can; creates it when missing. */
function checkDataDir(dataDir: string): void {
  const fail = (problem: string, advice: string, cause?: unknown) => {
    throw new StoreError('data-dir', dataDir, `the data folder (DATA_DIR) ${problem}`, advice, cause);
  };
  const setIt = 'Set DATA_DIR to a folder Brief can create and write to.';
  try {
    const info = statSync(dataDir);
    if (!info.isDirectory()) fail('is not a folder', setIt);
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if (codeOf(error) !== 'ENOENT') fail(`cannot be read (${codeOf(error) || (error as Error).message})`, setIt, error);
    try {
      makeFolder(dataDir);
    } catch (mkdirError) {
      fail(`cannot be created (${codeOf(mkdirError) || (mkdirError as Error).message})`, setIt, mkdirError);
    }
  }
  // access(W_OK) says yes to root on most folders; only creating a file shows a read-only mount or a full disk.
  const probe = join(dataDir, `.brief-write-check-${process.pid}`);
  try {
    closeSync(openSync(probe, 'w'));
    unlinkSync(probe);
  } catch (error) {
    const code = codeOf(error);
    if (code === 'ENOSPC') {
      const free = freeBytesAt(dataDir);
      fail(`is on a full disk (${free === null ? 'free space unknown' : `${formatBytes(free)} free`})`, 'Free some space on that disk, or set DATA_DIR to a folder on another one.', error);
    }
    fail(`is not writable (${code || (error as Error).message})`, 'Fix its permissions (or mount it read-write), or set DATA_DIR to a writable folder.', error);
  }
}

/** What to tell an operator whose data file is damaged or gone: restore the newest backup if there is one. */
function restoreAdvice(dataDir: string, fileName: string, path: string): string {
  const newest = listBackups(dataDir, fileName).find((backup) => backup.bytes > 0);
  if (!newest) return `Restore it from your own backup; or move it aside (mv ${path} ${path}.damaged) and Brief starts with an empty store.`;
  return `Move it aside and restore the newest backup (${newest.day}): mv ${path} ${path}.damaged${walAside(path)} && cp ${newest.path} ${path}`;
}

/**
 * The command that moves a leftover write-ahead log aside with its file, when there is one: SQLite would replay
 * it onto whatever file is restored in its place.
 */
function walAside(path: string): string {
  return existsSync(`${path}-wal`) ? ` && mv ${path}-wal ${path}-wal.damaged && rm -f ${path}-shm` : '';
}

/** Turns an error from SQLite while opening or checking into one the operator can act on. */
function explain(error: unknown, dataDir: string, fileName: string, path: string): StoreError {
  if (error instanceof StoreError) return error;
  const code = codeOf(error);
  const message = (error as Error).message;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new StoreError('corrupt', path, `is damaged: ${message}`, restoreAdvice(dataDir, fileName, path), error);
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new StoreError(
      'busy',
      path,
      `is locked by another process (still locked after ${BUSY_TIMEOUT_MS / 1000} s)`,
      'Wait for it to finish (another Brief, npm run deliver or a backup using the same DATA_DIR) and start again.',
      error,
    );
  }
  const free = freeBytesAt(dataDir);
  // A full disk often shows as an I/O error (the shared-memory file cannot grow: SQLITE_IOERR_SHMSIZE).
  if (code === 'SQLITE_FULL' || (code.startsWith('SQLITE_IOERR') && free !== null && free < 64 * 1024)) {
    return new StoreError('full', path, `cannot be written: the disk is full (${free === null ? 'free space unknown' : `${formatBytes(free)} free`})`, 'Free some space on that disk and start again.', error);
  }
  if (code.startsWith('SQLITE_READONLY') || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM' || code.startsWith('SQLITE_IOERR')) {
    return new StoreError('unwritable', path, `cannot be opened for reading and writing (${code}: ${message})`, 'Check its permissions and those of its folder.', error);
  }
  return new StoreError('schema', path, `cannot be opened: ${message}`, restoreAdvice(dataDir, fileName, path), error);
}

/** Tables and columns the migrations make, read from a scratch database so the check never drifts from them. */
function expectedColumns(migrations: readonly string[]): Map<string, string[]> {
  const reference = new Database(':memory:');
  try {
    for (const sql of migrations) reference.exec(sql);
    return columnsOf(reference);
  } finally {
    reference.close();
  }
}

function columnsOf(db: Database.Database): Map<string, string[]> {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return new Map(tables.map((table) => [table, (db.pragma(`table_info(${JSON.stringify(table)})`) as { name: string }[]).map((column) => column.name)]));
}

/** Names the first table or column the migrations make that `db` lacks, or null when it has them all. */
function missingSchema(db: Database.Database, migrations: readonly string[]): string | null {
  const actual = columnsOf(db);
  for (const [table, columns] of expectedColumns(migrations)) {
    const present = actual.get(table);
    if (!present) return `has no table "${table}"`;
    const missing = columns.filter((column) => !present.includes(column));
    if (missing.length > 0) return `has no column ${missing.map((column) => `"${column}"`).join(', ')} in table "${table}"`;
  }
  return null;
}

/**
 * Opens `<dataDir>/<fileName>` for the store after checking, in order, that the folder is writable, the file is
 * a regular file that was not emptied or lost (when a backup says it held records), SQLite reads it whole
 * (`quick_check`), and its schema is one this version knows; then applies `migrate`. Any failure is a
 * StoreError naming the file, what is wrong and what to do; nothing is created or changed before the checks pass.
 */
export function openCheckedDatabase(options: {
  dataDir: string;
  fileName: string;
  migrations: readonly string[];
  migrate: (db: Database.Database) => void;
}): Database.Database {
  const { dataDir, fileName, migrations } = options;
  checkDataDir(dataDir);
  const path = join(dataDir, fileName);

  let size: number | null = null;
  try {
    const info = lstatSync(path);
    if (!info.isFile()) {
      throw new StoreError(
        'not-a-file',
        path,
        `is ${info.isDirectory() ? 'a folder' : info.isSymbolicLink() ? 'a symbolic link' : 'not a regular file'}, not a data file`,
        `Move it aside (mv ${path} ${path}.aside) so Brief can create its store there, or set DATA_DIR to another folder.`,
      );
    }
    size = info.size;
  } catch (error) {
    if (error instanceof StoreError) throw error;
    if (codeOf(error) !== 'ENOENT') throw explain(error, dataDir, fileName, path);
  }
  // SQLite takes an empty or missing file for a new database; after a truncation that would drop every subscription.
  const backup = listBackups(dataDir, fileName).find((candidate) => candidate.bytes > 0);
  if (size === 0) {
    throw new StoreError(
      'empty',
      path,
      'is empty (0 bytes): it was truncated, and the subscriptions it held are gone from it',
      backup
        ? `Restore the newest backup (${backup.day}): ${walAside(path) ? `${walAside(path).slice(4)} && ` : ''}cp ${backup.path} ${path}`
        : `Restore it from your own backup; or delete it (rm ${path}) to start with an empty store.`,
    );
  }
  if (size === null && backup) {
    throw new StoreError(
      'missing',
      path,
      `is missing, but ${backup.path} (${formatBytes(backup.bytes)}) shows it held records`,
      `Restore it: cp ${backup.path} ${path}. To start with an empty store instead, move ${join(dataDir, 'backups')} aside.`,
    );
  }

  let db: Database.Database | null = null;
  try {
    db = new Database(path);
    // First, so that every check below waits for another process's lock instead of failing at once.
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
    const check = db.pragma('quick_check(5)', { simple: false }) as { quick_check: string }[];
    if (check[0]?.quick_check !== 'ok') {
      throw new StoreError('corrupt', path, `fails SQLite's integrity check (${check.map((row) => row.quick_check).join('; ')})`, restoreAdvice(dataDir, fileName, path));
    }
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version > migrations.length) {
      throw new StoreError(
        'newer-schema',
        path,
        `was written by a newer version of Brief (schema version ${version}; this version knows up to ${migrations.length})`,
        'Run the newer Brief again, or restore a backup this version made.',
      );
    }
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a process crash (only an OS crash can lose the last commits).
    db.pragma('synchronous = NORMAL');
    // Memory-mapped reads roughly halve the cost of the small updates a fan-out makes per subscriber.
    db.pragma('mmap_size = 268435456');
    options.migrate(db);
    const missing = missingSchema(db, migrations);
    if (missing) {
      throw new StoreError(
        'schema',
        path,
        `${missing}, which this version of Brief needs (it was changed by hand or by another program)`,
        restoreAdvice(dataDir, fileName, path),
      );
    }
    return db;
  } catch (error) {
    db?.close();
    throw explain(error, dataDir, fileName, path);
  }
}
