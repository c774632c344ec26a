const weekday = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const longDay = new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
/** "Mon 1 Dec" for an exact day, "By Thu 4 Dec" for a deadline, "This week" for a span; empty when undated. */
export function eventDateLabel(event) {
    const vague = event.dateText !== null && /\b(week|weekend|month|year|days|coming|soon|later)\b/i.test(event.dateText);
    if (event.date && !vague) {
        const day = weekday.format(new Date(`${event.date}T00:00:00Z`)).replace(',', '');
        return /^(before|by|until|no later than)\b/i.test(event.dateText ?? '') ? `By ${day}` : day;
    }
    if (event.dateText)
        return event.dateText.charAt(0).toUpperCase() + event.dateText.slice(1);
    return '';
}
/** "Sunday 30 November 2025" for a YYYY-MM-DD day. */
export function longDayLabel(day) {
    return longDay.format(new Date(`${day}T00:00:00Z`)).replace(',', '');
}
/** One line on what period the digest covers, or null for the regular window. */
export function coverageLine(digest) {
    if (digest.coverage.fallbackDay)
        return `Nothing new in the last day; latest news from ${longDayLabel(digest.coverage.fallbackDay)}.`;
    return null;
}
/** The name a reader knows a source by: the outlet, else the site it came from, else the article's title. */
export function sourceLabel(source) {
    if (source.name)
        return source.name;
    if (source.url) {
        try {
            return new URL(source.url).hostname.replace(/^www\./, '');
        }
        catch {
            // not a URL: fall through to the title
        }
    }
    return source.title;
}
/** "2 sources" / "1 source", counting outlets once. */
export function sourceCountLabel(story) {
    const count = new Set(story.sources.map((source) => source.name ?? source.file)).size;
    return `${count} ${count === 1 ? 'source' : 'sources'}`;
}
/** "Marco Rubio, Secretary of State" / "Marco Rubio" / "unattributed". */
export function speakerLabel(quote) {
    if (!quote.speaker)
        return 'unattributed';
    return quote.role ? `${quote.speaker}, ${quote.role}` : quote.speaker;
}
/** "and 3 more stories" when the digest holds more than is shown, else null. */
export function moreStoriesLine(digest, shown) {
    const more = digest.stories.length - shown;
    if (more <= 0)
        return null;
    return `…and ${more} more ${more === 1 ? 'story' : 'stories'}.`;
}
/** Shortens `text` to `limit` characters at a word boundary, with an ellipsis. */
export function shorten(text, limit) {
    if (text.length <= limit)
        return text;
    const cut = text.slice(0, Math.max(0, limit - 1));
    const space = cut.lastIndexOf(' ');
    return `${(space > limit * 0.6 ? cut.slice(0, space) : cut).replace(/[\s,;:.\u2014-]+$/, '')}…`;
}
//# sourceMappingURL=common.js.map