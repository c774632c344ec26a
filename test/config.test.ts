import { describe, expect, it } from 'vitest';
import { validate } from 'node-cron';
import { configSecrets, parseConfig } from '../src/config.js';

describe('parseConfig', () => {
  it('runs with nothing configured: console only, documented defaults', () => {
    const result = parseConfig({});
    expect(result).toMatchObject({
      ok: true,
      config: { contentDir: 'content', dataDir: 'data', digest: { windowHours: 24, maxStories: 8, summarySentences: 2, maxQuotes: 3 }, telegram: null, slack: null },
    });
  });

  it('names every bad variable at once, with what it expects', () => {
    const result = parseConfig(
      { DIGEST_WINDOW_HOURS: 'soon', DEFAULT_TIMEZONE: 'Mars/Olympus', DEFAULT_DELIVERY_TIME: '25:00', TELEGRAM_BOT_TOKEN: 'nope', SLACK_DIGEST_CRON: 'every morning' },
      validate,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.issues.map((issue) => issue.variable).sort()).toEqual([
      'DEFAULT_DELIVERY_TIME',
      'DEFAULT_TIMEZONE',
      'DIGEST_WINDOW_HOURS',
      'SLACK_DIGEST_CRON',
      'TELEGRAM_BOT_TOKEN',
    ]);
    expect(result.issues.find((issue) => issue.variable === 'DEFAULT_TIMEZONE')?.expected).toContain('IANA time zone');
  });

  it('reports variables that need each other together with malformed ones', () => {
    const result = parseConfig({ DIGEST_MAX_STORIES: 'abc', SLACK_SIGNING_SECRET: 'x', TELEGRAM_WEBHOOK_URL: 'https://x.example/h' });
    expect(result.ok ? [] : result.issues.map((issue) => issue.variable).sort()).toEqual(['DIGEST_MAX_STORIES', 'SLACK_BOT_TOKEN', 'TELEGRAM_BOT_TOKEN', 'TELEGRAM_WEBHOOK_SECRET']);
  });

  it('refuses webhook mode without a secret, naming the variable', () => {
    const result = parseConfig({ TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ', TELEGRAM_WEBHOOK_URL: 'https://bot.example/tg' });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.issues).toEqual([expect.objectContaining({ variable: 'TELEGRAM_WEBHOOK_SECRET' })]);
  });

  it('reads the sources file path and article retention, naming a bad retention', () => {
    expect(parseConfig({})).toMatchObject({ ok: true, config: { sourcesFile: 'sources.yaml', articleRetentionDays: 14 } });
    expect(parseConfig({ SOURCES_FILE: 'feeds/news.yaml', ARTICLE_RETENTION_DAYS: '30' })).toMatchObject({
      ok: true,
      config: { sourcesFile: 'feeds/news.yaml', articleRetentionDays: 30 },
    });
    const bad = parseConfig({ ARTICLE_RETENTION_DAYS: 'forever' });
    expect(bad.ok ? [] : bad.issues.map(({ variable, expected }) => ({ variable, expected }))).toEqual([
      { variable: 'ARTICLE_RETENTION_DAYS', expected: 'a whole number from 1 to 3650' },
    ]);
  });

  it('reads LOG_FORMAT: text by default, json on request, anything else named', () => {
    const plain = parseConfig({});
    expect(plain.ok && plain.config.logFormat).toBe('text');
    const json = parseConfig({ LOG_FORMAT: 'json' });
    expect(json.ok && json.config.logFormat).toBe('json');
    const bad = parseConfig({ LOG_FORMAT: 'yaml' });
    expect(bad.ok ? [] : bad.issues.map((issue) => issue.variable)).toEqual(['LOG_FORMAT']);
  });

  it('keeps SQLite and binds 0.0.0.0 by default; DATABASE_URL picks PostgreSQL and HOST the bind address', () => {
    const plain = parseConfig({});
    expect(plain.ok && [plain.config.databaseUrl, plain.config.host]).toEqual([null, '0.0.0.0']);
    const shared = parseConfig({ DATABASE_URL: 'postgres://brief:secret@db:5432/brief', HOST: '127.0.0.1' });
    expect(shared.ok && [shared.config.databaseUrl, shared.config.host]).toEqual(['postgres://brief:secret@db:5432/brief', '127.0.0.1']);
    expect(shared.ok && configSecrets(shared.config)).toContain('secret');
    const bad = parseConfig({ DATABASE_URL: 'mysql://db/brief', HOST: 'local host' });
    expect(bad.ok ? [] : bad.issues.map((issue) => issue.variable)).toEqual(['DATABASE_URL', 'HOST']);
  });

  it('turns Telegram on with a token and picks webhook mode from TELEGRAM_WEBHOOK_URL', () => {
    const result = parseConfig({ TELEGRAM_BOT_TOKEN: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ', TELEGRAM_WEBHOOK_URL: 'https://bot.example/tg', TELEGRAM_WEBHOOK_SECRET: 's3cret' });
    expect(result.ok && result.config.telegram?.mode).toEqual({ kind: 'webhook', url: 'https://bot.example/tg', secret: 's3cret', port: 8080 });
  });

  it('asks for the signing secret when Slack runs over HTTP', () => {
    const result = parseConfig({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(result.ok ? [] : result.issues.map((issue) => issue.variable)).toEqual(['SLACK_SIGNING_SECRET']);
  });
});
