import { escapeHtml, formatDay, renderTelegramMessages } from '../../../render/telegram-html.js';
import { localDateOf, localTimeOf, nextDeliveryAfter } from '../../../schedule/delivery-schedule.js';
/** The line shown for a malformed /subscribe. */
export const subscribeUsage = 'Usage: /subscribe [HH:MM] [time zone] — for example /subscribe 07:30 Europe/Kyiv. Time zones are IANA names such as Europe/London, America/New_York or UTC.';
/** Options every digest message is sent with. */
export const htmlMessage = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } };
/** The chat the update came from, with its id as a string and its type. */
export function chatOf(ctx) {
    const chat = ctx.chat;
    if (!chat)
        return null;
    return { id: String(chat.id), type: chat.type };
}
/**
 * True when the sender may change this chat's subscription: anyone in a private chat, any poster in a
 * channel (only admins can post there), and only administrators in a group.
 */
export async function mayManageSubscription(ctx) {
    const chat = ctx.chat;
    if (!chat || chat.type === 'private' || chat.type === 'channel')
        return true;
    // An anonymous administrator posts as the group itself.
    if (ctx.senderChat && ctx.senderChat.id === chat.id)
        return true;
    if (!ctx.from)
        return false;
    const member = await ctx.api.getChatMember(chat.id, ctx.from.id);
    return member.status === 'creator' || member.status === 'administrator';
}
/** The reply for a group member who is not an administrator. */
export const adminsOnly = 'Only group administrators can change this chat’s subscription.';
/** Saves (or changes) a subscription and schedules its first delivery. */
export async function saveSubscription(deps, chat, deliveryTime, timeZone) {
    const next = nextDeliveryAfter(deps.now(), deliveryTime, timeZone);
    return deps.store.upsertSubscription({
        chatId: chat.id,
        chatType: chat.type,
        deliveryTime,
        timeZone,
        nextDeliveryAt: next.at,
        nextEdition: next.edition,
    });
}
/** Describes a subscription as the reader sees it. */
export function describeSubscription(subscription) {
    const lines = [`Your Brief arrives every day at <b>${subscription.deliveryTime}</b>, ${escapeHtml(subscription.timeZone)} time.`];
    if (subscription.nextDeliveryAt) {
        lines.push(`Next: ${formatDay(localDateOf(subscription.nextDeliveryAt, subscription.timeZone))}, ${localTimeOf(subscription.nextDeliveryAt, subscription.timeZone)}.`);
    }
    return lines.join('\n');
}
/** Sends today's digest to the chat now (the /brief command and the start button). */
export async function sendBriefNow(ctx, deps) {
    const chat = chatOf(ctx);
    if (!chat)
        return;
    const now = deps.now();
    const subscription = await deps.store.getSubscription(chat.id);
    const zone = subscription?.active ? subscription.timeZone : deps.defaults.timeZone;
    let digest;
    try {
        digest = await deps.digestSource.getDigest({ now });
    }
    catch (error) {
        deps.logger.error('Could not build the digest for /brief', { chatId: chat.id, error });
        await ctx.reply('Sorry, today’s brief could not be built just now. Please try again in a few minutes.');
        return;
    }
    const messages = renderTelegramMessages(digest, { maxStories: deps.maxStories, title: formatDay(localDateOf(now, zone)) });
    for (const message of messages)
        await ctx.api.sendMessage(chat.id, message, htmlMessage);
}
//# sourceMappingURL=shared.js.map