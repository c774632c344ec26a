import type { DeliveryKey, DeliveryRecord, Store } from './types.js';

function keyOf(key: DeliveryKey): string {
  return `${key.channel}\u0000${key.target}\u0000${key.edition}`;
}

/** A Store kept in memory: for tests and for the console, where nothing needs to survive a restart. */
export class MemoryStore implements Store {
  private readonly deliveries = new Map<string, DeliveryRecord>();

  async beginDelivery(key: DeliveryKey): Promise<DeliveryRecord> {
    const existing = this.deliveries.get(keyOf(key));
    const record: DeliveryRecord = existing
      ? { ...existing, attempts: existing.attempts + 1, updatedAt: new Date().toISOString() }
      : { ...key, state: 'pending', partsSent: 0, attempts: 1, lastError: null, updatedAt: new Date().toISOString() };
    this.deliveries.set(keyOf(key), record);
    return { ...record };
  }

  async recordPartSent(key: DeliveryKey, partsSent: number): Promise<void> {
    this.update(key, { partsSent });
  }

  async markDelivered(key: DeliveryKey): Promise<void> {
    this.update(key, { state: 'sent', lastError: null });
  }

  async markFailed(key: DeliveryKey, error: string, final: boolean): Promise<void> {
    this.update(key, { state: final ? 'failed' : 'pending', lastError: error });
  }

  async markSkipped(key: DeliveryKey, reason: string): Promise<void> {
    this.update(key, { state: 'skipped', lastError: reason });
  }

  async getDelivery(key: DeliveryKey): Promise<DeliveryRecord | null> {
    const record = this.deliveries.get(keyOf(key));
    return record ? { ...record } : null;
  }

  async close(): Promise<void> {}

  private update(key: DeliveryKey, change: Partial<DeliveryRecord>): void {
    const existing = this.deliveries.get(keyOf(key)) ?? {
      ...key,
      state: 'pending' as const,
      partsSent: 0,
      attempts: 0,
      lastError: null,
      updatedAt: '',
    };
    this.deliveries.set(keyOf(key), { ...existing, ...change, updatedAt: new Date().toISOString() });
  }
}
