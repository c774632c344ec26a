import { fileURLToPath } from 'node:url';
import { runner } from 'node-pg-migrate';
import pg from 'pg';
import { createPostgresArticles } from './postgres-articles.js';
import { inTransaction } from './postgres-transaction.js';
import { ArticleStoreDelegate } from './article-store-delegate.js';
import type {
  ChatType,
  DeliveredStory,
  DeliveryChannel,
  DeliveryKey,
  DeliveryRecord,
  DeliveryState,
  DueClaim,
  DueQuery,
  SendPacer,
  Store,
  Subscription,
  SubscriptionInput,
  Topics,
} from './types.js';

/**
 * The migration files, found beside the code whether it runs from `src/` (tsx) or `dist/` (the build):
 * both sit one level below the project root, where `migrations/` is.
 */
export const migrationsDir = fileURLToPath(new URL('../../migrations', import.meta.url));

interface DeliveryRow {
  channel: string;
  target: string;
  edition: string;
  state: string;
  parts_sent: number;
  part_in_flight: number | null;
  attempts: number;
  last_error: string | null;
  parts: string[] | null;
  updated_at: Date;
}

interface SubscriptionRow {
  chat_id: string;
  chat_type: string;
  delivery_time: string;
  time_zone: string;
  active: boolean;
  end_reason: string | null;
  next_delivery_at: Date | null;
  next_edition: string | null;
  created_at: Date;
  updated_at: Date;
  topics: { follow?: string[]; mute?: string[] } | null;
  nothing_new_notice: boolean;
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
    updatedAt: row.updated_at.toISOString(),
    partInFlight: row.part_in_flight,
    parts: row.parts,
  };
}

function toSubscription(row: SubscriptionRow): Subscription {
  return {
    chatId: row.chat_id,
    chatType: row.chat_type as ChatType,
    deliveryTime: row.delivery_time,
    timeZone: row.time_zone,
    active: row.active,
    endReason: row.end_reason,
    nextDeliveryAt: row.next_delivery_at,
    nextEdition: row.next_edition,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
    topics: { follow: row.topics?.follow ?? [], mute: row.topics?.mute ?? [] },
    nothingNewNotice: row.nothing_new_notice,
  };
}

const subscriptionColumns =
  'chat_id, chat_type, delivery_time, time_zone, active, end_reason, next_delivery_at, next_edition, created_at, updated_at, topics, nothing_new_notice';

/** The SQL that answers "who is due"; exported so a test can check PostgreSQL plans it on the index. */
export const dueSubscriptionsSql = `
  SELECT ${subscriptionColumns} FROM subscriptions
  WHERE active AND next_delivery_at <= $1 AND (next_delivery_at, chat_id) > ($2, $3)
  ORDER BY next_delivery_at, chat_id
  LIMIT $4`;

/**
 * Claims a batch of due subscriptions. SKIP LOCKED lets instances claiming at the same moment each take
 * different rows instead of queueing on one another; the claim columns (not the row lock) then hold the rows
 * for the fan-out, since a transaction must not stay open across the sends.
 */
const claimSql = `
  UPDATE subscriptions s SET claimed_by = $3, claimed_until = $4
  FROM (
    SELECT chat_id FROM subscriptions
    WHERE active AND next_delivery_at <= $1 AND (claimed_until IS NULL OR claimed_until <= $5)
    ORDER BY next_delivery_at, chat_id
    LIMIT $2
    FOR UPDATE SKIP LOCKED
  ) due
  WHERE s.chat_id = due.chat_id
  RETURNING ${subscriptionColumns.split(', ').map((column) => `s.${column}`).join(', ')}`;

/** A slot never answered (its instance died mid-request) stops counting this long after its grant. */
const STALE_SLOT_MS = 15_000;

/** The database clock in epoch ms: instances on different machines pace against one clock. */
const dbNowMs = '(extract(epoch from clock_timestamp()) * 1000)::bigint';

/** Options for `openPostgresStore`. */
export interface PostgresStoreOptions {
  /** `postgres://user:password@host:port/database`. */
  url: string;
  /** Schema to keep Brief's tables in (created if absent); `public` by default. Tests use one each. */
  schema?: string;
  /** Connections per instance. */
  poolSize?: number;
}

/** The Store for several instances sharing one PostgreSQL database (DATABASE_URL). */
export class PostgresStore extends ArticleStoreDelegate implements Store {

  constructor(private readonly pool: pg.Pool) {
    super(createPostgresArticles(pool));
  }

  async beginDelivery(key: DeliveryKey): Promise<DeliveryRecord> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `INSERT INTO deliveries (channel, target, edition, state, parts_sent, attempts, updated_at)
       VALUES ($1, $2, $3, 'pending', 0, 1, $4)
       ON CONFLICT (channel, target, edition) DO UPDATE SET attempts = deliveries.attempts + 1, updated_at = excluded.updated_at
       RETURNING *`,
      [key.channel, key.target, key.edition, new Date()],
    );
    return toDelivery(rows[0] as DeliveryRow);
  }

  async recordPartStarted(key: DeliveryKey, part: number): Promise<void> {
    await this.updateOrCreate(key, 'part_in_flight = $5', [part]);
  }

  async recordPartSent(key: DeliveryKey, partsSent: number): Promise<void> {
    await this.updateOrCreate(key, 'parts_sent = $5, part_in_flight = NULL', [partsSent]);
  }

  async markDelivered(key: DeliveryKey): Promise<void> {
    await this.updateOrCreate(key, "state = 'sent', last_error = NULL, part_in_flight = NULL, parts = NULL", []);
  }

  async markFailed(key: DeliveryKey, error: string, final: boolean): Promise<void> {
    const parts = final ? ', parts = NULL' : '';
    await this.updateOrCreate(key, `state = $5, last_error = $6, part_in_flight = NULL${parts}`, [final ? 'failed' : 'pending', error]);
  }

  async markSkipped(key: DeliveryKey, reason: string): Promise<void> {
    await this.updateOrCreate(key, "state = 'skipped', last_error = $5, parts = NULL", [reason]);
  }

  async recordParts(key: DeliveryKey, parts: string[]): Promise<void> {
    await this.updateOrCreate(key, 'parts = $5', [JSON.stringify(parts)]);
  }

  async pruneDeliveries(updatedBefore: Date): Promise<number> {
    // The stories a pruned delivery carried go with it, in the same statement.
    const { rows } = await this.pool.query<{ removed: number }>(
      `WITH gone AS (DELETE FROM deliveries WHERE updated_at < $1 RETURNING channel, target, edition),
         stories AS (DELETE FROM delivery_stories s USING gone
           WHERE s.channel = gone.channel AND s.target = gone.target AND s.edition = gone.edition)
       SELECT count(*)::integer AS removed FROM gone`,
      [updatedBefore],
    );
    return rows[0]?.removed ?? 0;
  }

  async getDelivery(key: DeliveryKey): Promise<DeliveryRecord | null> {
    const { rows } = await this.pool.query<DeliveryRow>(
      'SELECT * FROM deliveries WHERE channel = $1 AND target = $2 AND edition = $3',
      [key.channel, key.target, key.edition],
    );
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  async upsertSubscription(input: SubscriptionInput): Promise<Subscription> {
    const { rows } = await this.pool.query<SubscriptionRow>(
      `INSERT INTO subscriptions (chat_id, chat_type, delivery_time, time_zone, active, end_reason, next_delivery_at, next_edition, created_at, updated_at)
       VALUES ($1, $2, $3, $4, true, NULL, $5, $6, $7, $7)
       ON CONFLICT (chat_id) DO UPDATE SET chat_type = excluded.chat_type, delivery_time = excluded.delivery_time,
         time_zone = excluded.time_zone, active = true, end_reason = NULL, next_delivery_at = excluded.next_delivery_at,
         next_edition = excluded.next_edition, updated_at = excluded.updated_at
       RETURNING ${subscriptionColumns}`,
      [input.chatId, input.chatType, input.deliveryTime, input.timeZone, input.nextDeliveryAt, input.nextEdition, new Date()],
    );
    return toSubscription(rows[0] as SubscriptionRow);
  }

  async getSubscription(chatId: string): Promise<Subscription | null> {
    const { rows } = await this.pool.query<SubscriptionRow>(`SELECT ${subscriptionColumns} FROM subscriptions WHERE chat_id = $1`, [chatId]);
    return rows[0] ? toSubscription(rows[0]) : null;
  }

  async listDueSubscriptions(query: DueQuery): Promise<Subscription[]> {
    const { rows } = await this.pool.query<SubscriptionRow>(dueSubscriptionsSql, [
      query.now,
      // Without a cursor, start below every real instant; '' sorts before every chat id.
      query.after ? query.after.nextDeliveryAt : '-infinity',
      query.after ? query.after.chatId : '',
      query.limit,
    ]);
    return rows.map(toSubscription);
  }

  async claimDueSubscriptions(claim: DueClaim): Promise<Subscription[]> {
    const { rows } = await this.pool.query<SubscriptionRow>(claimSql, [
      claim.now,
      claim.limit,
      claim.owner,
      claim.until.getTime(),
      Date.now(),
    ]);
    // UPDATE … RETURNING gives no order; the fan-out serves the oldest first.
    return rows
      .map(toSubscription)
      .sort((a, b) => (a.nextDeliveryAt?.getTime() ?? 0) - (b.nextDeliveryAt?.getTime() ?? 0) || (a.chatId < b.chatId ? -1 : 1));
  }

  async releaseSubscriptionClaims(owner: string): Promise<void> {
    await this.pool.query('UPDATE subscriptions SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = $1', [owner]);
  }

  async scheduleNextDelivery(chatId: string, nextDeliveryAt: Date, nextEdition: string): Promise<void> {
    await this.pool.query(
      'UPDATE subscriptions SET next_delivery_at = $1, next_edition = $2, updated_at = $3 WHERE chat_id = $4 AND active',
      [nextDeliveryAt, nextEdition, new Date(), chatId],
    );
  }

  async endSubscription(chatId: string, reason: string): Promise<void> {
    await this.pool.query(
      'UPDATE subscriptions SET active = false, end_reason = $1, next_delivery_at = NULL, next_edition = NULL, updated_at = $2 WHERE chat_id = $3',
      [reason, new Date(), chatId],
    );
  }

  async migrateChat(fromChatId: string, toChatId: string): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      // Lock the old row first so two instances following the same migration cannot both move it.
      await client.query('SELECT 1 FROM subscriptions WHERE chat_id = $1 FOR UPDATE', [fromChatId]);
      const target = await client.query('SELECT 1 FROM subscriptions WHERE chat_id = $1', [toChatId]);
      if ((target.rowCount ?? 0) > 0) {
        await client.query(
          "UPDATE subscriptions SET active = false, end_reason = 'migrated', next_delivery_at = NULL, next_edition = NULL, updated_at = $1 WHERE chat_id = $2",
          [new Date(), fromChatId],
        );
      } else {
        await client.query("UPDATE subscriptions SET chat_id = $1, chat_type = 'supergroup', updated_at = $2 WHERE chat_id = $3", [
          toChatId,
          new Date(),
          fromChatId,
        ]);
      }
    });
  }

  async countActiveSubscriptions(): Promise<number> {
    const { rows } = await this.pool.query<{ n: number }>('SELECT count(*)::integer AS n FROM subscriptions WHERE active');
    return rows[0]?.n ?? 0;
  }

  async acquireLease(name: string, owner: string, until: Date): Promise<boolean> {
    const result = await this.pool.query(
      `INSERT INTO leases (name, owner, until) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, until = excluded.until
       WHERE leases.owner = excluded.owner OR leases.until <= $4`,
      [name, owner, until.getTime(), Date.now()],
    );
    return (result.rowCount ?? 0) > 0;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.pool.query('DELETE FROM leases WHERE name = $1 AND owner = $2', [name, owner]);
  }

  /**
   * The send limit shared by every instance of one bot. Each send takes a slot right before its request and
   * marks it answered after; a slot counts until a window's length after its answer, exactly as the in-process
   * limiter counts. Counting from the answer, on the database's clock, means an instance that wakes late or a
   * request delayed on its way can never let the server see more than `perWindow` in one window. (A token
   * bucket or evenly spaced reservations were tried first: a process waking late from its wait then sends
   * beside the next one on time, and the server counted 31 in a second.)
   */
  createSendPacer(name: string, perWindow: number, windowMs = 1000): SendPacer {
    const pool = this.pool;
    return {
      async take() {
        const { rows } = await pool.query<{ slot: string }>('SELECT brief_take_send_slot($1, $2, $3, $4)::text AS slot', [
          name,
          perWindow,
          windowMs + 5,
          STALE_SLOT_MS,
        ]);
        const value = Number(rows[0]?.slot ?? -100);
        return value > 0 ? { slot: String(rows[0]?.slot) } : { waitMs: -value };
      },
      async answered(slot) {
        await pool.query(`UPDATE send_slots SET answered_at = ${dbNowMs} WHERE id = $1`, [slot]);
      },
      async pauseFor(ms) {
        await pool.query(
          `INSERT INTO send_pacer (name, paused_until) VALUES ($1, ${dbNowMs} + $2)
           ON CONFLICT (name) DO UPDATE SET paused_until = GREATEST(send_pacer.paused_until, excluded.paused_until)`,
          [name, Math.ceil(ms)],
        );
      },
    };
  }

  /** A session-level advisory lock on a connection of its own; see `holdAdvisoryLock`. */
  async tryAdvisoryLock(key: number): Promise<AdvisoryLock | null> {
    const client = await this.pool.connect();
    try {
      const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [key]);
      if (!rows[0]?.locked) {
        client.release();
        return null;
      }
    } catch (error) {
      client.release();
      throw error;
    }
    let lost: () => void = () => undefined;
    const lostPromise = new Promise<void>((resolve) => (lost = resolve));
    // The lock lives as long as this connection: if it breaks, another instance may already hold the lock.
    client.once('error', () => lost());
    client.once('end', () => lost());
    return {
      lost: lostPromise,
      async release() {
        try {
          await client.query('SELECT pg_advisory_unlock($1)', [key]);
          client.release();
        } catch {
          client.release(true);
        }
        lost();
      },
    };
  }

  // What each delivery carried, uncertain deliveries, topics and the nothing-new setting, and the lease look-ups (#13).

  /** Records (replacing any earlier list for the key) the stories a delivery carries. */
  async recordDeliveryStories(key: DeliveryKey, stories: DeliveredStory[]): Promise<void> {
    await inTransaction(this.pool, async (client) => {
      await client.query('DELETE FROM delivery_stories WHERE channel = $1 AND target = $2 AND edition = $3', [key.channel, key.target, key.edition]);
      if (stories.length === 0) return;
      await client.query(
        `INSERT INTO delivery_stories (channel, target, edition, story_id, reports)
         SELECT $1, $2, $3, story_id, max(reports) FROM unnest($4::text[], $5::integer[]) AS s(story_id, reports) GROUP BY story_id`,
        [key.channel, key.target, key.edition, stories.map((story) => story.storyId), stories.map((story) => story.reports)],
      );
    });
  }

  /** Every story already delivered to `target` (deliveries sent or with a part sent), with its highest report count. */
  async listDeliveredStories(channel: DeliveryChannel, target: string, exceptEdition?: string): Promise<DeliveredStory[]> {
    const { rows } = await this.pool.query<DeliveredStory>(
      `SELECT s.story_id AS "storyId", max(s.reports)::integer AS reports
       FROM delivery_stories s JOIN deliveries d ON d.channel = s.channel AND d.target = s.target AND d.edition = s.edition
       WHERE s.channel = $1 AND s.target = $2 AND s.edition <> $3 AND (d.state = 'sent' OR d.parts_sent > 0)
       GROUP BY s.story_id`,
      // '' is never an edition, so it leaves nothing out.
      [channel, target, exceptEdition ?? ''],
    );
    return rows;
  }

  /** Marks a delivery a crash left mid-request as failed, keeping `partInFlight` for the operator. */
  async markUncertain(key: DeliveryKey, reason: string): Promise<void> {
    await this.updateOrCreate(key, "state = 'failed', last_error = $5, parts = NULL", [reason]);
  }

  /** Deliveries marked uncertain updated at or after `since`, oldest first. */
  async listUncertainDeliveries(channel: DeliveryChannel, since: Date): Promise<DeliveryRecord[]> {
    const { rows } = await this.pool.query<DeliveryRow>(
      `SELECT * FROM deliveries WHERE channel = $1 AND state = 'failed' AND part_in_flight IS NOT NULL AND updated_at >= $2
       ORDER BY updated_at, target`,
      [channel, since],
    );
    return rows.map(toDelivery);
  }

  /** Replaces the chat's topics; a no-op for an unknown chat. */
  async setTopics(chatId: string, topics: Topics): Promise<void> {
    await this.pool.query('UPDATE subscriptions SET topics = $1, updated_at = $2 WHERE chat_id = $3', [
      JSON.stringify({ follow: topics.follow, mute: topics.mute }),
      new Date(),
      chatId,
    ]);
  }

  /** Turns the one-line "nothing new today" on or off; a no-op for an unknown chat. */
  async setNothingNewNotice(chatId: string, on: boolean): Promise<void> {
    await this.pool.query('UPDATE subscriptions SET nothing_new_notice = $1, updated_at = $2 WHERE chat_id = $3', [on, new Date(), chatId]);
  }

  /** Who holds the lease `name` and until when (expired or not); null when nobody does. */
  async getLease(name: string): Promise<{ owner: string; until: Date } | null> {
    const { rows } = await this.pool.query<{ owner: string; until: string }>('SELECT owner, until FROM leases WHERE name = $1', [name]);
    return rows[0] ? { owner: rows[0].owner, until: new Date(Number(rows[0].until)) } : null;
  }

  /** Takes the lease from `previousOwner` whatever its expiry; true only if `previousOwner` still held it. */
  async takeOverLease(name: string, previousOwner: string, owner: string, until: Date): Promise<boolean> {
    const result = await this.pool.query('UPDATE leases SET owner = $1, until = $2 WHERE name = $3 AND owner = $4', [
      owner,
      until.getTime(),
      name,
      previousOwner,
    ]);
    return (result.rowCount ?? 0) > 0;
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  /** Runs an update of one ledger row, creating the row first only when the update found none. */
  private async updateOrCreate(key: DeliveryKey, set: string, values: unknown[]): Promise<void> {
    const params = [key.channel, key.target, key.edition, new Date(), ...values];
    const update = `UPDATE deliveries SET ${set}, updated_at = $4 WHERE channel = $1 AND target = $2 AND edition = $3`;
    // The row almost always exists (begun before its parts); one statement then, two only for a first write.
    if (((await this.pool.query(update, params)).rowCount ?? 0) > 0) return;
    // Updates that find no row create it, as MemoryStore does, so a skip can be recorded without a begin.
    await this.pool.query(
      `INSERT INTO deliveries (channel, target, edition, state, parts_sent, attempts, updated_at)
       VALUES ($1, $2, $3, 'pending', 0, 0, $4) ON CONFLICT DO NOTHING`,
      params.slice(0, 4),
    );
    await this.pool.query(update, params);
  }
}

/** A held advisory lock: `lost` resolves if its connection breaks; `release` gives it up. */
export interface AdvisoryLock {
  lost: Promise<void>;
  release(): Promise<void>;
}

/** True when `url` names a PostgreSQL database (postgres:// or postgresql://). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

/**
 * Connects to PostgreSQL and brings the schema up to date with node-pg-migrate. The runner takes its advisory
 * lock and, with `advisoryLockMode: 'wait'`, instances starting at once queue on it: the first migrates, the
 * others then find nothing to do.
 */
export async function openPostgresStore(options: PostgresStoreOptions): Promise<PostgresStore> {
  const schema = options.schema ?? 'public';
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`PostgreSQL schema name "${schema}" must be lower-case letters, digits and _`);
  const client = new pg.Client({ connectionString: options.url });
  await client.connect();
  try {
    await runner({
      dbClient: client,
      dir: migrationsDir,
      direction: 'up',
      migrationsTable: 'brief_migrations',
      schema,
      createSchema: true,
      advisoryLockMode: 'wait',
      checkOrder: true,
      log: () => undefined,
    });
  } finally {
    await client.end();
  }
  const pool = new pg.Pool({
    connectionString: options.url,
    max: options.poolSize ?? 10,
    // Set at connection start-up (the name was checked above); a URL carrying its own `options` wins over it.
    options: `-c search_path=${schema}`,
  });
  // An idle connection the server dropped must not crash the process; the pool replaces it on the next query.
  pool.on('error', () => undefined);
  return new PostgresStore(pool);
}
