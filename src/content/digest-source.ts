import type { Digest } from '../digest/types.js';

/** What a channel asks for: the digest as of `now` (defaults to the current time). */
export interface DigestRequest {
  now?: Date;
}

/** The port channels use to get today's digest; hides where articles come from and any caching. */
export interface DigestSource {
  getDigest(request?: DigestRequest): Promise<Digest>;
}
