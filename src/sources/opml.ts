import { generateOpml, parseOpml } from 'feedsmith';
import type { FeedSource } from './sources-file.js';

/** A feed an OPML file lists. */
export interface OpmlFeed {
  url: string;
  name: string | null;
}

type Outline = { text?: string; title?: string; xmlUrl?: string; outlines?: Outline[] };

/**
 * The feeds of an OPML subscription list (folders flattened), in order, each once, and the feed addresses left out
 * (not http or https), so an import can say what it did not take. Throws on a file that is not OPML.
 */
export function feedsFromOpml(text: string): { feeds: OpmlFeed[]; notHttp: string[] } {
  const document = parseOpml(text);
  const feeds: OpmlFeed[] = [];
  const notHttp: string[] = [];
  const walk = (outlines: Outline[] | undefined) => {
    for (const outline of outlines ?? []) {
      const url = outline.xmlUrl?.trim();
      if (url && !/^https?:\/\//i.test(url)) notHttp.push(url);
      else if (url && !feeds.some((feed) => feed.url === url)) feeds.push({ url, name: outline.title?.trim() || outline.text?.trim() || null });
      walk(outline.outlines);
    }
  };
  walk(document.body?.outlines as Outline[] | undefined);
  return { feeds, notHttp };
}

/** The sources as an OPML 2.0 subscription list other readers import; `titles` fills in names the file leaves out. */
export function sourcesToOpml(sources: readonly FeedSource[], titles: ReadonlyMap<string, string>): string {
  return generateOpml({
    head: { title: 'Brief sources' },
    body: {
      outlines: sources.map((source) => {
        const text = source.name ?? titles.get(source.url) ?? source.url;
        return { text, title: text, type: 'rss', xmlUrl: source.url };
      }),
    },
  });
}
