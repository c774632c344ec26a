import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Update } from 'grammy/types';
import type { Logger } from '../../logger.js';
import { answerHealth, type HealthReport } from '../health.js';

/** Telegram updates are a few kilobytes; anything near this is not one. */
export const maxWebhookBodyBytes = 1024 * 1024;

/** How many recent update ids are remembered to drop Telegram's re-deliveries. */
const rememberedUpdates = 2048;

/** Dependencies of the webhook listener. */
export interface WebhookServerDeps {
  /** The path Telegram posts to (the webhook URL's path). */
  path: string;
  /** TELEGRAM_WEBHOOK_SECRET: Telegram sends it in X-Telegram-Bot-Api-Secret-Token with every update. */
  secret: string;
  /** Handles one update; called after Telegram has had its 200. */
  handleUpdate: (update: Update) => Promise<void>;
  logger: Logger;
  /** Answers GET /healthz when given. */
  health?: () => HealthReport;
  maxBodyBytes?: number;
}

/** The webhook listener plus a way to wait for the updates it accepted and is still handling. */
export interface WebhookServer {
  readonly server: Server;
  /** Resolves when every accepted update has been handled. */
  drain(): Promise<void>;
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** Compares in constant time; hashing first makes the lengths equal, so the length leaks nothing either. */
function secretMatches(given: string | string[] | undefined, expected: Buffer): boolean {
  return typeof given === 'string' && timingSafeEqual(digest(given), expected);
}

/** Reads the body up to `limit` bytes; null when it is larger (the caller answers 413). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limit) {
        over = true;
        chunks.length = 0;
        resolve(null);
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!over) resolve(Buffer.concat(chunks));
    });
    req.on('error', reject);
  });
}

function isUpdate(value: unknown): value is Update {
  return typeof value === 'object' && value !== null && Number.isSafeInteger((value as { update_id?: unknown }).update_id);
}

/**
 * Creates the Telegram webhook listener. Hand-written rather than grammY's `webhookCallback` because that
 * compares the secret with `!==`, buffers any body size, and answers only after the update is handled: a
 * reply slower than Telegram's wait then gets a 500, and Telegram delivers the update, and the reply, again.
 * Here the update is acknowledged with 200 as soon as it is read and handled after; per-chat order is kept
 * by the bot's own sequencing middleware, and re-deliveries of a recent update id are dropped.
 */
export function createWebhookServer(deps: WebhookServerDeps): WebhookServer {
  const expected = digest(deps.secret);
  const limit = deps.maxBodyBytes ?? maxWebhookBodyBytes;
  const seen = new Set<number>();
  const pending = new Set<Promise<void>>();

  const remember = (updateId: number): boolean => {
    if (seen.has(updateId)) return false;
    seen.add(updateId);
    if (seen.size > rememberedUpdates) seen.delete(seen.values().next().value as number);
    return true;
  };

  const respond = (res: ServerResponse, status: number, body = '') => {
    res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', connection: 'close' }).end(body);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = (req.url ?? '').split('?')[0];
    if (req.method === 'GET' && url === '/healthz' && deps.health) {
      answerHealth(res, deps.health());
      return;
    }
    if (req.method !== 'POST' || url !== deps.path) {
      respond(res, 404);
      return;
    }
    if (!secretMatches(req.headers['x-telegram-bot-api-secret-token'], expected)) {
      deps.logger.warn('Telegram webhook refused a request without the right secret', { remoteAddress: req.socket.remoteAddress });
      respond(res, 401, 'secret token missing or wrong');
      req.resume();
      return;
    }
    const declared = Number(req.headers['content-length'] ?? '0');
    if (declared > limit) {
      respond(res, 413, 'body too large');
      req.destroy();
      return;
    }
    const body = await readBody(req, limit);
    if (body === null) {
      respond(res, 413, 'body too large');
      req.destroy();
      return;
    }
    let update: unknown;
    try {
      update = JSON.parse(body.toString('utf8'));
    } catch {
      respond(res, 400, 'not JSON');
      return;
    }
    if (!isUpdate(update)) {
      respond(res, 400, 'not a Telegram update');
      return;
    }
    respond(res, 200);
    if (!remember(update.update_id)) {
      deps.logger.debug('Telegram re-delivered an update already taken; dropped', { updateId: update.update_id });
      return;
    }
    const work = deps
      .handleUpdate(update)
      .catch((error: unknown) => deps.logger.error('Webhook update failed', { updateId: update.update_id, error }))
      .finally(() => pending.delete(work));
    pending.add(work);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      deps.logger.error('Webhook request failed', { error });
      if (!res.headersSent) respond(res, 500);
    });
  });
  // A slowloris holding a connection open must not keep a socket forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;

  return {
    server,
    async drain() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
