import { parseHTML } from 'linkedom';

const feedTypes = /^(application\/(rss|atom|rdf|feed)\+(xml|json)|application\/json|application\/xml|text\/xml)$/i;

/** One feed a web page advertises. */
export interface DiscoveredFeed {
  url: string;
  title: string | null;
  type: string;
}

/** The feeds a page links with `<link rel="alternate" type="application/rss+xml" href=…>` (and Atom, JSON Feed), resolved. */
export function discoverFeeds(html: string, pageUrl: string): DiscoveredFeed[] {
  const { document } = parseHTML(html);
  const found: DiscoveredFeed[] = [];
  for (const link of document.querySelectorAll('link[rel][href]')) {
    const rel = (link.getAttribute('rel') ?? '').toLowerCase().split(/\s+/);
    const type = (link.getAttribute('type') ?? '').trim();
    if (!rel.includes('alternate') || !feedTypes.test(type)) continue;
    let url: string;
    try {
      url = new URL(link.getAttribute('href') ?? '', pageUrl).toString();
    } catch {
      continue;
    }
    if (!/^https?:/.test(url) || found.some((feed) => feed.url === url)) continue;
    found.push({ url, title: link.getAttribute('title')?.trim() || null, type });
  }
  return found;
}
