import type { Digest, NextEvent, Quote, Story, StorySource } from '../digest/types.js';
import { eventDateLabel, sourceCountLabel, sourceLabel } from './common.js';

/** Telegram's cap on one message's text. */
export const TELEGRAM_MESSAGE_LIMIT = 4096;

/** Options for the Telegram rendering of a digest. */
export interface TelegramRenderOptions {
  /** Stories shown; the rest are counted in a closing line. */
  maxStories: number;
  /** Shown after "Brief ·" in the first message; defaults to the digest's generation date. */
  title?: string;
  /**
   * Upper bound per message, counted on the raw HTML (tags and entities included), which is never less
   * than what Telegram counts after parsing; so staying under it keeps every message legal.
   */
  limit?: number;
  /** Story id → reports gained since the reader last got it: such a story is marked "Update: N new reports". */
  updates?: ReadonlyMap<string, number>;
  /** The number of the first story shown (a "More stories" message continues the morning's numbering). */
  firstNumber?: number;
}

/** Matches the closing "…and N more stories" line; article text cannot forge it, since its `<` is escaped. */
export const moreStoriesLinePattern = /<i>…and \d+ more stor(?:y|ies) in today’s digest\.<\/i>$/;

/**
 * The story numbers a rendered message shows, in order. Article text cannot forge `<b>N. `: its `<` is escaped, so
 * only the headlines this renderer wrote match.
 */
export function storyNumbersIn(message: string): number[] {
  return [...message.matchAll(/<b>(\d+)\. /g)].map((match) => Number(match[1]));
}

/** "Update: 3 new reports" for a story the reader got before with fewer reports. */
export function updateLabel(newReports: number): string {
  return `Update: ${newReports} new ${newReports === 1 ? 'report' : 'reports'}`;
}

/** Escapes text for Telegram's HTML parse mode: the only three characters it requires. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value (double-quoted). */
export function escapeAttribute(text: string): string {
  return escapeHtml(text).replace(/"/g, '&quot;');
}

/** Shortens plain text to at most `max` characters, at a word break if one is near, ending with "…". */
export function truncateText(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= max) return clean;
  if (max <= 1) return '…';
  let cut = max - 1;
  // Never split a surrogate pair (emoji, rare scripts): Telegram rejects invalid UTF-16.
  const code = clean.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut -= 1;
  const space = clean.lastIndexOf(' ', cut);
  if (space > cut * 0.8) cut = space;
  return `${clean.slice(0, cut).trimEnd()}…`;
}

/** Per-story caps on plain-text lengths; shrunk step by step when a story would not fit one message. */
interface StoryCaps {
  headline: number;
  summary: number;
  quotes: number;
  quote: number;
  events: number;
  event: number;
  sources: number;
  sourceName: number;
}

const generousCaps: StoryCaps = {
  headline: 300,
  summary: 2000,
  quotes: 3,
  quote: 500,
  events: 3,
  event: 300,
  sources: 8,
  sourceName: 80,
};

function scaledCaps(factor: number): StoryCaps {
  return {
    headline: Math.max(80, Math.floor(generousCaps.headline * factor)),
    summary: Math.max(150, Math.floor(generousCaps.summary * factor)),
    quotes: factor < 0.2 ? 0 : Math.max(1, Math.round(generousCaps.quotes * factor)),
    quote: Math.max(100, Math.floor(generousCaps.quote * factor)),
    events: factor < 0.2 ? 0 : Math.max(1, Math.round(generousCaps.events * factor)),
    event: Math.max(80, Math.floor(generousCaps.event * factor)),
    sources: Math.max(2, Math.round(generousCaps.sources * factor)),
    sourceName: Math.max(30, Math.floor(generousCaps.sourceName * factor)),
  };
}

const monthNames = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const dayNames = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** "2025-12-01" → "Mon 1 Dec 2025"; anything unparseable is returned as is. */
export function formatDay(isoDate: string): string {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(date.getTime())) return isoDate;
  return `${dayNames[date.getUTCDay()]} ${date.getUTCDate()} ${monthNames[date.getUTCMonth()]} ${date.getUTCFullYear()}`;
}

/** Only web links become anchors; long or odd URLs would waste the budget or be refused by Telegram. */
function safeUrl(url: string | null): string | null {
  if (!url || url.length > 1000) return null;
  return /^https?:\/\/[^\s]+$/i.test(url) ? url : null;
}

function renderQuote(quote: Quote, caps: StoryCaps): string {
  const who = [quote.speaker, quote.role].filter((part): part is string => Boolean(part && part.trim()));
  const attribution = who.length > 0 ? `\n— <i>${escapeHtml(truncateText(who.join(', '), caps.sourceName * 2))}</i>` : '';
  return `<blockquote>“${escapeHtml(truncateText(quote.text, caps.quote))}”${attribution}</blockquote>`;
}

function renderEvent(event: NextEvent, caps: StoryCaps, today: string): string {
  const label = eventDateLabel(event, today);
  const when = label ? ` <i>(${escapeHtml(label)})</i>` : '';
  return `<b>What’s next:</b> ${escapeHtml(truncateText(event.text, caps.event))}${when}`;
}

function renderSource(source: StorySource, caps: StoryCaps): string {
  const name = escapeHtml(truncateText(sourceLabel(source), caps.sourceName));
  const url = safeUrl(source.url);
  return url ? `<a href="${escapeAttribute(url)}">${name}</a>` : name;
}

function renderStory(story: Story, position: number, caps: StoryCaps, today: string, update: number | undefined): string {
  const lines = [`<b>${position}. ${escapeHtml(truncateText(story.headline, caps.headline))}</b>`];
  if (update !== undefined) lines.push(`<i>${updateLabel(update)}</i>`);
  if (story.summary.trim()) lines.push(escapeHtml(truncateText(story.summary, caps.summary)));
  for (const quote of story.quotes.slice(0, caps.quotes)) lines.push(renderQuote(quote, caps));
  for (const event of story.whatsNext.slice(0, caps.events)) lines.push(renderEvent(event, caps, today));
  if (story.sources.length > 0) {
    const shown = story.sources.slice(0, caps.sources).map((source) => renderSource(source, caps));
    const more = story.sources.length - shown.length;
    lines.push(`<i>${escapeHtml(sourceCountLabel(story))}:</i> ${shown.join(' · ')}${more > 0 ? ` · +${more} more` : ''}`);
  }
  return lines.join('\n');
}

/** Renders one story so that it fits in `limit`, shrinking quotes, summary and lists as needed. */
function renderStoryWithin(story: Story, position: number, limit: number, today: string, update?: number): string {
  for (const factor of [1, 0.6, 0.35, 0.2, 0.1, 0]) {
    const text = renderStory(story, position, factor === 1 ? generousCaps : scaledCaps(factor), today, update);
    if (text.length <= limit) return text;
  }
  // Last resort, still well-formed: the headline alone.
  return `<b>${position}. ${escapeHtml(truncateText(story.headline, 200))}</b>`;
}

/**
 * Renders a digest as Telegram HTML messages: every piece of article text escaped, each message within the
 * limit, split only between stories (a story too long on its own is shortened, never cut mid-tag).
 */
export function renderTelegramMessages(digest: Digest, options: TelegramRenderOptions): string[] {
  const limit = options.limit ?? TELEGRAM_MESSAGE_LIMIT;
  const title = options.title ?? formatDay(digest.generatedAt);
  const head = [`📰 <b>Brief</b> · ${escapeHtml(truncateText(title, 100))}`];
  if (digest.coverage.fallbackDay) {
    head.push(`<i>Nothing new in the usual window. Latest news from ${escapeHtml(formatDay(digest.coverage.fallbackDay))}.</i>`);
  }
  const shown = digest.stories.slice(0, Math.max(0, options.maxStories));
  const blocks = shown.map((story, index) =>
    renderStoryWithin(story, index + (options.firstNumber ?? 1), limit, digest.generatedAt, options.updates?.get(story.id)),
  );
  const hidden = digest.stories.length - shown.length;
  if (digest.stories.length === 0) blocks.push('<i>No news in this edition.</i>');
  else if (hidden > 0) blocks.push(`<i>…and ${hidden === 1 ? '1 more story' : `${hidden} more stories`} in today’s digest.</i>`);

  const messages: string[] = [];
  let current = head.join('\n');
  for (const block of blocks) {
    const joined = `${current}\n\n${block}`;
    if (joined.length <= limit) {
      current = joined;
    } else {
      messages.push(current);
      current = block;
    }
  }
  messages.push(current);
  return messages;
}
