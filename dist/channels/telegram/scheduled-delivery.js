import { randomUUID } from 'node:crypto';
import { renderTelegramMessages, formatDay } from '../../render/telegram-html.js';
import { planDelivery } from '../../schedule/delivery-schedule.js';
import { takeFanoutLease } from '../../store/fanout-lease.js';
import { classifySendError } from './telegram-errors.js';
/** How long a claim on a batch holds before another instance may take it over (a dead instance's batch). */
const CLAIM_MS = 60_000;
/** Instances sharing a database need no fan-out lease: their claims keep them apart. */
const sharedLease = { keep: async () => true, release: async () => undefined };
/** Creates the scheduled fan-out. */
export function createScheduledDelivery(deps) {
    const { api, store, digestSource, logger } = deps;
    const pageSize = deps.pageSize ?? (deps.sharedStore ? 20 : 500);
    // Names this process in the fan-out lease and its claims.
    const owner = randomUUID();
    async function runTick(now, signal) {
        const report = {
            at: now.toISOString(), due: 0, sent: 0, skipped: 0, alreadyDone: 0, ended: 0, migrated: 0, failed: 0, uncertain: 0, interrupted: false, busy: false,
        };
        // Two processes over one data file (the bot, and `npm run deliver` beside it) would both find the same
        // subscribers due; the lease lets one fan out at a time, and the other's tick leaves it to that one.
        const lease = deps.sharedStore ? sharedLease : await takeFanoutLease(store, 'telegram-delivery', owner);
        if (!lease) {
            report.busy = true;
            logger.info('Another Brief process is delivering; this tick leaves the fan-out to it', { at: report.at });
            return report;
        }
        // The fan-out stops on shutdown, or when this process lost the lease (it stalled past it and another took over).
        const stop = new AbortController();
        const onShutdown = () => stop.abort();
        signal.addEventListener('abort', onShutdown, { once: true });
        if (signal.aborted)
            stop.abort();
        try {
            return await fanOut(now, stop, report, lease.keep);
        }
        finally {
            signal.removeEventListener('abort', onShutdown);
            await lease.release();
        }
    }
    async function fanOut(now, stop, report, keepLease) {
        const signal = stop.signal;
        // The digest is built once per tick, and only if someone is actually due.
        let digestPromise = null;
        const messagesByEdition = new Map();
        const messagesFor = async (edition) => {
            digestPromise ??= digestSource.getDigest({ now });
            const digest = await digestPromise;
            let messages = messagesByEdition.get(edition);
            if (!messages) {
                messages = renderTelegramMessages(digest, { maxStories: deps.maxStories, title: formatDay(edition) });
                messagesByEdition.set(edition, messages);
            }
            return messages;
        };
        // Workers take subscribers from a local queue and claim the next small batch when it runs dry, so several
        // instances interleave their batches; a claim keeps the others off a subscriber until this tick releases it.
        const queue = [];
        let exhausted = false;
        let claiming = null;
        const claimBatch = async () => {
            const batch = await store.claimDueSubscriptions({ now, limit: pageSize, owner, until: new Date(Date.now() + (deps.claimMs ?? CLAIM_MS)) });
            report.due += batch.length;
            queue.push(...batch);
            if (batch.length < pageSize)
                exhausted = true;
        };
        const nextSubscription = async () => {
            for (;;) {
                if (signal.aborted)
                    return undefined;
                const next = queue.shift();
                if (next)
                    return next;
                if (exhausted)
                    return undefined;
                claiming ??= claimBatch().finally(() => (claiming = null));
                await claiming;
            }
        };
        const worker = async () => {
            for (let subscription = await nextSubscription(); subscription; subscription = await nextSubscription()) {
                const current = subscription;
                const outcome = await deliverOne(current, now, signal, messagesFor, report).catch((error) => {
                    // A store or digest failure for one subscriber must not stop the others; it stays due.
                    logger.error('Delivery failed unexpectedly', { chatId: current.chatId, error });
                    return 'failed';
                });
                if (outcome === 'interrupted')
                    report.interrupted = true;
                else
                    report[outcome] += 1;
                if (!signal.aborted && !(await keepLease())) {
                    logger.warn('Another Brief process took over the fan-out; this one stops', { at: report.at });
                    stop.abort();
                }
            }
        };
        try {
            await Promise.all(Array.from({ length: deps.concurrency }, worker));
        }
        catch (error) {
            // A claim query failed (the database went away): what is left stays due for the next tick.
            logger.error('Could not claim due subscribers', { error });
            report.interrupted = true;
        }
        finally {
            // What this tick left (retryable failures, an interruption) is due again for the next tick, here or elsewhere.
            await store.releaseSubscriptionClaims(owner).catch((error) => logger.warn('Could not release claims', { error }));
        }
        if (signal.aborted)
            report.interrupted = true;
        // A routine minute with nobody due is not news; a tick that did something is.
        if (report.due === 0 && !report.interrupted)
            logger.debug('Telegram scheduler tick done', { ...report });
        else
            logger.info('Telegram scheduler tick done', { ...report });
        return report;
    }
    async function deliverOne(subscription, now, signal, messagesFor, report) {
        if (!subscription.nextDeliveryAt || !subscription.nextEdition)
            return 'alreadyDone';
        const plan = planDelivery({
            deliveryTime: subscription.deliveryTime,
            timeZone: subscription.timeZone,
            nextDeliveryAt: subscription.nextDeliveryAt,
            nextEdition: subscription.nextEdition,
        }, now, deps.graceMs);
        let chatId = subscription.chatId;
        const key = { channel: 'telegram', target: subscription.chatId, edition: plan.edition };
        const moveOn = () => store.scheduleNextDelivery(chatId, plan.next.at, plan.next.edition);
        if (plan.action === 'skip') {
            const existing = await store.getDelivery(key);
            if (!existing || existing.state === 'pending') {
                await store.markSkipped(key, plan.reason);
                logger.warn('Skipped a missed morning', { chatId, edition: plan.edition, reason: plan.reason });
            }
            await moveOn();
            return existing?.state === 'sent' ? 'alreadyDone' : 'skipped';
        }
        const record = await store.beginDelivery(key);
        if (record.state !== 'pending') {
            await moveOn();
            return 'alreadyDone';
        }
        if (record.partInFlight !== null && record.partInFlight !== undefined) {
            const reason = `interrupted while sending part ${record.partInFlight + 1}; not resent, to avoid a duplicate`;
            await store.markFailed(key, reason, true);
            logger.warn('Delivery state uncertain after a crash', { chatId, edition: plan.edition });
            await moveOn();
            return 'uncertain';
        }
        // A resumed delivery sends the rest of the parts it began with: the digest may have changed since, and
        // parts cut from a newer one could repeat or leave out stories.
        const messages = record.partsSent > 0 && record.parts ? record.parts : await messagesFor(plan.edition);
        if (record.partsSent === 0 && messages.length > 1)
            await store.recordParts(key, messages);
        let migrations = 0;
        for (let part = record.partsSent; part < messages.length; part += 1) {
            if (signal.aborted)
                return 'interrupted';
            if (deps.awaitSendSlot) {
                try {
                    await deps.awaitSendSlot(chatId, signal);
                }
                catch (error) {
                    if (signal.aborted)
                        return 'interrupted';
                    throw error;
                }
            }
            await store.recordPartStarted(key, part);
            try {
                await api.sendMessage(chatId, messages[part], {
                    parse_mode: 'HTML',
                    link_preview_options: { is_disabled: true },
                });
            }
            catch (error) {
                const failure = classifySendError(error);
                if (failure.kind === 'migrated' && migrations === 0) {
                    migrations += 1;
                    await store.migrateChat(chatId, failure.toChatId);
                    await store.recordPartSent(key, part);
                    logger.info('Group moved to a supergroup; following it', { from: chatId, to: failure.toChatId });
                    chatId = failure.toChatId;
                    report.migrated += 1;
                    part -= 1;
                    continue;
                }
                if (failure.kind === 'ended') {
                    await store.markFailed(key, failure.reason, true);
                    await store.endSubscription(chatId, failure.reason);
                    logger.info('Subscription ended by Telegram', { chatId, reason: failure.reason });
                    return 'ended';
                }
                const message = failure.kind === 'migrated' ? 'migrated twice in one delivery' : failure.message;
                const final = failure.kind !== 'retryable';
                await store.markFailed(key, message, final);
                logger.error('Could not deliver the digest', { chatId, edition: plan.edition, error: message, willRetry: !final });
                // A final failure moves on to tomorrow; a retryable one stays due until the grace window runs out.
                if (final)
                    await moveOn();
                if (!final && signal.aborted)
                    return 'interrupted';
                return 'failed';
            }
            await store.recordPartSent(key, part + 1);
        }
        await store.markDelivered(key);
        await moveOn();
        return 'sent';
    }
    return { runTick };
}
//# sourceMappingURL=scheduled-delivery.js.map