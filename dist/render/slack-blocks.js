import { eventDateLabel, longDayLabel, sourceLabel } from './common.js';
/** The Block Kit limits Slack enforces (`invalid_blocks`, `msg_too_long` beyond them). */
export const SLACK_LIMITS = {
    blocksPerMessage: 50,
    sectionText: 3000,
    headerText: 150,
    contextText: 3000,
    messageText: 40_000,
    blockId: 255,
};
/** Longest URL kept as a link; longer ones are shown as the source name only. */
const maxLinkUrl = 2000;
/** Longest fallback `text`: notifications show a line or two, and Slack parses it, so keep it short. */
const maxFallbackText = 1000;
/** Escapes Slack's three control characters so article text can neither mention, link nor format-inject. */
export function escapeMrkdwn(raw) {
    return raw.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
/**
 * Returns a URL safe to put inside `<url|label>`, or null when it is not http(s) or too long.
 * `|`, `<` and `>` would end the link early, so they are percent-encoded; `&` is entity-escaped as Slack expects.
 */
export function sanitizeLinkUrl(raw) {
    if (raw === null)
        return null;
    let url;
    try {
        url = new URL(raw.trim());
    }
    catch {
        return null;
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
        return null;
    // Credentials in a shown link only confuse readers and leak secrets from feeds.
    url.username = '';
    url.password = '';
    const href = url.href
        .replace(/\|/g, '%7C')
        .replace(/</g, '%3C')
        .replace(/>/g, '%3E')
        .replace(/\s/g, '%20')
        .replace(/&/g, '&amp;');
    return href.length > maxLinkUrl ? null : href;
}
/** Cuts `text` to `max` characters with an ellipsis, never splitting a surrogate pair. */
function clip(text, max) {
    if (text.length <= max)
        return text;
    let cut = text.slice(0, max - 1);
    if (/[\uD800-\uDBFF]$/.test(cut))
        cut = cut.slice(0, -1);
    return `${cut}…`;
}
/**
 * Escapes `raw` and breaks it into pieces of at most `max` characters, at spaces where possible,
 * so long text is split across lines instead of lost. Entities are never cut in half.
 */
function splitEscaped(raw, max) {
    const whole = escapeMrkdwn(raw);
    if (whole.length <= max)
        return [whole];
    const pieces = [];
    let current = '';
    const flush = () => {
        if (current !== '')
            pieces.push(current);
        current = '';
    };
    for (const word of raw.split(/\s+/).filter((w) => w !== '')) {
        const escaped = escapeMrkdwn(word);
        if (escaped.length > max) {
            flush();
            for (const char of word) {
                const e = escapeMrkdwn(char);
                if (current.length + e.length > max)
                    flush();
                current += e;
            }
            continue;
        }
        const joined = current === '' ? escaped : `${current} ${escaped}`;
        if (joined.length > max) {
            flush();
            current = escaped;
        }
        else {
            current = joined;
        }
    }
    flush();
    return pieces;
}
/** Joins atomic tokens with `separator` into lines of at most `max` characters. */
function packTokens(tokens, separator, first, max) {
    const lines = [];
    let current = first;
    let hasToken = false;
    for (const token of tokens) {
        const joined = hasToken ? `${current}${separator}${token}` : `${current}${token}`;
        if (joined.length > max && hasToken) {
            lines.push(current);
            current = token;
        }
        else {
            current = joined;
        }
        hasToken = true;
    }
    lines.push(current);
    return lines;
}
const formatters = new Map();
/** Intl formatters are costly to build and renders happen per /brief, so each is built once. */
function formatter(key, build) {
    let found = formatters.get(key);
    if (found === undefined) {
        found = build();
        formatters.set(key, found);
    }
    return found;
}
/** Formats an instant as its calendar day in `timeZone`: "Monday 1 December 2025". */
function formatInstantDay(instant, timeZone) {
    const date = new Date(instant);
    if (Number.isNaN(date.getTime()))
        return instant;
    const format = formatter(`instant:${timeZone}`, () => new Intl.DateTimeFormat('en-GB', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone }));
    return format.format(date).replace(',', '');
}
function quoteAttribution(quote) {
    if (quote.speaker === null)
        return '';
    return quote.role === null ? ` — *${escapeMrkdwn(quote.speaker)}*` : ` — *${escapeMrkdwn(quote.speaker)}*, ${escapeMrkdwn(quote.role)}`;
}
/** The mrkdwn lines of one story, each at most one section long. */
function storyLines(story) {
    const limit = SLACK_LIMITS.sectionText;
    const lines = [];
    const count = story.sources.length;
    const sourceCount = count === 1 ? '1 source' : `${count} sources`;
    const [headline = '', ...restOfHeadline] = splitEscaped(story.headline, limit - 40);
    lines.push(`*${headline}*  ·  _${sourceCount}_`, ...restOfHeadline);
    if (story.summary.trim() !== '')
        lines.push(...splitEscaped(story.summary, limit));
    for (const quote of story.quotes) {
        const attribution = quoteAttribution(quote);
        const pieces = splitEscaped(`“${quote.text}”`, limit - 2 - attribution.length);
        pieces.forEach((piece, index) => lines.push(`> ${piece}${index === pieces.length - 1 ? attribution : ''}`));
    }
    for (const next of story.whatsNext) {
        const dateLabel = eventDateLabel(next);
        const when = dateLabel ? ` _(${escapeMrkdwn(dateLabel)})_` : '';
        const label = "*What's next:* ";
        const pieces = splitEscaped(next.text, limit - label.length - when.length);
        pieces.forEach((piece, index) => lines.push(`${index === 0 ? label : ''}${piece}${index === pieces.length - 1 ? when : ''}`));
    }
    if (story.sources.length > 0) {
        const tokens = story.sources.map((source) => {
            const label = clip(sourceLabel(source), 200);
            const url = sanitizeLinkUrl(source.url);
            return url === null ? escapeMrkdwn(label) : `<${url}|${escapeMrkdwn(label)}>`;
        });
        lines.push(...packTokens(tokens, ' · ', 'Sources: ', limit));
    }
    return lines;
}
/** Packs lines into section texts of at most 3,000 characters each. */
function packLines(lines) {
    const texts = [];
    let current = '';
    for (const line of lines) {
        if (current === '')
            current = line;
        else if (current.length + 1 + line.length <= SLACK_LIMITS.sectionText)
            current = `${current}\n${line}`;
        else {
            texts.push(current);
            current = line;
        }
    }
    if (current !== '')
        texts.push(current);
    return texts;
}
function section(text, blockId) {
    return { type: 'section', block_id: blockId, text: { type: 'mrkdwn', text, verbatim: true } };
}
function context(text, blockId) {
    return {
        type: 'context',
        block_id: blockId,
        elements: [{ type: 'mrkdwn', text: clip(text, SLACK_LIMITS.contextText), verbatim: true }],
    };
}
/** The section blocks of one story; block ids are unique within any message. */
function renderStoryBlocks(story, index) {
    return packLines(storyLines(story)).map((text, part) => section(text, `story-${index}-${part}`));
}
function defaultTitle(digest, timeZone) {
    if (digest.coverage.fallbackDay !== null)
        return `Latest news from ${longDayLabel(digest.coverage.fallbackDay)}`;
    return `Brief — ${formatInstantDay(digest.generatedAt, timeZone)}`;
}
function fallbackText(prefix, headlines) {
    const list = headlines.map((headline, index) => `${index + 1}) ${headline}`).join('; ');
    return escapeMrkdwn(clip(list === '' ? prefix : `${prefix}: ${list}`, maxFallbackText));
}
/**
 * Renders a digest as Slack messages within Block Kit's limits: a header, then per story its sections
 * (headline, summary, quotes, what's next, sources), dividers between stories, at most 50 blocks per
 * message. Stories are never split across messages unless one alone is longer than a message.
 */
export function renderSlackMessages(digest, options) {
    const timeZone = options.timeZone ?? 'UTC';
    const title = clip((options.title ?? defaultTitle(digest, timeZone)).replace(/\s+/g, ' ').trim() || 'Brief', SLACK_LIMITS.headerText);
    const maxMessages = Math.max(1, options.maxMessages ?? Number.POSITIVE_INFINITY);
    const maxBlocks = SLACK_LIMITS.blocksPerMessage;
    // One block stays free in every message for the "more stories" pointer.
    const room = maxBlocks - 1;
    const head = [{ type: 'header', block_id: 'header', text: { type: 'plain_text', text: title, emoji: true } }];
    const introLines = [];
    if (options.intro !== undefined && options.intro.trim() !== '')
        introLines.push(escapeMrkdwn(options.intro.trim()));
    if (options.title !== undefined && digest.coverage.fallbackDay !== null) {
        introLines.push(`Latest news from ${longDayLabel(digest.coverage.fallbackDay)}: nothing newer has come in.`);
    }
    if (introLines.length > 0)
        head.push(context(introLines.join('\n'), 'intro'));
    const candidates = digest.stories.slice(0, Math.max(0, options.maxStories));
    const pages = [{ blocks: head, headlines: [] }];
    let shown = 0;
    for (const [index, story] of candidates.entries()) {
        const storyBlocks = renderStoryBlocks(story, index);
        let page = pages[pages.length - 1];
        const needsDivider = page.headlines.length > 0;
        const need = storyBlocks.length + (needsDivider ? 1 : 0);
        if (page.blocks.length + need > room && page.headlines.length > 0) {
            if (pages.length >= maxMessages)
                break;
            page = { blocks: [], headlines: [] };
            pages.push(page);
        }
        else if (needsDivider) {
            page.blocks.push({ type: 'divider', block_id: `divider-${index}` });
        }
        let overflow = false;
        for (const block of storyBlocks) {
            // Only a story longer than a whole message gets here: continue it in the next message.
            if (page.blocks.length >= room) {
                if (pages.length >= maxMessages) {
                    overflow = true;
                    break;
                }
                page = { blocks: [], headlines: [] };
                pages.push(page);
            }
            page.blocks.push(block);
        }
        page.headlines.push(story.headline);
        shown += 1;
        if (overflow)
            break;
    }
    const left = digest.stories.length - shown;
    const last = pages[pages.length - 1];
    if (digest.stories.length === 0) {
        last.blocks.push(section('No stories in this digest yet.', 'empty'));
    }
    else if (left > 0) {
        const more = left === 1 ? '1 more story is not shown.' : `${left} more stories are not shown.`;
        const hint = options.moreHint !== undefined ? ` ${escapeMrkdwn(options.moreHint)}` : '';
        last.blocks.push(context(`${more}${hint}`, 'more'));
    }
    return pages.map((page, index) => ({
        text: fallbackText(index === 0 ? title : `${title} (continued)`, page.headlines),
        blocks: page.blocks,
    }));
}
//# sourceMappingURL=slack-blocks.js.map