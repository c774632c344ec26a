import type { Api } from 'grammy';
import type { DigestSource } from '../../content/digest-source.js';
import { InlineKeyboard } from 'grammy';
import { selectForReader, sentRecordsOf } from '../../digest/reader-selection.js';
import type { Digest } from '../../digest/types.js';
import type { Logger } from '../../logger.js';
import { renderTelegramMessages, formatDay, moreStoriesLinePattern, escapeHtml, storyNumbersIn } from '../../render/telegram-html.js';
import { planDelivery, type DeliveryPlan } from '../../schedule/delivery-schedule.js';
import { createLeaseOwner, takeFanoutLease } from '../../store/fanout-lease.js';
import type { DeliveredStory, DeliveryKey, DueCursor, Store, Subscription } from '../../store/types.js';
import { trackDeparture } from './send-transformer.js';
import { classifySendError } from './telegram-errors.js';
import type { StoreFaultReporter } from '../../store/store-faults.js';

/** Callback data of the "More stories" button; the number is the first story number the next message shows. */
export const moreStoriesCallback = (nextNumber: number): string => `more:${nextNumber}`;

/** The keyboard under a message that ends with "…and N more stories". */
export function moreStoriesKeyboard(nextNumber: number): InlineKeyboard {
  return new InlineKeyboard().text('More stories', moreStoriesCallback(nextNumber));
}

/** The one line a reader who asked for it gets when their morning has nothing new. */
export function nothingNewMessage(edition: string): string {
  return `📰 <b>Brief</b> · ${escapeHtml(formatDay(edition))}\n<i>Nothing new today.</i>`;
}

/** What one scheduler tick did; returned by `runSchedulerTick` and printed by `npm run deliver`. */
export interface TickReport {
  at: string;
  /** Subscriptions found due. */
  due: number;
  sent: number;
  /** Mornings missed by more than the grace window, recorded as skipped. */
  skipped: number;
  /** Already delivered (or settled) by an earlier run: a resumed fan-out passing over them. */
  alreadyDone: number;
  /** Subscriptions ended because the chat is gone (403, chat not found). */
  ended: number;
  migrated: number;
  /** Sends that failed; retryable ones stay due for the next tick. */
  failed: number;
  /** Deliveries a crash left mid-request: recorded as failed, not resent, to avoid a duplicate. */
  uncertain: number;
  /** Mornings with nothing new for the reader (or nothing matching their topics): not sent, recorded as skipped (or the one-line notice the reader asked for). */
  nothingNew: number;
  /** True when shutdown (or another process taking the fan-out over) stopped the tick early; what is left stays due. */
  interrupted: boolean;
  /** True when another Brief process on the same data was delivering: this tick left it to that one. */
  busy: boolean;
}

/** Dependencies of the fan-out. */
export interface ScheduledDeliveryDeps {
  api: Api;
  store: Store;
  digestSource: DigestSource;
  logger: Logger;
  graceMs: number;
  maxStories: number;
  /** Chats served at once; the rate limiter, not this, sets the pace. */
  concurrency: number;
  /** Due subscriptions claimed per query: small on a shared store, so instances split a morning evenly. */
  pageSize?: number;
  /**
   * True when several Brief instances share the store (PostgreSQL): they fan out side by side, split by their
   * claims, instead of one at a time under the fan-out lease.
   */
  sharedStore?: boolean;
  /** Logs a full disk once; without it, every subscriber's failure is logged. */
  storeFaults?: StoreFaultReporter;
  /** How long a claim holds before another instance may take the subscriber over (default a minute). */
  claimMs?: number;
}

/** Sends the morning digest to everyone due; see `runTick`. */
export interface ScheduledDelivery {
  /**
   * One scheduler tick as if at `now`: finds due subscriptions page by page (indexed query), sends each
   * its edition through the ledger so a repeated or resumed run sends nothing twice, and moves each
   * subscription on to its next morning. `signal` stops it between sends.
   */
  runTick(now: Date, signal: AbortSignal): Promise<TickReport>;
  /** What a tick at `now` would do, reader by reader, without sending or recording anything. */
  previewTick(now: Date): Promise<PreviewEntry[]>;
}

/** One due reader in a dry run: what their morning would be. */
export interface PreviewEntry {
  chatId: string;
  edition: string;
  /** send: the stories listed; nothingNew: not sent (or the one-line notice); skip: missed beyond the grace window; alreadyDone: settled earlier. */
  action: 'send' | 'nothingNew' | 'skip' | 'alreadyDone';
  /** Story ids and headlines the morning would carry, in order. */
  stories: { id: string; headline: string; update: number | null }[];
  /** Messages it would take. */
  parts: number;
}

type Outcome = 'sent' | 'skipped' | 'alreadyDone' | 'ended' | 'failed' | 'uncertain' | 'nothingNew' | 'interrupted';

/** One reader's morning as rendered: the messages and the stories they carry. */
interface ReaderMorning {
  messages: string[];
  stories: DeliveredStory[];
  headlines: string[];
  updates: ReadonlyMap<string, number>;
  /** The number the first story of a "More stories" message would get. */
  nextNumber: number;
}

/** How long a claim on a batch holds before another instance may take it over (a dead instance's batch). */
const CLAIM_MS = 60_000;

/** Instances sharing a database need no fan-out lease: their claims keep them apart. */
const sharedLease = { keep: async () => true, release: async () => undefined };

/** Creates the scheduled fan-out. */
export function createScheduledDelivery(deps: ScheduledDeliveryDeps): ScheduledDelivery {
  const { api, store, digestSource, logger } = deps;
  const pageSize = deps.pageSize ?? (deps.sharedStore ? 20 : 500);
  // Names this process in the fan-out lease and its claims.
  const owner = createLeaseOwner();

  async function runTick(now: Date, signal: AbortSignal): Promise<TickReport> {
    const report: TickReport = {
      at: now.toISOString(), due: 0, sent: 0, skipped: 0, alreadyDone: 0, ended: 0, migrated: 0, failed: 0, uncertain: 0, nothingNew: 0, interrupted: false, busy: false,
    };
    // Two processes over one data file (the bot, and `npm run deliver` beside it) would both find the same
    // subscribers due; the lease lets one fan out at a time, and the other's tick leaves it to that one.
    let lease: Awaited<ReturnType<typeof takeFanoutLease>>;
    try {
      lease = deps.sharedStore ? sharedLease : await takeFanoutLease(store, 'telegram-delivery', owner);
    } catch (error) {
      // On a full disk nothing can be recorded, so nothing is sent: logged once, every subscriber stays due.
      if (deps.storeFaults?.report(error, { at: report.at }) !== 'full') throw error;
      report.interrupted = true;
      return report;
    }
    if (!lease) {
      report.busy = true;
      logger.info('Another Brief process is delivering; this tick leaves the fan-out to it', { at: report.at });
      return report;
    }
    // The fan-out stops on shutdown, or when this process lost the lease (it stalled past it and another took over).
    const stop = new AbortController();
    const onShutdown = () => stop.abort();
    signal.addEventListener('abort', onShutdown, { once: true });
    if (signal.aborted) stop.abort();
    try {
      return await fanOut(now, stop, report, lease.keep);
    } finally {
      signal.removeEventListener('abort', onShutdown);
      await lease.release();
    }
  }

  /**
   * Claims the next batch of due subscribers for this process, oldest first. Claimed ones are left to it by every
   * other process on the store until it releases them (end of tick) or the claim lapses (it died), so instances on
   * one database split a morning and none sends a subscriber's morning twice.
   */
  function claimDueBatch(now: Date): Promise<Subscription[]> {
    return store.claimDueSubscriptions({ now, limit: pageSize, owner, until: new Date(Date.now() + (deps.claimMs ?? CLAIM_MS)) });
  }

  /** Renders readers' mornings for one tick: the digest built once, only if someone is due; each distinct morning rendered once. */
  function createMorningCache(now: Date): (subscription: Subscription, edition: string) => Promise<ReaderMorning | null> {
    let digestPromise: Promise<Digest> | null = null;
    // Readers with the same topics and history get the same messages: render each distinct morning once.
    const rendered = new Map<string, ReaderMorning>();
    const morningFor = async (subscription: Subscription, edition: string): Promise<ReaderMorning | null> => {
      digestPromise ??= digestSource.getDigest({ now });
      const digest = await digestPromise;
      // A digest that fell back to an old day holds nothing new: a scheduled morning never sends stale news.
      if (digest.coverage.fallbackDay || digest.stories.length === 0) return null;
      const delivered = new Map<string, number>();
      for (const story of await store.listDeliveredStories('telegram', subscription.chatId, edition)) delivered.set(story.storyId, story.reports);
      const selection = selectForReader(digest.stories, delivered, subscription.topics);
      if (selection.stories.length === 0) return null;
      const shown = selection.stories.slice(0, deps.maxStories);
      const cacheKey = `${edition}|${selection.stories.length}|${shown.map((story) => `${story.id}:${selection.updates.get(story.id) ?? ''}`).join(',')}`;
      let morning = rendered.get(cacheKey);
      if (!morning) {
        const messages = renderTelegramMessages(
          { ...digest, stories: selection.stories },
          { maxStories: deps.maxStories, title: formatDay(edition), updates: selection.updates },
        );
        morning = {
          messages,
          stories: sentRecordsOf(shown),
          headlines: shown.map((story) => story.headline),
          updates: selection.updates,
          nextNumber: shown.length + 1,
        };
        rendered.set(cacheKey, morning);
      }
      return morning;
    };
    return morningFor;
  }

  async function fanOut(now: Date, stop: AbortController, report: TickReport, keepLease: () => Promise<boolean>): Promise<TickReport> {
    const signal = stop.signal;
    const morningFor = createMorningCache(now);

    // Workers take subscribers from a local queue and claim the next small batch when it runs dry, so several
    // instances interleave their batches; a claim keeps the others off a subscriber until this tick releases it.
    const queue: Subscription[] = [];
    let exhausted = false;
    let claiming: Promise<void> | null = null;
    const claimBatch = async (): Promise<void> => {
      const batch = await claimDueBatch(now);
      report.due += batch.length;
      queue.push(...batch);
      if (batch.length < pageSize) exhausted = true;
    };
    const nextSubscription = async (): Promise<Subscription | undefined> => {
      for (;;) {
        if (signal.aborted) return undefined;
        const next = queue.shift();
        if (next) return next;
        if (exhausted) return undefined;
        claiming ??= claimBatch().finally(() => (claiming = null));
        await claiming;
      }
    };
    const worker = async (): Promise<void> => {
      for (let subscription = await nextSubscription(); subscription; subscription = await nextSubscription()) {
        const current = subscription;
        const outcome = await deliverOne(current, now, signal, morningFor, report).catch((error: unknown) => {
          // A full disk fails every ledger write alike: one log line, and the rest stay due for the next tick.
          if (deps.storeFaults?.report(error, { chatId: current.chatId }) === 'full') {
            stop.abort();
            return 'failed' as const;
          }
          // A store or digest failure for one subscriber must not stop the others; it stays due.
          logger.error('Delivery failed unexpectedly', { chatId: current.chatId, error });
          return 'failed' as const;
        });
        if (outcome === 'interrupted') report.interrupted = true;
        else report[outcome] += 1;
        if (!signal.aborted && !(await keepLease())) {
          logger.warn('Another Brief process took over the fan-out; this one stops', { at: report.at });
          stop.abort();
        }
      }
    };
    try {
      await Promise.all(Array.from({ length: deps.concurrency }, worker));
    } catch (error) {
      // A claim query failed (the database went away): what is left stays due for the next tick.
      if (deps.storeFaults?.report(error, { at: report.at }) !== 'full') logger.error('Could not claim due subscribers', { error });
      report.interrupted = true;
    } finally {
      // What this tick left (retryable failures, an interruption) is due again for the next tick, here or elsewhere.
      await store.releaseSubscriptionClaims(owner).catch((error: unknown) => logger.warn('Could not release claims', { error }));
    }
    if (signal.aborted) report.interrupted = true;
    // A routine minute with nobody due is not news; a tick that did something is.
    if (report.due === 0 && !report.interrupted) logger.debug('Telegram scheduler tick done', { ...report });
    else logger.info('Telegram scheduler tick done', { ...report });
    return report;
  }

  async function deliverOne(
    subscription: Subscription,
    now: Date,
    signal: AbortSignal,
    morningFor: (subscription: Subscription, edition: string) => Promise<ReaderMorning | null>,
    report: TickReport,
  ): Promise<Outcome> {
    if (!subscription.nextDeliveryAt || !subscription.nextEdition) return 'alreadyDone';
    const plan: DeliveryPlan = planDelivery(
      {
        deliveryTime: subscription.deliveryTime,
        timeZone: subscription.timeZone,
        nextDeliveryAt: subscription.nextDeliveryAt,
        nextEdition: subscription.nextEdition,
      },
      now,
      deps.graceMs,
    );
    let chatId = subscription.chatId;
    const key: DeliveryKey = { channel: 'telegram', target: subscription.chatId, edition: plan.edition };
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
      await store.markUncertain(key, reason);
      logger.warn('Delivery state uncertain after a crash', { chatId, edition: plan.edition });
      await moveOn();
      return 'uncertain';
    }

    // A resumed delivery sends the rest of the parts it began with: the digest may have changed since, and
    // parts cut from a newer one could repeat or leave out stories.
    let messages: string[];
    let nextNumber: number | null = null;
    if (record.partsSent > 0 && record.parts) {
      messages = record.parts;
    } else {
      const morning = await morningFor(subscription, plan.edition);
      if (!morning && !subscription.nothingNewNotice) {
        await store.markSkipped(key, 'nothing new');
        await moveOn();
        return 'nothingNew';
      }
      messages = morning ? morning.messages : [nothingNewMessage(plan.edition)];
      nextNumber = morning ? morning.nextNumber : null;
      // Recorded before the first send: once a part is out, these stories count as delivered.
      await store.recordDeliveryStories(key, morning ? morning.stories : []);
      if (messages.length > 1) await store.recordParts(key, messages);
    }
    const lastText = messages[messages.length - 1] ?? '';
    // A resumed delivery reads both off its own parts: the "…and N more" line, and the last story number shown.
    nextNumber ??= Math.max(0, ...messages.flatMap(storyNumbersIn)) + 1;
    const more = moreStoriesLinePattern.test(lastText) ? moreStoriesKeyboard(nextNumber) : null;
    let migrations = 0;
    for (let part = record.partsSent; part < messages.length; part += 1) {
      if (signal.aborted) return 'interrupted';
      const sentPart = part;
      // The part is marked in flight by the transformer as the request leaves, after the rate limiter's wait.
      const departure = trackDeparture({
        departing: () => store.recordPartStarted(key, sentPart),
        refused: () => store.recordPartSent(key, sentPart),
      });
      try {
        await api.sendMessage(
          chatId,
          messages[part] as string,
          {
            parse_mode: 'HTML',
            link_preview_options: { is_disabled: true },
            ...(more && part === messages.length - 1 ? { reply_markup: more } : {}),
          },
          departure,
        );
      } catch (error) {
        const failure = classifySendError(error);
        if (failure.kind === 'uncertain') {
          // Like a send cut off by a crash: recorded with its part still in flight, so the operator's list of
          // uncertain deliveries shows it, and never sent again.
          await store.markUncertain(key, failure.message);
          logger.warn('Delivery state uncertain: the answer to a send was lost', { chatId, edition: plan.edition, error: failure.message });
          await moveOn();
          return 'uncertain';
        }
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
        if (final) await moveOn();
        if (!final && signal.aborted) return 'interrupted';
        return 'failed';
      }
      await store.recordPartSent(key, part + 1);
    }
    await store.markDelivered(key);
    await moveOn();
    return 'sent';
  }

  async function previewTick(now: Date): Promise<PreviewEntry[]> {
    const morningFor = createMorningCache(now);
    const entries: PreviewEntry[] = [];
    let after: DueCursor | undefined;
    for (;;) {
      const page = await store.listDueSubscriptions({ now, limit: pageSize, ...(after ? { after } : {}) });
      for (const subscription of page) {
        if (!subscription.nextDeliveryAt || !subscription.nextEdition) continue;
        const plan = planDelivery(
          { deliveryTime: subscription.deliveryTime, timeZone: subscription.timeZone, nextDeliveryAt: subscription.nextDeliveryAt, nextEdition: subscription.nextEdition },
          now,
          deps.graceMs,
        );
        const entry: PreviewEntry = { chatId: subscription.chatId, edition: plan.edition, action: 'send', stories: [], parts: 0 };
        const record = await store.getDelivery({ channel: 'telegram', target: subscription.chatId, edition: plan.edition });
        if (plan.action === 'skip') entry.action = 'skip';
        else if (record && record.state !== 'pending') entry.action = 'alreadyDone';
        else {
          const morning = await morningFor(subscription, plan.edition);
          if (!morning) {
            entry.action = 'nothingNew';
            entry.parts = subscription.nothingNewNotice ? 1 : 0;
          } else {
            entry.stories = morning.stories.map((story, i) => ({
              id: story.storyId,
              headline: morning.headlines[i] ?? '',
              update: morning.updates.get(story.storyId) ?? null,
            }));
            entry.parts = record?.parts && record.partsSent > 0 ? record.parts.length - record.partsSent : morning.messages.length;
          }
        }
        entries.push(entry);
      }
      if (page.length < pageSize) break;
      const last = page[page.length - 1] as Subscription;
      after = { nextDeliveryAt: last.nextDeliveryAt as Date, chatId: last.chatId };
    }
    return entries;
  }

  return { runTick, previewTick };
}
