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
