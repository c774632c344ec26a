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
  /**
   * The part a sender had started (`recordPartStarted`) and not yet confirmed; null or absent when none.
   * A record that still names a part after a restart means the process died mid-request, so whether the
   * reader got that part is unknown.
   */
  partInFlight?: number | null;
  /**
   * The parts of a multi-message delivery as they were first rendered (`recordParts`), kept while it is under way
   * so a resumed delivery sends the rest of the same digest; cleared when the delivery ends. Null or absent when none.
   */
  parts?: string[] | null;
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
  /**
   * Notes that part `part` (0-based) is about to be sent. `recordPartSent`, `markDelivered` and `markFailed`
   * clear it again; only a crash between the request and its answer leaves it set.
   */
  recordPartStarted(key: DeliveryKey, part: number): Promise<void>;
  /** Keeps the rendered parts of a delivery about to send more than one, until it is delivered, failed or skipped. */
  recordParts(key: DeliveryKey, parts: string[]): Promise<void>;
  /**
   * Removes the records last updated before `updatedBefore` and returns how many went. Safe for anything older
   * than a day: both channels act only on editions within the grace window (at most 23 hours), so no sender
   * begins a pruned edition again.
   */
  pruneDeliveries(updatedBefore: Date): Promise<number>;
}

/** One story a delivery carried: its stable id and how many reports (source articles) it had then. */
export interface DeliveredStory {
  storyId: string;
  reports: number;
}

/**
 * What each target has already been sent, by story, so a morning carries only what is new for that reader.
 * Kept apart from the ledger rows (its own table) and pruned with them.
 */
export interface DeliveredStoryStore {
  /**
   * Records (replacing any earlier list for the same key) the stories a delivery carries. Called before the
   * first part is sent; they count as delivered once the delivery is `sent` or has at least one part sent.
   */
  recordDeliveryStories(key: DeliveryKey, stories: DeliveredStory[]): Promise<void>;
  /**
   * Every story already delivered to `target` on `channel` (deliveries in state `sent`, or with `partsSent` > 0),
   * each once, with the highest report count it was sent with. Editions equal to `exceptEdition` are left out
   * (the delivery being planned now).
   */
  listDeliveredStories(channel: DeliveryChannel, target: string, exceptEdition?: string): Promise<DeliveredStory[]>;
  /**
   * Marks a delivery that a crash left mid-request as failed, keeping `partInFlight` so the operator can see
   * which part may or may not have arrived. Not resent: that could deliver it twice.
   */
  markUncertain(key: DeliveryKey, reason: string): Promise<void>;
  /** Deliveries marked uncertain (state `failed`, `partInFlight` set) updated at or after `since`, oldest first. */
  listUncertainDeliveries(channel: DeliveryChannel, since: Date): Promise<DeliveryRecord[]>;
}

/** The kind of Telegram chat a subscription belongs to; groups have stricter send limits. */
export type ChatType = 'private' | 'group' | 'supergroup' | 'channel';

/** One chat's subscription to the morning digest. */
export interface Subscription {
  /** Telegram chat id as a decimal string: ids exceed 2^53 in the future, and group ids are negative. */
  chatId: string;
  chatType: ChatType;
  /** Local delivery time, HH:MM (24-hour). */
  deliveryTime: string;
  /** IANA time zone name the delivery time is read in. */
  timeZone: string;
  active: boolean;
  /** Why an inactive subscription ended ("unsubscribed", "blocked by the user", …); null while active. */
  endReason: string | null;
  /** The UTC instant of the next scheduled delivery; null when inactive. */
  nextDeliveryAt: Date | null;
  /** The edition (subscriber's local date, YYYY-MM-DD) that the next delivery carries; null when inactive. */
  nextEdition: string | null;
  createdAt: string;
  updatedAt: string;
  /** Words the reader follows and mutes; empty lists (the default) mean every story. */
  topics: Topics;
  /** Whether the reader wants a one-line "nothing new today" when their morning has nothing new (default false). */
  nothingNewNotice: boolean;
}

/**
 * A reader's topic filter: a story is shown when it mentions at least one followed word (or none are followed)
 * and no muted word. Words are stored lower-case, as typed.
 */
export interface Topics {
  follow: string[];
  mute: string[];
}

/** What a subscribe or settings change writes; the caller has already computed the next delivery. */
export interface SubscriptionInput {
  chatId: string;
  chatType: ChatType;
  deliveryTime: string;
  timeZone: string;
  nextDeliveryAt: Date;
  nextEdition: string;
}

/** A position in the due list, for paging through a large fan-out without repeats. */
export interface DueCursor {
  nextDeliveryAt: Date;
  chatId: string;
}

/** Asks for active subscriptions whose next delivery is at or before `now`, oldest first, after `after`. */
export interface DueQuery {
  now: Date;
  limit: number;
  after?: DueCursor;
}

/** Subscriptions for the Telegram channel. "Who is due" must be an indexed range query, not a scan. */
export interface SubscriptionStore {
  /** Creates or replaces the chat's subscription and (re)activates it. */
  upsertSubscription(input: SubscriptionInput): Promise<Subscription>;
  getSubscription(chatId: string): Promise<Subscription | null>;
  /** Active subscriptions due at `now`, ordered by (nextDeliveryAt, chatId). */
  listDueSubscriptions(query: DueQuery): Promise<Subscription[]>;
  /** Moves an active subscription's next delivery on, after a delivery or a skip. */
  scheduleNextDelivery(chatId: string, nextDeliveryAt: Date, nextEdition: string): Promise<void>;
  /** Deactivates the subscription and records why; a no-op for an unknown chat. */
  endSubscription(chatId: string, reason: string): Promise<void>;
  /**
   * Moves a subscription to a new chat id (a group upgraded to a supergroup). If the new id already has a
   * subscription, that one wins and the old one ends with reason "migrated".
   */
  migrateChat(fromChatId: string, toChatId: string): Promise<void>;
  countActiveSubscriptions(): Promise<number>;
  /**
   * Replaces the chat's topics. Kept across `upsertSubscription` (a changed time keeps the topics); a no-op for
   * an unknown chat.
   */
  setTopics(chatId: string, topics: Topics): Promise<void>;
  /** Turns the one-line "nothing new today" on or off; kept across `upsertSubscription`; a no-op for an unknown chat. */
  setNothingNewNotice(chatId: string, on: boolean): Promise<void>;
}

/**
 * Named leases, so one Brief process at a time runs a fan-out over a shared data file (a bot and an
 * `npm run deliver` beside it). Expiry is read on the wall clock, so a crashed holder frees it in time.
 */
export interface LeaseStore {
  /** Takes or renews the lease `name` for `owner` until `until`; false while another owner holds it unexpired. */
  acquireLease(name: string, owner: string, until: Date): Promise<boolean>;
  /** Gives the lease up if `owner` holds it. */
  releaseLease(name: string, owner: string): Promise<void>;
  /** Who holds the lease `name` and until when (expired or not); null when nobody does. */
  getLease(name: string): Promise<{ owner: string; until: Date } | null>;
  /**
   * Takes the lease from `previousOwner` whatever its expiry (that holder is known to be dead): true only if
   * `previousOwner` still held it, so of two processes taking over at once only one wins.
   */
  takeOverLease(name: string, previousOwner: string, owner: string, until: Date): Promise<boolean>;
}

/** The whole store: the delivery ledger shared by channels, what each target was sent, Telegram's subscriptions, leases, and close. */
export interface Store extends DeliveryLedger, DeliveredStoryStore, SubscriptionStore, LeaseStore {
  close(): Promise<void>;
}
