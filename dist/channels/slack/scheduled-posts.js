import { randomUUID } from 'node:crypto';
import cron, {} from 'node-cron';
import { DeliveryError } from '../../errors.js';
import { renderSlackMessages } from '../../render/slack-blocks.js';
import { takeFanoutLease } from '../../store/fanout-lease.js';
/** Errors after which posting again cannot help until someone changes something in Slack or in the config. */
const finalErrors = {
    not_in_channel: 'Brief is not a member of this channel: invite it with /invite @Brief (private channels always need an invitation).',
    channel_not_found: 'No channel with this ID is visible to Brief: check SLACK_DIGEST_CHANNELS (the ID from the channel details, like C0123ABCD) and invite Brief if the channel is private.',
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
/** Maps an error from the Web API client to a DeliveryError saying whether a retry can help. */
export function toDeliveryError(error, channel) {
    const e = (typeof error === 'object' && error !== null ? error : {});
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
    return new DeliveryError(`Posting to ${channel} failed: ${message}`, { code: 'request_failed', retryable: true, cause: error });
}
/** Formats `date` as its wall-clock minute in `timeZone`: 2025-12-01T07:00. */
export function formatSlot(date, timeZone) {
    const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
    })
        .formatToParts(date)
        .map((part) => [part.type, part.value]));
    return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
const minuteMs = 60_000;
/** Creates the scheduled posts; nothing runs until `start()` or `postScheduledDigest()`. */
export function createScheduledPosts(deps) {
    const { client, config, store, digestSource, logger } = deps;
    const now = deps.now ?? (() => new Date());
    const sleep = deps.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
    const maxRateLimitWaits = deps.maxRateLimitWaits ?? 5;
    const retryDelaysMs = deps.retryDelaysMs ?? [60_000, 5 * 60_000, 15 * 60_000];
    // Names this process in the posting lease.
    const owner = randomUUID();
    const timeZone = config.digestTimeZone;
    // A stopped task is only used to match slots; start() turns it on.
    const task = cron.createTask(config.digestCron, () => run(() => tick()).catch((error) => logger.error('slack scheduled post failed', { error })), { timezone: timeZone, name: 'brief-slack-digest' });
    let queue = Promise.resolve();
    const retryTimers = new Set();
    let stopped = false;
    /** Runs posts one after another: a cron tick, a catch-up and an operator call never overlap. */
    function run(job) {
        const result = queue.then(job);
        queue = result.catch(() => undefined);
        return result;
    }
    /** The latest cron slot at or before `at`, looking back at most the grace hours; null if none. */
    function latestSlot(at) {
        const start = Math.floor(at.getTime() / minuteMs) * minuteMs;
        for (let minutes = 0; minutes <= config.graceHours * 60; minutes += 1) {
            const candidate = new Date(start - minutes * minuteMs);
            if (task.match(candidate))
                return candidate;
        }
        return null;
    }
    async function tick() {
        const at = now();
        const slot = latestSlot(at) ?? at;
        await postEdition(formatSlot(slot, timeZone), at, 0);
    }
    async function postMessage(channel, message) {
        for (let waits = 0;; waits += 1) {
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
            }
            catch (error) {
                const failure = toDeliveryError(error, channel);
                if (failure.code !== 'ratelimited' || waits >= maxRateLimitWaits)
                    throw failure;
                logger.warn('slack rate limited, waiting as asked', { channel, retryAfterMs: failure.retryAfterMs });
                await sleep(failure.retryAfterMs ?? 1000);
            }
        }
    }
    async function postToChannel(channel, edition, rendered) {
        const key = { channel: 'slack', target: channel, edition };
        const record = await store.beginDelivery(key);
        if (record.state === 'sent' || record.state === 'skipped') {
            return { channel, edition, outcome: 'already-sent', partsSent: record.partsSent, partsTotal: rendered.length };
        }
        // A resumed post sends the rest of the messages it began with, not parts of a digest rebuilt since.
        const messages = record.partsSent > 0 && record.parts ? record.parts.map((part) => JSON.parse(part)) : rendered;
        const partsTotal = messages.length;
        let partsSent = record.partsSent;
        try {
            if (partsSent === 0 && messages.length > 1)
                await store.recordParts(key, messages.map((message) => JSON.stringify(message)));
            for (; partsSent < messages.length; partsSent += 1) {
                await postMessage(channel, messages[partsSent]);
                await store.recordPartSent(key, partsSent + 1);
            }
            await store.markDelivered(key);
            logger.info('slack digest posted', { channel, edition, parts: partsTotal });
            return { channel, edition, outcome: 'sent', partsSent, partsTotal };
        }
        catch (error) {
            const failure = error instanceof DeliveryError ? error : toDeliveryError(error, channel);
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
    async function recordMissingDigest(edition, error) {
        const message = `The digest could not be built: ${error instanceof Error ? error.message : String(error)}`;
        logger.error('slack digest not built, posts left for a retry', { edition, error: message });
        const reports = [];
        for (const channel of config.digestChannels) {
            const key = { channel: 'slack', target: channel, edition };
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
    async function postEdition(edition, at, attempt) {
        if (config.digestChannels.length === 0)
            return [];
        let reports = [];
        // Another Brief process on the same data (a second instance during a deploy) posts the same slots: one
        // posts at a time, and the other comes back at its next retry to find the posts made.
        const lease = await takeFanoutLease(store, 'slack-posts', owner);
        let leftToAnother = lease === null;
        if (lease) {
            try {
                const digest = await digestSource.getDigest({ now: at });
                const messages = renderSlackMessages(digest, { maxStories: deps.maxStories, timeZone, moreHint: 'Search them with /brief <words>.' });
                // One channel at a time keeps within chat.postMessage's per-channel and workspace limits; a failure moves on.
                for (const channel of config.digestChannels) {
                    reports.push(await postToChannel(channel, edition, messages));
                    if (!(await lease.keep())) {
                        leftToAnother = true;
                        break;
                    }
                }
            }
            catch (error) {
                reports = await recordMissingDigest(edition, error);
            }
            finally {
                await lease.release();
            }
        }
        if (leftToAnother)
            logger.info('Another Brief process is posting; this one leaves the edition to it', { edition });
        const retryable = leftToAnother || reports.some((report) => report.outcome === 'failed' && report.error?.retryable === true);
        const delay = retryDelaysMs[attempt];
        if (retryable && delay !== undefined && !stopped) {
            const timer = setTimeout(() => {
                retryTimers.delete(timer);
                void run(() => postEdition(edition, now(), attempt + 1)).catch((error) => logger.error('slack digest retry failed', { edition, error }));
            }, delay);
            timer.unref();
            retryTimers.add(timer);
        }
        return reports;
    }
    return {
        start() {
            stopped = false;
            if (config.digestChannels.length === 0)
                return;
            void task.start();
            const slot = latestSlot(now());
            if (slot !== null) {
                const edition = formatSlot(slot, timeZone);
                void run(() => postEdition(edition, now(), 0)).catch((error) => logger.error('slack catch-up post failed', { edition, error }));
            }
            logger.info('slack digests scheduled', { cron: config.digestCron, timeZone, channels: config.digestChannels.join(',') });
        },
        async stop() {
            stopped = true;
            for (const timer of retryTimers)
                clearTimeout(timer);
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
//# sourceMappingURL=scheduled-posts.js.map