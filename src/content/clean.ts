import { foldTypography } from '../digest/text.js';

/** What the cleaner found in an article body. */
export interface CleanedBody {
  standfirst: string | null;
  paragraphs: string[];
  /** Where the standfirst and each paragraph stand, word for word, in the body given; null where cleaning changed them. */
  offsets: BodyOffsets;
}

/**
 * Where an article's parts stand in the text they were read from (the body after front matter, a record's text).
 * Each part maps as flat pairs [partIndex, sourceIndex, …]: from partIndex on, a character is at sourceIndex plus
 * the distance. Cleaning only deletes (markup, a line break's indentation) or turns a line break into a space, so a
 * few pairs map every character. Null when the part could not be lined up with the source.
 */
export interface BodyOffsets {
  standfirst: number[] | null;
  paragraphs: Array<number[] | null>;
}

/** Lines `part` up with `body` from `from` on: each character to the next equal one (a space to any whitespace). */
function alignPart(body: string, part: string, from: number): number[] | null {
  const pairs: number[] = [];
  let j = from;
  let shift = Number.NaN;
  for (let i = 0; i < part.length; i++) {
    const char = part[i];
    const space = char === ' ';
    while (j < body.length && body[j] !== char && !(space && /\s/.test(body[j] ?? ''))) j++;
    if (j >= body.length) return null;
    if (j - i !== shift) {
      shift = j - i;
      pairs.push(i, j);
    }
    j++;
  }
  return pairs;
}

/** Compares headings and lines without caring about case, typography or punctuation. */
function comparable(text: string): string {
  return foldTypography(text)
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const outletWords =
  /\b(news|times|post|herald|journal|press|tribune|daily|media|wire|agency|network|tv|radio|telegraph|guardian|gazette|chronicle|reuters|associated press|ap|afp|bbc|cnn|npr|bloomberg)\b/i;

/** A line that is only an outlet's name ("CRBC News"): a few capitalised words naming a news organisation. */
function isOutletLine(line: string, source: string | null): boolean {
  if (source !== null && comparable(line) === comparable(source)) return true;
  if (line.length > 40 || /[.!?:;,"\u201C\u201D]$/.test(line)) return false;
  const wordsInLine = line.split(/\s+/);
  return wordsInLine.length <= 4 && wordsInLine.every((word) => /^[\p{Lu}\d&]/u.test(word)) && outletWords.test(line);
}

const creditName = "[\\p{Lu}][\\p{L}.'\u2019-]*";
/** "Terry Renna / AP": a few capitalised words, a slash, a few more. */
const creditLine = new RegExp(`^${creditName}(?:\\s+${creditName}){0,3}\\s*/\\s*${creditName}(?:\\s+${creditName}){0,3}$`, 'u');

/**
 * Photo and image credits: "Terry Renna / AP", "Photo: Jane Doe/Reuters", "(Getty Images)", "Image caption ...".
 * They carry no sentence, so a short line with a slash between names, or a credit keyword, is dropped.
 */
function isCreditLine(line: string): boolean {
  if (line.length > 90) return false;
  if (/^(photo|photograph|image|picture|credit|source|illustration|video)s?( caption| credit)?\s*[:|-]/i.test(line)) return true;
  if (/^\(?(getty images|ap photo|reuters|afp|epa|shutterstock)[^.!?]*\)?$/i.test(line)) return true;
  if (/^image (caption|copyright)/i.test(line)) return true;
  return creditLine.test(line) && !/[.!?]$/.test(line);
}

const trailerLine =
  /^(similar|related|recommended|more|most read|popular|trending|latest|top)( articles| stories| news| posts| reading| from .*)?:?$|^(read more|read the rest here|advertisement|share this( article| story)?|sign up for .*|subscribe( now)?|follow us( on .*)?|you may also like|see also|watch:.*|continue reading)\.?:?$/i;

/**
 * Markdown markup that is not article text: images, link targets, emphasis, heading and quote markers.
 * The bracket classes exclude their own openers so a line of unclosed "[[[" or "<<<" costs linear time.
 */
function stripMarkdown(line: string): string {
  return line
    .replace(/!\[[^\][]*\]\([^()]*\)/g, '')
    .replace(/\[([^\][]+)\]\([^()]*\)/g, '$1')
    .replace(/^\s{0,3}>\s?/, '')
    .replace(/(\*\*|__)(.+?)\1/g, '$2')
    .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
    .replace(htmlTag, '')
    .trim();
}

/**
 * A real HTML tag or comment: a known element name, then only well-formed attributes. Text between "<" and ">"
 * that is not one ("Prices < costs & margins > zero", "x<y and z>w") is article text and stays.
 */
const htmlTag = new RegExp(
  '<!--[^<>]*-->|</?(?:a|abbr|article|aside|audio|b|blockquote|br|button|caption|center|cite|code|del|div|em|embed|figcaption|figure|font|footer|form|h[1-6]|header|hr|i|iframe|img|input|ins|label|li|link|mark|meta|nav|noscript|ol|p|path|picture|pre|q|s|script|section|small|source|span|strike|strong|style|sub|sup|svg|table|tbody|td|th|thead|time|tr|u|ul|video)' +
    '(?:\\s+[a-zA-Z_:][\\w:.-]*(?:\\s*=\\s*(?:"[^"<>]*"|\'[^\'<>]*\'|[^\\s"\'<>=]+))?)*\\s*/?>',
  'gi',
);

/** A cleaned line and where its raw line starts in the body. */
interface Line {
  text: string;
  rawStart: number;
}

/** Joins hard-wrapped lines: a line that does not end a sentence, followed by one starting in lower case. */
function joinWrappedLines(lines: Line[]): Line[] {
  // Each paragraph is gathered as a list of lines and joined once: appending to a growing string and reading its
  // last character flattened the string every time, in the square of its length (5 s for a page of short lines).
  const paragraphs: Array<{ parts: string[]; rawStart: number }> = [];
  let lastLine = '';
  for (const line of lines) {
    const current = paragraphs[paragraphs.length - 1];
    if (current !== undefined && !/[.!?:;"\u201D\u2019)]$/.test(lastLine) && /^[\p{Ll}(]/u.test(line.text)) current.parts.push(line.text);
    else paragraphs.push({ parts: [line.text], rawStart: line.rawStart });
    lastLine = line.text;
  }
  return paragraphs.map(({ parts, rawStart }) => ({ text: parts.join(' '), rawStart }));
}

/**
 * Separates article text from what surrounds it on a page: outlet lines, repeated headlines, photo credits,
 * section headings and trailing "Similar Articles" blocks. Text before a repeated headline is the standfirst.
 */
export function cleanBody(body: string, title: string, source: string | null, standfirst: string | null = null): CleanedBody {
  const titleKey = comparable(title);
  const rawLines = body.replace(/\r\n?/g, '\n').split('\n');
  const rawStarts = [0, ...[...body.matchAll(/\r\n?|\n/g)].map((match) => match.index + match[0].length)];
  const lines: Line[] = [];
  let headlineSeenAt = -1;
  for (const [rawIndex, raw] of rawLines.entries()) {
    if (/^\s*#{1,6}\s/.test(raw)) {
      // A heading repeats the headline or is a section label; either way it is no sentence of the article.
      if (comparable(raw.replace(/^\s*#+/, '')) === titleKey) headlineSeenAt = lines.length;
      continue;
    }
    if (/^\s*([-*_]\s*){3,}$/.test(raw)) continue;
    const line = stripMarkdown(raw);
    if (line === '') continue;
    if (comparable(line) === titleKey) {
      headlineSeenAt = lines.length;
      continue;
    }
    if (isOutletLine(line, source) || isCreditLine(line)) continue;
    lines.push({ text: line, rawStart: rawStarts[rawIndex] ?? 0 });
  }

  let firstBodyLine = 0;
  let foundStandfirst = standfirst;
  // "Outlet / headline / dek / headline / body": what precedes the last repeat of the headline is a dek.
  if (headlineSeenAt > 0) {
    const before = lines.slice(0, headlineSeenAt).map((line) => line.text).join(' ').trim();
    if (before !== '' && foundStandfirst === null) foundStandfirst = before;
    firstBodyLine = headlineSeenAt;
  }

  let bodyLines = lines.slice(firstBodyLine);
  const trailerAt = bodyLines.findIndex((line, index) => index > 0 && trailerLine.test(line.text));
  if (trailerAt >= 0) bodyLines = bodyLines.slice(0, trailerAt);

  const joined = joinWrappedLines(bodyLines);
  const paragraphs = joined.map((line) => line.text);
  // A standfirst given in the front matter is not in the body; one found in it starts at the body's first line.
  const standfirstFrom = lines[0]?.rawStart ?? 0;
  const offsets: BodyOffsets = {
    standfirst: foundStandfirst !== null && foundStandfirst !== standfirst ? alignPart(body, foundStandfirst, standfirstFrom) : null,
    paragraphs: joined.map((line) => alignPart(body, line.text, line.rawStart)),
  };
  return { standfirst: foundStandfirst, paragraphs, offsets };
}
