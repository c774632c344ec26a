import type { Digest, NextEvent, Quote, Story, StorySource } from '../digest/types.js';

/** Options every renderer takes. */
export interface RenderOptions {
  /** How many stories to show; the rest are counted ("and 3 more stories"). */
  maxStories: number;
  /** Show where each quote stands in its article ("file 120–168"), as `--all-quotes` does for checking. */
  quoteOffsets?: boolean;
}

const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * "Mon 1 Dec" for an exact day, "By Thu 4 Dec" for a deadline, "Fri 5 Dec – Sun 7 Dec" for a span of days, "This
 * week" for a vaguer span; empty when undated. Given the day the digest was made (`today`, ISO), a date outside the
 * coming twelve months shows its year, so a year-old item does not read as this week's.
 */
export function eventDateLabel(event: NextEvent, today?: string): string {
  const vague = event.dateText !== null && /\b(weeks?|weekends?|months?|years?|days|decade|coming|soon|later)\b/i.test(event.dateText);
  const label = (date: string): string => {
    const text = weekday.format(new Date(`${date}T00:00:00Z`)).replace(',', '');
    if (today === undefined) return text;
    const from = today.slice(0, 10);
    const yearAhead = `${Number(from.slice(0, 4)) + 1}${from.slice(4)}`;
    return date < from || date >= yearAhead ? `${text} ${date.slice(0, 4)}` : text;
  };
  if (event.date && !vague) {
    if (event.until && event.until !== event.date) return `${label(event.date)} – ${label(event.until)}`;
    const day = label(event.date);
    return /^(before|by|until|no later than)\b/i.test(event.dateText ?? '') ? `By ${day}` : day;
  }
  if (event.date && today !== undefined && event.dateText) {
    const year = event.date.slice(0, 4);
    const shown = label(event.date);
    if (shown.endsWith(year) && !event.dateText.includes(year)) return `${event.dateText.charAt(0).toUpperCase()}${event.dateText.slice(1)} (${year})`;
  }
  if (event.dateText) return event.dateText.charAt(0).toUpperCase() + event.dateText.slice(1);
  return '';
}

/** "Sunday 30 November 2025" for a YYYY-MM-DD day. */
export function longDayLabel(day: string): string {
  return longDay.format(new Date(`${day}T00:00:00Z`)).replace(',', '');
}

/** One line on what period the digest covers, or null for the regular window. */
export function coverageLine(digest: Digest): string | null {
  if (digest.coverage.fallbackDay) return `Nothing new in the last day; latest news from ${longDayLabel(digest.coverage.fallbackDay)}.`;
  return null;
}

/** The name a reader knows a source by: the outlet, else the site it came from, else the article's title. */
export function sourceLabel(source: StorySource): string {
  if (source.name) return source.name;
  if (source.url) {
    try {
      return new URL(source.url).hostname.replace(/^www\./, '');
    } catch {
      // not a URL: fall through to the title
    }
  }
  return source.title;
}

/**
 * "2 sources" / "1 source", counting outlets once; when several carry one text, how many and whose:
 * "6 sources; 3 carry the same AP report", so a reader can tell six reports from one wire story reprinted.
 */
export function sourceCountLabel(story: Story): string {
  const count = story.outletCount ?? new Set(story.sources.map((source) => source.name ?? source.file)).size;
  const copies = (story.syndication ?? []).map((copy) => `${copy.files.length} carry the same ${copy.agency ? `${copy.agency} ` : ''}report`);
  return [`${count} ${count === 1 ? 'source' : 'sources'}`, ...copies].join('; ');
}

/** "Marco Rubio, Secretary of State" / "Marco Rubio" / "unattributed". */
export function speakerLabel(quote: Quote): string {
  if (!quote.speaker) return 'unattributed';
  return quote.role ? `${quote.speaker}, ${quote.role}` : quote.speaker;
}

/** "and 3 more stories" when the digest holds more than is shown, else null. */
export function moreStoriesLine(digest: Digest, shown: number): string | null {
  const more = digest.stories.length - shown;
  if (more <= 0) return null;
  return `…and ${more} more ${more === 1 ? 'story' : 'stories'}.`;
}

/** Shortens `text` to `limit` characters at a word boundary, with an ellipsis. */
export function shorten(text: string, limit: number): string {
  if (text.length <= limit) return text;
  const cut = text.slice(0, Math.max(0, limit - 1));
  const space = cut.lastIndexOf(' ');
  return `${(space > limit * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.\u2014-]+$/, '')}…`;
}
