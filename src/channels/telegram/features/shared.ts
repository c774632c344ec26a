import type { Context } from 'grammy';
import type { DigestSource } from '../../../content/digest-source.js';
import type { Digest } from '../../../digest/types.js';
import type { Logger } from '../../../logger.js';
import { escapeHtml, formatDay, renderTelegramMessages } from '../../../render/telegram-html.js';
import { explainBadTimeZone, localDateOf, localTimeOf, nextDeliveryAfter } from '../../../schedule/delivery-schedule.js';
import type { ChatType, Store, Subscription } from '../../../store/types.js';

/** What every feature Composer needs. */
export interface FeatureDeps {
  store: Store;
  digestSource: DigestSource;
  logger: Logger;
  defaults: { deliveryTime: string; timeZone: string };
  maxStories: number;
  now: () => Date;
}

/** The line shown for a malformed /subscribe. */
export const subscribeUsage =
  'Usage: /subscribe [HH:MM] [time zone] — for example /subscribe 07:30 Europe/Kyiv. Time zones are IANA names such as Europe/London, America/New_York or UTC.';

/** Options every digest message is sent with. */
export const htmlMessage = { parse_mode: 'HTML', link_preview_options: { is_disabled: true } } as const;

/** The chat the update came from, with its id as a string and its type. */
export function chatOf(ctx: Context): { id: string; type: ChatType } | null {
  const chat = ctx.chat;
  if (!chat) return null;
  return { id: String(chat.id), type: chat.type };
}

/**
 * True when the sender may change this chat's subscription: anyone in a private chat, any poster in a
 * channel (only admins can post there), and only administrators in a group.
 */
export async function mayManageSubscription(ctx: Context): Promise<boolean> {
  const chat = ctx.chat;
  if (!chat || chat.type === 'private' || chat.type === 'channel') return true;
  // An anonymous administrator posts as the group itself.
  if (ctx.senderChat && ctx.senderChat.id === chat.id) return true;
  if (!ctx.from) return false;
  let status: string;
  try {
    status = (await ctx.api.getChatMember(chat.id, ctx.from.id)).status;
  } catch (error) {
    throw new MemberRightsUnknownError(String(chat.id), error);
  }
  return status === 'creator' || status === 'administrator';
}

/** Telegram did not tell whether a group member is an administrator; the reader is told so (see `createRightsCheckFeature`). */
export class MemberRightsUnknownError extends Error {
  constructor(
    readonly chatId: string,
    cause: unknown,
  ) {
    super(`Could not check a member's rights in chat ${chatId}`, { cause });
    this.name = 'MemberRightsUnknownError';
  }
}

/** The reply when a member's rights cannot be checked. */
export const rightsUnknown =
  'I couldn’t check whether you are an administrator of this group: Telegram didn’t answer. Nothing was changed; please try again in a minute.';

/** How much of a reader's bad input an error reply repeats. */
const EXCERPT_CHARS = 40;

/**
 * A short excerpt of what a reader typed, for an error reply: the whole of it when short, else its first
 * characters and "…". Echoing 4,000 characters made the reply too long for Telegram, and the reader got nothing.
 * Replies that hold it are sent as plain text (no parse mode), so it needs no escaping there.
 */
export function inputExcerpt(input: string): string {
  const chars = [...input.replace(/\s+/g, ' ')];
  return chars.length <= EXCERPT_CHARS ? chars.join('') : `${chars.slice(0, EXCERPT_CHARS - 1).join('')}…`;
}

/** explainBadTimeZone for what a reader typed, however long: a zone name is short, so a long input is only excerpted. */
export function explainBadZoneInput(input: string): string {
  if ([...input].length <= EXCERPT_CHARS) return explainBadTimeZone(input);
  return `“${inputExcerpt(input)}” is not a time zone I know; use an IANA name such as Europe/Kyiv or America/New_York.`;
}

/** The reply for a group member who is not an administrator. */
export const adminsOnly = 'Only group administrators can change this chat’s subscription.';

/** Saves (or changes) a subscription and schedules its first delivery. */
export async function saveSubscription(
  deps: FeatureDeps,
  chat: { id: string; type: ChatType },
  deliveryTime: string,
  timeZone: string,
): Promise<Subscription> {
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
export function describeSubscription(subscription: Subscription): string {
  const lines = [`Your Brief arrives every day at <b>${subscription.deliveryTime}</b>, ${escapeHtml(subscription.timeZone)} time.`];
  if (subscription.nextDeliveryAt) {
    lines.push(
      `Next: ${formatDay(localDateOf(subscription.nextDeliveryAt, subscription.timeZone))}, ${localTimeOf(subscription.nextDeliveryAt, subscription.timeZone)}.`,
    );
  }
  return lines.join('\n');
}

/** Sends today's digest to the chat now (the /brief command and the start button). */
export async function sendBriefNow(ctx: Context, deps: FeatureDeps): Promise<void> {
  const chat = chatOf(ctx);
  if (!chat) return;
  const now = deps.now();
  const subscription = await deps.store.getSubscription(chat.id);
  const zone = subscription?.active ? subscription.timeZone : deps.defaults.timeZone;
  let digest: Digest;
  try {
    digest = await deps.digestSource.getDigest({ now });
  } catch (error) {
    deps.logger.error('Could not build the digest for /brief', { chatId: chat.id, error });
    await ctx.reply('Sorry, today’s brief could not be built just now. Please try again in a few minutes.');
    return;
  }
  const messages = renderTelegramMessages(digest, { maxStories: deps.maxStories, title: formatDay(localDateOf(now, zone)) });
  for (const message of messages) await ctx.api.sendMessage(chat.id, message, htmlMessage);
}
