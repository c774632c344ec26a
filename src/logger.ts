import { pino, type Logger as PinoLogger } from 'pino';
import { escapeControlCharacters } from './escape-control.js';

/** A small structured logger: one line per event on stderr, context as key=value or one JSON object. */
export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

const levels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof levels)[number];

/** `text`: one readable line per event (the default); `json`: one JSON object per line, for log shippers. */
export type LogFormat = 'text' | 'json';

/** How a logger writes; everything has a default. */
export interface LoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  /**
   * Values that must never reach the log (bot tokens, signing and webhook secrets, connection strings):
   * replaced wherever they appear, on top of the key and pattern rules below.
   */
  secrets?: readonly (string | null | undefined)[];
  /** Where a finished line goes, without its newline; stderr by default. */
  write?: (line: string) => void;
}

const redacted = '[redacted]';

/** Context keys whose values are credentials whatever they hold. */
const secretKey = /token|secret|password|passwd|authorization|cookie|ticket|signature|api[-_]?key/i;

/**
 * Credentials recognisable by shape, so one that reaches a message through a library (a Bot API URL with the
 * token in its path, Socket Mode's WebSocket URL with its ticket, a connection string) is still hidden.
 */
const secretPatterns: readonly [RegExp, string][] = [
  // Telegram bot tokens, alone or inside /bot<token>/ URLs.
  [/\d{5,}:[A-Za-z0-9_-]{30,}/g, redacted],
  // Slack bot, user, app and configuration tokens.
  [/\bx(?:ox[abpres]|app)-[A-Za-z0-9-]{6,}/g, redacted],
  // Credentials carried in a query string: Socket Mode's ticket, signatures, tokens.
  [/([?&](?:ticket|token|secret|sig|signature|key|access_token)=)[^&\s"'#]*/gi, `$1${redacted}`],
  // user:password@ in a URL (a DATABASE_URL in an error message).
  [/(\/\/[^/\s:@]+:)[^/\s@]+@/g, `$1${redacted}@`],
];

// eslint-disable-next-line no-control-regex -- a value holding whitespace, quotes or control characters is quoted and escaped
const needsQuoting = /[\s"\\\u0000-\u001f\u007f-\u009f\u2028\u2029]/;

/** Builds the function that hides every credential in a piece of text. */
function createRedactor(secrets: readonly (string | null | undefined)[]): (text: string) => string {
  // Very short values would hide ordinary words; real credentials are long.
  const known = [...new Set(secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 6))]
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let result = text;
    for (const secret of known) if (result.includes(secret)) result = result.split(secret).join(redacted);
    for (const [pattern, replacement] of secretPatterns) result = result.replace(pattern, replacement);
    return result;
  };
}

function describeError(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? `${error.message} (${code})` : error.message;
}

/** A context value as plain data: errors by message, anything else as JSON can show it. */
function plainValue(value: unknown): unknown {
  if (value instanceof Error) return describeError(value);
  if (value instanceof Date) return value.toISOString();
  return value;
}

function stringify(value: unknown): string {
  if (typeof value === 'string') return value;
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/** Creates a logger that writes events at the chosen level and above. A bare level keeps the old call shape. */
export function createLogger(options: LoggerOptions | LogLevel = {}, write?: (line: string) => void): Logger {
  const settings: LoggerOptions = typeof options === 'string' ? { level: options, ...(write ? { write } : {}) } : options;
  const level = settings.level ?? 'info';
  const threshold = levels.indexOf(level);
  const redact = createRedactor(settings.secrets ?? []);
  const hidden = (key: string, value: unknown) =>
    secretKey.test(key) && value !== null && value !== undefined && typeof value !== 'boolean';

  /** A value as it stands after key=: bare when plain, else quoted with every control character escaped. */
  const valueText = (value: unknown): string => {
    const text = redact(stringify(plainValue(value)));
    return text === '' || needsQuoting.test(text) ? escapeControlCharacters(JSON.stringify(text)) : text;
  };

  /** Structured data with credentials hidden, kept structured where the redaction leaves it valid JSON. */
  const redactedData = (plain: unknown): unknown => {
    if (typeof plain === 'string') return redact(plain);
    if (plain === null || typeof plain !== 'object') return plain;
    const text = redact(stringify(plain));
    try {
      return JSON.parse(text) as unknown;
    } catch {
      return text;
    }
  };

  if (settings.format === 'json') {
    const sink = settings.write;
    const destination = sink ? { write: (line: string) => sink(line.replace(/\n$/, '')) } : pino.destination({ dest: 2, sync: true });
    const json: PinoLogger = pino(
      {
        level,
        base: undefined,
        timestamp: pino.stdTimeFunctions.isoTime,
        formatters: { level: (label) => ({ level: label }) },
      },
      destination,
    );
    const log = (at: LogLevel) => (message: string, context?: Record<string, unknown>) => {
      if (levels.indexOf(at) < threshold) return;
      // JSON escapes control characters itself; only credentials need hiding here.
      const fields = Object.fromEntries(
        Object.entries(context ?? {}).map(([key, value]) => {
          if (hidden(key, value)) return [key, redacted];
          return [key, redactedData(plainValue(value))];
        }),
      );
      json[at](fields, redact(message));
    };
    return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
  }

  const writeLine = settings.write ?? ((line: string) => process.stderr.write(line + '\n'));
  const log = (at: LogLevel) => (message: string, context?: Record<string, unknown>) => {
    if (levels.indexOf(at) < threshold) return;
    const fields = Object.entries(context ?? {})
      .map(([key, value]) => ` ${escapeControlCharacters(key)}=${hidden(key, value) ? redacted : valueText(value)}`)
      .join('');
    writeLine(`${new Date().toISOString()} ${at.toUpperCase()} ${escapeControlCharacters(redact(message))}${fields}`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything; for tests that assert on behaviour, not logs. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
