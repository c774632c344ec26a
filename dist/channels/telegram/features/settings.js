import { Composer, InlineKeyboard } from 'grammy';
import { normalizeTimeZone, parseDeliveryTime } from '../../../schedule/delivery-schedule.js';
import { adminsOnly, chatOf, describeSubscription, mayManageSubscription, saveSubscription, } from './shared.js';
/** Times offered as buttons; any other is typed. */
export const offeredTimes = ['06:00', '06:30', '07:00', '07:30', '08:00', '09:00'];
/** Zones offered as buttons; any other IANA name is typed. */
export const offeredZones = [
    'UTC', 'Europe/London', 'Europe/Berlin', 'Europe/Kyiv', 'America/New_York', 'America/Los_Angeles', 'Asia/Tokyo', 'Australia/Sydney',
];
// The prompts double as markers: a reply to one of them is the typed answer, so no conversation state
// has to be kept between the button press and the answer.
const timePrompt = '⏰ New delivery time: reply to this message with a time as HH:MM, for example 07:30.';
const zonePrompt = '🌍 New time zone: reply to this message with an IANA time zone name, for example Europe/Kyiv or America/Sao_Paulo.';
function settingsKeyboard() {
    const keyboard = new InlineKeyboard();
    offeredTimes.forEach((time, i) => {
        keyboard.text(time, `settings:time:${time}`);
        if (i % 3 === 2)
            keyboard.row();
    });
    keyboard.text('Other time…', 'settings:ask-time').row();
    offeredZones.forEach((zone, i) => {
        keyboard.text(zone, `settings:zone:${zone}`);
        if (i % 2 === 1)
            keyboard.row();
    });
    keyboard.text('Other time zone…', 'settings:ask-zone');
    return keyboard;
}
function settingsText(subscription) {
    return `${describeSubscription(subscription)}\n\nPick a new time or time zone:`;
}
/** `/settings`: shows the subscription and changes time and zone with inline keyboards or a typed reply. */
export function createSettingsFeature(deps) {
    const feature = new Composer();
    const activeSubscription = async (ctx) => {
        const chat = chatOf(ctx);
        if (!chat)
            return null;
        const subscription = await deps.store.getSubscription(chat.id);
        return subscription?.active ? subscription : null;
    };
    feature.command('settings', async (ctx) => {
        const subscription = await activeSubscription(ctx);
        if (!subscription) {
            await ctx.reply('This chat is not subscribed yet. /subscribe 07:30 Europe/Kyiv starts the morning brief.');
            return;
        }
        await ctx.reply(settingsText(subscription), { parse_mode: 'HTML', reply_markup: settingsKeyboard() });
    });
    const change = async (ctx, update) => {
        const chat = chatOf(ctx);
        const current = await activeSubscription(ctx);
        if (!chat || !current)
            return null;
        const saved = await saveSubscription(deps, chat, update.time ?? current.deliveryTime, update.zone ?? current.timeZone);
        deps.logger.info('Settings changed', { chatId: chat.id, time: saved.deliveryTime, zone: saved.timeZone });
        return saved;
    };
    feature.callbackQuery(/^settings:(time|zone):(.+)$/, async (ctx) => {
        if (!(await mayManageSubscription(ctx))) {
            await ctx.answerCallbackQuery({ text: adminsOnly, show_alert: true });
            return;
        }
        const [, field, value = ''] = ctx.match;
        const time = field === 'time' ? parseDeliveryTime(value) : null;
        const zone = field === 'zone' ? normalizeTimeZone(value) : null;
        if (!time && !zone) {
            await ctx.answerCallbackQuery({ text: 'That option is no longer valid; send /settings again.' });
            return;
        }
        const saved = await change(ctx, time ? { time } : { zone: zone });
        if (!saved) {
            await ctx.answerCallbackQuery({ text: 'This chat is not subscribed; send /subscribe first.', show_alert: true });
            return;
        }
        await ctx.answerCallbackQuery({ text: time ? `Delivery time: ${time}` : `Time zone: ${zone}` });
        await ctx.editMessageText(settingsText(saved), { parse_mode: 'HTML', reply_markup: settingsKeyboard() });
    });
    feature.callbackQuery(['settings:ask-time', 'settings:ask-zone'], async (ctx) => {
        if (!(await mayManageSubscription(ctx))) {
            await ctx.answerCallbackQuery({ text: adminsOnly, show_alert: true });
            return;
        }
        await ctx.answerCallbackQuery();
        const prompt = ctx.callbackQuery.data === 'settings:ask-time' ? timePrompt : zonePrompt;
        await ctx.reply(prompt, { reply_markup: { force_reply: true, selective: true, input_field_placeholder: ctx.callbackQuery.data === 'settings:ask-time' ? '07:30' : 'Europe/Kyiv' } });
    });
    feature.on('message:text').filter((ctx) => {
        const replied = ctx.message.reply_to_message;
        return replied?.from?.id === ctx.me.id && (replied.text === timePrompt || replied.text === zonePrompt);
    }, async (ctx) => {
        const askedTime = ctx.message.reply_to_message?.text === timePrompt;
        if (!(await mayManageSubscription(ctx))) {
            await ctx.reply(adminsOnly);
            return;
        }
        const answer = ctx.message.text.trim();
        const time = askedTime ? parseDeliveryTime(answer) : null;
        const zone = askedTime ? null : normalizeTimeZone(answer);
        if (!time && !zone) {
            await ctx.reply(askedTime
                ? `“${answer}” is not a time of day. Use HH:MM, 24-hour, for example 07:30. Nothing was changed.`
                : `“${answer}” is not a time zone I know. Use an IANA name, for example Europe/Kyiv or America/New_York. Nothing was changed.`);
            return;
        }
        const saved = await change(ctx, time ? { time } : { zone: zone });
        if (!saved) {
            await ctx.reply('This chat is not subscribed; send /subscribe first.');
            return;
        }
        await ctx.reply(`Saved. ${describeSubscription(saved)}`, { parse_mode: 'HTML' });
    });
    return feature;
}
//# sourceMappingURL=settings.js.map