/**
 * Parses text the way the Bot API does for parse_mode "HTML", so the local server can refuse what Telegram
 * refuses ("Bad Request: can't parse entities: …") and measure the text length Telegram counts.
 */

const allowedTags = new Set([
  'b', 'strong', 'i', 'em', 'u', 'ins', 's', 'strike', 'del', 'span', 'tg-spoiler', 'a', 'code', 'pre',
  'blockquote', 'tg-emoji',
]);
const namedEntities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"' };

/** The parsed text, or the Bot API's description of why it cannot be parsed. */
export type HtmlParseResult = { ok: true; text: string } | { ok: false; error: string };

/** Parses Telegram HTML: allowed tags only, balanced, attributes quoted, only the four named entities. */
export function parseTelegramHtml(html: string): HtmlParseResult {
  const stack: string[] = [];
  let text = '';
  let i = 0;
  const fail = (what: string): HtmlParseResult => ({ ok: false, error: `Bad Request: can't parse entities: ${what} at byte offset ${i}` });
  while (i < html.length) {
    const ch = html[i] as string;
    if (ch === '<') {
      const end = html.indexOf('>', i);
      if (end === -1) return fail('Unclosed start tag');
      const inner = html.slice(i + 1, end);
      if (inner.startsWith('/')) {
        const name = inner.slice(1).trim().toLowerCase();
        const open = stack.pop();
        if (open !== name) return fail(`Unmatched end tag "${name}"`);
      } else {
        const match = /^([a-zA-Z-]+)((?:\s+[a-zA-Z-]+\s*=\s*"[^"]*")*)\s*$/.exec(inner);
        if (!match) return fail(`Can't parse start tag "${inner.slice(0, 30)}"`);
        const name = (match[1] as string).toLowerCase();
        if (!allowedTags.has(name)) return fail(`Unsupported start tag "${name}"`);
        if (name === 'a' && !/\shref\s*=/.test(match[2] ?? '')) return fail('Missing href in <a>');
        stack.push(name);
      }
      i = end + 1;
    } else if (ch === '&') {
      const semi = html.indexOf(';', i);
      const name = semi === -1 ? '' : html.slice(i + 1, semi);
      if (name in namedEntities) text += namedEntities[name];
      else if (/^#\d{1,7}$/.test(name)) text += String.fromCodePoint(Number(name.slice(1)));
      else if (/^#x[0-9a-fA-F]{1,6}$/.test(name)) text += String.fromCodePoint(Number.parseInt(name.slice(2), 16));
      else return fail(`Unsupported entity "&${name.slice(0, 10)}"`);
      i = semi + 1;
    } else if (ch === '>') {
      // Telegram tolerates a bare '>' but our renderer must escape it; flag it so tests catch the slip.
      return fail('Unescaped ">"');
    } else {
      text += ch;
      i += 1;
    }
  }
  if (stack.length > 0) return { ok: false, error: `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "${stack[stack.length - 1]}"` };
  return { ok: true, text };
}
