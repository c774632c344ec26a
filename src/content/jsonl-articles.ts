import { z } from 'zod';
import type { Article, Problem } from '../digest/types.js';
import { cleanBody } from './clean.js';
import { offsetMinutesOf } from './parse-article.js';
import type { LoadedArticles } from './load-folder.js';

/** One line of `--articles FILE.jsonl` input. */
export interface ArticleRecord {
  id: string;
  title?: string;
  text: string;
  source?: string;
  url?: string;
  published?: string;
}

const recordSchema = z.object({
  id: z.union([z.string().min(1), z.number()]).transform(String),
  title: z.string().optional(),
  text: z.string().min(1, 'needs non-empty "text"'),
  source: z.string().optional(),
  url: z.string().optional(),
  published: z
    .string()
    .refine((value) => !Number.isNaN(Date.parse(value)), '"published" must be an ISO 8601 date')
    .optional(),
});

/** Turns a record into an Article; a record without a title is headed by its first sentence's words. */
export function articleFromRecord(record: ArticleRecord): Article {
  const title = record.title?.trim() || record.text.trim().split(/\n/)[0]?.slice(0, 120) || record.id;
  const cleaned = cleanBody(record.text, record.title?.trim() ?? '\u0000', record.source ?? null);
  return {
    id: record.id,
    file: record.id,
    title,
    source: record.source?.trim() || null,
    url: record.url?.trim() || null,
    publishedAt: record.published ? new Date(record.published) : null,
    publishedOffsetMinutes: record.published ? offsetMinutesOf(record.published) : null,
    author: null,
    standfirst: cleaned.standfirst,
    paragraphs: cleaned.paragraphs,
    bodyOffsets: cleaned.offsets,
  };
}

/** Parses JSON Lines text; a bad line becomes a problem named by its id (or line number) and the rest go on. */
export function parseArticleRecords(text: string, fileName: string): LoadedArticles {
  const articles: Article[] = [];
  const problems: Problem[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push({ file: `${fileName}:${index + 1}`, message: 'not valid JSON' });
      return;
    }
    const parsed = recordSchema.safeParse(value);
    if (!parsed.success) {
      const id = typeof value === 'object' && value !== null && 'id' in value ? String((value as { id: unknown }).id) : `${fileName}:${index + 1}`;
      problems.push({ file: id, message: parsed.error.issues.map((issue) => `${issue.path.join('.') || 'record'}: ${issue.message}`).join('; ') });
      return;
    }
    const article = articleFromRecord(parsed.data);
    if (article.paragraphs.length === 0) problems.push({ file: article.id, message: 'no article text' });
    else articles.push(article);
  });
  return { articles, problems };
}
