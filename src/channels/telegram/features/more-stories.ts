import { Composer, GrammyError, HttpError, type Context } from 'grammy';
import { selectForReader, sentRecordsOf } from '../../../digest/reader-selection.js';
import type { Story } from '../../../digest/types.js';
import { formatDay, moreStoriesLinePattern, renderTelegramMessages, storyNumbersIn } from '../../../render/telegram-html.js';
import { localDateOf } from '../../../schedule/delivery-schedule.js';
import type { DeliveryKey } from '../../../store/types.js';
import { moreStoriesKeyboard } from '../scheduled-delivery.js';
import { SendOutcomeUnknownError, trackDeparture } from '../send-transformer.js';
import { classifySendError } from '../telegram-errors.js';
import { chatOf, htmlMessage, type FeatureDeps } from './shared.js';

/** The stories the first `parts` messages carried, read off the numbers their headlines show. */
function storiesInParts(messages: readonly string[], parts: number, shown: readonly Story[], firstNumber: number): Story[] {
  const numbers = new Set(messages.slice(0, parts).flatMap(storyNumbersIn));
  return shown.filter((_, index) => numbers.has(firstNumber + index));
}

/** What the reader is told when part `failedPart` (0-based) of the answer to their press did not go out. */
function failureNotice(kind: 'uncertain' | 'retryable' | 'refused', reason: string, failedPart: number): string {
  if (kind === 'uncertain') {
    return 'Telegram’s answer was lost while I sent the next stories: they may or may not have arrived. Check the chat before pressing More stories again.';
  }
  const opening = failedPart > 0 ? 'Not all of the next stories arrived' : 'I couldn’t send the next stories';
  return kind === 'retryable'
    ? `${opening}: Telegram didn’t take ${failedPart > 0 ? 'the rest' : 'them'} (${reason}). Press More stories again in a minute.`
    : `${opening}: Telegram refused ${failedPart > 0 ? 'the rest' : 'them'} (${reason}).`;
}

/**
 * The "More stories" button under a morning that had more than fit: sends the next stories the chat has not been
 * sent yet (matching its topics), and records them, so they do not come again tomorrow.
 */
export function createMoreStoriesFeature(deps: FeatureDeps): Composer<Context> {
  const feature = new Composer<Context>();
  feature.callbackQuery(/^more:(\d+)$/, async (ctx) => {
    const chat = chatOf(ctx);
    if (!chat) return;
    // Keyed by the press: Telegram hands an update over again when the bot stopped before confirming it, and a
    // press already answered (or cut off mid-send) must not send its stories a second time.
    const key: DeliveryKey = { channel: 'telegram', target: chat.id, edition: `more ${ctx.callbackQuery.id}` };
    const record = await deps.store.beginDelivery(key);
    if (record.attempts > 1) {
      // Brief stopped while answering it: a part that was on its way may be in the chat (uncertain, as a morning
      // cut off by a crash is); otherwise the answer stopped between parts. Either way nothing is sent again.
      if (record.state === 'pending') {
        if (record.partInFlight !== null && record.partInFlight !== undefined) await deps.store.markUncertain(key, 'Brief stopped while sending these stories');
        else await deps.store.markFailed(key, 'Brief stopped before sending all of these stories', true);
      }
      await ctx.answerCallbackQuery();
      return;
    }
    const firstNumber = Math.max(1, Number(ctx.match[1]));
    const now = deps.now();
    const subscription = await deps.store.getSubscription(chat.id);
    const digest = await deps.digestSource.getDigest({ now });
    const sentBefore = new Map((await deps.store.listDeliveredStories('telegram', chat.id)).map((s) => [s.storyId, s.reports]));
    const topics = subscription?.active ? subscription.topics : { follow: [], mute: [] };
    const selection = digest.coverage.fallbackDay ? null : selectForReader(digest.stories, sentBefore, topics);
    if (!selection || selection.stories.length === 0) {
      await deps.store.markSkipped(key, 'nothing more');
      await ctx.answerCallbackQuery({ text: 'That’s all for today: you have every story.' });
      return;
    }
    await ctx.answerCallbackQuery();
    const zone = subscription?.active ? subscription.timeZone : deps.defaults.timeZone;
    const messages = renderTelegramMessages(
      { ...digest, stories: selection.stories },
      { maxStories: deps.maxStories, title: `${formatDay(localDateOf(now, zone))} · more`, updates: selection.updates, firstNumber },
    );
    const shown = selection.stories.slice(0, deps.maxStories);
    // Recorded as a morning's are, so these stories count as sent to this chat once a part is out.
    await deps.store.recordDeliveryStories(key, sentRecordsOf(shown));
    for (const [index, message] of messages.entries()) {
      const last = index === messages.length - 1;
      const more = last && moreStoriesLinePattern.test(message) ? { reply_markup: moreStoriesKeyboard(firstNumber + shown.length) } : {};
      // Marked in flight as the request leaves, as the morning's parts are (see scheduled-delivery.ts).
      const departure = trackDeparture({ departing: () => deps.store.recordPartStarted(key, index), refused: () => deps.store.recordPartSent(key, index) });
      try {
        await ctx.api.sendMessage(chat.id, message, { ...htmlMessage, ...more }, departure);
      } catch (error) {
        // Only Telegram's answers (or their loss) are the send's failure; a store write that failed on the way
        // (the part marked in flight) goes to the error boundary, not to the reader as Telegram's refusal.
        if (!(error instanceof GrammyError || error instanceof HttpError || error instanceof SendOutcomeUnknownError)) throw error;
        const failure = classifySendError(error);
        const reason = failure.kind === 'ended' ? failure.reason : failure.kind === 'migrated' ? 'the group moved to a supergroup' : failure.message;
        // The stories of the parts that arrived count as sent, and after a lost answer those of the part in
        // flight too (it may be in the chat); the rest stay on offer for the next press.
        const reached = failure.kind === 'uncertain' ? index + 1 : index;
        if (reached > 0 && reached < messages.length) await deps.store.recordDeliveryStories(key, sentRecordsOf(storiesInParts(messages, reached, shown, firstNumber)));
        if (failure.kind === 'uncertain') await deps.store.markUncertain(key, reason);
        else await deps.store.markFailed(key, reason, true);
        if (failure.kind === 'ended') await deps.store.endSubscription(chat.id, failure.reason);
        deps.logger.error('Could not send more stories', { chatId: chat.id, kind: failure.kind, error: reason });
        // The reader pressed a button and is waiting: say why nothing (or not everything) came, in plain text.
        const notice = failureNotice(failure.kind === 'uncertain' || failure.kind === 'retryable' ? failure.kind : 'refused', reason, index);
        await ctx.api.sendMessage(chat.id, notice).catch((noticeError: unknown) => deps.logger.warn('Could not tell the reader why more stories failed', { chatId: chat.id, error: noticeError }));
        return;
      }
      await deps.store.recordPartSent(key, index + 1);
    }
    await deps.store.markDelivered(key);
  });
  return feature;
}
