import { z } from 'zod';
import { ConfigError, type ConfigIssue } from './errors.js';

/** Everything Brief reads from the environment, validated once at start-up. */
export interface Config {
  contentDir: string;
  dataDir: string;
  /** Daily store backups kept in DATA_DIR/backups (0: none). */
  backupDays: number;
  /** Feeds to read (SOURCES_FILE, default sources.yaml); a missing file means the content folder only. */
  sourcesFile: string;
  /** Feed articles are kept this many days, then pruned. */
  articleRetentionDays: number;
  digest: {
    windowHours: number;
    maxStories: number;
    summarySentences: number;
    maxQuotes: number;
  };
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** LOG_FORMAT: readable lines (default) or one JSON object per line. */
  logFormat: 'text' | 'json';
  /** PostgreSQL for several instances sharing one database (DATABASE_URL); null keeps the SQLite file in dataDir. */
  databaseUrl: string | null;
  /** The address the HTTP servers (Slack events, Telegram webhook) bind (HOST). */
  host: string;
  telegram: TelegramConfig | null;
  slack: SlackConfig | null;
}

export type TelegramMode =
  | { kind: 'polling' }
  | { kind: 'webhook'; url: string; secret: string; port: number };

export interface TelegramConfig {
  token: string;
  apiRoot: string;
  mode: TelegramMode;
  defaultDeliveryTime: string;
  defaultTimeZone: string;
  /** How late a missed morning may still be sent after a restart. */
  graceHours: number;
}

export type SlackMode =
  | { kind: 'http'; signingSecret: string; port: number }
  | { kind: 'socket'; appToken: string; signingSecret: string | null };

export interface SlackConfig {
  botToken: string;
  mode: SlackMode;
  /** Web API root, overridable for tests; null means Slack's own. */
  apiUrl: string | null;
  digestChannels: string[];
  /** Words each digest channel follows (`C0123:ukraine,russia`); a channel absent here gets every story. */
  digestChannelTopics?: Record<string, string[]>;
  digestCron: string;
  digestTimeZone: string;
  /** How late a missed scheduled post may still be sent after a restart (DELIVERY_GRACE_HOURS, shared with Telegram). */
  graceHours: number;
}

const timeOfDay = /^([01]\d|2[0-3]):[0-5]\d$/;

const channelEntry = /^([CGD][A-Z0-9]*\d[A-Z0-9]*)(?::(.*))?$/;

/**
 * Reads SLACK_DIGEST_CHANNELS: `C0123,C0456:ukraine,russia;C0789:nato`. A token that looks like a channel ID
 * (capitals and digits, starting C, G or D) starts an entry; the words after its colon, and any plain words after
 * it, are the words it follows. `;` also separates entries. Null when it holds no channel or starts with a word.
 */
export function parseDigestChannels(value: string): { channel: string; words: string[] }[] | null {
  const entries: { channel: string; words: string[] }[] = [];
  for (const group of value.split(';')) {
    let current: { channel: string; words: string[] } | null = null;
    for (const raw of group.split(',')) {
      const token = raw.trim();
      if (token === '') continue;
      const match = channelEntry.exec(token);
      if (match) {
        current = { channel: match[1] as string, words: [] };
        entries.push(current);
        const first = (match[2] ?? '').trim().toLowerCase();
        if (first !== '') current.words.push(first);
      } else if (current && current.words.length > 0) {
        current.words.push(token.toLowerCase());
      } else {
        return null;
      }
    }
  }
  return entries.length > 0 ? entries : null;
}

function digestChannelsOf(value: string): { digestChannels: string[]; digestChannelTopics: Record<string, string[]> } {
  const entries = value.trim() === '' ? [] : (parseDigestChannels(value) ?? []);
  const digestChannelTopics: Record<string, string[]> = {};
  for (const entry of entries) if (entry.words.length > 0) digestChannelTopics[entry.channel] = entry.words;
  return { digestChannels: entries.map((entry) => entry.channel), digestChannelTopics };
}

/** True when `zone` is an IANA time zone name this runtime knows. */
export function isValidTimeZone(zone: string): boolean {
  if (!zone.includes('/') && zone !== 'UTC') return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Where the feeds are listed when SOURCES_FILE is not set. */
export const DEFAULT_SOURCES_FILE = 'sources.yaml';

const optionalText = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));

/** Unset or empty (`X=` in .env) means the default; blanks or anything else must be the number itself. */
function integerIn(min: number, max: number, fallback: number) {
  return z
    .string()
    .optional()
    .transform((value) => (value === undefined || value === '' ? String(fallback) : value.trim()))
    .pipe(z.string().regex(/^\d+$/, `a whole number from ${min} to ${max}`))
    .transform(Number)
    .pipe(z.number().int().min(min, `a whole number from ${min} to ${max}`).max(max, `a whole number from ${min} to ${max}`));
}

const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });

const envSchema = z.object({
  CONTENT_DIR: optionalText.transform((value) => value ?? 'content'),
  DATA_DIR: optionalText.transform((value) => value ?? 'data'),
  BACKUP_DAYS: integerIn(0, 3650, 7),
  SOURCES_FILE: optionalText.transform((value) => value ?? DEFAULT_SOURCES_FILE),
  ARTICLE_RETENTION_DAYS: integerIn(1, 3650, 14),
  DIGEST_WINDOW_HOURS: integerIn(1, 24 * 365, 24),
  DIGEST_MAX_STORIES: integerIn(1, 100, 8),
  DIGEST_SUMMARY_SENTENCES: integerIn(1, 3, 2),
  DIGEST_MAX_QUOTES: integerIn(0, 20, 3),
  LOG_LEVEL: optionalText.pipe(z.enum(['debug', 'info', 'warn', 'error'], { error: 'one of debug, info, warn, error' }).optional()),
  LOG_FORMAT: optionalText.pipe(z.enum(['text', 'json'], { error: 'text (readable lines) or json (one JSON object per line)' }).optional()),

  TELEGRAM_BOT_TOKEN: optionalText.pipe(
    z.string().regex(/^\d+:[\w-]{20,}$/, 'a bot token from @BotFather, like 123456:ABC-DEF…').optional(),
  ),
  TELEGRAM_API_ROOT: optionalText.pipe(httpUrl.optional()),
  TELEGRAM_WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https$/, error: 'an https URL Telegram can reach' }).optional()),
  TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(
    z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, '1-256 characters of A-Z, a-z, 0-9, _ and -').optional(),
  ),
  TELEGRAM_WEBHOOK_PORT: integerIn(0, 65535, 8080),
  DEFAULT_DELIVERY_TIME: optionalText.pipe(z.string().regex(timeOfDay, 'a time of day as HH:MM, like 07:00').optional()),
  DEFAULT_TIMEZONE: optionalText.pipe(
    z.string().refine(isValidTimeZone, 'an IANA time zone name, like Europe/Kyiv or UTC').optional(),
  ),
  DELIVERY_GRACE_HOURS: integerIn(0, 23, 3),

  SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'a bot token starting with xoxb-').optional()),
  SLACK_SIGNING_SECRET: optionalText,
  SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'an app-level token starting with xapp-').optional()),
  SLACK_API_URL: optionalText.pipe(httpUrl.optional()),
  SLACK_DIGEST_CHANNELS: optionalText.pipe(
    z
      .string()
      .refine(
        (value) => parseDigestChannels(value) !== null,
        'comma-separated channel IDs, each optionally with words to follow, like C0123ABCD,C0456EFGH:ukraine,russia',
      )
      .optional(),
  ),
  SLACK_DIGEST_CRON: optionalText,
  SLACK_DIGEST_TIMEZONE: optionalText.pipe(
    z.string().refine(isValidTimeZone, 'an IANA time zone name, like America/New_York or UTC').optional(),
  ),
  PORT: integerIn(0, 65535, 3000),
  DATABASE_URL: optionalText.pipe(
    z
      .string()
      .regex(/^postgres(ql)?:\/\/\S+$/i, 'a PostgreSQL URL, like postgres://brief:secret@db:5432/brief (unset for the SQLite file)')
      .optional(),
  ),
  HOST: optionalText.pipe(
    z
      .string()
      .regex(/^[\w.:-]+$/, 'an address to bind, like 0.0.0.0, 127.0.0.1 or ::')
      .optional(),
  ),
});

type Env = Record<string, string | undefined>;

/** Variables whose values are never shown whole: tokens, secrets, passwords and URLs that may carry one. */
const secretVariable = /TOKEN|SECRET|PASSWORD|KEY|DATABASE_URL/;

/**
 * A bad value as the message shows it: quoted, so blanks are visible, with control characters escaped; a secret
 * is masked down to its first four characters and its length, enough to tell which one was pasted.
 */
export function shownValue(variable: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const shown = secretVariable.test(variable) ? `${value.slice(0, 4)}… (${value.length} characters)` : value;
  return JSON.stringify(shown);
}

/** The outcome of validating an environment: a config, or every problem found. */
export type ConfigResult = { ok: true; config: Config } | { ok: false; issues: ConfigIssue[] };

/** Validates `env` without touching the process; pure so that tests can pass any environment. */
export function parseConfig(env: Env, validateCron: (expression: string) => boolean = () => true): ConfigResult {
  const parsed = envSchema.safeParse(env);
  const issues: ConfigIssue[] = [];
  const digestCron = env.SLACK_DIGEST_CRON?.trim() || '0 7 * * 1-5';
  if (!validateCron(digestCron)) {
    issues.push({ variable: 'SLACK_DIGEST_CRON', expected: 'a cron expression, like 0 7 * * 1-5 (07:00 on weekdays)', value: shownValue('SLACK_DIGEST_CRON', digestCron) });
  }
  // Checks across variables read the raw values, so they are reported together with any malformed one.
  const given = (name: string) => (env[name]?.trim() ?? '') !== '';
  if (given('TELEGRAM_WEBHOOK_URL') && !given('TELEGRAM_BOT_TOKEN')) {
    issues.push({ variable: 'TELEGRAM_BOT_TOKEN', expected: 'a bot token, because TELEGRAM_WEBHOOK_URL is set' });
  }
  // Without the secret anyone who can reach the webhook port could post updates as any chat.
  if (given('TELEGRAM_WEBHOOK_URL') && !given('TELEGRAM_WEBHOOK_SECRET')) {
    issues.push({
      variable: 'TELEGRAM_WEBHOOK_SECRET',
      expected: '1-256 characters of A-Z, a-z, 0-9, _ and -, because TELEGRAM_WEBHOOK_URL is set (Telegram sends it with every update; requests without it are refused)',
    });
  }
  if (given('SLACK_BOT_TOKEN') && !given('SLACK_APP_TOKEN') && !given('SLACK_SIGNING_SECRET')) {
    issues.push({
      variable: 'SLACK_SIGNING_SECRET',
      expected: 'the app signing secret (HTTP mode), or set SLACK_APP_TOKEN for Socket Mode',
    });
  }
  if ((given('SLACK_APP_TOKEN') || given('SLACK_SIGNING_SECRET') || given('SLACK_DIGEST_CHANNELS')) && !given('SLACK_BOT_TOKEN')) {
    issues.push({ variable: 'SLACK_BOT_TOKEN', expected: 'a bot token starting with xoxb-, because other SLACK_ variables are set' });
  }
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const variable = String(issue.path[0] ?? 'environment');
      if (!issues.some((known) => known.variable === variable)) issues.push({ variable, expected: issue.message, value: shownValue(variable, env[variable]) });
    }
    return { ok: false, issues };
  }
  const e = parsed.data;

  if (issues.length > 0) return { ok: false, issues };

  const telegram: TelegramConfig | null = e.TELEGRAM_BOT_TOKEN
    ? {
        token: e.TELEGRAM_BOT_TOKEN,
        apiRoot: e.TELEGRAM_API_ROOT ?? 'https://api.telegram.org',
        mode: e.TELEGRAM_WEBHOOK_URL
          ? { kind: 'webhook', url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET ?? '', port: e.TELEGRAM_WEBHOOK_PORT }
          : { kind: 'polling' },
        defaultDeliveryTime: e.DEFAULT_DELIVERY_TIME ?? '07:00',
        defaultTimeZone: e.DEFAULT_TIMEZONE ?? 'UTC',
        graceHours: e.DELIVERY_GRACE_HOURS,
      }
    : null;

  const slack: SlackConfig | null = e.SLACK_BOT_TOKEN
    ? {
        botToken: e.SLACK_BOT_TOKEN,
        mode: e.SLACK_APP_TOKEN
          ? { kind: 'socket', appToken: e.SLACK_APP_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET ?? null }
          : { kind: 'http', signingSecret: e.SLACK_SIGNING_SECRET ?? '', port: e.PORT },
        apiUrl: e.SLACK_API_URL ?? null,
        ...digestChannelsOf(e.SLACK_DIGEST_CHANNELS ?? ''),
        digestCron,
        digestTimeZone: e.SLACK_DIGEST_TIMEZONE ?? 'UTC',
        graceHours: e.DELIVERY_GRACE_HOURS,
      }
    : null;

  return {
    ok: true,
    config: {
      contentDir: e.CONTENT_DIR,
      dataDir: e.DATA_DIR,
      backupDays: e.BACKUP_DAYS,
      sourcesFile: e.SOURCES_FILE,
      articleRetentionDays: e.ARTICLE_RETENTION_DAYS,
      digest: {
        windowHours: e.DIGEST_WINDOW_HOURS,
        maxStories: e.DIGEST_MAX_STORIES,
        summarySentences: e.DIGEST_SUMMARY_SENTENCES,
        maxQuotes: e.DIGEST_MAX_QUOTES,
      },
      logLevel: e.LOG_LEVEL ?? 'info',
      logFormat: e.LOG_FORMAT ?? 'text',
      databaseUrl: e.DATABASE_URL ?? null,
      host: e.HOST ?? '0.0.0.0',
      telegram,
      slack,
    },
  };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Every credential in the config, for the logger to hide wherever one turns up. */
export function configSecrets(config: Config): string[] {
  const secrets: (string | null)[] = [config.telegram?.token ?? null, config.slack?.botToken ?? null];
  if (config.telegram?.mode.kind === 'webhook') secrets.push(config.telegram.mode.secret);
  if (config.slack?.mode.kind === 'http') secrets.push(config.slack.mode.signingSecret);
  if (config.slack?.mode.kind === 'socket') secrets.push(config.slack.mode.appToken, config.slack.mode.signingSecret);
  if (config.databaseUrl) {
    // The database password, as written in the URL and decoded, so neither form reaches a log line.
    const password = /^[^:]+:\/\/[^:/@]*:([^@/]*)@/.exec(config.databaseUrl)?.[1] ?? '';
    if (password !== '') secrets.push(config.databaseUrl, password, safeDecode(password));
  }
  return secrets.filter((secret): secret is string => secret !== null && secret !== '');
}

/** True when nothing listens on `port` on any address yet; a probe, so a port taken later still fails at listen. */
async function portIsFree(port: number): Promise<boolean> {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/**
 * Checks what the settings point at, not just their form: CONTENT_DIR, when it exists, is a folder, and each port
 * Brief will listen on is free. (DATA_DIR is checked where the store opens it: it is created there.)
 */
export async function checkEnvironment(config: Config, env: Env, options: { ports: boolean }): Promise<ConfigIssue[]> {
  const { stat } = await import('node:fs/promises');
  const issues: ConfigIssue[] = [];
  try {
    if (!(await stat(config.contentDir)).isDirectory()) {
      issues.push({ variable: 'CONTENT_DIR', value: shownValue('CONTENT_DIR', config.contentDir), expected: 'a folder of article files, but this is a file' });
    }
  } catch {
    // A missing folder is reported with the digest's problems, as before: the bot can run until articles arrive.
  }
  const ports: { variable: string; port: number }[] = [];
  if (!options.ports) return issues;
  if (config.slack?.mode.kind === 'http') ports.push({ variable: 'PORT', port: config.slack.mode.port });
  if (config.telegram?.mode.kind === 'webhook') ports.push({ variable: 'TELEGRAM_WEBHOOK_PORT', port: config.telegram.mode.port });
  for (const { variable, port } of ports) {
    if (port !== 0 && !(await portIsFree(port))) {
      issues.push({
        variable,
        value: shownValue(variable, env[variable] ?? String(port)),
        expected: `a free port, but ${port} is already in use by another program (stop it, or choose another port)`,
      });
    }
  }
  return issues;
}

/**
 * Reads `.env` and the process environment; throws a ConfigError naming every bad variable. `listening` checks
 * the ports the bot will listen on are free (not for `npm run deliver`, which may run beside the bot).
 */
export async function loadConfig(options: { listening?: boolean } = {}): Promise<Config> {
  const dotenv = await import('dotenv');
  dotenv.config({ quiet: true });
  const cron = await import('node-cron');
  const result = parseConfig(process.env, (expression) => cron.validate(expression));
  if (!result.ok) throw new ConfigError(result.issues);
  const issues = await checkEnvironment(result.config, process.env, { ports: options.listening ?? false });
  if (issues.length > 0) throw new ConfigError(issues);
  return result.config;
}
