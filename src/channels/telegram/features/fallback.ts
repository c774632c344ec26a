import { Composer, type Context } from 'grammy';
import { MemberRightsUnknownError, rightsUnknown } from './shared.js';

/** The short line an unknown command or a stray private message gets. */
export const helpLine = 'I didn’t understand that. /brief sends today’s news, /subscribe sets up a morning brief, /help lists everything.';

/**
 * Goes first: when a feature could not check a group member's rights, tells the reader so (a button press gets an
 * alert) instead of leaving them with no answer.
 */
export function createRightsCheckFeature(): Composer<Context> {
  const feature = new Composer<Context>();
  feature.use(async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      if (!(error instanceof MemberRightsUnknownError)) throw error;
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: rightsUnknown, show_alert: true });
      else await ctx.reply(rightsUnknown);
    }
  });
  return feature;
}

/**
 * Goes last: a command no feature knows, or any other message in a private chat, gets the short help line. In groups
 * other text is conversation, not meant for the bot, and is left alone.
 */
export function createFallbackFeature(): Composer<Context> {
  const feature = new Composer<Context>();
  feature.on('message', async (ctx) => {
    const text = ctx.message.text ?? '';
    const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(text);
    const addressedElsewhere = command?.[1] !== undefined && command[1].slice(1).toLowerCase() !== ctx.me.username.toLowerCase();
    if (addressedElsewhere) return;
    if (ctx.chat.type === 'private' || command) await ctx.reply(helpLine);
  });
  return feature;
}
