/** The data the digest core works on. Plain objects only: no I/O handles, no SDK types. */

/** One cleaned news article, as the content readers hand it to the core. */
export interface Article {
  /** Stable id: the file name for the content folder, the record id for JSON Lines input. */
  id: string;
  title: string;
  /** Outlet name ("CRBC News"); null when the article names none. */
  source: string | null;
  url: string | null;
  /** Publication instant; null when unknown (such articles are never filtered out by date). */
  publishedAt: Date | null;
  /** The offset (minutes east of UTC) the publication time was given in; "Monday" is read in the outlet's local week. */
  publishedOffsetMinutes: number | null;
  author: string | null;
  /** A standfirst or dek, kept apart from the body. */
  standfirst: string | null;
  /** Body paragraphs, cleaned of photo credits, outlet lines and boilerplate. */
  paragraphs: string[];
  /** What the reader and the problems list call this article: the file name, or the record id. */
  file: string;
  /**
   * Where the standfirst and each paragraph stand in the source text (the body after the front matter, or the
   * record's `text`), as flat pairs [partIndex, sourceIndex, …]: from partIndex on, a character is at sourceIndex
   * plus the distance (cleaning only deletes markup and turns line breaks into spaces). Lets a quote be pointed to
   * in its article; null for a part that could not be lined up.
   */
  bodyOffsets?: { standfirst: number[] | null; paragraphs: Array<number[] | null> };
}

/** A direct quote and who said it. */
export interface Quote {
  text: string;
  speaker: string | null;
  role: string | null;
  /** Outlet names (or article ids where an article names no outlet) that carry this quote. */
  sources: string[];
  /** The article the wording shown comes from (its file or record id), and the quote's character offsets there. */
  file?: string;
  start?: number | null;
  end?: number | null;
}

/** An upcoming event the story announces. */
export interface NextEvent {
  text: string;
  /** ISO date (YYYY-MM-DD) the event is expected on or by; null when the text gives no resolvable date. */
  date: string | null;
  /** The words in the article the date was read from ("on Monday", "before Thursday"). */
  dateText: string | null;
  /** Last day (YYYY-MM-DD) when the text gives a span ("from 5 to 7 December", "next month"); `date` is then its first day. */
  until?: string | null;
  /** Outlet names (or article ids) whose articles announce this event. */
  sources?: string[];
}

/** One source article of a story, as the digest shows it. */
export interface StorySource {
  name: string | null;
  title: string;
  url: string | null;
  publishedAt: string | null;
  file: string;
}

/** Sites carrying one text: a wire report reprinted, or one outlet's text mirrored by another. */
export interface StorySyndication {
  /** The `file` of each source carrying the text. */
  files: string[];
  /** The wire service a copy names ("AP", "Reuters"), or null. */
  agency: string | null;
}

/** The articles that tell one story, summarised. */
export interface Story {
  /**
   * Stable id: a hash of the story's earliest article (by publication time, then id). It does not depend on the
   * order articles arrive in and stays the same when later articles join the story.
   */
  id: string;
  headline: string;
  summary: string;
  /** Every article of the story, earliest first. */
  sources: StorySource[];
  quotes: Quote[];
  whatsNext: NextEvent[];
  /** Article ids (Article.id) of the story, in the order of `sources`. Set by buildDigest. */
  articleIds?: string[];
  /** Distinct outlets carrying the story. Set by buildDigest; otherwise counted from `sources`. */
  outletCount?: number;
  /** Texts carried by several sources (two or more each). Set by buildDigest. */
  syndication?: StorySyndication[];
  /** The id of the earlier story in this digest that this one follows up, or null. Set by buildDigest. */
  follows?: string | null;
}

/** A file or record that could not be used, and why. */
export interface Problem {
  file: string;
  message: string;
}

/** The period the digest covers. */
export interface Coverage {
  from: string | null;
  until: string | null;
  /** Set when no article fell in the regular window and the digest fell back to the newest day (YYYY-MM-DD). */
  fallbackDay: string | null;
}

/** A whole digest: every story, most important first. */
export interface Digest {
  generatedAt: string;
  coverage: Coverage;
  stories: Story[];
  problems: Problem[];
}
