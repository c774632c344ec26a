import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger, type webApi } from '@slack/bolt';
import type { SlackConfig } from '../../config.js';
import type { DigestSource } from '../../content/digest-source.js';
import type { Logger } from '../../logger.js';
import type { DeliveredStoryStore, DeliveryLedger, LeaseStore } from '../../store/types.js';
import { ChannelStartError } from '../../errors.js';
import { answerHealth, type HealthReport } from '../health.js';
import type { Channel } from '../types.js';
import { registerMoreStoriesAction } from './listeners/actions/more-stories.js';
import { registerBriefCommand } from './listeners/commands/brief.js';
import { createRequestGuard } from './request-guard.js';
import { createResponseUrlFetch } from './response-url-fetch.js';
import { createScheduledPosts, requestMayHaveLanded, type ChannelPostReport, type ScheduledPostsDeps } from './scheduled-posts.js';

/** Dependencies of the Slack channel. */
export interface SlackChannelDeps {
  config: SlackConfig;
  store: DeliveryLedger & DeliveredStoryStore & LeaseStore;
  digestSource: DigestSource;
  logger: Logger;
  /** Stories per digest message set (DIGEST_MAX_STORIES). */
  maxStories: number;
  /** Interface the HTTP receiver binds to; all interfaces when absent (tests pass 127.0.0.1). */
  host?: string;
  now?: () => Date;
  /** Web API retries for network errors and 5xx; Slack's default spans half an hour, too long for a morning post. */
  retryConfig?: webApi.RetryOptions;
  /** The process's channel states for GET /healthz; without it /healthz reports this channel alone. */
  health?: () => HealthReport;
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
 * The Web API client's retry policy, less its blind resends: a call whose request went out and whose answer was lost
 * is not retried, as a post resent then could appear in the channel twice. The client runs its retries through
 * p-retry, which stops when `onFailedAttempt` throws (the test of a lost answer pins this).
 */
function withoutBlindResends(retry: webApi.RetryOptions): webApi.RetryOptions {
  const options: webApi.RetryOptions & { onFailedAttempt(error: Error): void } = {
    ...retry,
    onFailedAttempt(error) {
      if (requestMayHaveLanded(error)) throw error;
    },
  };
  return options;
}

/** Puts the request guard in front of Bolt's HTTP receiver: replays, future timestamps and malformed bodies are refused before Bolt reads them. */
function guardReceiver(receiver: HTTPReceiver, signingSecret: string, logger: Logger): HTTPReceiver {
  const guard = createRequestGuard({ signingSecret, logger });
  const boltListener = receiver.requestListener;
  receiver.requestListener = (req, res) => guard(req, res, boltListener);
  return receiver;
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
    retryConfig: withoutBlindResends(deps.retryConfig ?? { retries: 3, factor: 2, minTimeout: 1000, maxTimeout: 10_000 }),
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
          // The token is checked by start() itself, after the listener is up, so /healthz answers while Slack is unreachable.
          tokenVerificationEnabled: false,
          receiver: guardReceiver(new HTTPReceiver({
            signingSecret: config.mode.signingSecret,
            endpoints: '/slack/events',
            logger: boltLogger,
            customRoutes: [
              {
                path: '/healthz',
                method: ['GET'],
                handler: (_request, response) => {
                  answerHealth(response, deps.health?.() ?? { ok: verified, channels: { slack: verified ? 'up' : 'starting' } });
                },
              },
            ],
          }), config.mode.signingSecret, logger),
        })
      : new App({
          token: config.botToken,
          appToken: config.mode.appToken,
          socketMode: true,
          logger: boltLogger,
          convoStore: false,
          clientOptions,
          deferInitialization: true,
          tokenVerificationEnabled: false,
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

  registerMoreStoriesAction(app, {
    store: deps.store,
    digestSource: deps.digestSource,
    logger,
    maxStories: deps.maxStories,
    timeZone: config.digestTimeZone,
    channelTopics: config.digestChannelTopics ?? {},
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
  let listening = false;
  let verified = false;

  /**
   * Checks the bot token with auth.test. A token Slack refuses stops the channel for good; an unreachable
   * Slack is worth trying again, and says so rather than blaming the token.
   */
  async function verifyToken(): Promise<void> {
    try {
      await app.client.auth.test();
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code !== undefined) {
        throw new ChannelStartError('slack', `Slack did not accept SLACK_BOT_TOKEN (auth.test answered ${code})`, { retryable: false, cause: error });
      }
      // The Web API wraps a network failure; the reason worth showing (ECONNREFUSED, ETIMEDOUT) is underneath.
      const original = (error as { original?: { message?: string; cause?: { code?: string } } }).original;
      const reason = original?.cause?.code ?? original?.message ?? (error instanceof Error ? error.message : String(error));
      throw new ChannelStartError('slack', `cannot reach Slack at ${apiUrl} (${reason})`, { retryable: true, cause: error });
    }
  }

  /** Binds the HTTP listener; a port in use is named, and trying again later may find it free. */
  async function listen(mode: { port: number }): Promise<void> {
    await app.init();
    try {
      const server = (await app.start({ port: mode.port, ...(deps.host !== undefined ? { host: deps.host } : {}) })) as Server;
      port = (server.address() as AddressInfo).port;
    } catch (error) {
      const code = (error as { code?: string }).code;
      const why = code === 'EADDRINUSE' ? `port ${mode.port} (PORT) is already in use by another program` : error instanceof Error ? error.message : String(error);
      throw new ChannelStartError('slack', `Slack's HTTP listener could not start: ${why}`, { retryable: true, cause: error });
    }
    listening = true;
    logger.info('slack listening', { mode: 'http', port, path: '/slack/events' });
  }

  return {
    name: 'slack',
    get port() {
      return port;
    },
    /** One start attempt; safe to call again after it throws. */
    async start() {
      if (config.mode.kind === 'http') {
        // Listen first, so /healthz and signed requests are answered while the token check waits for Slack.
        if (!listening) await listen(config.mode);
        await verifyToken();
      } else {
        await verifyToken();
        await app.init();
        await app.start();
        listening = true;
        logger.info('slack connected', { mode: 'socket' });
      }
      verified = true;
      scheduled.start();
    },
    async stop() {
      await scheduled.stop();
      if (listening) await app.stop();
      fetchFn.close();
      listening = false;
      verified = false;
      port = null;
    },
    postScheduledDigest: (at) => scheduled.postScheduledDigest(at),
    idle: () => scheduled.idle(),
  };
}
