import { constants } from 'node:fs';
import { lstat, open, readdir, realpath, type FileHandle } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { Article, Problem } from '../digest/types.js';
import { escapeControlCharacters } from '../escape-control.js';
import { parseArticleFile } from './parse-article.js';
import { mapBounded } from '../map-bounded.js';

/** Articles larger than this are skipped unread: no news article is a megabyte of text. */
export const MAX_ARTICLE_BYTES = 1024 * 1024;

/** What reading a content folder produced: the good articles and one problem per bad file. */
export interface LoadedArticles {
  articles: Article[];
  problems: Problem[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EACCES' || code === 'EPERM') return 'cannot be read: permission denied';
  if (code === 'EISDIR') return 'is a folder, not an article file';
  if (code === 'ELOOP') return 'is a symbolic link that loops back on itself';
  if (code === 'ENOENT') return 'cannot be read: it is a symbolic link to nothing, or was removed while reading';
  return `cannot be read: ${(error as Error).message}`;
}

/** Files read at once: enough to keep the disk busy, few enough for any open-file limit (EMFILE lost articles). */
export const READ_CONCURRENCY = 32;

/**
 * Which file to open for a folder entry: the entry itself, or a symbolic link's target when that is inside the
 * folder. A link out of the folder is refused: whoever can write to the folder must not publish any file Brief can read.
 */
async function pathToRead(folder: string, realFolder: string, fileName: string): Promise<{ path: string } | { message: string }> {
  const path = join(folder, fileName);
  const info = await lstat(path);
  if (!info.isSymbolicLink()) return { path };
  const target = await realpath(path);
  const inside = relative(realFolder, target);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    return { message: 'is a symbolic link to a file outside the content folder; refused' };
  }
  return { path: target };
}

/**
 * Reads one file into an article, or says why it cannot be one. The file is opened once: its type and size are
 * read from the open handle, so a file swapped after the listing cannot slip past them, and at most the cap plus
 * one byte is read, so a file that grows meanwhile is still caught. O_NONBLOCK keeps a named pipe from hanging the open.
 */
async function readArticle(
  folder: string,
  realFolder: string,
  fileName: string,
  now: Date,
): Promise<{ article: Article } | { problem: Problem }> {
  const problem = (message: string) => ({ problem: { file: escapeControlCharacters(fileName), message: escapeControlCharacters(message) } });
  let handle: FileHandle | null = null;
  try {
    const target = await pathToRead(folder, realFolder, fileName);
    if ('message' in target) return problem(target.message);
    handle = await open(target.path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOFOLLOW);
    const info = await handle.stat();
    if (!info.isFile()) return problem(info.isDirectory() ? 'is a folder, not an article file' : 'is not a regular file');
    const tooBig = (size: number) =>
      problem(`is ${(size / 1024 / 1024).toFixed(1)} MB; articles over ${MAX_ARTICLE_BYTES / 1024 / 1024} MB are skipped`);
    if (info.size > MAX_ARTICLE_BYTES) return tooBig(info.size);
    const buffer = Buffer.alloc(MAX_ARTICLE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    if (length > MAX_ARTICLE_BYTES) return tooBig((await handle.stat()).size);
    const bytes = buffer.subarray(0, length);
    if (bytes.includes(0)) return problem('is a binary file, not text');
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      return problem('is not valid UTF-8 text');
    }
    const parsed = parseArticleFile(fileName, text, now);
    return parsed.ok ? { article: parsed.article } : problem(parsed.message);
  } catch (error) {
    return problem(describeFsError(error));
  } finally {
    await handle?.close();
  }
}

/**
 * Reads every article in `directory` (one Markdown file each), a few dozen files at a time. Never throws for bad
 * content: a missing folder or a bad file becomes a problem, and every good article is still returned.
 */
export async function loadArticlesFromFolder(directory: string, now: Date = new Date()): Promise<LoadedArticles> {
  let names: string[];
  let realFolder: string;
  try {
    names = await readdir(directory);
    realFolder = await realpath(directory);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const message = code === 'ENOENT' ? 'content folder not found' : code === 'ENOTDIR' ? 'is not a folder' : describeFsError(error);
    return { articles: [], problems: [{ file: escapeControlCharacters(directory), message }] };
  }
  // Hidden files (.gitkeep, editor swap files) and the folder's own README are not articles.
  const candidates = names.filter((name) => !name.startsWith('.') && !/^readme(\.md)?$/i.test(name)).sort();
  const results = await mapBounded(candidates, READ_CONCURRENCY, (name) => readArticle(directory, realFolder, name, now));
  const articles: Article[] = [];
  const problems: Problem[] = [];
  for (const result of results) {
    if ('article' in result) articles.push(result.article);
    else problems.push(result.problem);
  }
  return { articles, problems };
}
