import { join } from 'node:path';
import type { Logger } from '../logger.js';
import { BUSY_TIMEOUT_MS, formatBytes, freeBytesAt } from './sqlite-open.js';

/** What a reader is told when the store cannot take their change just now. */
export const storeBusyReply = 'Sorry, Brief could not save that just now. Please try again in a minute.';

/** Which store failure an error is: another process holding the lock past the busy timeout, or a full disk. */
export function storeFailureOf(error: unknown): 'busy' | 'full' | null {
  const code = String((error as { code?: unknown } | null)?.code ?? '');
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) return 'busy';
  if (code === 'SQLITE_FULL' || code === 'ENOSPC') return 'full';
  return null;
}

/** Logs store failures at run time; see `createStoreFaultReporter`. */
export interface StoreFaultReporter {
  /** Logs `error` if it is a store failure and returns its kind; null for any other error. */
  report(error: unknown, context: Record<string, unknown>): 'busy' | 'full' | null;
}

/**
 * Logs store failures at run time for the operator: a lock that outlasted the busy timeout each time (with the
 * wait), a full disk once per process (with the file and the free space), so a full disk does not
 * flood the log while Brief goes on serving what needs no write.
 */
export function createStoreFaultReporter(options: { dataDir: string; logger: Logger; fileName?: string }): StoreFaultReporter {
  const file = join(options.dataDir, options.fileName ?? 'brief.sqlite');
  let fullReported = false;
  return {
    report(error, context) {
      const kind = storeFailureOf(error);
      if (kind === 'busy') {
        options.logger.warn('store busy: another process held the lock longer than the busy timeout', {
          ...context,
          file,
          waitedMs: BUSY_TIMEOUT_MS,
        });
      } else if (kind === 'full' && !fullReported) {
        fullReported = true;
        const free = freeBytesAt(options.dataDir);
        options.logger.error('store cannot write: the disk is full; Brief goes on serving what needs no write', {
          ...context,
          file,
          free: free === null ? 'unknown' : formatBytes(free),
        });
      }
      return kind;
    },
  };
}
