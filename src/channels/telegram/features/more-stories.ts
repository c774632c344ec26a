import { Composer, type Context } from 'grammy';
import { reportCount, selectForReader } from '../../../digest/reader-selection.js';
import type { Story } from '../../../digest/types.js';
import { formatDay, moreStoriesLinePattern, renderTelegramMessages, storyNumbersIn } from '../../../render/telegram-html.js';
import { localDateOf } from '../../../schedule/delivery-schedule.js';
import type { DeliveryKey } from '../../../store/types.js';
import { moreStoriesKeyboard } from '../scheduled-delivery.js';
import { trackDeparture } from '../send-transformer.js';
import { classifySendError } from '../telegram-errors.js';
import { chatOf, htmlMessage, type FeatureDeps } from './shared.js';

/** The stories the first `parts` messages carried, read off the numbers their headlines show. */
function storiesInParts(messages: readonly string[], parts: number, shown: readonly Story[], firstNumber: number): Story[] {
  const numbers = new Set(messages.slice(0, parts).flatMap(storyNumbersIn));
  return shown.filter((_, index) => numbers.has(firstNumber + index));
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
    if ((await deps.store.beginDelivery(key)).attempts > 1) {
      await ctx.answerCallbackQuery();
      return;
    }
    const firstNumber = Math.max(1, Number(ctx.match[1]));
    const now = deps.now();
    const subscription = await deps.store.getSubscription(chat.id);
    const digest = await deps.digestSource.getDigest({ now });
    const delivered = new Map((await deps.store.listDeliveredStories('telegram', chat.id)).map((s) => [s.storyId, s.reports]));
    const topics = subscription?.active ? subscription.topics : { follow: [], mute: [] };
    const selection = digest.coverage.fallbackDay ? null : selectForReader(digest.stories, delivered, topics);
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
    await deps.store.recordDeliveryStories(key, shown.map((story) => ({ storyId: story.id, reports: reportCount(story) })));
    let partsSent = 0;
    try {
      for (const [index, message] of messages.entries()) {
        const last = index === messages.length - 1;
        const more = last && moreStoriesLinePattern.test(message) ? { reply_markup: moreStoriesKeyboard(firstNumber + shown.length) } : {};
        // Marked in flight as the request leaves, as the morning's parts are (see scheduled-delivery.ts).
        const departure = trackDeparture({ departing: () => deps.store.recordPartStarted(key, index), refused: () => deps.store.recordPartSent(key, index) });
        await ctx.api.sendMessage(chat.id, message, { ...htmlMessage, ...more }, departure);
        partsSent = index + 1;
        await deps.store.recordPartSent(key, partsSent);
      }
    } catch (error) {
      const failure = classifySendError(error);
      const reason = failure.kind === 'ended' ? failure.reason : failure.kind === 'migrated' ? 'the group moved to a supergroup' : failure.message;
      let notice: string;
      if (failure.kind === 'uncertain') {
        // It may be in the chat: kept uncertain with its part in flight, never sent again.
        await deps.store.markUncertain(key, reason);
        notice = 'Telegram’s answer was lost while I sent the next stories: they may or may not have arrived. Check the chat before pressing More stories again.';
      } else {
        // Only the stories that reached the chat count as sent; the rest stay on offer for the next press.
        if (partsSent > 0) {
          const reached = storiesInParts(messages, partsSent, shown, firstNumber);
          await deps.store.recordDeliveryStories(key, reached.map((story) => ({ storyId: story.id, reports: reportCount(story) })));
        }
        await deps.store.markFailed(key, reason, true);
        notice =
          failure.kind === 'retryable'
            ? `I couldn’t send the next stories: Telegram didn’t take them (${reason}). Press More stories again in a minute.`
            : `I couldn’t send the next stories: Telegram refused them (${reason}).`;
      }
      deps.logger.error('Could not send more stories', { chatId: chat.id, kind: failure.kind, error: reason });
      // The reader pressed a button and is waiting: say why nothing (or not everything) came, in plain text.
      await ctx.api.sendMessage(chat.id, notice).catch((noticeError: unknown) => deps.logger.warn('Could not tell the reader why more stories failed', { chatId: chat.id, error: noticeError }));
      return;
    }
    await deps.store.markDelivered(key);
  });
  return feature;
}
