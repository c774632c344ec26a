import type { Article } from '../digest/types.js';
import type { ArticleStore, StoredArticle } from '../store/types.js';

/** The store's feed articles as the digest reads them, and a version that changes when they do. */
export interface FeedArticles {
  version(): Promise<string>;
  /** Every article kept (within retention) as of `now`. */
  articles(now: Date): Promise<Article[]>;
}

/** A stored feed article in the digest's shape; `file` is what the digest lists it by: its URL, else its feed and guid. */
export function toDigestArticle(stored: StoredArticle): Article {
  return {
    id: `feed-${stored.id}`,
    title: stored.title,
    source: stored.source,
    url: stored.url,
    publishedAt: stored.publishedAt,
    publishedOffsetMinutes: stored.publishedOffsetMinutes,
    author: stored.author,
    standfirst: stored.standfirst,
    paragraphs: stored.paragraphs,
    file: stored.url ?? `${stored.feedUrl}#${stored.guid ?? stored.id}`,
  };
}

/**
 * Reads the store's articles of the last `retentionDays` (the whole kept set, so the digest can still fall back to
 * the newest day when nothing is recent).
 */
export function createFeedArticles(store: ArticleStore, retentionDays: number): FeedArticles {
  return {
    version: () => store.articlesVersion(),
    async articles(now) {
      const stored = await store.listArticles({ since: new Date(now.getTime() - retentionDays * 86_400_000) });
      return stored.map(toDigestArticle);
    },
  };
}
