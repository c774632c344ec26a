import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildDigest, type BuildDigestOptions } from '../digest/build-digest.js';
import type { Article, Digest, Problem } from '../digest/types.js';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import type { DigestRequest, DigestSource } from './digest-source.js';
import type { FeedArticles } from './feed-articles.js';
import { buildDigestInWorker } from './build-digest-in-worker.js';
import { loadArticlesFromFolder } from './load-folder.js';

/** Settings of the content-folder digest source. */
export interface ContentDigestSourceOptions {
  contentDir: string;
  windowHours: number;
  summarySentences: number;
  maxQuotes: number;
  logger?: Logger;
  /** Articles read from feeds, built into the same digest; absent when no sources file is configured. */
  feedArticles?: FeedArticles;
  /** How the digest is built: in this thread by default; the bot passes buildDigestInWorker to keep answering meanwhile. */
  build?: (articles: Article[], options: BuildDigestOptions) => Promise<Digest>;
}

/** Names, sizes and times of the folder's files: when it is unchanged, the parsed articles are reused. */
async function folderSignature(directory: string): Promise<string> {
  try {
    const names = (await readdir(directory)).sort();
    const parts = await Promise.all(
      names.map(async (name) => {
        try {
          const info = await stat(join(directory, name));
          return `${name}:${info.size}:${info.mtimeMs}`;
        } catch {
          return `${name}:?`;
        }
      }),
    );
    return parts.join('|');
  } catch {
    return 'missing';
  }
}

/**
 * The digest of a content folder, cached: articles are re-read only when the folder changes, and the digest is
 * rebuilt at most once a minute, so a chat command answers at once even for a large folder. Each problem file
 * is logged once, not on every rebuild.
 */
export function createContentDigestSource(options: ContentDigestSourceOptions): DigestSource {
  let loaded: { signature: string; articles: Article[]; problems: Problem[] } | null = null;
  let built: { key: string; digest: Promise<Digest> } | null = null;
  let feeds: { version: string; articles: Article[] } = { version: '', articles: [] };
  const reported = new Set<string>();

  async function articles(): Promise<{ articles: Article[]; problems: Problem[] }> {
    const signature = await folderSignature(options.contentDir);
    if (loaded?.signature !== signature) {
      const result = await loadArticlesFromFolder(options.contentDir);
      loaded = { signature, ...result };
      for (const problem of result.problems) {
        const key = `${problem.file}\u0000${problem.message}`;
        if (reported.has(key)) continue;
        reported.add(key);
        options.logger?.warn('skipped article', { file: problem.file, reason: problem.message });
      }
    }
    return loaded;
  }

  return {
    async getDigest(request: DigestRequest = {}): Promise<Digest> {
      const now = request.now ?? new Date();
      const { articles: fromFolder, problems } = await articles();
      // Feed articles are re-read only when the store says they changed, so a new poll shows in the next digest.
      if (options.feedArticles) {
        const version = await options.feedArticles.version();
        if (version !== feeds.version) feeds = { version, articles: await options.feedArticles.articles(now) };
      }
      const current = feeds.articles.length > 0 ? [...fromFolder, ...feeds.articles] : fromFolder;
      const key = `${loaded?.signature ?? ''}|${feeds.version}@${Math.floor(now.getTime() / 60_000)}`;
      if (built?.key !== key) {
        const build = options.build ?? ((articles, buildOptions) => Promise.resolve(buildDigest(articles, buildOptions)));
        const digest = build(current, {
          now,
          windowHours: options.windowHours,
          summarySentences: options.summarySentences,
          maxQuotes: options.maxQuotes,
          problems,
        });
        const entry = { key, digest };
        built = entry;
        // A failed build is not kept for the minute: the next request tries again.
        digest.catch(() => {
          if (built === entry) built = null;
        });
      }
      return built.digest;
    },
  };
}

/**
 * The digest source as the configuration describes it (the content folder, plus the store's feed articles when
 * given); shared by `npm start` and `npm run deliver`.
 */
export function createConfiguredDigestSource(config: Config, logger: Logger, feedArticles?: FeedArticles): DigestSource {
  return createContentDigestSource({
    feedArticles,
    contentDir: config.contentDir,
    windowHours: config.digest.windowHours,
    summarySentences: config.digest.summarySentences,
    maxQuotes: config.digest.maxQuotes,
    logger,
    build: buildDigestInWorker,
  });
}
