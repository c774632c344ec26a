import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseTelegramHtml } from './telegram-html.js';

/**
 * A local Telegram Bot API server for tests and benchmarks: listens on 127.0.0.1, speaks the Bot API's
 * JSON envelope ({ ok, result } / { ok: false, error_code, description, parameters }), feeds scripted
 * updates through long-polled getUpdates, validates messages as Telegram does, enforces the send limits
 * with 429 + retry_after, and can be told to fail a chat (403, 400, 5xx, network) or migrate it.
 */

/** A message the bot sent. */
export interface SentMessage {
  messageId: number;
  chatId: string;
  /** The raw text the bot sent (HTML source when parse_mode is HTML). */
  text: string;
  parseMode: string | null;
  linkPreviewDisabled: boolean;
  replyMarkup: unknown;
  at: number;
}

/** Limits the server enforces; null fields are lifted. */
export interface ServerLimits {
  globalPerSecond: number | null;
  perChatIntervalMs: number | null;
  groupPerMinute: number | null;
}

/** A scripted failure. `times` defaults to every call; `network` drops the connection instead of answering. */
export interface ScriptedFailure {
  code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
  network?: boolean;
  times?: number;
}

/** A chat as updates describe it. */
export interface TestChat {
  id: number;
  type: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  first_name?: string;
}

/** A Telegram user as updates describe it. */
export interface TestUser {
  id: number;
  first_name: string;
  username?: string;
}

type Json = Record<string, unknown>;

/** The bot's own identity on this server. */
export const testBot = { id: 7_000_001, is_bot: true, first_name: 'Brief', username: 'brief_test_bot' };

/** Telegram's limits, as the real service applies them. */
export const telegramServerLimits: ServerLimits = { globalPerSecond: 30, perChatIntervalMs: 1000, groupPerMinute: 20 };

/** A running local Bot API server. */
export interface BotApiServer {
  /** The value for TELEGRAM_API_ROOT / grammY's client.apiRoot. */
  readonly apiRoot: string;
  readonly token: string;
  readonly messages: SentMessage[];
  readonly edits: { chatId: string; messageId: number; text: string; replyMarkup: unknown }[];
  readonly callbackAnswers: { id: string; text: string | null; showAlert: boolean }[];
  readonly commands: { command: string; description: string }[];
  readonly webhook: { url: string | null; secret: string | null };
  /** How many times the server answered 429. */
  rateLimited: number;
  /** Calls per method. */
  readonly calls: Map<string, number>;
  /** Sends to chats that the server refused (fail scripts), by chat. */
  readonly refused: { chatId: string; code: number; description: string }[];
  setLimits(limits: ServerLimits | null): void;
  failChat(chatId: string | number, failure: ScriptedFailure): void;
  failMethod(method: string, failure: ScriptedFailure): void;
  setMemberStatus(chatId: number, userId: number, status: 'creator' | 'administrator' | 'member'): void;
  /**
   * The next `times` sends to the chat are accepted (the reader has them) and then the answer goes wrong: the
   * connection is reset, the JSON is cut off, or a gateway's HTML 502 arrives instead.
   */
  failAfterAccepting(chatId: string | number, kind: 'reset' | 'malformed' | 'bad-gateway', times?: number): void;
  /** Sends to the chat are never answered (the request hangs until the server closes). */
  hangChat(chatId: string | number): void;
  /** Queues a user's message (commands get their bot_command entity); returns the message id. */
  userSends(chat: TestChat, from: TestUser | null, text: string, extra?: Json): number;
  /** Queues a button press on a message the bot sent; `id` repeats an earlier press, as Telegram does after a restart. */
  userPresses(chat: TestChat, from: TestUser, message: SentMessage, data: string, id?: string): string;
  /** Called after every accepted message (for tests that act mid-fan-out). */
  onMessage: ((message: SentMessage) => void) | null;
  messagesTo(chatId: string | number): SentMessage[];
  /** Resolves when `predicate` holds, polling every few ms; rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** Starts a Bot API server on 127.0.0.1 with an ephemeral port. */
export async function startBotApiServer(options: { token?: string; limits?: ServerLimits | null } = {}): Promise<BotApiServer> {
  const token = options.token ?? '123456789:AAEtest-token-for-the-local-bot-api';
  let limits: ServerLimits | null = options.limits === undefined ? telegramServerLimits : options.limits;
  const messages: SentMessage[] = [];
  const edits: BotApiServer['edits'] = [];
  const callbackAnswers: BotApiServer['callbackAnswers'] = [];
  const commands: BotApiServer['commands'] = [];
  const calls = new Map<string, number>();
  const refused: BotApiServer['refused'] = [];
  const webhook = { url: null as string | null, secret: null as string | null };
  const chatFailures = new Map<string, ScriptedFailure>();
  const methodFailures = new Map<string, ScriptedFailure>();
  const members = new Map<string, string>();
  const afterAccepting = new Map<string, { kind: 'reset' | 'malformed' | 'bad-gateway'; times: number }>();
  const hanging = new Set<string>();
  const chats = new Map<string, TestChat>();
  const updates: Json[] = [];
  let nextUpdateId = 1;
  let nextMessageId = 1;
  let nextCallbackId = 1;
  const pollers = new Set<() => void>();

  // Accepted send times for the limit windows.
  const globalSends: number[] = [];
  const chatLastSend = new Map<string, number>();
  const groupSends = new Map<string, number[]>();

  const state = {
    rateLimited: 0,
    onMessage: null as ((message: SentMessage) => void) | null,
  };

  function chatObject(chatId: string): TestChat {
    const known = chats.get(chatId);
    if (known) return known;
    const id = Number(chatId);
    return { id, type: id > 0 ? 'private' : chatId.startsWith('-100') ? 'supergroup' : 'group' };
  }

  function takeFailure(map: Map<string, ScriptedFailure>, key: string): ScriptedFailure | null {
    const failure = map.get(key);
    if (!failure) return null;
    if (failure.times !== undefined) {
      failure.times -= 1;
      if (failure.times <= 0) map.delete(key);
    }
    return failure;
  }

  /** Seconds to wait before this send would be within limits; 0 when it is. */
  function limitWait(chatId: string, now: number): number {
    if (!limits) return 0;
    let waitMs = 0;
    if (limits.globalPerSecond !== null) {
      while (globalSends.length > 0 && (globalSends[0] as number) <= now - 1000) globalSends.shift();
      if (globalSends.length >= limits.globalPerSecond) waitMs = Math.max(waitMs, (globalSends[0] as number) + 1000 - now);
    }
    if (limits.perChatIntervalMs !== null) {
      const last = chatLastSend.get(chatId);
      if (last !== undefined && now - last < limits.perChatIntervalMs) waitMs = Math.max(waitMs, last + limits.perChatIntervalMs - now);
    }
    if (limits.groupPerMinute !== null && chatId.startsWith('-')) {
      const sends = (groupSends.get(chatId) ?? []).filter((at) => at > now - 60_000);
      groupSends.set(chatId, sends);
      if (sends.length >= limits.groupPerMinute) waitMs = Math.max(waitMs, (sends[0] as number) + 60_000 - now);
    }
    return waitMs === 0 ? 0 : Math.max(1, Math.ceil(waitMs / 1000));
  }

  function countSend(chatId: string, now: number): void {
    globalSends.push(now);
    chatLastSend.set(chatId, now);
    if (chatId.startsWith('-')) groupSends.set(chatId, [...(groupSends.get(chatId) ?? []), now]);
  }

  function validateMarkup(markup: unknown): string | null {
    const rows = (markup as { inline_keyboard?: { callback_data?: string }[][] } | undefined)?.inline_keyboard;
    if (!rows) return null;
    for (const row of rows) {
      for (const button of row) {
        if (button.callback_data !== undefined && Buffer.byteLength(button.callback_data) > 64) return 'Bad Request: BUTTON_DATA_INVALID';
      }
    }
    return null;
  }

  function validateText(text: unknown, parseMode: unknown): string | null {
    if (typeof text !== 'string' || text.trim() === '') return 'Bad Request: message text is empty';
    let visible = text;
    if (parseMode === 'HTML') {
      const parsed = parseTelegramHtml(text);
      if (!parsed.ok) return parsed.error;
      visible = parsed.text;
    }
    if (visible.length > 4096) return 'Bad Request: message is too long';
    return null;
  }

  type Answer = { status: number; body: Json } | { status: number; raw: string; contentType: string } | 'drop' | 'hold';

  function fail(code: number, description: string, parameters?: Json): Answer {
    return { status: code, body: { ok: false, error_code: code, description, ...(parameters ? { parameters } : {}) } };
  }

  function scripted(failure: ScriptedFailure): Answer {
    if (failure.network) return 'drop';
    return fail(failure.code ?? 500, failure.description ?? 'Internal Server Error', failure.parameters);
  }

  function handle(method: string, payload: Json, req: IncomingMessage, res: ServerResponse): Answer {
    calls.set(method, (calls.get(method) ?? 0) + 1);
    const methodFailure = takeFailure(methodFailures, method);
    if (methodFailure) return scripted(methodFailure);
    const ok = (result: unknown): Answer => ({ status: 200, body: { ok: true, result } });

    switch (method) {
      case 'getMe':
        return ok({ ...testBot, can_join_groups: true, can_read_all_group_messages: false, supports_inline_queries: false });
      case 'deleteWebhook':
        webhook.url = null;
        webhook.secret = null;
        return ok(true);
      case 'setWebhook':
        webhook.url = String(payload.url ?? '');
        webhook.secret = typeof payload.secret_token === 'string' ? payload.secret_token : null;
        return ok(true);
      case 'setMyCommands':
        commands.splice(0, commands.length, ...((payload.commands as BotApiServer['commands']) ?? []));
        return ok(true);
      case 'getUpdates': {
        const offset = Number(payload.offset ?? 0);
        while (updates.length > 0 && Number((updates[0] as Json).update_id) < offset) updates.shift();
        const limit = Number(payload.limit ?? 100);
        if (updates.length > 0 || Number(payload.timeout ?? 0) === 0) return ok(updates.slice(0, limit));
        // Long poll: answer when an update arrives or the timeout passes.
        const timeoutMs = Math.min(Number(payload.timeout) * 1000, 50_000);
        const answer = () => {
          pollers.delete(answer);
          clearTimeout(timer);
          if (res.writableEnded || res.destroyed) return;
          while (updates.length > 0 && Number((updates[0] as Json).update_id) < offset) updates.shift();
          send(res, { status: 200, body: { ok: true, result: updates.slice(0, limit) } });
        };
        const timer = setTimeout(answer, timeoutMs);
        pollers.add(answer);
        res.on('close', () => {
          pollers.delete(answer);
          clearTimeout(timer);
        });
        return 'hold';
      }
      case 'getChatMember': {
        const status = members.get(`${payload.chat_id}:${payload.user_id}`) ?? 'member';
        return ok({ status, user: { id: Number(payload.user_id), is_bot: false, first_name: 'Member' } });
      }
      case 'getChatAdministrators':
        return ok(
          [...members.entries()]
            .filter(([key, status]) => key.startsWith(`${payload.chat_id}:`) && status !== 'member')
            .map(([key, status]) => ({ status, user: { id: Number(key.split(':')[1]), is_bot: false, first_name: 'Admin' } })),
        );
      case 'answerCallbackQuery':
        callbackAnswers.push({
          id: String(payload.callback_query_id),
          text: typeof payload.text === 'string' ? payload.text : null,
          showAlert: payload.show_alert === true,
        });
        return ok(true);
      case 'editMessageText': {
        const error = validateText(payload.text, payload.parse_mode) ?? validateMarkup(payload.reply_markup);
        if (error) return fail(400, error);
        const chatId = String(payload.chat_id);
        edits.push({ chatId, messageId: Number(payload.message_id), text: String(payload.text), replyMarkup: payload.reply_markup });
        return ok({ message_id: Number(payload.message_id), date: Math.floor(Date.now() / 1000), chat: chatObject(chatId), text: payload.text });
      }
      case 'sendMessage': {
        if (payload.chat_id === undefined) return fail(400, 'Bad Request: chat_id is empty');
        const chatId = String(payload.chat_id);
        const chatFailure = takeFailure(chatFailures, chatId);
        if (chatFailure) {
          if (!chatFailure.network) refused.push({ chatId, code: chatFailure.code ?? 500, description: chatFailure.description ?? '' });
          return scripted(chatFailure);
        }
        if (hanging.has(chatId)) return 'hold';
        const error = validateText(payload.text, payload.parse_mode) ?? validateMarkup(payload.reply_markup);
        if (error) return fail(400, error);
        const now = Date.now();
        const retryAfter = limitWait(chatId, now);
        if (retryAfter > 0) {
          state.rateLimited += 1;
          return fail(429, `Too Many Requests: retry after ${retryAfter}`, { retry_after: retryAfter });
        }
        countSend(chatId, now);
        const message: SentMessage = {
          messageId: nextMessageId++,
          chatId,
          text: String(payload.text),
          parseMode: typeof payload.parse_mode === 'string' ? payload.parse_mode : null,
          linkPreviewDisabled: (payload.link_preview_options as { is_disabled?: boolean } | undefined)?.is_disabled === true,
          replyMarkup: payload.reply_markup ?? null,
          at: now,
        };
        messages.push(message);
        state.onMessage?.(message);
        const broken = afterAccepting.get(chatId);
        if (broken && broken.times > 0) {
          broken.times -= 1;
          if (broken.kind === 'reset') return 'drop';
          if (broken.kind === 'malformed') return { status: 200, raw: '{"ok":true,"result":{"message_id":', contentType: 'application/json' };
          return { status: 502, raw: '<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>', contentType: 'text/html' };
        }
        return ok({ message_id: message.messageId, date: Math.floor(now / 1000), chat: chatObject(chatId), from: testBot, text: message.text });
      }
      default:
        return fail(404, 'Not Found: method not found');
    }
  }

  function send(res: ServerResponse, answer: { status: number; body: Json } | { status: number; raw: string; contentType: string }): void {
    const body = 'raw' in answer ? answer.raw : JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'Content-Type': 'raw' in answer ? answer.contentType : 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      // For benchmarks that run this server in another process: counts, without the message bodies.
      if (req.method === 'GET' && req.url === '/__stats') {
        return send(res, { status: 200, body: { messages: messages.length, chats: new Set(messages.map((m) => m.chatId)).size, rateLimited: state.rateLimited } });
      }
      const match = /^\/bot([^/]+)\/(\w+)/.exec(req.url ?? '');
      if (!match) return send(res, { status: 404, body: { ok: false, error_code: 404, description: 'Not Found' } });
      if (match[1] !== token) return send(res, { status: 401, body: { ok: false, error_code: 401, description: 'Unauthorized' } });
      let payload: Json = {};
      const raw = Buffer.concat(chunks).toString('utf8');
      if (raw.trim() !== '') {
        try {
          payload = JSON.parse(raw) as Json;
        } catch {
          return send(res, { status: 400, body: { ok: false, error_code: 400, description: 'Bad Request: invalid JSON' } });
        }
      }
      const answer = handle(match[2] as string, payload, req, res);
      if (answer === 'hold') return;
      if (answer === 'drop') {
        req.socket.destroy();
        return;
      }
      send(res, answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  function pushUpdate(update: Json): void {
    updates.push({ update_id: nextUpdateId++, ...update });
    for (const poller of [...pollers]) poller();
  }

  const api: BotApiServer = {
    apiRoot: `http://127.0.0.1:${port}`,
    token,
    messages,
    edits,
    callbackAnswers,
    commands,
    webhook,
    calls,
    refused,
    get rateLimited() {
      return state.rateLimited;
    },
    set rateLimited(value: number) {
      state.rateLimited = value;
    },
    get onMessage() {
      return state.onMessage;
    },
    set onMessage(hook) {
      state.onMessage = hook;
    },
    setLimits(next) {
      limits = next;
    },
    failChat(chatId, failure) {
      chatFailures.set(String(chatId), { ...failure });
    },
    failMethod(method, failure) {
      methodFailures.set(method, { ...failure });
    },
    failAfterAccepting(chatId, kind, times = 1) {
      afterAccepting.set(String(chatId), { kind, times });
    },
    hangChat(chatId) {
      hanging.add(String(chatId));
    },
    setMemberStatus(chatId, userId, status) {
      members.set(`${chatId}:${userId}`, status);
    },
    userSends(chat, from, text, extra = {}) {
      chats.set(String(chat.id), chat);
      const messageId = nextMessageId++;
      const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(text);
      const message: Json = {
        message_id: messageId,
        date: Math.floor(Date.now() / 1000),
        chat,
        text,
        ...(from ? { from: { ...from, is_bot: false } } : {}),
        ...(chat.type === 'channel' ? { sender_chat: chat } : {}),
        ...(command ? { entities: [{ type: 'bot_command', offset: 0, length: command[0].length }] } : {}),
        ...extra,
      };
      pushUpdate(chat.type === 'channel' ? { channel_post: message } : { message });
      return messageId;
    },
    userPresses(chat, from, message, data, repeated) {
      const id = repeated ?? String(nextCallbackId++);
      pushUpdate({
        callback_query: {
          id,
          from: { ...from, is_bot: false },
          chat_instance: `instance-${chat.id}`,
          data,
          message: { message_id: message.messageId, date: Math.floor(message.at / 1000), chat, from: testBot, text: message.text },
        },
      });
      return id;
    },
    messagesTo(chatId) {
      return messages.filter((message) => message.chatId === String(chatId));
    },
    async waitFor(predicate, timeoutMs = 10_000) {
      const started = Date.now();
      while (!predicate()) {
        if (Date.now() - started > timeoutMs) throw new Error('Timed out waiting for the bot');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    async close() {
      for (const poller of [...pollers]) poller();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return api;
}
