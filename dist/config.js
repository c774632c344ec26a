import { z } from 'zod';
import { ConfigError } from './errors.js';
const timeOfDay = /^([01]\d|2[0-3]):[0-5]\d$/;
/** True when `zone` is an IANA time zone name this runtime knows. */
export function isValidTimeZone(zone) {
    if (!zone.includes('/') && zone !== 'UTC')
        return false;
    try {
        new Intl.DateTimeFormat('en-US', { timeZone: zone });
        return true;
    }
    catch {
        return false;
    }
}
const optionalText = z
    .string()
    .optional()
    .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()));
function integerIn(min, max, fallback) {
    return z
        .string()
        .optional()
        .transform((value) => (value === undefined || value.trim() === '' ? String(fallback) : value.trim()))
        .pipe(z.string().regex(/^\d+$/, `a whole number from ${min} to ${max}`))
        .transform(Number)
        .pipe(z.number().int().min(min, `a whole number from ${min} to ${max}`).max(max, `a whole number from ${min} to ${max}`));
}
const httpUrl = z.url({ protocol: /^https?$/, error: 'an http(s) URL' });
const envSchema = z.object({
    CONTENT_DIR: optionalText.transform((value) => value ?? 'content'),
    DATA_DIR: optionalText.transform((value) => value ?? 'data'),
    DIGEST_WINDOW_HOURS: integerIn(1, 24 * 365, 24),
    DIGEST_MAX_STORIES: integerIn(1, 100, 8),
    DIGEST_SUMMARY_SENTENCES: integerIn(1, 3, 2),
    DIGEST_MAX_QUOTES: integerIn(0, 20, 3),
    LOG_LEVEL: optionalText.pipe(z.enum(['debug', 'info', 'warn', 'error'], { error: 'one of debug, info, warn, error' }).optional()),
    TELEGRAM_BOT_TOKEN: optionalText.pipe(z.string().regex(/^\d+:[\w-]{20,}$/, 'a bot token from @BotFather, like 123456:ABC-DEF…').optional()),
    TELEGRAM_API_ROOT: optionalText.pipe(httpUrl.optional()),
    TELEGRAM_WEBHOOK_URL: optionalText.pipe(z.url({ protocol: /^https$/, error: 'an https URL Telegram can reach' }).optional()),
    TELEGRAM_WEBHOOK_SECRET: optionalText.pipe(z.string().regex(/^[A-Za-z0-9_-]{1,256}$/, '1-256 characters of A-Z, a-z, 0-9, _ and -').optional()),
    TELEGRAM_WEBHOOK_PORT: integerIn(0, 65535, 8080),
    DEFAULT_DELIVERY_TIME: optionalText.pipe(z.string().regex(timeOfDay, 'a time of day as HH:MM, like 07:00').optional()),
    DEFAULT_TIMEZONE: optionalText.pipe(z.string().refine(isValidTimeZone, 'an IANA time zone name, like Europe/Kyiv or UTC').optional()),
    DELIVERY_GRACE_HOURS: integerIn(0, 23, 3),
    SLACK_BOT_TOKEN: optionalText.pipe(z.string().startsWith('xoxb-', 'a bot token starting with xoxb-').optional()),
    SLACK_SIGNING_SECRET: optionalText,
    SLACK_APP_TOKEN: optionalText.pipe(z.string().startsWith('xapp-', 'an app-level token starting with xapp-').optional()),
    SLACK_API_URL: optionalText.pipe(httpUrl.optional()),
    SLACK_DIGEST_CHANNELS: optionalText.pipe(z
        .string()
        .regex(/^[CGD][A-Z0-9]{2,}(\s*,\s*[CGD][A-Z0-9]{2,})*$/, 'comma-separated channel IDs, like C0123ABCD,C0456EFGH')
        .optional()),
    SLACK_DIGEST_CRON: optionalText,
    SLACK_DIGEST_TIMEZONE: optionalText.pipe(z.string().refine(isValidTimeZone, 'an IANA time zone name, like America/New_York or UTC').optional()),
    PORT: integerIn(0, 65535, 3000),
    DATABASE_URL: optionalText.pipe(z
        .string()
        .regex(/^postgres(ql)?:\/\/\S+$/i, 'a PostgreSQL URL, like postgres://brief:secret@db:5432/brief (unset for the SQLite file)')
        .optional()),
    HOST: optionalText.pipe(z
        .string()
        .regex(/^[\w.:-]+$/, 'an address to bind, like 0.0.0.0, 127.0.0.1 or ::')
        .optional()),
});
/** Validates `env` without touching the process; pure so that tests can pass any environment. */
export function parseConfig(env, validateCron = () => true) {
    const parsed = envSchema.safeParse(env);
    const issues = [];
    const digestCron = env.SLACK_DIGEST_CRON?.trim() || '0 7 * * 1-5';
    if (!validateCron(digestCron)) {
        issues.push({ variable: 'SLACK_DIGEST_CRON', expected: 'a cron expression, like 0 7 * * 1-5 (07:00 on weekdays)' });
    }
    // Checks across variables read the raw values, so they are reported together with any malformed one.
    const given = (name) => (env[name]?.trim() ?? '') !== '';
    if (given('TELEGRAM_WEBHOOK_URL') && !given('TELEGRAM_BOT_TOKEN')) {
        issues.push({ variable: 'TELEGRAM_BOT_TOKEN', expected: 'a bot token, because TELEGRAM_WEBHOOK_URL is set' });
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
            if (!issues.some((known) => known.variable === variable))
                issues.push({ variable, expected: issue.message });
        }
        return { ok: false, issues };
    }
    const e = parsed.data;
    if (issues.length > 0)
        return { ok: false, issues };
    const telegram = e.TELEGRAM_BOT_TOKEN
        ? {
            token: e.TELEGRAM_BOT_TOKEN,
            apiRoot: e.TELEGRAM_API_ROOT ?? 'https://api.telegram.org',
            mode: e.TELEGRAM_WEBHOOK_URL
                ? { kind: 'webhook', url: e.TELEGRAM_WEBHOOK_URL, secret: e.TELEGRAM_WEBHOOK_SECRET ?? null, port: e.TELEGRAM_WEBHOOK_PORT }
                : { kind: 'polling' },
            defaultDeliveryTime: e.DEFAULT_DELIVERY_TIME ?? '07:00',
            defaultTimeZone: e.DEFAULT_TIMEZONE ?? 'UTC',
            graceHours: e.DELIVERY_GRACE_HOURS,
        }
        : null;
    const slack = e.SLACK_BOT_TOKEN
        ? {
            botToken: e.SLACK_BOT_TOKEN,
            mode: e.SLACK_APP_TOKEN
                ? { kind: 'socket', appToken: e.SLACK_APP_TOKEN, signingSecret: e.SLACK_SIGNING_SECRET ?? null }
                : { kind: 'http', signingSecret: e.SLACK_SIGNING_SECRET ?? '', port: e.PORT },
            apiUrl: e.SLACK_API_URL ?? null,
            digestChannels: (e.SLACK_DIGEST_CHANNELS ?? '')
                .split(',')
                .map((channel) => channel.trim())
                .filter((channel) => channel !== ''),
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
            digest: {
                windowHours: e.DIGEST_WINDOW_HOURS,
                maxStories: e.DIGEST_MAX_STORIES,
                summarySentences: e.DIGEST_SUMMARY_SENTENCES,
                maxQuotes: e.DIGEST_MAX_QUOTES,
            },
            logLevel: e.LOG_LEVEL ?? 'info',
            databaseUrl: e.DATABASE_URL ?? null,
            host: e.HOST ?? '0.0.0.0',
            telegram,
            slack,
        },
    };
}
/** Reads `.env` and the process environment; throws a ConfigError naming every bad variable. */
export async function loadConfig() {
    const dotenv = await import('dotenv');
    dotenv.config({ quiet: true });
    const cron = await import('node-cron');
    const result = parseConfig(process.env, (expression) => cron.validate(expression));
    if (!result.ok)
        throw new ConfigError(result.issues);
    return result.config;
}
//# sourceMappingURL=config.js.map