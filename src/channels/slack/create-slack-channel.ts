import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger, type webApi } from '@slack/bolt';
import type { SlackConfig } from '../../config.js';
import type { DigestSource } from '../../content/digest-source.js';
import type { Logger } from '../../logger.js';
import type { DeliveryLedger, LeaseStore } from '../../store/types.js';
import type { Channel } from '../types.js';
import { registerBriefCommand } from './listeners/commands/brief.js';
import { createResponseUrlFetch } from './response-url-fetch.js';
import { createScheduledPosts, type ChannelPostReport, type ScheduledPostsDeps } from './scheduled-posts.js';

/** Dependencies of the Slack channel. */
export interface SlackChannelDeps {
  config: SlackConfig;
  store: DeliveryLedger & LeaseStore;
  digestSource: DigestSource;
  logger: Logger;
  /** Stories per digest message set (DIGEST_MAX_STORIES). */
  maxStories: number;
  /** Interface the HTTP receiver binds to; all interfaces when absent (tests pass 127.0.0.1). */
  host?: string;
  now?: () => Date;
  /** Web API retries for network errors and 5xx; Slack's default spans half an hour, too long for a morning post. */
  retryConfig?: webApi.RetryOptions;
  /** Passed to the scheduled posts (rate-limit waits and retry delays). */
  scheduling?: Pick<ScheduledPostsDeps, 'sleep' | 'maxRateLimitWaits' | 'retryDelaysMs'>;
}

/** The Slack channel: `/brief` plus the scheduled morning posts. */
export interface SlackChannel extends Channel {
  /** The port the HTTP receiver listens on once started; null in Socket Mode or before start. */
  readonly port: number | null;
  /** Posts the current edition to SLACK_DIGEST_CHANNELS now (idempotent per cron slot); for operators and tests. */
  postScheduledDigest(now?: Date): Promise<ChannelPostReport[]>;
  /** Resolves when scheduled posts in flight (catch-up, retries) are done. */
  idle(): Promise<void>;
}

/** Adapts our logger to Bolt's, so Bolt's own messages land in the same stream with the same format. */
function toBoltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  const join = (parts: unknown[]) => parts.map((part) => (part instanceof Error ? part.message : typeof part === 'string' ? part : JSON.stringify(part))).join(' ');
  return {
    debug: (...parts: unknown[]) => logger.debug(`bolt: ${join(parts)}`),
    info: (...parts: unknown[]) => logger.info(`bolt: ${join(parts)}`),
    warn: (...parts: unknown[]) => logger.warn(`bolt: ${join(parts)}`),
    error: (...parts: unknown[]) => logger.error(`bolt: ${join(parts)}`),
    setLevel: (next: LogLevel) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

/**
 * Creates the Slack channel. HTTP mode (signing secret; requests at /slack/events, GET /healthz) or
 * Socket Mode (app token; no public URL), chosen by `config.mode`.
 */
export function createSlackChannel(deps: SlackChannelDeps): SlackChannel {
  const { config, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const boltLogger = toBoltLogger(logger);
  const apiUrl = config.apiUrl ?? 'https://slack.com/api/';
  const fetchFn = createResponseUrlFetch({ apiUrl });
  const clientOptions: webApi.WebClientOptions = {
    fetch: fetchFn,
    // Rate limits surface as errors so the scheduled posts wait per channel and log it.
    rejectRateLimitedCalls: true,
    retryConfig: deps.retryConfig ?? { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 10_000 },
    ...(config.apiUrl !== null ? { slackApiUrl: config.apiUrl } : {}),
  };

  const app =
    config.mode.kind === 'http'
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
    logger.error('slack listener failed', { code: (error as { code?: string }).code ?? 'unknown', error });
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

  let port: number | null = null;
  let started = false;

  /** Checks the bot token with auth.test, so a wrong token stops start-up with a clear message. */
  async function initialise(): Promise<void> {
    try {
      await app.init();
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error ?? (error instanceof Error ? error.message : String(error));
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
        const server = (await app.start({ port: config.mode.port, ...(deps.host !== undefined ? { host: deps.host } : {}) })) as Server;
        port = (server.address() as AddressInfo).port;
        logger.info('slack listening', { mode: 'http', port, path: '/slack/events' });
      } else {
        await app.start();
        logger.info('slack connected', { mode: 'socket' });
      }
      started = true;
      scheduled.start();
    },
    async stop() {
      await scheduled.stop();
      if (started) await app.stop();
      fetchFn.close();
      started = false;
      port = null;
    },
    postScheduledDigest: (at) => scheduled.postScheduledDigest(at),
    idle: () => scheduled.idle(),
  };
}
