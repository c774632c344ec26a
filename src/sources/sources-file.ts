import { readFile, writeFile } from 'node:fs/promises';
import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { z } from 'zod';

/** One feed the sources file lists. */
export interface FeedSource {
  url: string;
  /** The outlet name readers see; null = the feed's own title. */
  name: string | null;
  /** auto: fetch the article page when the feed gives only a teaser; always; never. */
  fullText: 'auto' | 'always' | 'never';
  /** Never poll more often than this (ms); null = no floor beyond Brief's own 5 minutes. */
  everyMs: number | null;
}

/** The sources file is missing, unreadable or invalid; the message names the entry and the field. */
export class SourcesFileError extends Error {
  readonly path: string;

  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'SourcesFileError';
    this.path = path;
  }
}

const units: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** "15m", "2h", "1d", "90s" in milliseconds; null when not such a duration. */
export function parseDuration(text: string): number | null {
  const match = /^\s*(\d+)\s*(s|m|h|d)\s*$/i.exec(text);
  if (!match) return null;
  return Number(match[1]) * (units[(match[2] ?? '').toLowerCase()] ?? 0);
}

function formatDuration(ms: number): string {
  for (const [unit, size] of [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${Math.round(ms / 1000)}s`;
}

const entryFields = ['url', 'name', 'fullText', 'every'];

/**
 * A misspelt key would otherwise be dropped without a word ("fulltext: always" read as auto), so unknown keys are
 * errors that name the key, the one meant when only case, '-', '_' or a plural 's' differ, and the keys there are.
 */
function unknownKeysMessage(keys: readonly string[], known: readonly string[]): string {
  const squashed = (key: string) => key.toLowerCase().replace(/[-_ ]/g, '');
  const named = keys.map((key) => {
    const meant = known.find((name) => [squashed(key), `${squashed(key)}s`].includes(name.toLowerCase()));
    return `"${key}"${meant ? ` (did you mean "${meant}"?)` : ''}`;
  });
  return `unknown ${keys.length === 1 ? 'key' : 'keys'} ${named.join(', ')}; the keys are ${known.map((name) => `"${name}"`).join(', ')}`;
}

const entrySchema = z.strictObject(
  {
    url: z.url({ protocol: /^https?$/, error: '"url" must be an http(s) URL' }),
    name: z.string({ error: '"name" must be text' }).trim().min(1, '"name" must not be empty').optional(),
    fullText: z.enum(['auto', 'always', 'never'], { error: '"fullText" must be auto, always or never' }).optional(),
    every: z
      .string({ error: '"every" must be a duration like 15m, 2h or 1d' })
      .refine((value) => parseDuration(value) !== null, '"every" must be a duration like 15m, 2h or 1d')
      .refine((value) => (parseDuration(value) ?? 0) <= 7 * 86_400_000, '"every" must be at most 7d')
      .optional(),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, entryFields) : 'must be a mapping with at least "url"') },
);

const fileSchema = z.strictObject(
  { feeds: z.array(z.unknown(), { error: '"feeds" must be a list' }).optional() },
  {
    error: (issue) =>
      issue.code === 'unrecognized_keys' ? unknownKeysMessage(issue.keys, ['feeds']) : 'must be a mapping with a "feeds" list',
  },
);

/** Validates the parsed YAML of a sources file; every bad entry is reported, by index, url and field. */
export function parseSources(data: unknown, path: string): FeedSource[] {
  if (data === null || data === undefined) return [];
  const file = fileSchema.safeParse(data);
  if (!file.success) throw new SourcesFileError(path, file.error.issues[0]?.message ?? 'invalid');
  const problems: string[] = [];
  const sources: FeedSource[] = [];
  const seen = new Set<string>();
  (file.data.feeds ?? []).forEach((raw, index) => {
    const url = raw !== null && typeof raw === 'object' && 'url' in raw && typeof raw.url === 'string' ? ` (${raw.url})` : '';
    const rawUrl = raw !== null && typeof raw === 'object' && 'url' in raw ? raw.url : undefined;
    if (typeof rawUrl === 'string' && seen.has(rawUrl)) {
      problems.push(`feeds[${index}]${url}: "url" is listed twice`);
      return;
    }
    if (typeof rawUrl === 'string') seen.add(rawUrl);
    const entry = entrySchema.safeParse(raw);
    if (!entry.success) {
      for (const issue of entry.error.issues) {
        const field = issue.path.length > 0 ? `"${issue.path.join('.')}": ` : '';
        // zod's own message already names the field for the checks written here; an unknown one gets the path.
        problems.push(`feeds[${index}]${url}: ${issue.message.startsWith('"') ? issue.message : field + issue.message}`);
      }
      return;
    }
    sources.push({
      url: entry.data.url,
      name: entry.data.name ?? null,
      fullText: entry.data.fullText ?? 'auto',
      everyMs: entry.data.every ? parseDuration(entry.data.every) : null,
    });
  });
  if (problems.length > 0) throw new SourcesFileError(path, `\n  ${problems.join('\n  ')}`);
  return sources;
}

async function readDocument(path: string): Promise<Document | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new SourcesFileError(path, `cannot be read: ${(error as Error).message}`);
  }
  const document = parseDocument(text);
  if (document.errors.length > 0) {
    const first = document.errors[0];
    const line = first?.linePos?.[0]?.line;
    throw new SourcesFileError(path, `malformed YAML${line ? ` at line ${line}` : ''}: ${first?.message.split('\n')[0] ?? ''}`);
  }
  return document;
}

/** Reads the sources file; null when it does not exist (Brief then reads only the content folder). */
export async function loadSources(path: string): Promise<FeedSource[] | null> {
  const document = await readDocument(path);
  if (!document) return null;
  return parseSources(document.toJS(), path);
}

/** Edits the file's YAML in place, so comments and the order of entries survive `add`, `remove` and a moved feed. */
async function editSources(path: string, edit: (document: Document) => void): Promise<void> {
  const document = (await readDocument(path)) ?? parseDocument('feeds: []\n');
  if (!isSeq(document.get('feeds'))) document.set('feeds', document.createNode([]));
  const feeds = document.get('feeds');
  // An empty list is written `[]`, and entries added to it would stay in that one-line style: written as a block,
  // one entry under another, they read like the example file.
  if (isSeq(feeds) && feeds.items.length === 0) feeds.flow = false;
  edit(document);
  parseSources(document.toJS(), path);
  await writeFile(path, document.toString(), 'utf8');
}

function indexOf(document: Document, url: string): number {
  const feeds = document.get('feeds');
  if (!isSeq(feeds)) return -1;
  return feeds.items.findIndex((item) => isMap(item) && item.get('url') === url);
}

/** Appends a feed; false when the file already lists its URL. */
export async function addSource(path: string, source: { url: string; name?: string | null; everyMs?: number | null }): Promise<boolean> {
  let added = false;
  await editSources(path, (document) => {
    if (indexOf(document, source.url) >= 0) return;
    const entry: Record<string, string> = { url: source.url };
    if (source.name) entry.name = source.name;
    if (source.everyMs) entry.every = formatDuration(source.everyMs);
    document.addIn(['feeds'], document.createNode(entry));
    added = true;
  });
  return added;
}

/** Removes a feed; false when the file does not list it. */
export async function removeSource(path: string, url: string): Promise<boolean> {
  let removed = false;
  await editSources(path, (document) => {
    const index = indexOf(document, url);
    if (index < 0) return;
    document.deleteIn(['feeds', index]);
    removed = true;
  });
  return removed;
}

/** Follows a permanent redirect: the entry keeps its name and settings under the new URL. */
export async function moveSource(path: string, fromUrl: string, toUrl: string): Promise<void> {
  await editSources(path, (document) => {
    const index = indexOf(document, fromUrl);
    if (index < 0 || indexOf(document, toUrl) >= 0) return;
    document.setIn(['feeds', index, 'url'], toUrl);
  });
}
