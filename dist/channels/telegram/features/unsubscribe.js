import { Composer } from 'grammy';
import { adminsOnly, chatOf, mayManageSubscription } from './shared.js';
/** `/unsubscribe`: ends the chat's subscription. */
export function createUnsubscribeFeature(deps) {
    const feature = new Composer();
    feature.command('unsubscribe', async (ctx) => {
        const chat = chatOf(ctx);
        if (!chat)
            return;
        if (!(await mayManageSubscription(ctx))) {
            await ctx.reply(adminsOnly);
            return;
        }
        const existing = await deps.store.getSubscription(chat.id);
        if (!existing?.active) {
            await ctx.reply('This chat is not subscribed. /subscribe starts the morning brief.');
            return;
        }
        await deps.store.endSubscription(chat.id, 'unsubscribed');
        deps.logger.info('Unsubscribed', { chatId: chat.id });
        await ctx.reply('Unsubscribed. No more morning briefs here; /subscribe brings them back, /brief still works any time.');
    });
    return feature;
}
//# sourceMappingURL=unsubscribe.js.map