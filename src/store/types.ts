/**
 * The storage port. Channels depend on this interface only; `SqliteStore` is the embedded default
 * and `MemoryStore` serves tests. Methods are async so a server database can implement it later.
 */

/** Which channel a delivery belongs to. */
export type DeliveryChannel = 'telegram' | 'slack';

/**
 * Names one edition of the digest for one target: e.g. a Telegram chat's morning of 2025-12-01
 * (`edition` = the local date), or a Slack channel's post for one cron slot.
 */
export interface DeliveryKey {
  channel: DeliveryChannel;
  /** Chat id or channel id. */
  target: string;
  edition: string;
}

export type DeliveryState = 'pending' | 'sent' | 'failed' | 'skipped';

/** What the ledger knows of one delivery. */
export interface DeliveryRecord extends DeliveryKey {
  state: DeliveryState;
  /** How many parts of a multi-message digest have been sent; lets a resumed fan-out continue without repeats. */
  partsSent: number;
  attempts: number;
  lastError: string | null;
  updatedAt: string;
}

/**
 * The delivery ledger: makes each edition reach each target exactly once across crashes and restarts.
 * A sender calls `beginDelivery`, sends only when it answers a record in state `pending` or `failed`,
 * records each part with `recordPartSent`, and closes with `markDelivered` or `markFailed`.
 */
export interface DeliveryLedger {
  /** Creates the record as `pending` if absent and returns it (existing records are returned unchanged, with `attempts` increased). */
  beginDelivery(key: DeliveryKey): Promise<DeliveryRecord>;
  recordPartSent(key: DeliveryKey, partsSent: number): Promise<void>;
  markDelivered(key: DeliveryKey): Promise<void>;
  /** `final` true: give up (state `failed` is kept for the operator); false: leave it for a retry. */
  markFailed(key: DeliveryKey, error: string, final: boolean): Promise<void>;
  markSkipped(key: DeliveryKey, reason: string): Promise<void>;
  getDelivery(key: DeliveryKey): Promise<DeliveryRecord | null>;
}

/** The whole store. Channel-specific parts (subscriptions) extend this interface in their own files. */
export interface Store extends DeliveryLedger {
  close(): Promise<void>;
}
