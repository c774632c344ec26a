import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '../../logger.js';

/** How far a request's timestamp may be from now, either way, and how long its signature is remembered. */
const WINDOW_SECONDS = 5 * 60;
/** Bolt's own limit for a request body. */
const BODY_LIMIT_BYTES = 4 * 1024 * 1024;

/** Options of the Slack request guard. */
export interface RequestGuardOptions {
  signingSecret: string;
  logger: Logger;
  now?: () => number;
}

/** A request listener in front of Bolt's: (request, response, Bolt's listener). */
export type RequestGuard = (req: IncomingMessage, res: ServerResponse, next: (req: IncomingMessage, res: ServerResponse) => void) => void;

function refuse(res: ServerResponse, status: number): void {
  if (res.headersSent) return;
  res.writeHead(status);
  res.end();
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether Bolt can read the body as the object it expects; Bolt itself crashed on a signed JSON `null`. */
function bodyIsWellFormed(body: string, contentType: string | undefined): boolean {
  try {
    if (contentType?.split(';')[0]?.trim() === 'application/x-www-form-urlencoded') {
      const payload = new URLSearchParams(body).get('payload');
      return payload === null || isPlainObject(JSON.parse(payload));
    }
    return isPlainObject(JSON.parse(body));
  } catch {
    return false;
  }
}

/**
 * Guards Bolt's HTTP receiver. Before Bolt sees a POST it buffers the body (Bolt reuses it) and refuses:
 * a timestamp more than five minutes from now in either direction (Bolt checks only the past), a validly signed
 * request already seen within those five minutes (a replay), and a signed body of any shape Bolt cannot read
 * as an object (`null`, an array, a number, bad JSON or form: 400, where Bolt crashed the process on `null`).
 * Unsigned or wrongly signed requests go on to Bolt, which refuses them with 401 as before.
 */
export function createRequestGuard(options: RequestGuardOptions): RequestGuard {
  const { signingSecret, logger } = options;
  const now = options.now ?? (() => Date.now());
  /** Signatures seen, with when they may be forgotten; insertion order is time order, so pruning stops early. */
  const seen = new Map<string, number>();

  function prune(atMs: number): void {
    for (const [signature, forgetAt] of seen) {
      if (forgetAt > atMs) break;
      seen.delete(signature);
    }
  }

  function validSignature(signature: string, timestamp: string, body: Buffer): boolean {
    const expected = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:`).update(body).digest('hex')}`;
    const given = Buffer.from(signature);
    const wanted = Buffer.from(expected);
    return given.length === wanted.length && timingSafeEqual(given, wanted);
  }

  return (req, res, next) => {
    if (req.method !== 'POST') {
      next(req, res);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      if (tooLarge) return;
      size += chunk.length;
      if (size > BODY_LIMIT_BYTES) {
        tooLarge = true;
        logger.warn('slack request refused: body too large', { bytes: size });
        refuse(res, 413);
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('error', () => refuse(res, 400));
    req.on('end', () => {
      if (tooLarge) return;
      const body = Buffer.concat(chunks);
      // Bolt reads a request already buffered from here instead of the stream.
      (req as IncomingMessage & { rawBody?: Buffer }).rawBody = body;
      const signature = req.headers['x-slack-signature'];
      const timestamp = req.headers['x-slack-request-timestamp'];
      if (typeof signature !== 'string' || typeof timestamp !== 'string' || !validSignature(signature, timestamp, body)) {
        next(req, res);
        return;
      }
      const nowMs = now();
      const seconds = Number(timestamp);
      if (!Number.isFinite(seconds) || Math.abs(nowMs / 1000 - seconds) > WINDOW_SECONDS) {
        logger.warn('slack request refused: timestamp more than five minutes from now', { timestamp });
        refuse(res, 401);
        return;
      }
      prune(nowMs);
      if (seen.has(signature)) {
        logger.warn('slack request refused: replay of a request already handled', { timestamp });
        refuse(res, 401);
        return;
      }
      seen.set(signature, nowMs + WINDOW_SECONDS * 2 * 1000);
      if (!bodyIsWellFormed(body.toString('utf8'), req.headers['content-type'])) {
        logger.warn('slack request refused: malformed body', { bytes: body.length, contentType: req.headers['content-type'] ?? null });
        refuse(res, 400);
        return;
      }
      next(req, res);
    });
  };
}
