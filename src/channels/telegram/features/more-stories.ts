import { Composer, type Context } from 'grammy';
import { reportCount, selectForReader } from '../../../digest/reader-selection.js';
import { formatDay, moreStoriesLinePattern, renderTelegramMessages } from '../../../render/telegram-html.js';
import { localDateOf } from '../../../schedule/delivery-schedule.js';
import type { DeliveryKey } from '../../../store/types.js';
import { moreStoriesKeyboard } from '../scheduled-delivery.js';
import { chatOf, htmlMessage, type FeatureDeps } from './shared.js';

/**
 * The "More stories" button under a morning that had more than fit: sends the next stories the chat has not been
 * sent yet (matching its topics), and records them, so they do not come again tomorrow.
 */
export function createMoreStoriesFeature(deps: FeatureDeps): Composer<Context> {
  const feature = new Composer<Context>();
  feature.callbackQuery(/^more:(\d+)$/, async (ctx) => {
    const chat = chatOf(ctx);
    if (!chat) return;
    const firstNumber = Math.max(1, Number(ctx.match[1]));
    const now = deps.now();
    const subscription = await deps.store.getSubscription(chat.id);
    const digest = await deps.digestSource.getDigest({ now });
    const delivered = new Map((await deps.store.listDeliveredStories('telegram', chat.id)).map((s) => [s.storyId, s.reports]));
    const topics = subscription?.active ? subscription.topics : { follow: [], mute: [] };
    const selection = digest.coverage.fallbackDay ? null : selectForReader(digest.stories, delivered, topics);
    if (!selection || selection.stories.length === 0) {
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
    // Its own ledger entry, so the stories count as sent to this chat like a morning's.
    const key: DeliveryKey = { channel: 'telegram', target: chat.id, edition: `more ${now.toISOString()}` };
    await deps.store.beginDelivery(key);
    await deps.store.recordDeliveryStories(key, shown.map((story) => ({ storyId: story.id, reports: reportCount(story) })));
    for (const [index, message] of messages.entries()) {
      const last = index === messages.length - 1;
      const more = last && moreStoriesLinePattern.test(message) ? { reply_markup: moreStoriesKeyboard(firstNumber + shown.length) } : {};
      await ctx.api.sendMessage(chat.id, message, { ...htmlMessage, ...more });
      await deps.store.recordPartSent(key, index + 1);
    }
    await deps.store.markDelivered(key);
  });
  return feature;
}
