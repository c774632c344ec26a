import { hash } from 'node:crypto';

/** Query parameters that only say how a reader arrived, never which article it is. */
const trackingParameter = /^(utm_\w+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|igshid|yclid|_ga|ref_src|cmpid|ocid|at_medium|at_campaign|at_custom\d*)$/i;

/**
 * The URL an article is known by: absolute, http(s), no fragment, no tracking parameters, host lower-cased.
 * Null when `href` is not an http(s) URL even after resolving against `base`.
 */
export function canonicalUrl(href: string | null | undefined, base?: string): string | null {
  if (!href || href.trim() === '') return null;
  let url: URL;
  try {
    url = new URL(href.trim(), base);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  url.hash = '';
  for (const name of [...url.searchParams.keys()]) {
    if (trackingParameter.test(name)) url.searchParams.delete(name);
  }
  // Deleting every parameter leaves a bare '?': drop it so the two spellings are one.
  if ([...url.searchParams.keys()].length === 0) url.search = '';
  return url.toString();
}

/**
 * A fingerprint of an article's title and text, blind to case, punctuation and spacing, so the same wire story
 * carried by two feeds under two URLs is one article.
 */
export function textFingerprint(title: string, paragraphs: readonly string[]): string {
  const normalised = [title, ...paragraphs]
    .join(' ')
    .normalize('NFKC')
    .toLowerCase()
    // Every run of other characters becomes one space, as /[^\p{L}\p{N}]+/ would make it, but a lone space (most
    // of them) is left in place rather than replaced by itself: the same string at half the cost.
    .replace(/[^\p{L}\p{N}]{2,}|[^\p{L}\p{N} ]/gu, ' ')
    .trim();
  return hash('sha256', normalised, 'base64url').slice(0, 22);
}
