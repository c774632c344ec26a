import type { Digest } from '../digest/types.js';

/** The public JSON format (documented in the README): every story, most important first. */
export interface DigestJson {
  generatedAt: string;
  stories: Array<{
    id: string;
    headline: string;
    summary: string;
    sources: Array<{ name: string | null; title: string; url: string | null; publishedAt: string | null; file: string }>;
    /** `start`/`end`: the quote's character offsets (quote marks included) in `file`'s text after its front matter, or in an --articles record's `text`; null where cleaning changed that paragraph. */
    quotes: Array<{ text: string; speaker: string | null; role: string | null; sources: string[]; file: string | null; start: number | null; end: number | null }>;
    whatsNext: Array<{ text: string; date: string | null; dateText: string | null }>;
    /** Distinct outlets; `syndication` lists the texts several of them carry (by source file). */
    outletCount: number;
    syndication: Array<{ files: string[]; agency: string | null }>;
    articleIds: string[];
    /** The id of the earlier story this one follows up, or null. */
    follows: string | null;
  }>;
  problems: Array<{ file: string; message: string }>;
}

/** Maps a digest to the public JSON shape, field by field, so internal fields never leak into the format. */
export function toDigestJson(digest: Digest): DigestJson {
  return {
    generatedAt: digest.generatedAt,
    stories: digest.stories.map((story) => ({
      id: story.id,
      headline: story.headline,
      summary: story.summary,
      sources: story.sources.map(({ name, title, url, publishedAt, file }) => ({ name, title, url, publishedAt, file })),
      quotes: story.quotes.map(({ text, speaker, role, sources, file, start, end }) => ({ text, speaker, role, sources, file: file ?? null, start: start ?? null, end: end ?? null })),
      whatsNext: story.whatsNext.map(({ text, date, dateText }) => ({ text, date, dateText })),
      outletCount: story.outletCount ?? new Set(story.sources.map((source) => source.name ?? source.file)).size,
      syndication: (story.syndication ?? []).map(({ files, agency }) => ({ files, agency })),
      articleIds: story.articleIds ?? story.sources.map((source) => source.file),
      follows: story.follows ?? null,
    })),
    problems: digest.problems.map(({ file, message }) => ({ file, message })),
  };
}

/** Renders the digest as pretty-printed JSON. */
export function renderJson(digest: Digest): string {
  return JSON.stringify(toDigestJson(digest), null, 2) + '\n';
}
