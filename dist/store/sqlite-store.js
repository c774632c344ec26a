import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createClaimBook } from './claim-book.js';
/**
 * Schema versions, applied in order and tracked in `PRAGMA user_version`, so an old data file is brought
 * up to date at start-up without losing anything.
 */
export const migrations = [
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
];
function toDelivery(row) {
    return {
        channel: row.channel,
        target: row.target,
        edition: row.edition,
        state: row.state,
        partsSent: row.parts_sent,
        attempts: row.attempts,
        lastError: row.last_error,
        updatedAt: row.updated_at,
        partInFlight: row.part_in_flight,
        parts: row.parts === null ? null : JSON.parse(row.parts),
    };
}
function toSubscription(row) {
    return {
        chatId: row.chat_id,
        chatType: row.chat_type,
        deliveryTime: row.delivery_time,
        timeZone: row.time_zone,
        active: row.active === 1,
        endReason: row.end_reason,
        nextDeliveryAt: row.next_delivery_at === null ? null : new Date(row.next_delivery_at),
        nextEdition: row.next_edition,
        createdAt: row.created_at,
        updatedAt: row.updated_at,
    };
}
/** The SQL that answers "who is due"; exported so a test can check SQLite plans it on the index. */
export const dueSubscriptionsSql = `
  SELECT * FROM subscriptions
  WHERE active = 1 AND next_delivery_at <= @now
    AND (next_delivery_at, chat_id) > (@afterAt, @afterChat)
  ORDER BY next_delivery_at, chat_id
  LIMIT @limit`;
/** The embedded default Store: one SQLite file in WAL mode; survives restarts and crashes. */
export class SqliteStore {
    db;
    statements;
    claims = createClaimBook();
    constructor(db) {
        this.db = db;
        this.statements = {
            beginInsert: db.prepare(`INSERT INTO deliveries (channel, target, edition, state, parts_sent, attempts, updated_at)
         VALUES (@channel, @target, @edition, 'pending', 0, 1, @now)
         ON CONFLICT (channel, target, edition) DO UPDATE SET attempts = attempts + 1, updated_at = @now
         RETURNING *`),
            getDelivery: db.prepare('SELECT * FROM deliveries WHERE channel = ? AND target = ? AND edition = ?'),
            prune: db.prepare('DELETE FROM deliveries WHERE updated_at < ?'),
            // Updates that find no row create it, as MemoryStore does, so a skip can be recorded without a begin.
            ensureDelivery: db.prepare(`INSERT INTO deliveries (channel, target, edition, state, parts_sent, attempts, updated_at)
         VALUES (@channel, @target, @edition, 'pending', 0, 0, @now) ON CONFLICT DO NOTHING`),
            partStarted: db.prepare('UPDATE deliveries SET part_in_flight = @part, updated_at = @now WHERE channel = @channel AND target = @target AND edition = @edition'),
            partSent: db.prepare('UPDATE deliveries SET parts_sent = @partsSent, part_in_flight = NULL, updated_at = @now WHERE channel = @channel AND target = @target AND edition = @edition'),
            setState: db.prepare(`UPDATE deliveries SET state = @state, last_error = @error, updated_at = @now,
           part_in_flight = CASE WHEN @clearInFlight = 1 THEN NULL ELSE part_in_flight END,
           parts = CASE WHEN @state = 'pending' THEN parts ELSE NULL END
         WHERE channel = @channel AND target = @target AND edition = @edition`),
            recordParts: db.prepare('UPDATE deliveries SET parts = @parts, updated_at = @now WHERE channel = @channel AND target = @target AND edition = @edition'),
            upsertSubscription: db.prepare(`INSERT INTO subscriptions (chat_id, chat_type, delivery_time, time_zone, active, end_reason, next_delivery_at, next_edition, created_at, updated_at)
         VALUES (@chatId, @chatType, @deliveryTime, @timeZone, 1, NULL, @nextDeliveryAt, @nextEdition, @now, @now)
         ON CONFLICT (chat_id) DO UPDATE SET chat_type = excluded.chat_type, delivery_time = excluded.delivery_time,
           time_zone = excluded.time_zone, active = 1, end_reason = NULL, next_delivery_at = excluded.next_delivery_at,
           next_edition = excluded.next_edition, updated_at = excluded.updated_at`),
            getSubscription: db.prepare('SELECT * FROM subscriptions WHERE chat_id = ?'),
            due: db.prepare(dueSubscriptionsSql),
            scheduleNext: db.prepare('UPDATE subscriptions SET next_delivery_at = ?, next_edition = ?, updated_at = ? WHERE chat_id = ? AND active = 1'),
            end: db.prepare('UPDATE subscriptions SET active = 0, end_reason = ?, next_delivery_at = NULL, next_edition = NULL, updated_at = ? WHERE chat_id = ?'),
            moveChat: db.prepare("UPDATE subscriptions SET chat_id = ?, chat_type = 'supergroup', updated_at = ? WHERE chat_id = ?"),
            countActive: db.prepare('SELECT count(*) AS n FROM subscriptions WHERE active = 1'),
            acquireLease: db.prepare(`INSERT INTO leases (name, owner, until) VALUES (@name, @owner, @until)
         ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
         WHERE leases.owner = excluded.owner OR leases.until <= @now`),
            releaseLease: db.prepare('DELETE FROM leases WHERE name = ? AND owner = ?'),
        };
    }
    async beginDelivery(key) {
        return toDelivery(this.statements.beginInsert.get({ ...key, now: new Date().toISOString() }));
    }
    async recordPartStarted(key, part) {
        this.updateOrCreate(key, this.statements.partStarted, { part });
    }
    async recordPartSent(key, partsSent) {
        this.updateOrCreate(key, this.statements.partSent, { partsSent });
    }
    async markDelivered(key) {
        this.setState(key, 'sent', null, true);
    }
    async markFailed(key, error, final) {
        this.setState(key, final ? 'failed' : 'pending', error, true);
    }
    async markSkipped(key, reason) {
        this.setState(key, 'skipped', reason, false);
    }
    async recordParts(key, parts) {
        this.updateOrCreate(key, this.statements.recordParts, { parts: JSON.stringify(parts) });
    }
    async pruneDeliveries(updatedBefore) {
        return this.statements.prune.run(updatedBefore.toISOString()).changes;
    }
    async getDelivery(key) {
        return this.readDelivery(key);
    }
    async upsertSubscription(input) {
        this.statements.upsertSubscription.run({
            ...input,
            nextDeliveryAt: input.nextDeliveryAt.getTime(),
            now: new Date().toISOString(),
        });
        return (await this.getSubscription(input.chatId));
    }
    async getSubscription(chatId) {
        const row = this.statements.getSubscription.get(chatId);
        return row ? toSubscription(row) : null;
    }
    async listDueSubscriptions(query) {
        const rows = this.statements.due.all({
            now: query.now.getTime(),
            // Without a cursor, start below every real instant; '' sorts before every chat id.
            afterAt: query.after ? query.after.nextDeliveryAt.getTime() : Number.MIN_SAFE_INTEGER,
            afterChat: query.after ? query.after.chatId : '',
            limit: query.limit,
        });
        return rows.map(toSubscription);
    }
    async scheduleNextDelivery(chatId, nextDeliveryAt, nextEdition) {
        this.statements.scheduleNext.run(nextDeliveryAt.getTime(), nextEdition, new Date().toISOString(), chatId);
    }
    async endSubscription(chatId, reason) {
        this.statements.end.run(reason, new Date().toISOString(), chatId);
    }
    async migrateChat(fromChatId, toChatId) {
        const migrate = this.db.transaction(() => {
            const target = this.statements.getSubscription.get(toChatId);
            if (target)
                this.statements.end.run('migrated', new Date().toISOString(), fromChatId);
            else
                this.statements.moveChat.run(toChatId, new Date().toISOString(), fromChatId);
        });
        migrate();
    }
    async countActiveSubscriptions() {
        return this.statements.countActive.get().n;
    }
    async claimDueSubscriptions(claim) {
        return this.claims.claim(claim, (query) => this.listDueSubscriptions(query));
    }
    async releaseSubscriptionClaims(owner) {
        this.claims.release(owner);
    }
    async acquireLease(name, owner, until) {
        return this.statements.acquireLease.run({ name, owner, until: until.getTime(), now: Date.now() }).changes > 0;
    }
    async releaseLease(name, owner) {
        this.statements.releaseLease.run(name, owner);
    }
    async close() {
        if (this.db.open)
            this.db.close();
    }
    /** Runs an update of one ledger row, creating the row first only when the update found none. */
    updateOrCreate(key, statement, values) {
        const params = { ...key, ...values, now: new Date().toISOString() };
        if (statement.run(params).changes > 0)
            return;
        this.statements.ensureDelivery.run(params);
        statement.run(params);
    }
    setState(key, state, error, clearInFlight) {
        this.updateOrCreate(key, this.statements.setState, { state, error, clearInFlight: clearInFlight ? 1 : 0 });
    }
    readDelivery(key) {
        const row = this.statements.getDelivery.get(key.channel, key.target, key.edition);
        return row ? toDelivery(row) : null;
    }
}
/** Applies every migration newer than the file's `user_version`, each in its own transaction. */
function migrate(db) {
    const current = db.pragma('user_version', { simple: true });
    for (let version = current; version < migrations.length; version += 1) {
        const sql = migrations[version];
        db.transaction(() => {
            db.exec(sql);
            db.pragma(`user_version = ${version + 1}`);
        })();
    }
}
/** Opens (creating if needed) `<dataDir>/brief.sqlite` in WAL mode and brings its schema up to date. */
export function openSqliteStore(dataDir, fileName = 'brief.sqlite') {
    mkdirSync(dataDir, { recursive: true });
    const db = new Database(join(dataDir, fileName));
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a process crash (only an OS crash can lose the last commits).
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 5000');
    // Memory-mapped reads roughly halve the cost of the small updates a fan-out makes per subscriber.
    db.pragma('mmap_size = 268435456');
    migrate(db);
    return new SqliteStore(db);
}
//# sourceMappingURL=sqlite-store.js.map