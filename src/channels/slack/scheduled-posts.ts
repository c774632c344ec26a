import type { webApi } from '@slack/bolt';
import cron, { type ScheduledTask } from 'node-cron';
import type { SlackConfig } from '../../config.js';
import type { DigestSource } from '../../content/digest-source.js';
import { DeliveryError } from '../../errors.js';
import { failedBeforeSending } from '../send-outcome.js';
import type { Logger } from '../../logger.js';
import { renderSlackMessages, type SlackMessage } from '../../render/slack-blocks.js';
import { createLeaseOwner, takeFanoutLease } from '../../store/fanout-lease.js';
import { selectForReader, sentRecordsOf } from '../../digest/reader-selection.js';
import type { Digest } from '../../digest/types.js';
import type { DeliveredStory, DeliveredStoryStore, DeliveryKey, DeliveryLedger, LeaseStore } from '../../store/types.js';

type WebClient = webApi.WebClient;

/** What happened to one channel's post of one edition. */
export interface ChannelPostReport {
  channel: string;
  edition: string;
  /**
   * `already-sent`: the ledger had it, nothing was posted again. `nothing-new`: every story was posted before (or
   * none matches the channel's words); nothing posted, recorded as skipped. `uncertain`: a message went out and its
   * answer was lost (or a crash cut it off), so it may be in the channel; the post stops there, never posted again.
   */
  outcome: 'sent' | 'already-sent' | 'failed' | 'nothing-new' | 'uncertain';
  /** Messages of this edition now in the channel. */
  partsSent: number;
  partsTotal: number;
  /** Slack's error code (`not_in_channel` …) and what to do about it. */
  error?: { code: string; message: string; retryable: boolean };
}

/** Dependencies of the scheduled morning posts. */
export interface ScheduledPostsDeps {
  client: WebClient;
  config: Pick<SlackConfig, 'digestChannels' | 'digestChannelTopics' | 'digestCron' | 'digestTimeZone' | 'graceHours'>;
  store: DeliveryLedger & DeliveredStoryStore & LeaseStore;
  digestSource: DigestSource;
  logger: Logger;
  maxStories: number;
  now?: () => Date;
  /** Waits between rate-limited attempts; injectable so tests can watch the wait. */
  sleep?: (ms: number) => Promise<void>;
  /** How many 429s in a row one message may meet before the channel is left for a retry. */
  maxRateLimitWaits?: number;
  /** Delays before re-running an edition that failed in a retryable way (5xx, network, rate limit). */
  retryDelaysMs?: number[];
}

/** The scheduled digest posts to SLACK_DIGEST_CHANNELS. */
export interface ScheduledPosts {
  /** Schedules the cron task and sends a missed post of the latest slot within the grace hours. */
  start(): void;
  /** Unschedules and waits for a post in flight. */
  stop(): Promise<void>;
  /**
   * Posts the edition of the latest cron slot at or before `now` (within DELIVERY_GRACE_HOURS; otherwise the
   * minute of `now` is its own edition) to every digest channel that does not have it yet.
   */
  postScheduledDigest(now?: Date): Promise<ChannelPostReport[]>;
  /** Resolves once every post started so far (including catch-up and retries in progress) has finished. */
  idle(): Promise<void>;
}

/** Errors after which posting again cannot help until someone changes something in Slack or in the config. */
const finalErrors: Record<string, string> = {
  not_in_channel: 'Brief is not a member of this channel: invite it with /invite @Brief (private channels always need an invitation).',
  channel_not_found:
    'No channel with this ID is visible to Brief: check SLACK_DIGEST_CHANNELS (the ID from the channel details, like C0123ABCD) and invite Brief if the channel is private.',
  is_archived: 'The channel is archived: unarchive it or remove it from SLACK_DIGEST_CHANNELS.',
  restricted_action: 'A workspace setting stops Brief from posting in this channel.',
  missing_scope: 'The app lacks a scope: reinstall it from the manifest (chat:write, chat:write.public).',
  not_authed: 'SLACK_BOT_TOKEN was refused: copy the Bot User OAuth Token again.',
  invalid_auth: 'SLACK_BOT_TOKEN was refused: copy the Bot User OAuth Token again.',
  account_inactive: 'The bot token belongs to an uninstalled app or deactivated user: reinstall the app.',
  token_revoked: 'The bot token was revoked: reinstall the app and update SLACK_BOT_TOKEN.',
  invalid_blocks: 'Slack refused the message layout (a Brief bug): please report it with this log line.',
  msg_too_long: 'Slack refused the message as too long (a Brief bug): please report it with this log line.',
};

interface SlackLikeError {
  code?: unknown;
  data?: { error?: unknown };
  retryAfter?: unknown;
  statusCode?: unknown;
  message?: unknown;
  original?: { message?: unknown; cause?: { code?: unknown; message?: unknown } };
}

/**
 * Whether a failed Web API call may still have done its work: the request went out and the transport failed before
 * an answer came (a reset, a timeout, a cut answer). An HTTP answer, even a 5xx, or a refused connection, says it
 * did not. The client's quick retries skip such a call (see create-slack-channel.ts): a resent post could appear
 * twice.
 */
export function requestMayHaveLanded(error: unknown): boolean {
  return (error as SlackLikeError | null)?.code === 'slack_webapi_request_error' && !failedBeforeSending(error);
}

/** Maps an error from the Web API client to a DeliveryError saying whether a retry can help. */
export function toDeliveryError(error: unknown, channel: string): DeliveryError {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SlackLikeError;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (e.code === 'slack_webapi_platform_error' && typeof e.data?.error === 'string') {
    const code = e.data.error;
    const advice = finalErrors[code];
    if (advice !== undefined) {
      return new DeliveryError(`Slack answered ${code} for channel ${channel}. ${advice}`, { code, retryable: false, cause: error });
    }
    return new DeliveryError(`Slack answered ${code} for channel ${channel}.`, { code, retryable: true, cause: error });
  }
  if (e.code === 'slack_webapi_rate_limited_error') {
    const seconds = typeof e.retryAfter === 'number' ? e.retryAfter : 1;
    return new DeliveryError(`Slack kept rate-limiting posts to ${channel}.`, {
      code: 'ratelimited',
      retryable: true,
      retryAfterMs: seconds * 1000,
      cause: error,
    });
  }
  if (e.code === 'slack_webapi_http_error') {
    const status = typeof e.statusCode === 'number' ? e.statusCode : 0;
    return new DeliveryError(`Slack answered HTTP ${status} for channel ${channel}.`, {
      code: `http_${status}`,
      retryable: status >= 500 || status === 0,
      cause: error,
    });
  }
  if (requestMayHaveLanded(error)) {
    const cause = e.original?.cause;
    const reason = [e.original?.message, cause?.code ?? cause?.message].filter((part) => typeof part === 'string').join(': ') || message;
    return new DeliveryError(
      `The message to ${channel} may or may not have been posted: the answer was lost (${reason}). It is not posted again, so it cannot appear twice; check the channel.`,
      { code: 'uncertain', retryable: false, cause: error },
    );
  }
  return new DeliveryError(`Posting to ${channel} failed: ${message}`, { code: 'request_failed', retryable: true, cause: error });
}

/** Formats `date` as its wall-clock minute in `timeZone`: 2025-12-01T07:00. */
export function formatSlot(date: Date, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}

const minuteMs = 60_000;

/** The Block Kit action id of the "More stories" button. */
export const moreStoriesActionId = 'brief_more_stories';

/** The button's value: the number the next story shown gets. */
export function moreStoriesValue(nextNumber: number): string {
  return JSON.stringify({ next: nextNumber });
}

/** Creates the scheduled posts; nothing runs until `start()` or `postScheduledDigest()`. */
export function createScheduledPosts(deps: ScheduledPostsDeps): ScheduledPosts {
  const { client, config, store, digestSource, logger } = deps;
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const maxRateLimitWaits = deps.maxRateLimitWaits ?? 5;
  const retryDelaysMs = deps.retryDelaysMs ?? [60_000, 5 * 60_000, 15 * 60_000];
  // Names this process in the posting lease.
  const owner = createLeaseOwner();
  const timeZone = config.digestTimeZone;
  // A stopped task is only used to match slots; start() turns it on.
  const task: ScheduledTask = cron.createTask(
    config.digestCron,
    () => run(() => tick()).catch((error: unknown) => logger.error('slack scheduled post failed', { error })),
    { timezone: timeZone, name: 'brief-slack-digest' },
  );
  let queue: Promise<unknown> = Promise.resolve();
  const retryTimers = new Set<NodeJS.Timeout>();
  let stopped = false;

  /** Runs posts one after another: a cron tick, a catch-up and an operator call never overlap. */
  function run<T>(job: () => Promise<T>): Promise<T> {
    const result = queue.then(job);
    queue = result.catch(() => undefined);
    return result;
  }

  /** The latest cron slot at or before `at`, looking back at most the grace hours; null if none. */
  function latestSlot(at: Date): Date | null {
    const start = Math.floor(at.getTime() / minuteMs) * minuteMs;
    for (let minutes = 0; minutes <= config.graceHours * 60; minutes += 1) {
      const candidate = new Date(start - minutes * minuteMs);
      if (task.match(candidate)) return candidate;
    }
    return null;
  }

  async function tick(): Promise<void> {
    const at = now();
    const slot = latestSlot(at) ?? at;
    await postEdition(formatSlot(slot, timeZone), at, 0);
  }

  /**
   * Posts part `part` of a delivery, marked in flight while its request is out: a crash before the answer leaves the
   * mark, and the resumed post then stops rather than risk posting it twice.
   */
  async function postMessage(key: DeliveryKey, part: number, message: SlackMessage): Promise<void> {
    const channel = key.target;
    for (let waits = 0; ; waits += 1) {
      await store.recordPartStarted(key, part);
      try {
        await client.chat.postMessage({
          channel,
          text: message.text,
          blocks: message.blocks,
          // Article text must never unfurl into previews or turn names into mentions.
          unfurl_links: false,
          unfurl_media: false,
        });
        return;
      } catch (error) {
        const failure = toDeliveryError(error, channel);
        if (failure.code !== 'ratelimited' || waits >= maxRateLimitWaits) throw failure;
        // Slack took nothing: the part is no longer in flight while we wait.
        await store.recordPartSent(key, part);
        logger.warn('slack rate limited, waiting as asked', { channel, retryAfterMs: failure.retryAfterMs });
        await sleep(failure.retryAfterMs ?? 1000);
      }
    }
  }

  /** What a channel's post of `edition` holds: the stories new for it (or grown) that match its words; null when none. */
  async function channelPost(channel: string, edition: string, digest: Digest): Promise<{ messages: SlackMessage[]; stories: DeliveredStory[] } | null> {
    // A digest that fell back to an old day holds nothing new: a morning post never repeats stale news.
    if (digest.coverage.fallbackDay !== null) return null;
    const delivered = new Map((await store.listDeliveredStories('slack', channel, edition)).map((story) => [story.storyId, story.reports]));
    const selection = selectForReader(digest.stories, delivered, { follow: config.digestChannelTopics?.[channel] ?? [], mute: [] });
    if (selection.stories.length === 0) return null;
    const shown = selection.stories.slice(0, deps.maxStories);
    const messages = renderSlackMessages(
      { ...digest, stories: selection.stories },
      {
        maxStories: deps.maxStories,
        timeZone,
        moreHint: 'Search them with /brief <words>.',
        updates: selection.updates,
        moreButton: { actionId: moreStoriesActionId, value: moreStoriesValue(shown.length + 1) },
      },
    );
    return { messages, stories: sentRecordsOf(shown) };
  }

  async function postToChannel(channel: string, edition: string, digest: Digest): Promise<ChannelPostReport> {
    const key: DeliveryKey = { channel: 'slack', target: channel, edition };
    const record = await store.beginDelivery(key);
    if (record.state === 'sent' || record.state === 'skipped') {
      return { channel, edition, outcome: 'already-sent', partsSent: record.partsSent, partsTotal: record.partsSent };
    }
    if (record.partInFlight !== null && record.partInFlight !== undefined) {
      const partsTotal = record.parts?.length ?? record.partsSent + 1;
      let reason = record.lastError ?? '';
      if (record.state !== 'failed') {
        reason = `interrupted while posting part ${record.partInFlight + 1}; not posted again, so it cannot appear twice`;
        await store.markUncertain(key, reason);
        logger.warn('slack digest post uncertain after a crash', { channel, edition, part: record.partInFlight + 1 });
      }
      return { channel, edition, outcome: 'uncertain', partsSent: record.partsSent, partsTotal, error: { code: 'uncertain', message: reason, retryable: false } };
    }
    let messages: SlackMessage[];
    if (record.partsSent > 0 && record.parts) {
      // A resumed post sends the rest of the messages it began with, not parts of a digest rebuilt since.
      messages = record.parts.map((part) => JSON.parse(part) as SlackMessage);
    } else {
      const post = await channelPost(channel, edition, digest);
      if (!post) {
        await store.markSkipped(key, 'nothing new');
        logger.info('slack digest not posted: nothing new for the channel', { channel, edition });
        return { channel, edition, outcome: 'nothing-new', partsSent: 0, partsTotal: 0 };
      }
      messages = post.messages;
      await store.recordDeliveryStories(key, post.stories);
    }
    const partsTotal = messages.length;
    let partsSent = record.partsSent;
    try {
      if (partsSent === 0 && messages.length > 1) await store.recordParts(key, messages.map((message) => JSON.stringify(message)));
      for (; partsSent < messages.length; partsSent += 1) {
        await postMessage(key, partsSent, messages[partsSent]!);
        await store.recordPartSent(key, partsSent + 1);
      }
      await store.markDelivered(key);
      logger.info('slack digest posted', { channel, edition, parts: partsTotal });
      return { channel, edition, outcome: 'sent', partsSent, partsTotal };
    } catch (error) {
      const failure = error instanceof DeliveryError ? error : toDeliveryError(error, channel);
      if (failure.code === 'uncertain') {
        // Kept with its part in flight, as a crash leaves it: the operator's list of uncertain deliveries shows it.
        await store.markUncertain(key, failure.message);
        logger.warn('slack digest post uncertain: the answer was lost', { channel, edition, part: partsSent + 1, error: failure.message });
        return { channel, edition, outcome: 'uncertain', partsSent, partsTotal, error: { code: failure.code, message: failure.message, retryable: false } };
      }
      await store.markFailed(key, `${failure.code}: ${failure.message}`, !failure.retryable);
      logger.error('slack digest post failed', { channel, edition, code: failure.code, error: failure.message, partsSent });
      return {
        channel,
        edition,
        outcome: 'failed',
        partsSent,
        partsTotal,
        error: { code: failure.code, message: failure.message, retryable: failure.retryable },
      };
    }
  }

  /** Records a digest that could not be built against every channel still waiting for this edition. */
  async function recordMissingDigest(edition: string, error: unknown): Promise<ChannelPostReport[]> {
    const message = `The digest could not be built: ${error instanceof Error ? error.message : String(error)}`;
    logger.error('slack digest not built, posts left for a retry', { edition, error: message });
    const reports: ChannelPostReport[] = [];
    for (const channel of config.digestChannels) {
      const key: DeliveryKey = { channel: 'slack', target: channel, edition };
      const record = await store.beginDelivery(key);
      if (record.state === 'sent' || record.state === 'skipped') {
        reports.push({ channel, edition, outcome: 'already-sent', partsSent: record.partsSent, partsTotal: record.partsSent });
        continue;
      }
      await store.markFailed(key, `digest_unavailable: ${message}`, false);
      reports.push({
        channel,
        edition,
        outcome: 'failed',
        partsSent: record.partsSent,
        partsTotal: 0,
        error: { code: 'digest_unavailable', message, retryable: true },
      });
    }
    return reports;
  }

  async function postEdition(edition: string, at: Date, attempt: number): Promise<ChannelPostReport[]> {
    if (config.digestChannels.length === 0) return [];
    let reports: ChannelPostReport[] = [];
    // Another Brief process on the same data (a second instance during a deploy) posts the same slots: one
    // posts at a time, and the other comes back at its next retry to find the posts made.
    const lease = await takeFanoutLease(store, 'slack-posts', owner);
    let leftToAnother = lease === null;
    if (lease) {
      try {
        const digest = await digestSource.getDigest({ now: at });
        // One channel at a time keeps within chat.postMessage's per-channel and workspace limits; a failure moves on.
        for (const channel of config.digestChannels) {
          reports.push(await postToChannel(channel, edition, digest));
          if (!(await lease.keep())) {
            leftToAnother = true;
            break;
          }
        }
      } catch (error) {
        reports = await recordMissingDigest(edition, error);
      } finally {
        await lease.release();
      }
    }
    if (leftToAnother) logger.info('Another Brief process is posting; this one leaves the edition to it', { edition });
    const retryable = leftToAnother || reports.some((report) => report.outcome === 'failed' && report.error?.retryable === true);
    const delay = retryDelaysMs[attempt];
    if (retryable && delay !== undefined && !stopped) {
      const timer = setTimeout(() => {
        retryTimers.delete(timer);
        void run(() => postEdition(edition, now(), attempt + 1)).catch((error: unknown) =>
          logger.error('slack digest retry failed', { edition, error }),
        );
      }, delay);
      timer.unref();
      retryTimers.add(timer);
    }
    return reports;
  }

  return {
    start() {
      stopped = false;
      if (config.digestChannels.length === 0) return;
      void task.start();
      const slot = latestSlot(now());
      if (slot !== null) {
        const edition = formatSlot(slot, timeZone);
        void run(() => postEdition(edition, now(), 0)).catch((error: unknown) =>
          logger.error('slack catch-up post failed', { edition, error }),
        );
      }
      logger.info('slack digests scheduled', { cron: config.digestCron, timeZone, channels: config.digestChannels.join(',') });
    },
    async stop() {
      stopped = true;
      for (const timer of retryTimers) clearTimeout(timer);
      retryTimers.clear();
      await task.destroy();
      await queue;
    },
    postScheduledDigest(at = now()) {
      const slot = latestSlot(at) ?? at;
      return run(() => postEdition(formatSlot(slot, timeZone), at, retryDelaysMs.length));
    },
    async idle() {
      await queue;
    },
  };
}
