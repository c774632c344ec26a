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

/** One article as the store keeps it: a feed item (or its full page) already turned into text. */
export interface StoredArticle {
  /** Store-assigned stable id; the digest's article id. */
  id: string;
  /** The feed the article was first read from (its current URL: a permanent redirect renames it). */
  feedUrl: string;
  /** The item's GUID / Atom id / JSON Feed id as the feed gave it; null when the item has none. */
  guid: string | null;
  /** Canonical URL (fragment and tracking parameters such as utm_* removed); null when the item has no link. */
  url: string | null;
  title: string;
  /** Outlet name readers see (the sources file's name, else the feed's title). */
  source: string | null;
  author: string | null;
  publishedAt: Date | null;
  /** Minutes east of UTC the feed gave the date in; null when unknown. */
  publishedOffsetMinutes: number | null;
  standfirst: string | null;
  /** Body text, one entry per paragraph, exactly as written. */
  paragraphs: string[];
  /** Hash of the normalised text (computed by the caller); one article syndicated under two URLs has one fingerprint. */
  fingerprint: string;
  /** True when the text came from the article page (Readability), false when it is the feed's own text. */
  fullText: boolean;
  /** When Brief first stored it, and when its text or title last changed. */
  firstSeenAt: Date;
  updatedAt: Date;
}

/** What the fetcher hands the store; the store adds the id and the two instants. */
export type ArticleInput = Omit<StoredArticle, 'id' | 'firstSeenAt' | 'updatedAt'>;

/** What `upsertArticles` did with one input: a new article, an edit of a known one, or a duplicate left as it was. */
export interface UpsertArticleResult {
  id: string;
  outcome: 'inserted' | 'updated' | 'unchanged';
}

/** The period to read articles from: `coalesce(publishedAt, firstSeenAt)` in [since, until). */
export interface ArticleWindow {
  since: Date;
  until?: Date;
}

/** What Brief remembers about polling one feed, keyed by the feed's current URL. */
export interface FeedState {
  url: string;
  /** The feed's own title, from its last good parse. */
  title: string | null;
  /** Validators echoed back exactly as received on the next conditional GET. */
  etag: string | null;
  lastModified: string | null;
  lastFetchedAt: Date | null;
  /** 'ok' (parsed), 'not-modified' (304), 'error' (see lastError); null before the first poll. */
  status: 'ok' | 'not-modified' | 'error' | null;
  /** A message a person can act on ("HTTP 503", "malformed XML at line 12", "timed out after 30 s"). */
  lastError: string | null;
  /** Consecutive failures: the backoff doubles with each, up to a day. 0 after a success. */
  failures: number;
  /** The current polling interval (5 minutes to 24 hours), adapted to how often the feed publishes. */
  intervalMs: number;
  /** Not to be polled before this instant; null = due now. */
  nextPollAt: Date | null;
  /** Items in the last good parse. */
  itemCount: number;
}

/**
 * Articles read from feeds, deduplicated, and the polling state of each feed.
 *
 * `upsertArticles` finds the article each input duplicates, in this order:
 * 1. the same (feedUrl, guid): updated when its title or fingerprint differs (an edited item), or when the input
 *    brings full text (`fullText` true) whose paragraphs differ; else unchanged. A feed-text input never replaces
 *    stored full text whose fingerprint is the same.
 * 2. else the same canonical url: from the same feed, treated as in 1 (and takes the input's guid); from another
 *    feed, unchanged (the first feed keeps it, so two feeds never flip it back and forth).
 * 3. else the same fingerprint: unchanged.
 * Otherwise it is inserted. The fingerprint is of the feed's own text, so a page fetched for full text later keeps it.
 */
export interface ArticleStore {
  /**
   * Inserts each article, or updates / keeps the one it duplicates (see the order above), in order and in one
   * transaction (a feed's items in one commit: per-item commits were 4× slower on SQLite); an input sees the ones
   * before it, so a GUID repeated within one feed is one article. `now` stamps the changes. One result per input.
   * `feedStates` are saved in the same transaction, so a feed is never recorded as read without its articles
   * (several feeds' polls commit together this way: one commit instead of one per feed).
   */
  upsertArticles(inputs: readonly ArticleInput[], now: Date, feedStates?: readonly FeedState[]): Promise<UpsertArticleResult[]>;
  /** Articles whose `coalesce(publishedAt, firstSeenAt)` falls in the window, newest first. */
  listArticles(window: ArticleWindow): Promise<StoredArticle[]>;
  /**
   * A token that changes whenever an article is inserted, updated or pruned (e.g. count + latest updatedAt), so a
   * cached digest knows to rebuild without reading every article.
   */
  articlesVersion(): Promise<string>;
  /** Deletes articles whose `coalesce(publishedAt, firstSeenAt)` is before `before`; returns how many went. */
  pruneArticles(before: Date): Promise<number>;
  getFeedState(url: string): Promise<FeedState | null>;
  /** Creates or replaces the state of `state.url`. */
  saveFeedState(state: FeedState): Promise<void>;
  listFeedStates(): Promise<FeedState[]>;
  /**
   * A permanent redirect: moves the feed's state and its articles to `toUrl`. When `toUrl` already has a state it
   * is kept and the old one dropped; an article whose guid `toUrl` already has stays under the old url.
   */
  renameFeed(fromUrl: string, toUrl: string): Promise<void>;
}


/** Asks to claim due subscriptions for one process's fan-out. */
export interface DueClaim {
  now: Date;
  limit: number;
  /** The claiming process's id. */
  owner: string;
  /** When the claims lapse (wall clock) if the owner dies before releasing them. */
  until: Date;
}

/**
 * Claims on due subscriptions, so several processes on one database split a morning and none is sent twice:
 * each claims a small batch, delivers it, and claims the next. A claim lapses at `until`, so a dead process's
 * batch is finished by the others.
 */
export interface SubscriptionClaims {
  /**
   * Up to `limit` active subscriptions due at `now` (oldest first) that no live claim holds, now claimed by
   * `owner` until `until`. Ones `owner` already holds are not returned again.
   */
  claimDueSubscriptions(claim: DueClaim): Promise<Subscription[]>;
  /** Drops `owner`'s claims (at the end of its tick), so what it left due can be claimed again. */
  releaseSubscriptionClaims(owner: string): Promise<void>;
}

/**
 * Keeps one bot's send limit across every process that shares the store (PostgreSQL): a send takes a slot
 * before its request and hands it back on the answer, and no more than the limit may end within any window.
 */
export interface SendPacer {
  /** Takes a send slot now if one is free: its id, or how many ms to wait before asking again. */
  take(): Promise<{ slot: string } | { waitMs: number }>;
  /** The slot's request was answered: it counts against the window until the window's length after now. */
  answered(slot: string): Promise<void>;
  /** Holds every process's sends for `ms` (after a 429: the whole bot is flood-limited). */
  pauseFor(ms: number): Promise<void>;
}

/** The whole store: the delivery ledger shared by channels, what each target was sent, Telegram's subscriptions and their claims, leases, feed articles, and close. */
export interface Store extends DeliveryLedger, DeliveredStoryStore, SubscriptionStore, SubscriptionClaims, LeaseStore, ArticleStore {
  close(): Promise<void>;
}
