// TEMPORARY (telegram branch only): a stand-in with main's signature so this branch type-checks.
// The lead's real createContentDigestSource on main replaces this file at merge; take main's version.
import type { Digest } from '../digest/types.js';
import type { Logger } from '../logger.js';
import type { DigestSource } from './digest-source.js';

/** Settings of the content-folder digest source. */
export interface ContentDigestSourceOptions {
  contentDir: string;
  windowHours: number;
  summarySentences: number;
  maxQuotes: number;
  logger?: Logger;
}

/** TEMPORARY: returns an empty digest; main's version reads the content folder. */
export function createContentDigestSource(options: ContentDigestSourceOptions): DigestSource {
  void options;
  return {
    async getDigest(request) {
      const now = request?.now ?? new Date();
      const empty: Digest = { generatedAt: now.toISOString(), coverage: { from: null, until: null, fallbackDay: null }, stories: [], problems: [] };
      return empty;
    },
  };
}
