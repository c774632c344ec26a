import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import Database from 'better-sqlite3';
import type { Logger } from '../logger.js';

/** One backup file in `DATA_DIR/backups/`. */
export interface BackupFile {
  path: string;
  /** The day it was taken (YYYY-MM-DD, UTC), from its name. */
  day: string;
  bytes: number;
}

/** The folder daily backups go to. */
export function backupFolderOf(dataDir: string): string {
  return join(dataDir, 'backups');
}

function stemOf(fileName: string): string {
  return basename(fileName, extname(fileName));
}

/** The daily backups of `fileName` in `dataDir`, newest first; a missing folder has none. */
export function listBackups(dataDir: string, fileName = 'brief.sqlite'): BackupFile[] {
  const folder = backupFolderOf(dataDir);
  const pattern = new RegExp(`^${stemOf(fileName).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(\\d{4}-\\d{2}-\\d{2})\\.sqlite$`);
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const backups: BackupFile[] = [];
  for (const name of names) {
    const day = pattern.exec(name)?.[1];
    if (!day) continue;
    try {
      const info = statSync(join(folder, name));
      if (info.isFile()) backups.push({ path: join(folder, name), day, bytes: info.size });
    } catch {
      // A backup removed while listing is simply not there.
    }
  }
  return backups.sort((a, b) => b.day.localeCompare(a.day));
}

/**
 * Copies the database at `source` to `target` with SQLite's online backup API, through a read-only connection of
 * its own, so it is safe while Brief writes to the file. The copy is written beside the target and renamed into
 * place, so a half-written backup never looks complete. Returns the backup's size in bytes.
 */
export async function backupDatabase(source: string, target: string): Promise<number> {
  const partial = `${target}.partial`;
  const db = new Database(source, { readonly: true, fileMustExist: true });
  try {
    db.pragma('busy_timeout = 5000');
    await db.backup(partial);
    renameSync(partial, target);
  } catch (error) {
    try {
      unlinkSync(partial);
    } catch {
      // Nothing was written.
    }
    throw error;
  } finally {
    db.close();
  }
  return statSync(target).size;
}

/** Handle of the daily backup timer. */
export interface DailyBackups {
  stop(): void;
}

/**
 * Takes a backup of today (UTC) unless one exists, and keeps the newest `days` of them; again every hour, so a
 * bot that runs for weeks has one per day. A failed backup is logged and does not stop Brief.
 */
export function startDailyBackups(options: {
  dataDir: string;
  fileName?: string;
  days: number;
  logger: Logger;
  now?: () => Date;
}): DailyBackups {
  const fileName = options.fileName ?? 'brief.sqlite';
  const now = options.now ?? (() => new Date());
  let running = false;
  const tick = async () => {
    if (running || options.days <= 0) return;
    running = true;
    try {
      const day = now().toISOString().slice(0, 10);
      const existing = listBackups(options.dataDir, fileName);
      if (!existing.some((backup) => backup.day === day)) {
        mkdirSync(backupFolderOf(options.dataDir), { recursive: true });
        const target = join(backupFolderOf(options.dataDir), `${stemOf(fileName)}-${day}.sqlite`);
        const bytes = await backupDatabase(join(options.dataDir, fileName), target);
        options.logger.info('store backed up', { file: target, bytes });
      }
      for (const old of listBackups(options.dataDir, fileName).slice(options.days)) unlinkSync(old.path);
    } catch (error) {
      options.logger.error('daily store backup failed', { folder: backupFolderOf(options.dataDir), error });
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(() => void tick(), 60 * 60 * 1000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
