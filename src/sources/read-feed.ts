import { decodeBody, type FetchedBody } from './decode.js';
import { discoverFeeds, type DiscoveredFeed } from './discover.js';
import { parseFeedText, type ParsedFeed } from './parse-feed.js';

/** A feed's body read into Brief's items, or why it could not be, with the feeds a web page links. */
export type FeedRead = { ok: true; feed: ParsedFeed } | { ok: false; error: string; webPage: boolean; linkedFeeds: DiscoveredFeed[] };

/**
 * Decodes a feed's bytes (BOM, charset, XML prolog) and parses them into Brief's items; a web page instead of a feed
 * comes back with the feeds it links. Pure and synchronous, so it can run on a worker thread.
 */
export function readFeedBody({ body, contentType, url }: FetchedBody): FeedRead {
  const text = decodeBody(body, contentType);
  const parsed = parseFeedText(text, url);
  if (parsed.ok) return parsed;
  return { ...parsed, linkedFeeds: parsed.webPage ? discoverFeeds(text, url) : [] };
}
