import { foldTypography } from '../digest/text.js';
/** Compares headings and lines without caring about case, typography or punctuation. */
function comparable(text) {
    return foldTypography(text)
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();
}
const outletWords = /\b(news|times|post|herald|journal|press|tribune|daily|media|wire|agency|network|tv|radio|telegraph|guardian|gazette|chronicle|reuters|associated press|ap|afp|bbc|cnn|npr|bloomberg)\b/i;
/** A line that is only an outlet's name ("CRBC News"): a few capitalised words naming a news organisation. */
function isOutletLine(line, source) {
    if (source !== null && comparable(line) === comparable(source))
        return true;
    if (line.length > 40 || /[.!?:;,"\u201C\u201D]$/.test(line))
        return false;
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
function isCreditLine(line) {
    if (line.length > 90)
        return false;
    if (/^(photo|photograph|image|picture|credit|source|illustration|video)s?( caption| credit)?\s*[:|-]/i.test(line))
        return true;
    if (/^\(?(getty images|ap photo|reuters|afp|epa|shutterstock)[^.!?]*\)?$/i.test(line))
        return true;
    if (/^image (caption|copyright)/i.test(line))
        return true;
    return creditLine.test(line) && !/[.!?]$/.test(line);
}
const trailerLine = /^(similar|related|recommended|more|most read|popular|trending|latest|top)( articles| stories| news| posts| reading| from .*)?:?$|^(read more|read the rest here|advertisement|share this( article| story)?|sign up for .*|subscribe( now)?|follow us( on .*)?|you may also like|see also|watch:.*|continue reading)\.?:?$/i;
/**
 * Markdown markup that is not article text: images, link targets, emphasis, heading and quote markers.
 * The bracket classes exclude their own openers so a line of unclosed "[[[" or "<<<" costs linear time.
 */
function stripMarkdown(line) {
    return line
        .replace(/!\[[^\][]*\]\([^()]*\)/g, '')
        .replace(/\[([^\][]+)\]\([^()]*\)/g, '$1')
        .replace(/^\s{0,3}>\s?/, '')
        .replace(/(\*\*|__)(.+?)\1/g, '$2')
        .replace(/(^|[\s(])[*_]([^*_\s][^*_]*?)[*_](?=[\s).,;:!?]|$)/g, '$1$2')
        .replace(/<[^<>]+>/g, '')
        .trim();
}
/** Joins hard-wrapped lines: a line that does not end a sentence, followed by one starting in lower case. */
function joinWrappedLines(lines) {
    const joined = [];
    for (const line of lines) {
        const previous = joined[joined.length - 1];
        if (previous !== undefined && !/[.!?:;"\u201D\u2019)]$/.test(previous) && /^[\p{Ll}(]/u.test(line)) {
            joined[joined.length - 1] = `${previous} ${line}`;
        }
        else {
            joined.push(line);
        }
    }
    return joined;
}
/**
 * Separates article text from what surrounds it on a page: outlet lines, repeated headlines, photo credits,
 * section headings and trailing "Similar Articles" blocks. Text before a repeated headline is the standfirst.
 */
export function cleanBody(body, title, source, standfirst = null) {
    const titleKey = comparable(title);
    const rawLines = body.replace(/\r\n?/g, '\n').split('\n');
    const lines = [];
    let headlineSeenAt = -1;
    for (const raw of rawLines) {
        if (/^\s*#{1,6}\s/.test(raw)) {
            // A heading repeats the headline or is a section label; either way it is no sentence of the article.
            if (comparable(raw.replace(/^\s*#+/, '')) === titleKey)
                headlineSeenAt = lines.length;
            continue;
        }
        if (/^\s*([-*_]\s*){3,}$/.test(raw))
            continue;
        const line = stripMarkdown(raw);
        if (line === '')
            continue;
        if (comparable(line) === titleKey) {
            headlineSeenAt = lines.length;
            continue;
        }
        if (isOutletLine(line, source) || isCreditLine(line))
            continue;
        lines.push(line);
    }
    let firstBodyLine = 0;
    let foundStandfirst = standfirst;
    // "Outlet / headline / dek / headline / body": what precedes the last repeat of the headline is a dek.
    if (headlineSeenAt > 0) {
        const before = lines.slice(0, headlineSeenAt).join(' ').trim();
        if (before !== '' && foundStandfirst === null)
            foundStandfirst = before;
        firstBodyLine = headlineSeenAt;
    }
    let bodyLines = lines.slice(firstBodyLine);
    const trailerAt = bodyLines.findIndex((line, index) => index > 0 && trailerLine.test(line));
    if (trailerAt >= 0)
        bodyLines = bodyLines.slice(0, trailerAt);
    return { standfirst: foundStandfirst, paragraphs: joinWrappedLines(bodyLines) };
}
//# sourceMappingURL=clean.js.map