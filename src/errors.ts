/** Error classes that carry their data, so callers can react without parsing messages. */

/** One environment variable that failed validation. */
export interface ConfigIssue {
  variable: string;
  expected: string;
  /** The bad value as shown to the operator (quoted, secrets masked); absent when the variable is unset. */
  value?: string;
}

/** Start-up configuration is invalid; lists every bad variable at once. */
export class ConfigError extends Error {
  readonly issues: ConfigIssue[];

  constructor(issues: ConfigIssue[]) {
    super(
      `Invalid configuration:\n${issues
        .map((issue) => `  ${issue.variable}${issue.value === undefined ? '' : `=${issue.value}`}: expected ${issue.expected}`)
        .join('\n')}`,
    );
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

/** A command-line or chat-command argument is malformed; `usage` is the line to show the user. */
export class UsageError extends Error {
  readonly usage: string;

  constructor(message: string, usage: string) {
    super(message);
    this.name = 'UsageError';
    this.usage = usage;
  }
}

/** A channel call failed; keeps the platform's code and any wait it asked for. */
export class DeliveryError extends Error {
  readonly code: string;
  /** True when trying again later can succeed (rate limit, 5xx, network). */
  readonly retryable: boolean;
  readonly retryAfterMs: number | null;

  constructor(
    message: string,
    options: { code: string; retryable: boolean; retryAfterMs?: number | null; cause?: unknown },
  ) {
    super(message, { cause: options.cause });
    this.name = 'DeliveryError';
    this.code = options.code;
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

/** A channel could not start. `retryable` is false when trying again cannot help (a token the platform refuses). */
export class ChannelStartError extends Error {
  readonly channel: string;
  readonly retryable: boolean;

  constructor(channel: string, message: string, options: { retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.name = 'ChannelStartError';
    this.channel = channel;
    this.retryable = options.retryable;
  }
}

/** The data store cannot be used as it is; `advice` says what the operator can do about it. */
export class StoreError extends Error {
  readonly code: 'data-dir' | 'not-a-file' | 'empty' | 'missing' | 'corrupt' | 'newer-schema' | 'schema' | 'busy' | 'full' | 'unwritable';
  readonly file: string;
  readonly advice: string;

  constructor(code: StoreError['code'], file: string, problem: string, advice: string, cause?: unknown) {
    super(`${file}: ${problem}. ${advice}`, { cause });
    this.name = 'StoreError';
    this.code = code;
    this.file = file;
    this.advice = advice;
  }
}
