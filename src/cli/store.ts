import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadConfig } from '../config.js';
import { ConfigError, StoreError, UsageError } from '../errors.js';
import { isHelp } from './help.js';
import { backupDatabase, backupFolderOf } from '../store/backups.js';
import { formatBytes } from '../store/sqlite-open.js';
import { migrations, openSqliteStore } from '../store/sqlite-store.js';

/** The usage line `npm run store` prints for bad arguments. */
export const storeUsage = 'Usage: npm run store -- check | backup [FILE]   (FILE defaults to DATA_DIR/backups/brief-<time>.sqlite)';

/** What `npm run store` was asked to do. Pure, for tests. */
export function parseStoreArgs(argv: string[]): { command: 'check' } | { command: 'backup'; file: string | null } {
  const [command, ...rest] = argv;
  if (command === 'check' && rest.length === 0) return { command };
  if (command === 'backup' && rest.length <= 1) return { command, file: rest[0] ?? null };
  throw new UsageError(command === undefined ? 'Say what to do.' : `Unknown or malformed command "${argv.join(' ')}".`, storeUsage);
}

/**
 * `npm run store -- check`: runs Brief's start-up checks on the data file and says what it holds.
 * `npm run store -- backup [FILE]`: copies it with SQLite's online backup API, safe while Brief runs.
 */
export async function runStoreCli(argv: string[], print: (line: string) => void = console.log, warn: (line: string) => void = console.error): Promise<number> {
  if (isHelp(argv[0])) {
    print(storeUsage);
    return 0;
  }
  let args;
  let config;
  try {
    args = parseStoreArgs(argv);
    config = await loadConfig();
  } catch (error) {
    if (error instanceof UsageError) {
      warn(`${error.message}\n${error.usage}`);
      return 2;
    }
    if (error instanceof ConfigError) {
      warn(error.message);
      return 1;
    }
    throw error;
  }
  const file = join(config.dataDir, 'brief.sqlite');
  try {
    // The same checks as start-up: a damaged file is named with what to do before anything is copied from it.
    const store = openSqliteStore(config.dataDir);
    const active = await store.countActiveSubscriptions();
    await store.close();
    if (args.command === 'check') {
      print(`${file}: ok (schema version ${migrations.length}, ${active} active subscription${active === 1 ? '' : 's'})`);
      return 0;
    }
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const target = args.file ?? join(backupFolderOf(config.dataDir), `brief-${stamp}.sqlite`);
    if (args.file === null) mkdirSync(backupFolderOf(config.dataDir), { recursive: true });
    const bytes = await backupDatabase(file, target);
    print(`Backed up ${file} to ${resolve(target)} (${formatBytes(bytes)}, ${active} active subscription${active === 1 ? '' : 's'}).`);
    return 0;
  } catch (error) {
    if (error instanceof StoreError) {
      warn(error.message);
      return 1;
    }
    const code = (error as NodeJS.ErrnoException).code;
    warn(`Could not write the backup${args.command === 'backup' && args.file ? ` to ${args.file}` : ''}: ${code ?? ''} ${(error as Error).message}`.replace(/\s+/g, ' '));
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await runStoreCli(process.argv.slice(2));
}
