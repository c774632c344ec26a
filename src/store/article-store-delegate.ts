import type { ArticleInput, ArticleStore, ArticleWindow, FeedState, StoredArticle, UpsertArticleResult } from './types.js';

/**
 * The ArticleStore half of a database store, passed to the article module it was built with (createSqliteArticles,
 * createPostgresArticles), so each store class holds only its ledger and subscription code.
 */
export abstract class ArticleStoreDelegate implements ArticleStore {
  constructor(private readonly articleStore: ArticleStore) {}

  upsertArticles(inputs: readonly ArticleInput[], now: Date, feedStates?: readonly FeedState[]): Promise<UpsertArticleResult[]> {
    return this.articleStore.upsertArticles(inputs, now, feedStates);
  }

  listArticles(window: ArticleWindow): Promise<StoredArticle[]> {
    return this.articleStore.listArticles(window);
  }

  articlesVersion(): Promise<string> {
    return this.articleStore.articlesVersion();
  }

  pruneArticles(before: Date): Promise<number> {
    return this.articleStore.pruneArticles(before);
  }

  getFeedState(url: string): Promise<FeedState | null> {
    return this.articleStore.getFeedState(url);
  }

  saveFeedState(state: FeedState): Promise<void> {
    return this.articleStore.saveFeedState(state);
  }

  listFeedStates(): Promise<FeedState[]> {
    return this.articleStore.listFeedStates();
  }

  renameFeed(fromUrl: string, toUrl: string): Promise<void> {
    return this.articleStore.renameFeed(fromUrl, toUrl);
  }
}
