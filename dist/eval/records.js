/**
 * Reads the eval data sets' JSON Lines into typed records. Pure: takes the file's text, returns
 * records or throws an error that lists every bad line, so a run never scores a silently
 * shortened data set.
 */
import { z } from 'zod';
/** A data file has lines that are not valid records; carries every one of them. */
export class EvalInputError extends Error {
    file;
    problems;
    constructor(file, problems) {
        const shown = problems.slice(0, 10).map((p) => `  line ${p.line}: ${p.message}`);
        if (problems.length > 10)
            shown.push(`  … and ${problems.length - 10} more`);
        super(`${file}: ${problems.length} bad record(s)\n${shown.join('\n')}`);
        this.name = 'EvalInputError';
        this.file = file;
        this.problems = problems;
    }
}
const summarySchema = z.object({
    id: z.string().min(1),
    title: z.string().optional(),
    article: z.string().min(1, 'article is empty'),
    highlights: z.string().optional(),
    summary: z.string().optional(),
    references: z.array(z.string()).optional(),
});
const spanSchema = z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]);
const partSchema = z.object({ spans: z.array(spanSchema).min(1), text: z.string().optional() });
const attributionSchema = z.object({
    // A few PolNeAR attributions ("is drawing criticism") annotate a cue with no content at all.
    content: partSchema.optional(),
    content2: partSchema.optional(),
    source: partSchema.optional(),
    direct_quote: z.boolean(),
});
const attributionRecordSchema = z.object({
    id: z.string().min(1),
    text: z.string(),
    attributions: z.array(attributionSchema),
});
function parseLines(text, file, convert) {
    const records = [];
    const problems = [];
    text.split('\n').forEach((raw, index) => {
        if (raw.trim() === '')
            return;
        let value;
        try {
            value = JSON.parse(raw);
        }
        catch (error) {
            problems.push({ line: index + 1, message: `not JSON (${error.message})` });
            return;
        }
        try {
            records.push(convert(value));
        }
        catch (error) {
            const message = error instanceof z.ZodError
                ? error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`).join('; ')
                : error.message;
            problems.push({ line: index + 1, message });
        }
    });
    if (problems.length > 0)
        throw new EvalInputError(file, problems);
    if (records.length === 0)
        throw new EvalInputError(file, [{ line: 0, message: 'no records in file' }]);
    return records;
}
function unique(texts) {
    const seen = new Set();
    for (const text of texts)
        if (text !== undefined && text.trim() !== '')
            seen.add(text.trim());
    return [...seen];
}
/**
 * Parses summary records (CNN/DM + SummEval, BBC). `highlights` mode scores against the original
 * reference (`highlights`, else `summary`, else the first of `references`); `all` against every
 * distinct reference, best per record.
 */
export function parseSummaryRecords(text, file, refs) {
    return parseLines(text, file, (value) => {
        const record = summarySchema.parse(value);
        const original = unique([record.highlights, record.summary, record.references?.[0]]).slice(0, 1);
        const references = refs === 'all' ? unique([record.highlights, record.summary, ...(record.references ?? [])]) : original;
        if (references.length === 0)
            throw new Error('no reference summary (highlights, summary or references[])');
        return { id: record.id, title: record.title ?? null, article: record.article, references };
    });
}
/** Parses PolNeAR attribution records, keeping the direct quotes as gold. */
export function parseAttributionRecords(text, file) {
    return parseLines(text, file, (value) => {
        const record = attributionRecordSchema.parse(value);
        const gold = [];
        for (const attribution of record.attributions) {
            if (!attribution.direct_quote || attribution.content === undefined)
                continue;
            const spans = [...attribution.content.spans, ...(attribution.content2?.spans ?? [])].map(([start, end]) => {
                if (end <= start || end > record.text.length)
                    throw new Error(`content span ${start}-${end} is outside the text`);
                return { start, end };
            });
            const source = attribution.source ? attribution.source.spans.map(([s, e]) => record.text.slice(s, e)).join(' ') : null;
            gold.push({ spans: spans.sort((a, b) => a.start - b.start), source });
        }
        return { id: record.id, text: record.text, gold };
    });
}
//# sourceMappingURL=records.js.map