import type Database from 'better-sqlite3';
import { createClaimBook } from './claim-book.js';
import { openCheckedDatabase } from './sqlite-open.js';
import { articlesMigration, createSqliteArticles } from './sqlite-articles.js';
import { ArticleStoreDelegate } from './article-store-delegate.js';
import type {
  DueClaim,
  ChatType,
  DeliveredStory,
  DeliveryChannel,
  DeliveryKey,
  DeliveryRecord,
  DeliveryState,
  DueQuery,
  Store,
  Subscription,
  SubscriptionInput,
  Topics,
} from './types.js';

/**
 * Schema versions, applied in order and tracked in `PRAGMA user_version`, so an old data file is brought
 * up to date at start-up without losing anything.
 */
export const migrations: readonly string[] = [
  `
  CREATE TABLE deliveries (
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    edition TEXT NOT NULL,
    state TEXT NOT NULL,
    parts_sent INTEGER NOT NULL DEFAULT 0,
    part_in_flight INTEGER,
    attempts INTEGER NOT NULL DEFAULT 0,
    last_error TEXT,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (channel, target, edition)
  ) WITHOUT ROWID;

  CREATE TABLE subscriptions (
    chat_id TEXT PRIMARY KEY,
    chat_type TEXT NOT NULL,
    delivery_time TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    active INTEGER NOT NULL,
    end_reason TEXT,
    next_delivery_at INTEGER,
    next_edition TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  );

  -- Partial index: "who is due" reads only active rows, in delivery order, as one range scan.
  CREATE INDEX subscriptions_due ON subscriptions (next_delivery_at, chat_id) WHERE active = 1;
  `,
  `
  -- Pruning old ledger records reads them by age (ISO timestamps sort as text).
  CREATE INDEX deliveries_updated ON deliveries (updated_at);
  `,
  `
  -- The parts of a delivery under way, as JSON, so a resumed delivery sends the rest of the same digest.
  ALTER TABLE deliveries ADD COLUMN parts TEXT;
  `,
  `
  -- Who runs a fan-out now (owner) and until when (epoch ms): one process at a time per data file.
  CREATE TABLE leases (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    until INTEGER NOT NULL
  ) WITHOUT ROWID;
  `,
  `
  -- The stories each delivery carried, with their report counts, so a morning holds only what is new for its reader.
  CREATE TABLE delivery_stories (
    channel TEXT NOT NULL,
    target TEXT NOT NULL,
    edition TEXT NOT NULL,
    story_id TEXT NOT NULL,
    reports INTEGER NOT NULL,
    PRIMARY KEY (channel, target, edition, story_id)
  ) WITHOUT ROWID;

  -- A reader's topics (JSON {follow, mute}) and whether they want a line when nothing is new.
  ALTER TABLE subscriptions ADD COLUMN topics TEXT;
  ALTER TABLE subscriptions ADD COLUMN nothing_new_notice INTEGER NOT NULL DEFAULT 0;
  `,
  articlesMigration,
];

interface DeliveryRow {
  channel: string;
  target: string;
  edition: string;
  state: string;
  parts_sent: number;
  part_in_flight: number | null;
  attempts: number;
  last_error: string | null;
  updated_at: string;
  parts: string | null;
}

interface SubscriptionRow {
  chat_id: string;
  chat_type: string;
  delivery_time: string;
  time_zone: string;
  active: number;
  end_reason: string | null;
  next_delivery_at: number | null;
  next_edition: string | null;
  created_at: string;
  updated_at: string;
  topics: string | null;
  nothing_new_notice: number;
}

function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    channel: row.channel as DeliveryRecord['channel'],
    target: row.target,
    edition: row.edition,
    state: row.state as DeliveryState,
    partsSent: row.parts_sent,
    attempts: row.attempts,
    lastError: row.last_error,
    updatedAt: row.updated_at,
    partInFlight: row.part_in_flight,
    parts: row.parts === null ? null : (JSON.parse(row.parts) as string[]),
  };
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    chatId: row.chat_id,
    chatType: row.chat_type as ChatType,
    deliveryTime: row.delivery_time,
    timeZone: row.time_zone,
    active: row.active === 1,
    endReason: row.end_reason,
    nextDeliveryAt: row.next_delivery_at === null ? null : new Date(row.next_delivery_at),
    nextEdition: row.next_edition,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    topics: parseTopics(row.topics),
    nothingNewNotice: row.nothing_new_notice === 1,
  };
}

function parseTopics(text: string | null): Topics {
  if (text === null) return { follow: [], mute: [] };
  const value = JSON.parse(text) as Partial<Topics>;
  return { follow: value.follow ?? [], mute: value.mute ?? [] };
}

/** The SQL that answers "who is due"; exported so a test can check SQLite plans it on the index. */
export const dueSubscriptionsSql = `
  SELECT * FROM subscriptions
  WHERE active = 1 AND next_delivery_at <= @now
    AND (next_delivery_at, chat_id) > (@afterAt, @afterChat)
  ORDER BY next_delivery_at, chat_id
  LIMIT @limit`;

/** The embedded default Store: one SQLite file in WAL mode; survives restarts and crashes. */
export class SqliteStore extends ArticleStoreDelegate implements Store {
  private readonly statements;
  private readonly claims = createClaimBook();

  constructor(private readonly db: Database.Database) {
    super(createSqliteArticles(db));
    this.statements = {
      beginInsert: db.prepare(
        `INSERT INTO deliveries (channel, target, edition, state, parts_sent, attempts, updated_at)
         VALUES (@channel, @target, @edition, 'pending', 0, 1, @now)
         ON CONFLICT (channel, target, edition) DO UPDATE SET attempts = attempts + 1, updated_at = @now
         RETURNING *`,
      ),
      getDelivery: db.prepare('SELECT * FROM deliveries WHERE channel = ? AND target = ? AND edition = ?'),
      prune: db.prepare('DELETE FROM deliveries WHERE updated_at < ?'),
      // Updates that find no row create it, as MemoryStore does, so a skip can be recorded without a begin.
      ensureDelivery: db.prepare(
        `INSERT INTO deliveries (channel, target, edition, state, parts_sent, attempts, updated_at)
         VALUES (@channel, @target, @edition, 'pending', 0, 0, @now) ON CONFLICT DO NOTHING`,
      ),
      partStarted: db.prepare(
        'UPDATE deliveries SET part_in_flight = @part, updated_at = @now WHERE channel = @channel AND target = @target AND edition = @edition',
      ),
      partSent: db.prepare(
        'UPDATE deliveries SET parts_sent = @partsSent, part_in_flight = NULL, updated_at = @now WHERE channel = @channel AND target = @target AND edition = @edition',
      ),
      setState: db.prepare(
        `UPDATE deliveries SET state = @state, last_error = @error, updated_at = @now,
           part_in_flight = CASE WHEN @clearInFlight = 1 THEN NULL ELSE part_in_flight END,
           parts = CASE WHEN @state = 'pending' THEN parts ELSE NULL END
         WHERE channel = @channel AND target = @target AND edition = @edition`,
      ),
      recordParts: db.prepare(
        'UPDATE deliveries SET parts = @parts, updated_at = @now WHERE channel = @channel AND target = @target AND edition = @edition',
      ),
      upsertSubscription: db.prepare(
        `INSERT INTO subscriptions (chat_id, chat_type, delivery_time, time_zone, active, end_reason, next_delivery_at, next_edition, created_at, updated_at)
         VALUES (@chatId, @chatType, @deliveryTime, @timeZone, 1, NULL, @nextDeliveryAt, @nextEdition, @now, @now)
         ON CONFLICT (chat_id) DO UPDATE SET chat_type = excluded.chat_type, delivery_time = excluded.delivery_time,
           time_zone = excluded.time_zone, active = 1, end_reason = NULL, next_delivery_at = excluded.next_delivery_at,
           next_edition = excluded.next_edition, updated_at = excluded.updated_at`,
      ),
      getSubscription: db.prepare('SELECT * FROM subscriptions WHERE chat_id = ?'),
      due: db.prepare(dueSubscriptionsSql),
      scheduleNext: db.prepare(
        'UPDATE subscriptions SET next_delivery_at = ?, next_edition = ?, updated_at = ? WHERE chat_id = ? AND active = 1',
      ),
      end: db.prepare(
        'UPDATE subscriptions SET active = 0, end_reason = ?, next_delivery_at = NULL, next_edition = NULL, updated_at = ? WHERE chat_id = ?',
      ),
      moveChat: db.prepare(
        "UPDATE subscriptions SET chat_id = ?, chat_type = 'supergroup', updated_at = ? WHERE chat_id = ?",
      ),
      countActive: db.prepare('SELECT count(*) AS n FROM subscriptions WHERE active = 1'),
      acquireLease: db.prepare(
        `INSERT INTO leases (name, owner, until) VALUES (@name, @owner, @until)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
         WHERE leases.owner = excluded.owner OR leases.until <= @now`,
      ),
      releaseLease: db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?'),
      getLease: db.prepare('SELECT owner, until FROM leases WHERE name = ?'),
      takeOverLease: db.prepare('UPDATE leases SET owner = @owner, until = @until WHERE name = @name AND owner = @previousOwner'),
      clearStories: db.prepare('DELETE FROM delivery_stories WHERE channel = ? AND target = ? AND edition = ?'),
      insertStory: db.prepare(
        'INSERT OR REPLACE INTO delivery_stories (channel, target, edition, story_id, reports) VALUES (?, ?, ?, ?, ?)',
      ),
      deliveredStories: db.prepare(
        `SELECT s.story_id AS storyId, max(s.reports) AS reports
         FROM delivery_stories s JOIN deliveries d
           ON d.channel = s.channel AND d.target = s.target AND d.edition = s.edition
         WHERE s.channel = @channel AND s.target = @target AND s.edition <> @except
           AND (d.state = 'sent' OR d.parts_sent > 0)
         GROUP BY s.story_id`,
      ),
      pruneStories: db.prepare(
        `DELETE FROM delivery_stories WHERE NOT EXISTS (SELECT 1 FROM deliveries d
           WHERE d.channel = delivery_stories.channel AND d.target = delivery_stories.target AND d.edition = delivery_stories.edition)`,
      ),
      markUncertain: db.prepare(
        `UPDATE deliveries SET state = 'failed', last_error = @reason, parts = NULL, updated_at = @now
         WHERE channel = @channel AND target = @target AND edition = @edition`,
      ),
      uncertain: db.prepare(
        `SELECT * FROM deliveries WHERE channel = ? AND state = 'failed' AND part_in_flight IS NOT NULL AND updated_at >= ?
         ORDER BY updated_at, target`,
      ),
      setTopics: db.prepare('UPDATE subscriptions SET topics = ?, updated_at = ? WHERE chat_id = ?'),
      setNotice: db.prepare('UPDATE subscriptions SET nothing_new_notice = ?, updated_at = ? WHERE chat_id = ?'),
    };
  }

  async beginDelivery(key: DeliveryKey): Promise<DeliveryRecord> {
    return toDelivery(this.statements.beginInsert.get({ ...key, now: new Date().toISOString() }) as DeliveryRow);
  }

  async recordPartStarted(key: DeliveryKey, part: number): Promise<void> {
    this.updateOrCreate(key, this.statements.partStarted, { part });
  }

  async recordPartSent(key: DeliveryKey, partsSent: number): Promise<void> {
    this.updateOrCreate(key, this.statements.partSent, { partsSent });
  }

  async markDelivered(key: DeliveryKey): Promise<void> {
    this.setState(key, 'sent', null, true);
  }

  async markFailed(key: DeliveryKey, error: string, final: boolean): Promise<void> {
    this.setState(key, final ? 'failed' : 'pending', error, true);
  }

  async markSkipped(key: DeliveryKey, reason: string): Promise<void> {
    this.setState(key, 'skipped', reason, false);
  }

  async recordParts(key: DeliveryKey, parts: string[]): Promise<void> {
    this.updateOrCreate(key, this.statements.recordParts, { parts: JSON.stringify(parts) });
  }

  async pruneDeliveries(updatedBefore: Date): Promise<number> {
    return this.db.transaction(() => {
      const removed = this.statements.prune.run(updatedBefore.toISOString()).changes;
      if (removed > 0) this.statements.pruneStories.run();
      return removed;
    })();
  }

  async recordDeliveryStories(key: DeliveryKey, stories: DeliveredStory[]): Promise<void> {
    this.db.transaction(() => {
      this.statements.clearStories.run(key.channel, key.target, key.edition);
      for (const story of stories) {
        this.statements.insertStory.run(key.channel, key.target, key.edition, story.storyId, story.reports);
      }
    })();
  }

  async listDeliveredStories(channel: DeliveryChannel, target: string, exceptEdition?: string): Promise<DeliveredStory[]> {
    // '' is never an edition, so it leaves nothing out.
    return this.statements.deliveredStories.all({ channel, target, except: exceptEdition ?? '' }) as DeliveredStory[];
  }

  async markUncertain(key: DeliveryKey, reason: string): Promise<void> {
    this.updateOrCreate(key, this.statements.markUncertain, { reason });
  }

  async listUncertainDeliveries(channel: DeliveryChannel, since: Date): Promise<DeliveryRecord[]> {
    return (this.statements.uncertain.all(channel, since.toISOString()) as DeliveryRow[]).map(toDelivery);
  }

  async setTopics(chatId: string, topics: Topics): Promise<void> {
    this.statements.setTopics.run(JSON.stringify({ follow: topics.follow, mute: topics.mute }), new Date().toISOString(), chatId);
  }

  async setNothingNewNotice(chatId: string, on: boolean): Promise<void> {
    this.statements.setNotice.run(on ? 1 : 0, new Date().toISOString(), chatId);
  }

  async getDelivery(key: DeliveryKey): Promise<DeliveryRecord | null> {
    return this.readDelivery(key);
  }

  async upsertSubscription(input: SubscriptionInput): Promise<Subscription> {
    this.statements.upsertSubscription.run({
      ...input,
      nextDeliveryAt: input.nextDeliveryAt.getTime(),
      now: new Date().toISOString(),
    });
    return (await this.getSubscription(input.chatId)) as Subscription;
  }

  async getSubscription(chatId: string): Promise<Subscription | null> {
    const row = this.statements.getSubscription.get(chatId) as SubscriptionRow | undefined;
    return row ? toSubscription(row) : null;
  }

  async listDueSubscriptions(query: DueQuery): Promise<Subscription[]> {
    const rows = this.statements.due.all({
      now: query.now.getTime(),
      // Without a cursor, start below every real instant; '' sorts before every chat id.
      afterAt: query.after ? query.after.nextDeliveryAt.getTime() : Number.MIN_SAFE_INTEGER,
      afterChat: query.after ? query.after.chatId : '',
      limit: query.limit,
    }) as SubscriptionRow[];
    return rows.map(toSubscription);
  }

  async scheduleNextDelivery(chatId: string, nextDeliveryAt: Date, nextEdition: string): Promise<void> {
    this.statements.scheduleNext.run(nextDeliveryAt.getTime(), nextEdition, new Date().toISOString(), chatId);
  }

  async endSubscription(chatId: string, reason: string): Promise<void> {
    this.statements.end.run(reason, new Date().toISOString(), chatId);
  }

  async migrateChat(fromChatId: string, toChatId: string): Promise<void> {
    const migrate = this.db.transaction(() => {
      const target = this.statements.getSubscription.get(toChatId) as SubscriptionRow | undefined;
      if (target) this.statements.end.run('migrated', new Date().toISOString(), fromChatId);
      else this.statements.moveChat.run(toChatId, new Date().toISOString(), fromChatId);
    });
    migrate();
  }

  async countActiveSubscriptions(): Promise<number> {
    return (this.statements.countActive.get() as { n: number }).n;
  }

  async claimDueSubscriptions(claim: DueClaim): Promise<Subscription[]> {
    return this.claims.claim(claim, (query) => this.listDueSubscriptions(query));
  }

  async releaseSubscriptionClaims(owner: string): Promise<void> {
    this.claims.release(owner);
  }

  async acquireLease(name: string, owner: string, until: Date): Promise<boolean> {
    return this.statements.acquireLease.run({ name, owner, until: until.getTime(), now: Date.now() }).changes > 0;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.statements.releaseLease.run(name, owner);
  }

  async getLease(name: string): Promise<{ owner: string; until: Date } | null> {
    const row = this.statements.getLease.get(name) as { owner: string; until: number } | undefined;
    return row ? { owner: row.owner, until: new Date(row.until) } : null;
  }

  async takeOverLease(name: string, previousOwner: string, owner: string, until: Date): Promise<boolean> {
    return this.statements.takeOverLease.run({ name, previousOwner, owner, until: until.getTime() }).changes > 0;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Runs an update of one ledger row, creating the row first only when the update found none. */
  private updateOrCreate(key: DeliveryKey, statement: Database.Statement, values: Record<string, unknown>): void {
    const params = { ...key, ...values, now: new Date().toISOString() };
    if (statement.run(params).changes > 0) return;
    this.statements.ensureDelivery.run(params);
    statement.run(params);
  }

  private setState(key: DeliveryKey, state: DeliveryState, error: string | null, clearInFlight: boolean): void {
    this.updateOrCreate(key, this.statements.setState, { state, error, clearInFlight: clearInFlight ? 1 : 0 });
  }

  private readDelivery(key: DeliveryKey): DeliveryRecord | null {
    const row = this.statements.getDelivery.get(key.channel, key.target, key.edition) as DeliveryRow | undefined;
    return row ? toDelivery(row) : null;
  }
}

/** Applies every migration newer than the file's `user_version`, each in its own transaction. */
function migrate(db: Database.Database): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let version = current; version < migrations.length; version += 1) {
    const sql = migrations[version] as string;
    db.transaction(() => {
      db.exec(sql);
      db.pragma(`user_version = ${version + 1}`);
    })();
  }
}

/**
 * Opens (creating if needed) `<dataDir>/brief.sqlite` in WAL mode, after the start-up checks of
 * `openCheckedDatabase`, and brings its schema up to date; throws a StoreError an operator can act on.
 */
export function openSqliteStore(dataDir: string, fileName = 'brief.sqlite'): SqliteStore {
  const db = openCheckedDatabase({ dataDir, fileName, migrations, migrate });
  return new SqliteStore(db);
}
