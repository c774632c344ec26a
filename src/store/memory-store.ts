import { articleChanged, articleInstant } from './article-dedup.js';
import { createClaimBook } from './claim-book.js';
import type {
  ArticleInput,
  ArticleWindow,
  DeliveredStory,
  DeliveryChannel,
  DueClaim,
  DeliveryKey,
  DeliveryRecord,
  DueQuery,
  Store,
  Subscription,
  FeedState,
  StoredArticle,
  SubscriptionInput,
  UpsertArticleResult,
  Topics,
} from './types.js';

function keyOf(key: DeliveryKey): string {
  return `${key.channel}\u0000${key.target}\u0000${key.edition}`;
}

function copySubscription(subscription: Subscription): Subscription {
  return {
    ...subscription,
    nextDeliveryAt: subscription.nextDeliveryAt ? new Date(subscription.nextDeliveryAt) : null,
    topics: { follow: [...subscription.topics.follow], mute: [...subscription.topics.mute] },
  };
}

/** Orders due subscriptions the way the SQL index does: by next delivery, then chat id. */
function compareDue(atA: number, chatA: string, atB: number, chatB: string): number {
  if (atA !== atB) return atA - atB;
  return chatA < chatB ? -1 : chatA > chatB ? 1 : 0;
}

function copyArticle(article: StoredArticle): StoredArticle {
  return {
    ...article,
    paragraphs: [...article.paragraphs],
    publishedAt: article.publishedAt ? new Date(article.publishedAt) : null,
    firstSeenAt: new Date(article.firstSeenAt),
    updatedAt: new Date(article.updatedAt),
  };
}

function copyFeedState(state: FeedState): FeedState {
  return {
    ...state,
    lastFetchedAt: state.lastFetchedAt ? new Date(state.lastFetchedAt) : null,
    nextPollAt: state.nextPollAt ? new Date(state.nextPollAt) : null,
  };
}

function copyDelivery(record: DeliveryRecord): DeliveryRecord {
  return { ...record, parts: record.parts ? [...record.parts] : null };
}

/**
 * A Store kept in memory: for tests and for the console, where nothing needs to survive a restart.
 * The due query scans every subscription; that is fine at test sizes and is why production uses SqliteStore.
 */
export class MemoryStore implements Store {
  private readonly deliveries = new Map<string, DeliveryRecord>();
  private readonly subscriptions = new Map<string, Subscription>();
  private readonly leases = new Map<string, { owner: string; until: number }>();
  private readonly articles = new Map<string, StoredArticle>();
  private readonly feeds = new Map<string, FeedState>();
  /** guid, url and fingerprint keys → the id of the first article that had them. */
  private readonly articleIds = new Map<string, string>();
  private nextArticleId = 0;
  private articleChanges = 0;
  /** Stories per delivery, keyed like `deliveries`. */
  private readonly stories = new Map<string, DeliveredStory[]>();
  private readonly claims = createClaimBook();

  async beginDelivery(key: DeliveryKey): Promise<DeliveryRecord> {
    const existing = this.deliveries.get(keyOf(key));
    const record: DeliveryRecord = existing
      ? { ...existing, attempts: existing.attempts + 1, updatedAt: new Date().toISOString() }
      : {
          ...key,
          state: 'pending',
          partsSent: 0,
          attempts: 1,
          lastError: null,
          updatedAt: new Date().toISOString(),
          partInFlight: null,
          parts: null,
        };
    this.deliveries.set(keyOf(key), record);
    return copyDelivery(record);
  }

  async recordPartStarted(key: DeliveryKey, part: number): Promise<void> {
    this.update(key, { partInFlight: part });
  }

  async recordPartSent(key: DeliveryKey, partsSent: number): Promise<void> {
    this.update(key, { partsSent, partInFlight: null });
  }

  async markDelivered(key: DeliveryKey): Promise<void> {
    this.update(key, { state: 'sent', lastError: null, partInFlight: null, parts: null });
  }

  async markFailed(key: DeliveryKey, error: string, final: boolean): Promise<void> {
    this.update(key, { state: final ? 'failed' : 'pending', lastError: error, partInFlight: null, ...(final ? { parts: null } : {}) });
  }

  async markSkipped(key: DeliveryKey, reason: string): Promise<void> {
    this.update(key, { state: 'skipped', lastError: reason, parts: null });
  }

  async recordParts(key: DeliveryKey, parts: string[]): Promise<void> {
    this.update(key, { parts: [...parts] });
  }

  async getDelivery(key: DeliveryKey): Promise<DeliveryRecord | null> {
    const record = this.deliveries.get(keyOf(key));
    return record ? copyDelivery(record) : null;
  }

  async upsertSubscription(input: SubscriptionInput): Promise<Subscription> {
    const now = new Date().toISOString();
    const existing = this.subscriptions.get(input.chatId);
    const subscription: Subscription = {
      chatId: input.chatId,
      chatType: input.chatType,
      deliveryTime: input.deliveryTime,
      timeZone: input.timeZone,
      active: true,
      endReason: null,
      nextDeliveryAt: new Date(input.nextDeliveryAt),
      nextEdition: input.nextEdition,
      createdAt: existing?.createdAt ?? now,
      updatedAt: now,
      topics: existing?.topics ?? { follow: [], mute: [] },
      nothingNewNotice: existing?.nothingNewNotice ?? false,
    };
    this.subscriptions.set(input.chatId, subscription);
    return copySubscription(subscription);
  }

  async getSubscription(chatId: string): Promise<Subscription | null> {
    const subscription = this.subscriptions.get(chatId);
    return subscription ? copySubscription(subscription) : null;
  }

  async listDueSubscriptions(query: DueQuery): Promise<Subscription[]> {
    const nowMs = query.now.getTime();
    const after = query.after;
    return [...this.subscriptions.values()]
      .filter((s): s is Subscription & { nextDeliveryAt: Date } => s.active && s.nextDeliveryAt !== null)
      .filter((s) => s.nextDeliveryAt.getTime() <= nowMs)
      .filter(
        (s) =>
          !after ||
          compareDue(s.nextDeliveryAt.getTime(), s.chatId, after.nextDeliveryAt.getTime(), after.chatId) > 0,
      )
      .sort((a, b) => compareDue(a.nextDeliveryAt.getTime(), a.chatId, b.nextDeliveryAt.getTime(), b.chatId))
      .slice(0, query.limit)
      .map(copySubscription);
  }

  async scheduleNextDelivery(chatId: string, nextDeliveryAt: Date, nextEdition: string): Promise<void> {
    const subscription = this.subscriptions.get(chatId);
    if (!subscription || !subscription.active) return;
    this.subscriptions.set(chatId, {
      ...subscription,
      nextDeliveryAt: new Date(nextDeliveryAt),
      nextEdition,
      updatedAt: new Date().toISOString(),
    });
  }

  async endSubscription(chatId: string, reason: string): Promise<void> {
    const subscription = this.subscriptions.get(chatId);
    if (!subscription) return;
    this.subscriptions.set(chatId, {
      ...subscription,
      active: false,
      endReason: reason,
      nextDeliveryAt: null,
      nextEdition: null,
      updatedAt: new Date().toISOString(),
    });
  }

  async migrateChat(fromChatId: string, toChatId: string): Promise<void> {
    const from = this.subscriptions.get(fromChatId);
    if (!from) return;
    if (this.subscriptions.has(toChatId)) {
      await this.endSubscription(fromChatId, 'migrated');
      return;
    }
    this.subscriptions.delete(fromChatId);
    this.subscriptions.set(toChatId, {
      ...from,
      chatId: toChatId,
      chatType: 'supergroup',
      updatedAt: new Date().toISOString(),
    });
  }

  async countActiveSubscriptions(): Promise<number> {
    let count = 0;
    for (const subscription of this.subscriptions.values()) if (subscription.active) count += 1;
    return count;
  }

  async pruneDeliveries(updatedBefore: Date): Promise<number> {
    const cutoff = updatedBefore.toISOString();
    let removed = 0;
    for (const [id, record] of this.deliveries) {
      if (record.updatedAt < cutoff) {
        this.deliveries.delete(id);
        this.stories.delete(id);
        removed++;
      }
    }
    return removed;
  }

  async recordDeliveryStories(key: DeliveryKey, stories: DeliveredStory[]): Promise<void> {
    this.stories.set(keyOf(key), stories.map((story) => ({ ...story })));
  }

  async listDeliveredStories(channel: DeliveryChannel, target: string, exceptEdition?: string): Promise<DeliveredStory[]> {
    const best = new Map<string, number>();
    for (const [id, stories] of this.stories) {
      const record = this.deliveries.get(id);
      if (!record || record.channel !== channel || record.target !== target || record.edition === exceptEdition) continue;
      if (record.state !== 'sent' && record.partsSent === 0) continue;
      for (const story of stories) best.set(story.storyId, Math.max(best.get(story.storyId) ?? 0, story.reports));
    }
    return [...best].map(([storyId, reports]) => ({ storyId, reports }));
  }

  async markUncertain(key: DeliveryKey, reason: string): Promise<void> {
    this.update(key, { state: 'failed', lastError: reason, parts: null });
  }

  async listUncertainDeliveries(channel: DeliveryChannel, since: Date): Promise<DeliveryRecord[]> {
    const from = since.toISOString();
    return [...this.deliveries.values()]
      .filter((r) => r.channel === channel && r.state === 'failed' && r.partInFlight != null && r.updatedAt >= from)
      .sort((a, b) => (a.updatedAt < b.updatedAt ? -1 : a.updatedAt > b.updatedAt ? 1 : a.target < b.target ? -1 : 1))
      .map(copyDelivery);
  }

  async setTopics(chatId: string, topics: Topics): Promise<void> {
    const subscription = this.subscriptions.get(chatId);
    if (!subscription) return;
    this.subscriptions.set(chatId, { ...subscription, topics: { follow: [...topics.follow], mute: [...topics.mute] }, updatedAt: new Date().toISOString() });
  }

  async setNothingNewNotice(chatId: string, on: boolean): Promise<void> {
    const subscription = this.subscriptions.get(chatId);
    if (!subscription) return;
    this.subscriptions.set(chatId, { ...subscription, nothingNewNotice: on, updatedAt: new Date().toISOString() });
  }

  async getLease(name: string): Promise<{ owner: string; until: Date } | null> {
    const held = this.leases.get(name);
    return held ? { owner: held.owner, until: new Date(held.until) } : null;
  }

  async takeOverLease(name: string, previousOwner: string, owner: string, until: Date): Promise<boolean> {
    if (this.leases.get(name)?.owner !== previousOwner) return false;
    this.leases.set(name, { owner, until: until.getTime() });
    return true;
  }

  async claimDueSubscriptions(claim: DueClaim): Promise<Subscription[]> {
    return this.claims.claim(claim, (query) => this.listDueSubscriptions(query));
  }

  async releaseSubscriptionClaims(owner: string): Promise<void> {
    this.claims.release(owner);
  }

  async acquireLease(name: string, owner: string, until: Date): Promise<boolean> {
    const held = this.leases.get(name);
    if (held && held.owner !== owner && held.until > Date.now()) return false;
    this.leases.set(name, { owner, until: until.getTime() });
    return true;
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    if (this.leases.get(name)?.owner === owner) this.leases.delete(name);
  }

  async upsertArticles(inputs: readonly ArticleInput[], now: Date, feedStates: readonly FeedState[] = []): Promise<UpsertArticleResult[]> {
    const results = inputs.map((input) => this.upsertOne(input, now));
    for (const state of feedStates) this.feeds.set(state.url, copyFeedState(state));
    return results;
  }

  private upsertOne(input: ArticleInput, now: Date): UpsertArticleResult {
    const byGuid = input.guid === null ? undefined : this.findArticle((a) => a.feedUrl === input.feedUrl && a.guid === input.guid, this.articleIds.get(`g\u0000${input.feedUrl}\u0000${input.guid}`));
    const byUrl = byGuid ?? (input.url === null ? undefined : this.findArticle((a) => a.url === input.url, this.articleIds.get(`u\u0000${input.url}`)));
    if (byUrl && byUrl.feedUrl === input.feedUrl) {
      if (!articleChanged(byUrl, input)) return { id: byUrl.id, outcome: 'unchanged' };
      const updated = copyArticle({ ...byUrl, ...input, id: byUrl.id, firstSeenAt: byUrl.firstSeenAt, updatedAt: now });
      this.articles.set(byUrl.id, updated);
      this.indexArticle(updated);
      this.articleChanges += 1;
      return { id: byUrl.id, outcome: 'updated' };
    }
    const duplicate = byUrl ?? this.findArticle((a) => a.fingerprint === input.fingerprint, this.articleIds.get(`f\u0000${input.fingerprint}`));
    if (duplicate) return { id: duplicate.id, outcome: 'unchanged' };
    this.nextArticleId += 1;
    const id = String(this.nextArticleId);
    const article = copyArticle({ ...input, id, firstSeenAt: now, updatedAt: now });
    this.articles.set(id, article);
    this.indexArticle(article);
    this.articleChanges += 1;
    return { id, outcome: 'inserted' };
  }

  /** The indexed candidate, if it still matches (an update or rename may have moved it on). */
  private findArticle(matches: (article: StoredArticle) => boolean, id: string | undefined): StoredArticle | undefined {
    const candidate = id === undefined ? undefined : this.articles.get(id);
    if (candidate && matches(candidate)) return candidate;
    // The index keeps the first holder of a key; fall back to a scan only when that one no longer matches.
    return id !== undefined ? [...this.articles.values()].find(matches) : undefined;
  }

  private indexArticle(article: StoredArticle): void {
    const keys = [`f\u0000${article.fingerprint}`];
    if (article.guid !== null) keys.push(`g\u0000${article.feedUrl}\u0000${article.guid}`);
    if (article.url !== null) keys.push(`u\u0000${article.url}`);
    for (const key of keys) {
      const holder = this.articleIds.get(key);
      if (holder === undefined || !this.articles.has(holder)) this.articleIds.set(key, article.id);
    }
  }

  async listArticles(window: ArticleWindow): Promise<StoredArticle[]> {
    const since = window.since.getTime();
    const until = window.until?.getTime() ?? Number.POSITIVE_INFINITY;
    return [...this.articles.values()]
      .filter((a) => articleInstant(a).getTime() >= since && articleInstant(a).getTime() < until)
      .sort((a, b) => articleInstant(b).getTime() - articleInstant(a).getTime() || Number(b.id) - Number(a.id))
      .map(copyArticle);
  }

  async articlesVersion(): Promise<string> {
    return String(this.articleChanges);
  }

  async pruneArticles(before: Date): Promise<number> {
    let removed = 0;
    for (const [id, article] of this.articles) {
      if (articleInstant(article).getTime() < before.getTime()) {
        this.articles.delete(id);
        removed += 1;
      }
    }
    if (removed > 0) this.articleChanges += 1;
    return removed;
  }

  async getFeedState(url: string): Promise<FeedState | null> {
    const state = this.feeds.get(url);
    return state ? copyFeedState(state) : null;
  }

  async saveFeedState(state: FeedState): Promise<void> {
    this.feeds.set(state.url, copyFeedState(state));
  }

  async listFeedStates(): Promise<FeedState[]> {
    return [...this.feeds.values()].sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0)).map(copyFeedState);
  }

  async renameFeed(fromUrl: string, toUrl: string): Promise<void> {
    const state = this.feeds.get(fromUrl);
    if (state && !this.feeds.has(toUrl)) this.feeds.set(toUrl, { ...state, url: toUrl });
    this.feeds.delete(fromUrl);
    const taken = new Set([...this.articles.values()].filter((a) => a.feedUrl === toUrl).map((a) => a.guid));
    for (const article of this.articles.values()) {
      if (article.feedUrl === fromUrl && (article.guid === null || !taken.has(article.guid))) {
        article.feedUrl = toUrl;
        this.indexArticle(article);
      }
    }
  }

  async close(): Promise<void> {}

  private update(key: DeliveryKey, change: Partial<DeliveryRecord>): void {
    const existing: DeliveryRecord = this.deliveries.get(keyOf(key)) ?? {
      ...key,
      state: 'pending' as const,
      partsSent: 0,
      attempts: 0,
      lastError: null,
      updatedAt: '',
      partInFlight: null,
      parts: null,
    };
    this.deliveries.set(keyOf(key), { ...existing, ...change, updatedAt: new Date().toISOString() });
  }
}
