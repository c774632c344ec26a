import { pathToFileURL } from 'node:url';
import { createTelegramChannel } from '../channels/telegram/create-telegram-channel.js';
import { loadConfig } from '../config.js';
import { createConfiguredDigestSource } from '../content/content-digest-source.js';
import { ConfigError, UsageError } from '../errors.js';
import { createLogger } from '../logger.js';
import { openSqliteStore } from '../store/sqlite-store.js';
/** The usage line `npm run deliver` prints for bad arguments. */
export const deliverUsage = 'Usage: npm run deliver -- [--at ISO-TIME]   e.g. npm run deliver -- --at 2025-12-01T07:00:00+02:00';
/** Reads `[--at ISO-TIME]`; throws UsageError for anything else. Pure, for tests. */
export function parseDeliverArgs(argv, now = () => new Date()) {
    let at = null;
    for (let i = 0; i < argv.length; i += 1) {
        const arg = argv[i];
        const value = arg === '--at' ? argv[++i] : arg.startsWith('--at=') ? arg.slice('--at='.length) : null;
        if (value === null)
            throw new UsageError(`Unknown argument "${arg}".`, deliverUsage);
        // Date.parse accepts loose forms ("1 Dec"); insist on an ISO date-time so the instant is unambiguous.
        if (value === undefined || !/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(value) || Number.isNaN(Date.parse(value))) {
            throw new UsageError(`"${value ?? ''}" is not an ISO time.`, deliverUsage);
        }
        at = new Date(value);
    }
    return { at: at ?? now() };
}
/** `npm run deliver -- [--at ISO-TIME]`: one Telegram scheduler tick, as if at that time; prints its report. */
export async function runDeliverCli(argv) {
    let at;
    try {
        ({ at } = parseDeliverArgs(argv));
    }
    catch (error) {
        if (error instanceof UsageError) {
            console.error(`${error.message}\n${error.usage}`);
            return 2;
        }
        throw error;
    }
    let config;
    try {
        config = await loadConfig();
    }
    catch (error) {
        if (error instanceof ConfigError) {
            console.error(error.message);
            return 1;
        }
        throw error;
    }
    if (!config.telegram) {
        console.error('TELEGRAM_BOT_TOKEN is not set: there is no Telegram channel to deliver to. See README.md.');
        return 1;
    }
    const logger = createLogger(config.logLevel);
    const store = openSqliteStore(config.dataDir);
    const digestSource = createConfiguredDigestSource(config, logger);
    const channel = createTelegramChannel({ config, store, digestSource, logger, schedule: false });
    try {
        const report = await channel.runSchedulerTick(at);
        console.log(JSON.stringify(report, null, 2));
        return report.failed > 0 ? 1 : 0;
    }
    finally {
        await channel.stop();
        await store.close();
    }
}
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
    // Exit explicitly: grammY's keep-alive agent would otherwise hold the process for a while.
    process.exit(await runDeliverCli(process.argv.slice(2)));
}
//# sourceMappingURL=deliver.js.map