import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import { registerBriefCommand } from './listeners/commands/brief.js';
import { createResponseUrlFetch } from './response-url-fetch.js';
import { createScheduledPosts } from './scheduled-posts.js';
/** Adapts our logger to Bolt's, so Bolt's own messages land in the same stream with the same format. */
function toBoltLogger(logger) {
    let level = LogLevel.INFO;
    const join = (parts) => parts.map((part) => (part instanceof Error ? part.message : typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
    return {
        debug: (...parts) => logger.debug(`bolt: ${join(parts)}`),
        info: (...parts) => logger.info(`bolt: ${join(parts)}`),
        warn: (...parts) => logger.warn(`bolt: ${join(parts)}`),
        error: (...parts) => logger.error(`bolt: ${join(parts)}`),
        setLevel: (next) => {
            level = next;
        },
        getLevel: () => level,
        setName: () => { },
    };
}
/**
 * Creates the Slack channel. HTTP mode (signing secret; requests at /slack/events, GET /healthz) or
 * Socket Mode (app token; no public URL), chosen by `config.mode`.
 */
export function createSlackChannel(deps) {
    const { config, logger } = deps;
    const now = deps.now ?? (() => new Date());
    const boltLogger = toBoltLogger(logger);
    const apiUrl = config.apiUrl ?? 'https://slack.com/api/';
    const fetchFn = createResponseUrlFetch({ apiUrl });
    const clientOptions = {
        fetch: fetchFn,
        // Rate limits surface as errors so the scheduled posts wait per channel and log it.
        rejectRateLimitedCalls: true,
        retryConfig: deps.retryConfig ?? { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 10_000 },
        ...(config.apiUrl !== null ? { slackApiUrl: config.apiUrl } : {}),
    };
    const app = config.mode.kind === 'http'
        ? new App({
            token: config.botToken,
            logger: boltLogger,
            convoStore: false,
            clientOptions,
            deferInitialization: true,
            receiver: new HTTPReceiver({
                signingSecret: config.mode.signingSecret,
                endpoints: '/slack/events',
                logger: boltLogger,
                customRoutes: [
                    {
                        path: '/healthz',
                        method: ['GET'],
                        handler: (_request, response) => {
                            response.writeHead(200, { 'content-type': 'application/json' });
                            response.end(JSON.stringify({ ok: true, channel: 'slack' }));
                        },
                    },
                ],
            }),
        })
        : new App({
            token: config.botToken,
            appToken: config.mode.appToken,
            socketMode: true,
            logger: boltLogger,
            convoStore: false,
            clientOptions,
            deferInitialization: true,
        });
    app.error(async (error) => {
        logger.error('slack listener failed', { code: error.code ?? 'unknown', error });
    });
    registerBriefCommand(app, {
        digestSource: deps.digestSource,
        logger,
        maxStories: deps.maxStories,
        timeZone: config.digestTimeZone,
        now,
    });
    const scheduled = createScheduledPosts({
        client: app.client,
        config,
        store: deps.store,
        digestSource: deps.digestSource,
        logger,
        maxStories: deps.maxStories,
        now,
        ...deps.scheduling,
    });
    let port = null;
    let started = false;
    /** Checks the bot token with auth.test, so a wrong token stops start-up with a clear message. */
    async function initialise() {
        try {
            await app.init();
        }
        catch (error) {
            const code = error.data?.error ?? (error instanceof Error ? error.message : String(error));
            throw new Error(`Slack did not accept SLACK_BOT_TOKEN (auth.test answered ${code})`, { cause: error });
        }
    }
    return {
        name: 'slack',
        get port() {
            return port;
        },
        async start() {
            // Deferred so auth.test runs here, where a failure can stop start-up, not as an unhandled rejection.
            await initialise();
            if (config.mode.kind === 'http') {
                const server = (await app.start({ port: config.mode.port, ...(deps.host !== undefined ? { host: deps.host } : {}) }));
                port = server.address().port;
                logger.info('slack listening', { mode: 'http', port, path: '/slack/events' });
            }
            else {
                await app.start();
                logger.info('slack connected', { mode: 'socket' });
            }
            started = true;
            scheduled.start();
        },
        async stop() {
            await scheduled.stop();
            if (started)
                await app.stop();
            fetchFn.close();
            started = false;
            port = null;
        },
        postScheduledDigest: (at) => scheduled.postScheduledDigest(at),
        idle: () => scheduled.idle(),
    };
}
//# sourceMappingURL=create-slack-channel.js.map