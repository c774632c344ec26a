import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArticleFile } from './parse-article.js';
/** Articles larger than this are skipped unread: no news article is a megabyte of text. */
export const MAX_ARTICLE_BYTES = 1024 * 1024;
const utf8 = new TextDecoder('utf-8', { fatal: true });
function describeFsError(error) {
    const code = error.code;
    if (code === 'EACCES' || code === 'EPERM')
        return 'cannot be read: permission denied';
    if (code === 'EISDIR')
        return 'is a folder, not an article file';
    return `cannot be read: ${error.message}`;
}
/** Reads one file into an article, or says why it cannot be one. */
async function readArticle(directory, fileName) {
    const path = join(directory, fileName);
    const problem = (message) => ({ problem: { file: fileName, message } });
    try {
        const info = await stat(path);
        if (!info.isFile())
            return problem('is not a regular file');
        if (info.size > MAX_ARTICLE_BYTES) {
            return problem(`is ${(info.size / 1024 / 1024).toFixed(1)} MB; articles over ${MAX_ARTICLE_BYTES / 1024 / 1024} MB are skipped`);
        }
        const bytes = await readFile(path);
        if (bytes.includes(0))
            return problem('is a binary file, not text');
        let text;
        try {
            text = utf8.decode(bytes);
        }
        catch {
            return problem('is not valid UTF-8 text');
        }
        const parsed = parseArticleFile(fileName, text);
        return parsed.ok ? { article: parsed.article } : problem(parsed.message);
    }
    catch (error) {
        return problem(describeFsError(error));
    }
}
/**
 * Reads every article in `directory` (one Markdown file each). Never throws for bad content: a missing folder or
 * a bad file becomes a problem, and every good article is still returned.
 */
export async function loadArticlesFromFolder(directory) {
    let names;
    try {
        names = await readdir(directory);
    }
    catch (error) {
        const code = error.code;
        const message = code === 'ENOENT' ? 'content folder not found' : code === 'ENOTDIR' ? 'is not a folder' : describeFsError(error);
        return { articles: [], problems: [{ file: directory, message }] };
    }
    // Hidden files (.gitkeep, editor swap files) and the folder's own README are not articles.
    const candidates = names.filter((name) => !name.startsWith('.') && !/^readme(\.md)?$/i.test(name)).sort();
    const results = await Promise.all(candidates.map((name) => readArticle(directory, name)));
    const articles = [];
    const problems = [];
    for (const result of results) {
        if ('article' in result)
            articles.push(result.article);
        else
            problems.push(result.problem);
    }
    return { articles, problems };
}
//# sourceMappingURL=load-folder.js.map