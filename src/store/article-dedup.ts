import type { ArticleInput, StoredArticle } from './types.js';

function sameParagraphs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((paragraph, index) => paragraph === b[index]);
}

/**
 * Whether an input that matched a stored article (by guid, or by url from the same feed) changes it: an edited
 * title or feed text, or full text that differs from what is kept. Shared by every ArticleStore so they agree.
 */
export function articleChanged(
  existing: Pick<StoredArticle, 'title' | 'fingerprint' | 'paragraphs'>,
  input: ArticleInput,
): boolean {
  if (existing.title !== input.title || existing.fingerprint !== input.fingerprint) return true;
  // Same feed text: only a fetched page can bring something new; the teaser never overwrites it.
  return input.fullText && !sameParagraphs(existing.paragraphs, input.paragraphs);
}

/** The instant an article counts from for windows and retention: its publication, else when Brief first saw it. */
export function articleInstant(article: Pick<StoredArticle, 'publishedAt' | 'firstSeenAt'>): Date {
  return article.publishedAt ?? article.firstSeenAt;
}

/**
 * An input's values in the column order both SQL stores insert and update them: feed_url, guid, url, title, source,
 * author, published_at, published_offset, standfirst, paragraphs, fingerprint, full_text (as the boolean the
 * database takes: SQLite has no boolean type, so it gets 1 or 0). Positional, as they bind faster than named ones.
 */
export function articleColumnValues(input: ArticleInput, fullText: (value: boolean) => boolean | number): unknown[] {
  return [
    input.feedUrl,
    input.guid,
    input.url,
    input.title,
    input.source,
    input.author,
    input.publishedAt?.getTime() ?? null,
    input.publishedOffsetMinutes,
    input.standfirst,
    JSON.stringify(input.paragraphs),
    input.fingerprint,
    fullText(input.fullText),
  ];
}
