import { Composer, type Context } from 'grammy';
import { normalizeTimeZone, parseDeliveryTime } from '../../../schedule/delivery-schedule.js';
import {
  adminsOnly,
  chatOf,
  describeSubscription,
  explainBadZoneInput,
  inputExcerpt,
  mayManageSubscription,
  saveSubscription,
  subscribeUsage,
  type FeatureDeps,
} from './shared.js';

/** What `/subscribe` arguments say; an `error` says what is wrong with every word that is neither a time nor a zone. */
export type SubscribeArguments = { time: string | null; zone: string | null } | { error: string };

/** How many bad words a /subscribe reply explains one by one. */
const MAX_EXPLAINED_WORDS = 3;

/** Reads "07:30 Europe/Kyiv", "Europe/Kyiv 7:30", "07:30", "UTC" or nothing. */
export function parseSubscribeArguments(text: string): SubscribeArguments {
  let time: string | null = null;
  let zone: string | null = null;
  const errors: string[] = [];
  for (const word of text.split(/\s+/).filter((w) => w !== '')) {
    const asTime: string | null = time === null ? parseDeliveryTime(word) : null;
    if (asTime) {
      time = asTime;
      continue;
    }
    const asZone: string | null = zone === null ? normalizeTimeZone(word) : null;
    if (asZone) {
      zone = asZone;
      continue;
    }
    // Every bad word is explained, so a reader fixing the time does not then learn the zone was wrong too.
    errors.push(/\d/.test(word) && word.includes(':') ? `“${inputExcerpt(word)}” is not a time of day (HH:MM, 24-hour).` : explainBadZoneInput(word));
  }
  // A few explanations at most: thousands of bad words, each explained, made a reply too long to send.
  const shown = errors.length > MAX_EXPLAINED_WORDS ? [...errors.slice(0, MAX_EXPLAINED_WORDS), `…and ${errors.length - MAX_EXPLAINED_WORDS} more words that are neither a time nor a time zone.`] : errors;
  return errors.length > 0 ? { error: shown.join('\n') } : { time, zone };
}

/** `/subscribe [HH:MM] [time zone]`: subscribes the chat, defaults from config. */
export function createSubscribeFeature(deps: FeatureDeps): Composer<Context> {
  const feature = new Composer<Context>();
  feature.command('subscribe', async (ctx) => {
    const chat = chatOf(ctx);
    if (!chat) return;
    const parsed = parseSubscribeArguments(typeof ctx.match === 'string' ? ctx.match : '');
    if ('error' in parsed) {
      await ctx.reply(`${parsed.error}\n${subscribeUsage}`);
      return;
    }
    if (!(await mayManageSubscription(ctx))) {
      await ctx.reply(adminsOnly);
      return;
    }
    const existing = await deps.store.getSubscription(chat.id);
    const keep = existing?.active ? existing : null;
    const subscription = await saveSubscription(
      deps,
      chat,
      parsed.time ?? keep?.deliveryTime ?? deps.defaults.deliveryTime,
      parsed.zone ?? keep?.timeZone ?? deps.defaults.timeZone,
    );
    deps.logger.info('Subscribed', { chatId: chat.id, time: subscription.deliveryTime, zone: subscription.timeZone });
    await ctx.reply(
      `${keep ? 'Subscription updated.' : 'Subscribed.'} ${describeSubscription(subscription)}\nChange it with /settings, stop with /unsubscribe.`,
      { parse_mode: 'HTML' },
    );
  });
  return feature;
}
