import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import zlib from 'node:zlib';

/** Why a fetch gave no usable response; `code` lets the poller word the error and choose a backoff. */
export class FetchError extends Error {
  readonly code: 'connect-timeout' | 'timeout' | 'too-large' | 'redirects' | 'bad-url' | 'network' | 'decoding';
  readonly url: string;

  constructor(code: FetchError['code'], url: string, message: string, cause?: unknown) {
    super(message, { cause });
    this.name = 'FetchError';
    this.code = code;
    this.url = url;
  }
}

/** One answer, after redirects, with the body already decompressed and size-checked. */
export interface FetchResponse {
  /** The URL that answered (after redirects). */
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** Where permanent redirects (301, 308) from the start led, before any temporary one; null when none. */
  permanentUrl: string | null;
}

export interface FetchRequest {
  /** Extra request headers (If-None-Match, If-Modified-Since, Accept). */
  headers?: Record<string, string>;
  /** Cap on the body after decompression, in bytes. */
  maxBytes?: number;
}

/** Settings of a client; one client is shared so its per-host limit holds across every feed and page. */
export interface HttpClientOptions {
  userAgent: string;
  /** At most this many requests at once to one host. */
  perHost?: number;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  maxRedirects?: number;
  maxBytes?: number;
}

export interface HttpClient {
  get(url: string, request?: FetchRequest): Promise<FetchResponse>;
}

export const USER_AGENT = 'Brief/0.1 (news-digest bot; +https://github.com/brief-news/brief)';

/** A tiny counting semaphore per host. */
function createHostLimiter(perHost: number) {
  const hosts = new Map<string, { active: number; waiting: Array<() => void> }>();
  return async function run<T>(host: string, task: () => Promise<T>): Promise<T> {
    let slot = hosts.get(host);
    if (!slot) {
      slot = { active: 0, waiting: [] };
      hosts.set(host, slot);
    }
    const state = slot;
    if (state.active >= perHost) await new Promise<void>((resolve) => state.waiting.push(resolve));
    state.active += 1;
    try {
      return await task();
    } finally {
      state.active -= 1;
      const next = state.waiting.shift();
      if (next) next();
      else if (state.active === 0) hosts.delete(host);
    }
  };
}

/**
 * A size as an operator reads it, rounded up to a tenth of a MB (or a whole KB): a body just over a 5 MB limit reads
 * "5.1 MB", never "5 MB", and whole limits stay whole ("20 MB").
 */
export function megabytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  const tenths = Math.ceil((bytes / 1024 / 1024) * 10) / 10;
  return `${Number.isInteger(tenths) ? tenths : tenths.toFixed(1)} MB`;
}

function decompressor(encoding: string | undefined, response: IncomingMessage): Readable {
  const name = (encoding ?? '').trim().toLowerCase();
  if (name === 'gzip' || name === 'x-gzip') return response.pipe(zlib.createGunzip());
  if (name === 'deflate') return response.pipe(zlib.createInflate());
  if (name === 'br') return response.pipe(zlib.createBrotliDecompress());
  return response;
}

interface Hop {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One request without redirects: connect and total timeouts, decompression, and the size cap as bytes arrive. */
function requestOnce(url: URL, headers: Record<string, string>, options: Required<Omit<HttpClientOptions, 'userAgent' | 'perHost'>>, maxBytes: number): Promise<Hop> {
  return new Promise<Hop>((resolve, reject) => {
    const transport = url.protocol === 'https:' ? https : http;
    let settled = false;
    const fail = (error: FetchError) => {
      if (settled) return;
      settled = true;
      clearTimeout(total);
      clearTimeout(connect);
      request.destroy();
      reject(error);
    };
    const request = transport.request(url, { method: 'GET', headers });
    const total = setTimeout(
      () => fail(new FetchError('timeout', url.href, `timed out after ${options.totalTimeoutMs / 1000} s`)),
      options.totalTimeoutMs,
    );
    const connect = setTimeout(
      () => fail(new FetchError('connect-timeout', url.href, `could not connect within ${options.connectTimeoutMs / 1000} s`)),
      options.connectTimeoutMs,
    );
    request.on('socket', (socket) => {
      if (!socket.connecting) clearTimeout(connect);
      else socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connect));
    });
    request.on('error', (error) => fail(new FetchError('network', url.href, `network error: ${error.message}`, error)));
    request.on('response', (response) => {
      clearTimeout(connect);
      const status = response.statusCode ?? 0;
      const declared = Number(response.headers['content-length']);
      if (status >= 200 && status < 300 && Number.isFinite(declared) && declared > maxBytes) {
        response.resume();
        fail(new FetchError('too-large', url.href, `the body is ${megabytes(declared)}, over the ${megabytes(maxBytes)} limit`));
        return;
      }
      // Redirects and errors: their bodies are not read, only drained.
      if (status === 304 || (status >= 300 && status < 400) || status >= 400) {
        response.resume();
        settled = true;
        clearTimeout(total);
        resolve({ status, headers: response.headers, body: Buffer.alloc(0) });
        return;
      }
      const stream = decompressor(response.headers['content-encoding'], response);
      const chunks: Buffer[] = [];
      let size = 0;
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          // fail() first, so the 'aborted' that destroying the response raises finds the fetch already settled.
          fail(new FetchError('too-large', url.href, `the body is over the ${megabytes(maxBytes)} limit${stream === response ? '' : ' once decompressed'}`));
          stream.destroy();
          response.destroy();
          return;
        }
        chunks.push(chunk);
      });
      stream.on('error', (error) => fail(new FetchError('decoding', url.href, `could not decompress the body: ${error.message}`, error)));
      response.on('aborted', () => fail(new FetchError('network', url.href, 'the connection closed before the body ended')));
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(total);
        resolve({ status, headers: response.headers, body: Buffer.concat(chunks, size) });
      });
    });
    request.end();
  });
}

/**
 * An HTTP(S) GET client for feeds and pages that behaves as a good citizen: a User-Agent naming Brief, at most
 * `perHost` requests at once per host, connect and total timeouts, a cap on the (decompressed) body, gzip, deflate
 * and brotli, and at most `maxRedirects` redirects, http and https only.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const settings = {
    connectTimeoutMs: options.connectTimeoutMs ?? 10_000,
    totalTimeoutMs: options.totalTimeoutMs ?? 30_000,
    maxRedirects: options.maxRedirects ?? 5,
    maxBytes: options.maxBytes ?? 10 * 1024 * 1024,
  };
  const limit = createHostLimiter(options.perHost ?? 2);

  return {
    async get(start: string, request: FetchRequest = {}): Promise<FetchResponse> {
      let url: URL;
      try {
        url = new URL(start);
      } catch {
        throw new FetchError('bad-url', start, `not a URL: ${start}`);
      }
      let permanentUrl: string | null = null;
      let permanentChain = true;
      const seen = new Set<string>();
      for (let hop = 0; ; hop += 1) {
        if (url.protocol !== 'http:' && url.protocol !== 'https:') {
          throw new FetchError('bad-url', url.href, `only http and https are fetched, not ${url.protocol.replace(':', '')}`);
        }
        const headers: Record<string, string> = {
          'user-agent': options.userAgent,
          'accept-encoding': 'gzip, deflate, br',
          ...request.headers,
        };
        const current = url;
        const answer = await limit(current.host, () => requestOnce(current, headers, settings, request.maxBytes ?? settings.maxBytes));
        const location = answer.headers.location;
        if (answer.status >= 300 && answer.status < 400 && answer.status !== 304 && location) {
          seen.add(current.href);
          if (hop >= settings.maxRedirects) {
            throw new FetchError('redirects', start, `too many redirects (more than ${settings.maxRedirects})`);
          }
          const next = new URL(location, current);
          if (seen.has(next.href)) throw new FetchError('redirects', start, `redirect loop: ${current.href} → ${next.href}`);
          const permanent = answer.status === 301 || answer.status === 308;
          permanentChain = permanentChain && permanent;
          if (permanentChain) permanentUrl = next.href;
          url = next;
          continue;
        }
        return { url: current.href, status: answer.status, headers: answer.headers, body: answer.body, permanentUrl };
      }
    },
  };
}
