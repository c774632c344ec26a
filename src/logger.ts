/** A small structured logger: one line per event on stderr, context as key=value. Never pass tokens in context. */
export interface Logger {
  debug(message: string, context?: Record<string, unknown>): void;
  info(message: string, context?: Record<string, unknown>): void;
  warn(message: string, context?: Record<string, unknown>): void;
  error(message: string, context?: Record<string, unknown>): void;
}

const levels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof levels)[number];

function formatContext(context: Record<string, unknown> | undefined): string {
  if (!context) return '';
  return Object.entries(context)
    .map(([key, value]) => {
      const text = value instanceof Error ? value.message : typeof value === 'string' ? value : JSON.stringify(value);
      return ` ${key}=${/\s/.test(text ?? '') ? JSON.stringify(text) : text}`;
    })
    .join('');
}

/** Creates a logger that writes events at `level` and above to `write` (stderr by default). */
export function createLogger(level: LogLevel = 'info', write: (line: string) => void = (line) => process.stderr.write(line + '\n')): Logger {
  const threshold = levels.indexOf(level);
  const log = (at: LogLevel) => (message: string, context?: Record<string, unknown>) => {
    if (levels.indexOf(at) >= threshold) write(`${new Date().toISOString()} ${at.toUpperCase()} ${message}${formatContext(context)}`);
  };
  return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that drops everything; for tests that assert on behaviour, not logs. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };
