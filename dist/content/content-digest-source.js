import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { buildDigest } from '../digest/build-digest.js';
import { loadArticlesFromFolder } from './load-folder.js';
/** Names, sizes and times of the folder's files: when it is unchanged, the parsed articles are reused. */
async function folderSignature(directory) {
    try {
        const names = (await readdir(directory)).sort();
        const parts = await Promise.all(names.map(async (name) => {
            try {
                const info = await stat(join(directory, name));
                return `${name}:${info.size}:${info.mtimeMs}`;
            }
            catch {
                return `${name}:?`;
            }
        }));
        return parts.join('|');
    }
    catch {
        return 'missing';
    }
}
/**
 * The digest of a content folder, cached: articles are re-read only when the folder changes, and the digest is
 * rebuilt at most once a minute, so a chat command answers at once even for a large folder. Each problem file
 * is logged once, not on every rebuild.
 */
export function createContentDigestSource(options) {
    let loaded = null;
    let built = null;
    const reported = new Set();
    async function articles() {
        const signature = await folderSignature(options.contentDir);
        if (loaded?.signature !== signature) {
            const result = await loadArticlesFromFolder(options.contentDir);
            loaded = { signature, ...result };
            for (const problem of result.problems) {
                const key = `${problem.file}\u0000${problem.message}`;
                if (reported.has(key))
                    continue;
                reported.add(key);
                options.logger?.warn('skipped article', { file: problem.file, reason: problem.message });
            }
        }
        return loaded;
    }
    return {
        async getDigest(request = {}) {
            const now = request.now ?? new Date();
            const { articles: current, problems } = await articles();
            const key = `${loaded?.signature ?? ''}@${Math.floor(now.getTime() / 60_000)}`;
            if (built?.key !== key) {
                built = {
                    key,
                    digest: Promise.resolve(buildDigest(current, {
                        now,
                        windowHours: options.windowHours,
                        summarySentences: options.summarySentences,
                        maxQuotes: options.maxQuotes,
                        problems,
                    })),
                };
            }
            return built.digest;
        },
    };
}
/** The content-folder digest source as the configuration describes it; shared by `npm start` and `npm run deliver`. */
export function createConfiguredDigestSource(config, logger) {
    return createContentDigestSource({
        contentDir: config.contentDir,
        windowHours: config.digest.windowHours,
        summarySentences: config.digest.summarySentences,
        maxQuotes: config.digest.maxQuotes,
        logger,
    });
}
//# sourceMappingURL=content-digest-source.js.map