import { Composer, type Context } from 'grammy';
import { adminsOnly, chatOf, mayManageSubscription, type FeatureDeps } from './shared.js';

/** `/unsubscribe`: ends the chat's subscription. */
export function createUnsubscribeFeature(deps: FeatureDeps): Composer<Context> {
  const feature = new Composer<Context>();
  feature.command('unsubscribe', async (ctx) => {
    const chat = chatOf(ctx);
    if (!chat) return;
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
