import { Composer, InlineKeyboard } from 'grammy';
import { adminsOnly, chatOf, describeSubscription, mayManageSubscription, saveSubscription, sendBriefNow, } from './shared.js';
/** The welcome: what Brief is, with buttons to subscribe and to read today's brief. */
export function createStartFeature(deps) {
    const feature = new Composer();
    feature.command('start', async (ctx) => {
        const keyboard = new InlineKeyboard()
            .text(`Subscribe (${deps.defaults.deliveryTime} ${deps.defaults.timeZone})`, 'start:subscribe')
            .row()
            .text('Today’s brief', 'start:brief');
        await ctx.reply([
            '<b>Welcome to Brief.</b>',
            'Every morning Brief sends the day’s main news stories, each summarised with its key quotes, what happens next and links to the sources.',
            'You choose the hour and your time zone: /subscribe 07:30 Europe/Kyiv. /help lists every command.',
        ].join('\n\n'), { parse_mode: 'HTML', reply_markup: keyboard });
    });
    feature.callbackQuery('start:subscribe', async (ctx) => {
        const chat = chatOf(ctx);
        if (!chat)
            return;
        if (!(await mayManageSubscription(ctx))) {
            await ctx.answerCallbackQuery({ text: adminsOnly, show_alert: true });
            return;
        }
        const subscription = await saveSubscription(deps, chat, deps.defaults.deliveryTime, deps.defaults.timeZone);
        await ctx.answerCallbackQuery({ text: 'Subscribed' });
        await ctx.reply(`Subscribed. ${describeSubscription(subscription)}\nChange it with /settings.`, { parse_mode: 'HTML' });
    });
    feature.callbackQuery('start:brief', async (ctx) => {
        await ctx.answerCallbackQuery();
        await sendBriefNow(ctx, deps);
    });
    return feature;
}
//# sourceMappingURL=start.js.map