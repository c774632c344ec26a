import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { cleanBody } from './clean.js';
/** ISO 8601 date-time with an explicit offset or Z, as the content format requires. */
const isoWithOffset = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
const optionalString = z
    .union([z.string(), z.null()])
    .optional()
    .transform((value) => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null));
const frontMatterSchema = z.object({
    title: z.string({ error: 'needs a "title" (text)' }).trim().min(1, 'needs a non-empty "title"'),
    source: optionalString,
    url: optionalString.pipe(z.union([z.url({ protocol: /^https?$/, error: '"url" must be an http(s) URL' }), z.null()])),
    published: z
        .string({ error: 'needs "published" as ISO 8601 with an offset, like 2025-11-30T18:00:00-05:00' })
        .regex(isoWithOffset, '"published" must be ISO 8601 with an offset, like 2025-11-30T18:00:00-05:00')
        .refine((value) => !Number.isNaN(Date.parse(value)), '"published" is not a real date'),
    author: optionalString,
    standfirst: optionalString,
});
/** Splits `---` YAML front matter from the body; null when the text has none. */
function splitFrontMatter(text) {
    const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
    if (!match)
        return null;
    return { yaml: match[1] ?? '', body: text.slice(match[0].length) };
}
/** Minutes east of UTC of an ISO 8601 time's offset ("-05:00" → -300, "Z" → 0). */
export function offsetMinutesOf(iso) {
    const match = /(Z|([+-])(\d{2}):(\d{2}))$/.exec(iso);
    if (!match)
        return null;
    if (match[1] === 'Z')
        return 0;
    const minutes = Number(match[3]) * 60 + Number(match[4]);
    return match[2] === '-' ? -minutes : minutes;
}
/** Parses an article file (Markdown with front matter) into an Article; pure, so the reader does the I/O. */
export function parseArticleFile(fileName, text) {
    if (text.trim() === '')
        return { ok: false, message: 'empty file' };
    const parts = splitFrontMatter(text);
    if (!parts)
        return { ok: false, message: 'missing front matter: start the file with --- and title/published fields' };
    let data;
    try {
        // The core schema keeps "published" a string: YAML 1.1 timestamps would drop the offset we validate.
        data = parseYaml(parts.yaml, { schema: 'core' });
    }
    catch (error) {
        return { ok: false, message: `malformed front matter: ${error.message.split('\n')[0]}` };
    }
    if (data === null || typeof data !== 'object' || Array.isArray(data)) {
        return { ok: false, message: 'malformed front matter: expected key: value lines' };
    }
    const fields = frontMatterSchema.safeParse(data);
    if (!fields.success) {
        return { ok: false, message: `bad front matter: ${fields.error.issues.map((issue) => issue.message).join('; ')}` };
    }
    const meta = fields.data;
    const cleaned = cleanBody(parts.body, meta.title, meta.source, meta.standfirst);
    if (cleaned.paragraphs.length === 0)
        return { ok: false, message: 'no article text after the front matter' };
    return {
        ok: true,
        article: {
            id: fileName,
            file: fileName,
            title: meta.title,
            source: meta.source,
            url: meta.url,
            publishedAt: new Date(meta.published),
            publishedOffsetMinutes: offsetMinutesOf(meta.published),
            author: meta.author,
            standfirst: cleaned.standfirst,
            paragraphs: cleaned.paragraphs,
        },
    };
}
//# sourceMappingURL=parse-article.js.map