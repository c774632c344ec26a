import { isProbablyReaderable, Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { decodeBody, type FetchedBody } from './decode.js';
import { htmlToParagraphs } from './html-text.js';

/** What extraction gave: the article's paragraphs, or why the feed's own text stays. */
export type ExtractResult = { ok: true; paragraphs: string[] } | { ok: false; reason: string };

/**
 * The article text of an HTML page, by Readability on a linkedom DOM (no scripts are ever run: linkedom has no
 * script engine). Pure apart from parsing; null when the page does not read as an article.
 */
export function extractArticle(html: string, pageUrl: string): string[] | null {
  const { document } = parseHTML(html);
  // Readability resolves relative links against the document's URL; linkedom has none of its own.
  const base = document.createElement('base');
  base.setAttribute('href', pageUrl);
  document.head?.appendChild(base);
  for (const node of document.querySelectorAll('script, style, noscript, template')) node.remove();
  const dom = document as unknown as Parameters<typeof isProbablyReaderable>[0];
  if (!isProbablyReaderable(dom)) return null;
  const article = new Readability(dom).parse();
  if (!article?.content) return null;
  const paragraphs = htmlToParagraphs(article.content);
  return paragraphs.length > 0 ? paragraphs : null;
}

/** Decodes an article page and extracts its text; pure and synchronous, so it can run on a worker thread. */
export function readPageBody({ body, contentType, url }: FetchedBody): ExtractResult {
  const paragraphs = extractArticle(decodeBody(body, contentType), url);
  return paragraphs ? { ok: true, paragraphs } : { ok: false, reason: 'the page does not read as an article' };
}
