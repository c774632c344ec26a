import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import type { Article } from '../digest/types.js';
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

/** The outcome of parsing one article file. */
export type ParseResult = { ok: true; article: Article } | { ok: false; message: string };

/** Splits `---` YAML front matter from the body; null when the text has none. */
function splitFrontMatter(text: string): { yaml: string; body: string } | null {
  const match = /^\uFEFF?---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!match) return null;
  return { yaml: match[1] ?? '', body: text.slice(match[0].length) };
}

/** Minutes east of UTC of an ISO 8601 time's offset ("-05:00" → -300, "Z" → 0). */
export function offsetMinutesOf(iso: string): number | null {
  const match = /(Z|([+-])(\d{2}):(\d{2}))$/.exec(iso);
  if (!match) return null;
  if (match[1] === 'Z') return 0;
  const minutes = Number(match[3]) * 60 + Number(match[4]);
  return match[2] === '-' ? -minutes : minutes;
}

/** The earliest publication date Brief accepts: older ones are typos (0001) or a wrong field, not news. */
export const EARLIEST_PUBLISHED = new Date('1990-01-01T00:00:00Z');

/**
 * Why a "published" value that has the right form is still not a date an article can carry, or null when it is
 * fine: a day the calendar lacks (30 February, which Date.parse rolls over into March), or a time outside
 * 1990 to a day after `now` (a year 0001 or 9999 typo would otherwise drop the article without a word).
 */
export function publishedProblem(published: string, now: Date): string | null {
  const [year, month, day, hour, minute, second] = (published.match(/\d+/g) ?? []).map(Number) as number[];
  const calendar = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  calendar.setUTCFullYear(year ?? 0);
  const offsetMinutes = Math.abs(offsetMinutesOf(published) ?? 0);
  if (
    calendar.getUTCMonth() !== (month ?? 1) - 1 ||
    calendar.getUTCDate() !== day ||
    (hour ?? 0) > 23 ||
    (minute ?? 0) > 59 ||
    (second ?? 0) > 59 ||
    offsetMinutes > 14 * 60
  ) {
    return `"published" ${published} is not a real date and time`;
  }
  const at = Date.parse(published);
  if (at < EARLIEST_PUBLISHED.getTime() || at > now.getTime() + 24 * 60 * 60 * 1000) {
    return `"published" ${published} is outside the dates Brief accepts (1990 to a day from now)`;
  }
  return null;
}

/** Parses an article file (Markdown with front matter) into an Article; pure, so the reader does the I/O. */
export function parseArticleFile(fileName: string, text: string, now: Date = new Date()): ParseResult {
  if (text.trim() === '') return { ok: false, message: 'empty file' };
  const parts = splitFrontMatter(text);
  if (!parts) return { ok: false, message: 'missing front matter: start the file with --- and title/published fields' };

  let data: unknown;
  try {
    // The core schema keeps "published" a string: YAML 1.1 timestamps would drop the offset we validate.
    data = parseYaml(parts.yaml, { schema: 'core' });
  } catch (error) {
    return { ok: false, message: `malformed front matter: ${(error as Error).message.split('\n')[0]}` };
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    return { ok: false, message: 'malformed front matter: expected key: value lines' };
  }
  const fields = frontMatterSchema.safeParse(data);
  if (!fields.success) {
    return { ok: false, message: `bad front matter: ${fields.error.issues.map((issue) => issue.message).join('; ')}` };
  }
  const meta = fields.data;
  const dateProblem = publishedProblem(meta.published, now);
  if (dateProblem) return { ok: false, message: `bad front matter: ${dateProblem}` };
  const cleaned = cleanBody(parts.body, meta.title, meta.source, meta.standfirst);
  if (cleaned.paragraphs.length === 0) return { ok: false, message: 'no article text after the front matter' };

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
      bodyOffsets: cleaned.offsets,
    },
  };
}
