import { Composer, InlineKeyboard, type Context } from 'grammy';
import { applyTopicEdit, parseTopicEdit } from '../../../digest/reader-selection.js';
import { escapeHtml } from '../../../render/telegram-html.js';
import type { Subscription, Topics } from '../../../store/types.js';
import { adminsOnly, chatOf, mayManageSubscription, type FeatureDeps } from './shared.js';

/** Most words a reader may follow plus mute: the list and its buttons stay readable. */
export const maxTopicWords = 20;
/** Longest topic word; keeps each remove button's callback data within Telegram's 64 bytes. */
export const maxTopicWordLength = 40;

const topicsUsage =
  'Send /topics +word to follow a word, /topics -word to mute one, for example /topics +ukraine +nato -football. /topics clear removes them all.';

/** The /topics text: what the chat follows and mutes, and how to change it. */
export function topicsText(topics: Topics): string {
  const lines: string[] = [];
  if (topics.follow.length === 0 && topics.mute.length === 0) {
    lines.push('<b>Topics:</b> none. Your morning brief holds every story.');
  } else {
    lines.push('<b>Topics</b>');
    lines.push(topics.follow.length > 0 ? `Following: ${topics.follow.map(escapeHtml).join(', ')} (a story must mention one)` : 'Following: every story');
    if (topics.mute.length > 0) lines.push(`Muted: ${topics.mute.map(escapeHtml).join(', ')} (a story mentioning one is left out)`);
    lines.push('Tap a word below to remove it.');
  }
  lines.push('', escapeHtml(topicsUsage));
  return lines.join('\n');
}

/** One button per word, removing it. */
export function topicsKeyboard(topics: Topics): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  const words = [...topics.follow.map((w) => `+${w}`), ...topics.mute.map((w) => `-${w}`)];
  words.forEach((word, i) => {
    keyboard.text(`✕ ${word}`, `topics:rm:${word}`);
    if (i % 3 === 2) keyboard.row();
  });
  return keyboard;
}

/** `/topics`: shows and edits the words a chat follows and mutes; the morning brief then holds only matching stories. */
export function createTopicsFeature(deps: FeatureDeps): Composer<Context> {
  const feature = new Composer<Context>();

  const subscriptionOf = async (ctx: Context): Promise<Subscription | null> => {
    const chat = chatOf(ctx);
    if (!chat) return null;
    const subscription = await deps.store.getSubscription(chat.id);
    return subscription?.active ? subscription : null;
  };

  feature.command('topics', async (ctx) => {
    const subscription = await subscriptionOf(ctx);
    if (!subscription) {
      await ctx.reply('Topics filter the morning brief, and this chat is not subscribed yet. /subscribe 07:30 Europe/Kyiv starts it.');
      return;
    }
    const input = (typeof ctx.match === 'string' ? ctx.match : '').trim();
    if (input === '') {
      await ctx.reply(topicsText(subscription.topics), { parse_mode: 'HTML', reply_markup: topicsKeyboard(subscription.topics) });
      return;
    }
    if (!(await mayManageSubscription(ctx))) {
      await ctx.reply(adminsOnly);
      return;
    }
    let topics: Topics;
    if (input.toLowerCase() === 'clear') {
      topics = { follow: [], mute: [] };
    } else {
      const edit = parseTopicEdit(input);
      if (edit.follow.length === 0 && edit.mute.length === 0) {
        await ctx.reply(`No words found in that. ${topicsUsage}`);
        return;
      }
      const tooLong = [...edit.follow, ...edit.mute].find((word) => word.length > maxTopicWordLength);
      if (tooLong !== undefined) {
        await ctx.reply(`A topic word can be at most ${maxTopicWordLength} characters; “${tooLong.slice(0, maxTopicWordLength)}…” is longer. Nothing was changed.`);
        return;
      }
      topics = applyTopicEdit(subscription.topics, edit);
      if (topics.follow.length + topics.mute.length > maxTopicWords) {
        await ctx.reply(`A chat can have at most ${maxTopicWords} topic words; remove some first. Nothing was changed.`);
        return;
      }
    }
    await deps.store.setTopics(subscription.chatId, topics);
    deps.logger.info('Topics changed', { chatId: subscription.chatId, follow: topics.follow.length, mute: topics.mute.length });
    await ctx.reply(`Saved.\n${topicsText(topics)}`, { parse_mode: 'HTML', reply_markup: topicsKeyboard(topics) });
  });

  feature.callbackQuery(/^topics:rm:([+-])(.+)$/, async (ctx) => {
    if (!(await mayManageSubscription(ctx))) {
      await ctx.answerCallbackQuery({ text: adminsOnly, show_alert: true });
      return;
    }
    const subscription = await subscriptionOf(ctx);
    if (!subscription) {
      await ctx.answerCallbackQuery({ text: 'This chat is not subscribed; send /subscribe first.', show_alert: true });
      return;
    }
    const [, sign, word = ''] = ctx.match;
    const topics: Topics =
      sign === '+'
        ? { follow: subscription.topics.follow.filter((w) => w !== word), mute: subscription.topics.mute }
        : { follow: subscription.topics.follow, mute: subscription.topics.mute.filter((w) => w !== word) };
    await deps.store.setTopics(subscription.chatId, topics);
    await ctx.answerCallbackQuery({ text: `Removed ${sign}${word}` });
    await ctx.editMessageText(topicsText(topics), { parse_mode: 'HTML', reply_markup: topicsKeyboard(topics) });
  });

  return feature;
}
