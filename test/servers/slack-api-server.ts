import { createHash, createHmac } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local stand-in for Slack: the Web API methods Brief and Bolt call (auth.test, chat.postMessage,
 * chat.postEphemeral) and slash-command response_urls. It checks messages against Block Kit's limits and
 * answers like Slack does (`invalid_blocks`, `msg_too_long`, `not_in_channel`, 429 with Retry-After).
 */

/** One message that reached the server, accepted or not. */
export interface RecordedMessage {
  via: 'chat.postMessage' | 'chat.postEphemeral' | 'response_url';
  /** Channel for Web API posts; the response_url id for responds. */
  target: string;
  payload: MessagePayload;
  /** performance.now() at arrival. */
  at: number;
  /** Slack's error code when the message was refused. */
  error: string | null;
}

/** The fields of a message payload the validator looks at. */
export interface MessagePayload {
  text?: unknown;
  blocks?: unknown;
  response_type?: unknown;
}

/** A Block Kit problem in Slack's own words: the error code and a pointer to the field. */
export interface BlockProblem {
  error: 'invalid_blocks' | 'msg_too_long' | 'no_text';
  message: string;
}

/** A planned failure: `after` posts to the channel still succeed first, then `times` fail. */
type Failure = { after: number; times: number } & (
  | { kind: 'error'; error: string }
  | { kind: 'rate-limit'; retryAfterSeconds: number }
  | { kind: 'status'; status: number }
  | { kind: 'lose-answer' }
);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkTextObject(value: unknown, pointer: string, max: number, types: string[]): string | null {
  if (!isRecord(value)) return `[ERROR] must be a text object [json-pointer:${pointer}]`;
  if (typeof value.type !== 'string' || !types.includes(value.type)) return `[ERROR] must be one of ${types.join(', ')} [json-pointer:${pointer}/type]`;
  if (typeof value.text !== 'string' || value.text.length < 1) return `[ERROR] must be more than 0 characters [json-pointer:${pointer}/text]`;
  if (value.text.length > max) return `[ERROR] must be less than ${max + 1} characters [json-pointer:${pointer}/text]`;
  if (value.verbatim !== undefined && typeof value.verbatim !== 'boolean') return `[ERROR] must be a boolean [json-pointer:${pointer}/verbatim]`;
  return null;
}

/** Checks a message the way Slack does for chat.postMessage and response_url; null when it is valid. */
export function validateMessage(payload: MessagePayload): BlockProblem | null {
  if (payload.text !== undefined && typeof payload.text !== 'string') return { error: 'invalid_blocks', message: '[ERROR] text must be a string' };
  if (typeof payload.text === 'string' && payload.text.length > 40_000) return { error: 'msg_too_long', message: 'text is longer than 40,000 characters' };
  if (payload.blocks === undefined) {
    return typeof payload.text === 'string' && payload.text.trim() !== '' ? null : { error: 'no_text', message: 'no text and no blocks' };
  }
  const blocks = payload.blocks;
  if (!Array.isArray(blocks)) return { error: 'invalid_blocks', message: '[ERROR] blocks must be an array [json-pointer:/blocks]' };
  if (blocks.length > 50) return { error: 'invalid_blocks', message: '[ERROR] no more than 50 items allowed [json-pointer:/blocks]' };
  const ids = new Set<string>();
  for (const [index, block] of blocks.entries()) {
    const pointer = `/blocks/${index}`;
    const fail = (message: string): BlockProblem => ({ error: 'invalid_blocks', message });
    if (!isRecord(block)) return fail(`[ERROR] must be an object [json-pointer:${pointer}]`);
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string' || block.block_id.length < 1 || block.block_id.length > 255) {
        return fail(`[ERROR] must be 1 to 255 characters [json-pointer:${pointer}/block_id]`);
      }
      if (ids.has(block.block_id)) return fail(`[ERROR] duplicate block_id [json-pointer:${pointer}/block_id]`);
      ids.add(block.block_id);
    }
    let problem: string | null = null;
    switch (block.type) {
      case 'header':
        problem = checkTextObject(block.text, `${pointer}/text`, 150, ['plain_text']);
        break;
      case 'section': {
        if (block.text === undefined && block.fields === undefined) problem = `[ERROR] must provide text or fields [json-pointer:${pointer}]`;
        if (block.text !== undefined) problem = checkTextObject(block.text, `${pointer}/text`, 3000, ['mrkdwn', 'plain_text']);
        if (problem === null && block.fields !== undefined) {
          if (!Array.isArray(block.fields) || block.fields.length > 10) problem = `[ERROR] no more than 10 items allowed [json-pointer:${pointer}/fields]`;
          else {
            for (const [f, field] of block.fields.entries()) {
              problem = checkTextObject(field, `${pointer}/fields/${f}`, 2000, ['mrkdwn', 'plain_text']);
              if (problem !== null) break;
            }
          }
        }
        if (problem === null && block.accessory !== undefined) problem = checkButton(block.accessory, `${pointer}/accessory`);
        break;
      }
      case 'divider':
        break;
      case 'context': {
        const elements = block.elements;
        if (!Array.isArray(elements) || elements.length < 1 || elements.length > 10) {
          problem = `[ERROR] must have 1 to 10 elements [json-pointer:${pointer}/elements]`;
          break;
        }
        for (const [e, element] of elements.entries()) {
          problem = checkTextObject(element, `${pointer}/elements/${e}`, 3000, ['mrkdwn', 'plain_text']);
          if (problem !== null) break;
        }
        break;
      }
      default:
        // Brief uses only these four; anything else here is a bug in Brief, not a feature of Slack to emulate.
        problem = `[ERROR] unsupported type in this test server: ${String(block.type)} [json-pointer:${pointer}/type]`;
    }
    if (problem !== null) return fail(problem);
  }
  return null;
}

/** A button element as Slack checks it: plain-text label up to 75, action_id up to 255, value up to 2000 characters. */
function checkButton(element: unknown, pointer: string): string | null {
  if (!isRecord(element) || element.type !== 'button') return `[ERROR] only a button accessory is supported here [json-pointer:${pointer}]`;
  const label = checkTextObject(element.text, `${pointer}/text`, 75, ['plain_text']);
  if (label !== null) return label;
  if (typeof element.action_id !== 'string' || element.action_id.length < 1 || element.action_id.length > 255) {
    return `[ERROR] must be 1 to 255 characters [json-pointer:${pointer}/action_id]`;
  }
  if (element.value !== undefined && (typeof element.value !== 'string' || element.value.length > 2000)) {
    return `[ERROR] must be at most 2000 characters [json-pointer:${pointer}/value]`;
  }
  return null;
}

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Reads a Web API body: the WebClient sends forms with nested values as JSON strings; JSON bodies are allowed too. */
function parseApiBody(contentType: string, raw: string): Record<string, unknown> {
  if (contentType.includes('application/json')) return raw === '' ? {} : (JSON.parse(raw) as Record<string, unknown>);
  const params = new URLSearchParams(raw);
  const result: Record<string, unknown> = {};
  for (const [key, value] of params) {
    if ((key === 'blocks' || key === 'attachments') && value.startsWith('[')) result[key] = JSON.parse(value) as unknown;
    else result[key] = value;
  }
  return result;
}

function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  response.end(JSON.stringify(body));
}

/** A running local Slack; close it in the test that opened it. */
export interface SlackApiServer {
  /** Web API root for `slackApiUrl` / SLACK_API_URL. */
  readonly apiUrl: string;
  /** Every message that arrived, in order. */
  readonly messages: RecordedMessage[];
  /** Every Web API call by method name, in order, accepted or not. */
  readonly calls: { method: string; at: number }[];
  /** A fresh response_url, good for five messages like Slack's. */
  responseUrl(id?: string): string;
  /** Messages that arrived at one response_url. */
  responses(id: string): RecordedMessage[];
  /** Accepted chat.postMessage messages for one channel. */
  posts(channel: string): RecordedMessage[];
  /** Makes chat.postMessage to `channel` answer `{ ok: false, error }` (`times` times; always by default). */
  failChannel(channel: string, error: string, times?: number): void;
  /** Makes the next `times` posts to `channel` answer 429 with Retry-After. */
  rateLimitChannel(channel: string, retryAfterSeconds: number, times?: number): void;
  /** Lets `after` posts to `channel` through, then answers the next `times` with an HTTP status (500, 503 …). */
  failChannelStatus(channel: string, status: number, options?: { times?: number; after?: number }): void;
  /**
   * Lets `after` posts to `channel` through, then posts the next `times` and drops the connection before answering,
   * as a reset or a proxy timeout does once Slack has taken the message: the message is in the channel, the client
   * never learns it.
   */
  loseAnswers(channel: string, options?: { times?: number; after?: number }): void;
  /** The Socket Mode side: connections opened through apps.connections.open and what went over them. */
  readonly socketMode: SocketModeSide;
  /** Resolves once `count` messages reached response_url `id`, or rejects after `timeoutMs`. */
  waitForResponses(id: string, count: number, timeoutMs?: number): Promise<RecordedMessage[]>;
  close(): Promise<void>;
}

/** Socket Mode as Slack runs it: a WebSocket that says hello, carries envelopes and takes acks. */
export interface SocketModeSide {
  /** Open WebSocket connections. */
  readonly connections: number;
  /** Acks received from the app, by envelope id. */
  readonly acks: Map<string, { payload?: Record<string, unknown> }>;
  /** Resolves once a connection has said hello. */
  waitForConnection(timeoutMs?: number): Promise<void>;
  /** Sends a slash command envelope to every connection; resolves with the app's ack. */
  sendSlashCommand(fields: { text: string; responseUrl: string }, timeoutMs?: number): Promise<{ payload?: Record<string, unknown> }>;
}

const websocketGuid = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Encodes one unmasked server-to-client frame. */
function encodeFrame(opcode: number, payload: Buffer): Buffer {
  const length = payload.length;
  const head = length < 126 ? Buffer.from([0x80 | opcode, length]) : length < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (length >= 126 && length < 65_536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(length, 2);
  } else if (length >= 65_536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(length), 2);
  }
  return Buffer.concat([head, payload]);
}

/** Decodes the complete masked client frames at the start of `buffer`; returns them and the unread rest. */
function decodeFrames(buffer: Buffer): { frames: { opcode: number; payload: Buffer }[]; rest: Buffer } {
  const frames: { opcode: number; payload: Buffer }[] = [];
  let offset = 0;
  while (buffer.length - offset >= 2) {
    const opcode = buffer[offset]! & 0x0f;
    const masked = (buffer[offset + 1]! & 0x80) !== 0;
    let length = buffer[offset + 1]! & 0x7f;
    let cursor = offset + 2;
    if (length === 126) {
      if (buffer.length < cursor + 2) break;
      length = buffer.readUInt16BE(cursor);
      cursor += 2;
    } else if (length === 127) {
      if (buffer.length < cursor + 8) break;
      length = Number(buffer.readBigUInt64BE(cursor));
      cursor += 8;
    }
    const maskLength = masked ? 4 : 0;
    if (buffer.length < cursor + maskLength + length) break;
    const mask = buffer.subarray(cursor, cursor + maskLength);
    const payload = Buffer.from(buffer.subarray(cursor + maskLength, cursor + maskLength + length));
    if (masked) for (let i = 0; i < payload.length; i += 1) payload[i] = payload[i]! ^ mask[i % 4]!;
    frames.push({ opcode, payload });
    offset = cursor + maskLength + length;
  }
  return { frames, rest: buffer.subarray(offset) };
}

/** Starts a local Slack on 127.0.0.1 at a free port; `appToken` enables Socket Mode (apps.connections.open). */
export async function startSlackApiServer(options: { botToken: string; appToken?: string }): Promise<SlackApiServer> {
  const messages: RecordedMessage[] = [];
  const calls: { method: string; at: number }[] = [];
  const responseUses = new Map<string, number>();
  const failures = new Map<string, Failure[]>();
  const waiters = new Set<() => void>();
  let nextResponseId = 1;
  let nextTs = 1;
  let nextTicket = 1;
  let nextEnvelope = 1;
  const sockets = new Set<Duplex>();
  const acks = new Map<string, { payload?: Record<string, unknown> }>();

  const notify = () => {
    for (const waiter of [...waiters]) waiter();
  };

  const takeFailure = (channel: string): Failure | null => {
    const list = failures.get(channel);
    const failure = list?.[0];
    if (failure === undefined) return null;
    if (failure.after > 0) {
      failure.after -= 1;
      return null;
    }
    failure.times -= 1;
    if (failure.times <= 0) list!.shift();
    return failure;
  };

  const server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const raw = await readBody(request);
      const at = performance.now();

      if (request.method === 'POST' && url.pathname.startsWith('/response/')) {
        const id = decodeURIComponent(url.pathname.slice('/response/'.length));
        const uses = responseUses.get(id);
        let payload: MessagePayload;
        try {
          payload = JSON.parse(raw) as MessagePayload;
        } catch {
          response.writeHead(400, { 'content-type': 'text/plain' }).end('invalid_payload');
          return;
        }
        // Slack's response_url takes five messages within 30 minutes, then refuses.
        if (uses === undefined || uses >= 5) {
          messages.push({ via: 'response_url', target: id, payload, at, error: 'used_url' });
          response.writeHead(404, { 'content-type': 'text/plain' }).end('used_url');
          notify();
          return;
        }
        responseUses.set(id, uses + 1);
        const problem = validateMessage(payload);
        messages.push({ via: 'response_url', target: id, payload, at, error: problem?.error ?? null });
        if (problem !== null) response.writeHead(400, { 'content-type': 'text/plain' }).end(problem.error);
        else sendJson(response, 200, { ok: true });
        notify();
        return;
      }

      const method = url.pathname.startsWith('/api/') ? url.pathname.slice('/api/'.length) : null;
      if (request.method !== 'POST' || method === null) {
        response.writeHead(404).end();
        return;
      }
      calls.push({ method, at });
      let body: Record<string, unknown>;
      try {
        body = parseApiBody(request.headers['content-type'] ?? '', raw);
      } catch {
        sendJson(response, 200, { ok: false, error: 'invalid_json' });
        return;
      }
      const token = (request.headers.authorization ?? '').replace(/^Bearer /, '') || String(body.token ?? '');
      if (method === 'apps.connections.open') {
        // Only an app-level token opens a Socket Mode connection; a bot token gets not_allowed_token_type.
        if (options.appToken === undefined || token !== options.appToken) {
          sendJson(response, 200, { ok: false, error: token.startsWith('xoxb-') ? 'not_allowed_token_type' : 'invalid_auth' });
        } else {
          sendJson(response, 200, { ok: true, url: `ws://127.0.0.1:${port}/link/?ticket=t${nextTicket++}&app_id=A0BRIEF` });
        }
        return;
      }
      if (token !== options.botToken) {
        sendJson(response, 200, { ok: false, error: token === '' ? 'not_authed' : 'invalid_auth' });
        return;
      }
      switch (method) {
        case 'auth.test':
          sendJson(response, 200, { ok: true, url: 'https://brief-test.slack.com/', team: 'Brief Test', user: 'brief', team_id: 'T0BRIEF', user_id: 'U0BRIEFBOT', bot_id: 'B0BRIEF' });
          return;
        case 'chat.postMessage':
        case 'chat.postEphemeral': {
          const channel = String(body.channel ?? '');
          const payload = body as MessagePayload;
          const failure = takeFailure(channel);
          if (failure?.kind === 'rate-limit') {
            messages.push({ via: method, target: channel, payload, at, error: 'ratelimited' });
            sendJson(response, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(failure.retryAfterSeconds) });
            notify();
            return;
          }
          if (failure?.kind === 'status') {
            messages.push({ via: method, target: channel, payload, at, error: `http_${failure.status}` });
            response.writeHead(failure.status, { 'content-type': 'text/plain' }).end('upstream trouble');
            notify();
            return;
          }
          const error = failure?.kind === 'error' ? failure.error : channel === '' ? 'channel_not_found' : null;
          const problem = error === null ? validateMessage(payload) : null;
          const code = error ?? problem?.error ?? null;
          messages.push({ via: method, target: channel, payload, at, error: code });
          if (failure?.kind === 'lose-answer' && code === null) {
            nextTs += 1;
            request.socket.destroy();
          } else if (code !== null) {
            sendJson(response, 200, { ok: false, error: code, ...(problem ? { response_metadata: { messages: [problem.message] } } : {}) });
          } else {
            const ts = `1764489600.${String(nextTs++).padStart(6, '0')}`;
            sendJson(response, 200, { ok: true, channel, ts, message: { type: 'message', text: payload.text, ts } });
          }
          notify();
          return;
        }
        default:
          sendJson(response, 200, { ok: false, error: 'unknown_method' });
      }
    })().catch((error: unknown) => {
      response.writeHead(500).end(String(error));
    });
  });
  server.keepAliveTimeout = 1000;

  const sendJsonFrame = (socket: Duplex, value: unknown) => socket.write(encodeFrame(0x1, Buffer.from(JSON.stringify(value))));

  server.on('upgrade', (request, socket) => {
    const key = request.headers['sec-websocket-key'];
    if (!request.url?.startsWith('/link/') || typeof key !== 'string') {
      socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
      return;
    }
    const accept = createHash('sha1').update(key + websocketGuid).digest('base64');
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
    sockets.add(socket);
    let pending: Buffer = Buffer.alloc(0);
    socket.on('data', (chunk: Buffer) => {
      const { frames, rest } = decodeFrames(Buffer.concat([pending, chunk]));
      pending = rest;
      for (const frame of frames) {
        if (frame.opcode === 0x9) socket.write(encodeFrame(0xa, frame.payload));
        else if (frame.opcode === 0x8) {
          socket.end(encodeFrame(0x8, frame.payload));
          sockets.delete(socket);
        } else if (frame.opcode === 0x1) {
          const message = JSON.parse(frame.payload.toString('utf8')) as { envelope_id?: string; payload?: Record<string, unknown> };
          if (typeof message.envelope_id === 'string') {
            acks.set(message.envelope_id, message.payload === undefined ? {} : { payload: message.payload });
            notify();
          }
        }
      }
    });
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => sockets.delete(socket));
    sendJsonFrame(socket, { type: 'hello', num_connections: 1, connection_info: { app_id: 'A0BRIEF' }, debug_info: { host: 'brief-test' } });
    notify();
  });

  const waitUntil = (condition: () => boolean, timeoutMs: number, what: string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (condition()) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve();
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`${what} did not happen within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  const socketMode: SocketModeSide = {
    get connections() {
      return sockets.size;
    },
    acks,
    waitForConnection: (timeoutMs = 5000) => waitUntil(() => sockets.size > 0, timeoutMs, 'a Socket Mode connection'),
    async sendSlashCommand(fields, timeoutMs = 5000) {
      const envelopeId = `envelope-${nextEnvelope++}`;
      const payload = Object.fromEntries(new URLSearchParams(slashCommandBody(fields)));
      for (const socket of sockets) {
        sendJsonFrame(socket, { envelope_id: envelopeId, type: 'slash_commands', accepts_response_payload: true, payload });
      }
      await waitUntil(() => acks.has(envelopeId), timeoutMs, `the ack of ${envelopeId}`);
      return acks.get(envelopeId)!;
    },
  };

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const addFailure = (channel: string, failure: Failure) => {
    const list = failures.get(channel) ?? [];
    list.push(failure);
    failures.set(channel, list);
  };

  return {
    apiUrl: `${origin}/api/`,
    messages,
    calls,
    socketMode,
    responseUrl(id = `r${nextResponseId++}`) {
      responseUses.set(id, 0);
      return `${origin}/response/${encodeURIComponent(id)}`;
    },
    responses: (id) => messages.filter((message) => message.via === 'response_url' && message.target === id),
    posts: (channel) => messages.filter((message) => message.via === 'chat.postMessage' && message.target === channel && message.error === null),
    failChannel: (channel, error, times = Number.POSITIVE_INFINITY) => addFailure(channel, { kind: 'error', error, times, after: 0 }),
    rateLimitChannel: (channel, retryAfterSeconds, times = 1) => addFailure(channel, { kind: 'rate-limit', retryAfterSeconds, times, after: 0 }),
    failChannelStatus: (channel, status, { times = 1, after = 0 } = {}) => addFailure(channel, { kind: 'status', status, times, after }),
    loseAnswers: (channel, { times = 1, after = 0 } = {}) => addFailure(channel, { kind: 'lose-answer', times, after }),
    waitForResponses(id, count, timeoutMs = 5000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = messages.filter((message) => message.via === 'response_url' && message.target === id);
          if (found.length >= count) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`expected ${count} messages at response_url ${id} within ${timeoutMs} ms, got ${messages.filter((message) => message.via === 'response_url' && message.target === id).length}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** Slack's v0 request signature: HMAC-SHA256 of `v0:<timestamp>:<body>` with the signing secret. */
export function signSlackRequest(signingSecret: string, body: string, timestamp: number): Record<string, string> {
  const signature = `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'x-slack-signature': signature, 'x-slack-request-timestamp': String(timestamp) };
}

/** The fields Slack posts for a slash command, form-encoded. */
export function slashCommandBody(fields: { text: string; responseUrl: string; channelId?: string; userId?: string; command?: string }): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: 'T0BRIEF',
    team_domain: 'brief-test',
    channel_id: fields.channelId ?? 'C0NEWS',
    channel_name: 'news',
    user_id: fields.userId ?? 'U0READER',
    user_name: 'reader',
    command: fields.command ?? '/brief',
    text: fields.text,
    api_app_id: 'A0BRIEF',
    is_enterprise_install: 'false',
    response_url: fields.responseUrl,
    trigger_id: '1337.42.abcdef',
  }).toString();
}

/** Posts a signed slash command to a Bolt app as Slack would; `timestamp` and `signingSecret` can be forged. */
export async function postSlashCommand(
  appUrl: string,
  signingSecret: string,
  fields: { text: string; responseUrl: string; channelId?: string; userId?: string },
  options: { timestamp?: number } = {},
): Promise<{ status: number; body: string; json: Record<string, unknown> | null }> {
  const body = slashCommandBody(fields);
  const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
  const response = await fetch(`${appUrl}/slack/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...signSlackRequest(signingSecret, body, timestamp) },
    body,
  });
  const text = await response.text();
  let json: Record<string, unknown> | null = null;
  try {
    json = text === '' ? null : (JSON.parse(text) as Record<string, unknown>);
  } catch {
    json = null;
  }
  return { status: response.status, body: text, json };
}
