import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { startLedgerPruning } from '../../src/store/ledger-pruning.js';
import { MemoryStore } from '../../src/store/memory-store.js';

const day = 24 * 60 * 60 * 1000;

describe('startLedgerPruning', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('prunes records older than the retention at start and again each day, and says how many went', async () => {
    vi.useFakeTimers({ now: new Date('2025-10-01T07:00:00Z') });
    const store = new MemoryStore();
    await store.markDelivered({ channel: 'telegram', target: '42', edition: '2025-10-01' });
    vi.setSystemTime(new Date('2025-10-20T07:00:00Z'));
    await store.markDelivered({ channel: 'telegram', target: '42', edition: '2025-10-20' });
    vi.setSystemTime(new Date('2025-11-10T07:00:00Z'));
    const lines: string[] = [];
    const pruning = startLedgerPruning({ ledger: store, logger: createLogger('info', (line) => lines.push(line)) });
    try {
      await vi.advanceTimersByTimeAsync(0);
      // 30 days before 10 November is 11 October: the record of 1 October goes, the one of 20 October stays.
      expect(await store.getDelivery({ channel: 'telegram', target: '42', edition: '2025-10-01' })).toBeNull();
      expect(await store.getDelivery({ channel: 'telegram', target: '42', edition: '2025-10-20' })).not.toBeNull();
      expect(lines.filter((line) => line.includes('pruned the delivery ledger'))).toHaveLength(1);
      expect(lines[0]).toContain('removed=1');

      await vi.advanceTimersByTimeAsync(20 * day);
      expect(await store.getDelivery({ channel: 'telegram', target: '42', edition: '2025-10-20' })).toBeNull();
    } finally {
      pruning.stop();
    }
  });

  it('logs a failed prune and tries again the next day', async () => {
    vi.useFakeTimers();
    const pruneDeliveries = vi.fn<(before: Date) => Promise<number>>().mockRejectedValueOnce(new Error('database is locked')).mockResolvedValue(3);
    const lines: string[] = [];
    const pruning = startLedgerPruning({ ledger: { pruneDeliveries }, logger: createLogger('info', (line) => lines.push(line)) });
    try {
      await vi.advanceTimersByTimeAsync(0);
      expect(lines.some((line) => line.includes('WARN could not prune the delivery ledger error="database is locked"'))).toBe(true);
      await vi.advanceTimersByTimeAsync(day);
      expect(pruneDeliveries).toHaveBeenCalledTimes(2);
      expect(lines.some((line) => line.includes('removed=3'))).toBe(true);
    } finally {
      pruning.stop();
    }
  });
});
