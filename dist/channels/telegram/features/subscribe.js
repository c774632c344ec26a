import { Composer } from 'grammy';
import { normalizeTimeZone, parseDeliveryTime } from '../../../schedule/delivery-schedule.js';
import { adminsOnly, chatOf, describeSubscription, mayManageSubscription, saveSubscription, subscribeUsage, } from './shared.js';
/** Reads "07:30 Europe/Kyiv", "Europe/Kyiv 7:30", "07:30", "UTC" or nothing. */
export function parseSubscribeArguments(text) {
    let time = null;
    let zone = null;
    for (const word of text.split(/\s+/).filter((w) => w !== '')) {
        const asTime = time === null ? parseDeliveryTime(word) : null;
        if (asTime) {
            time = asTime;
            continue;
        }
        const asZone = zone === null ? normalizeTimeZone(word) : null;
        if (asZone) {
            zone = asZone;
            continue;
        }
        return { error: /\d/.test(word) && word.includes(':') ? `“${word}” is not a time of day (HH:MM, 24-hour).` : `“${word}” is not a time zone I know.` };
    }
    return { time, zone };
}
/** `/subscribe [HH:MM] [time zone]`: subscribes the chat, defaults from config. */
export function createSubscribeFeature(deps) {
    const feature = new Composer();
    feature.command('subscribe', async (ctx) => {
        const chat = chatOf(ctx);
        if (!chat)
            return;
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
        const subscription = await saveSubscription(deps, chat, parsed.time ?? keep?.deliveryTime ?? deps.defaults.deliveryTime, parsed.zone ?? keep?.timeZone ?? deps.defaults.timeZone);
        deps.logger.info('Subscribed', { chatId: chat.id, time: subscription.deliveryTime, zone: subscription.timeZone });
        await ctx.reply(`${keep ? 'Subscription updated.' : 'Subscribed.'} ${describeSubscription(subscription)}\nChange it with /settings, stop with /unsubscribe.`, { parse_mode: 'HTML' });
    });
    return feature;
}
//# sourceMappingURL=subscribe.js.map