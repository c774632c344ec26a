import { GrammyError, HttpError } from 'grammy';
import { SendOutcomeUnknownError } from './send-transformer.js';

/** What a failed send means for the subscription. */
export type SendFailure =
  /** The chat is gone for us (blocked, kicked, deactivated, not found): end the subscription. */
  | { kind: 'ended'; reason: string }
  /** A group became a supergroup: send again to the new id. */
  | { kind: 'migrated'; toChatId: string }
  /** Worth trying again on a later tick (rate limit or server trouble outlasted the retries, network). */
  | { kind: 'retryable'; message: string }
  /** Telegram refused this message for good (e.g. a malformed message): record it, do not retry. */
  | { kind: 'final'; message: string }
  /** The request went out and its answer was lost: it may be in the chat, so it is never sent again. */
  | { kind: 'uncertain'; message: string };

/** Reads a failed Bot API call into what the delivery should do next. */
export function classifySendError(error: unknown): SendFailure {
  // Resending could give the reader the message twice; see SendOutcomeUnknownError.
  if (error instanceof SendOutcomeUnknownError) return { kind: 'uncertain', message: error.message };
  if (error instanceof GrammyError) {
    const description = error.description;
    const migrateTo = error.parameters.migrate_to_chat_id;
    if (migrateTo !== undefined) return { kind: 'migrated', toChatId: String(migrateTo) };
    if (error.error_code === 403) return { kind: 'ended', reason: endReasonOf(description) };
    if (error.error_code === 400 && /chat not found/i.test(description)) return { kind: 'ended', reason: 'chat not found' };
    if (error.error_code === 429 || error.error_code >= 500) return { kind: 'retryable', message: `${error.error_code} ${description}` };
    return { kind: 'final', message: `${error.error_code} ${description}` };
  }
  if (error instanceof HttpError) return { kind: 'retryable', message: `network: ${error.message}` };
  return { kind: 'retryable', message: error instanceof Error ? error.message : String(error) };
}

function endReasonOf(description: string): string {
  if (/blocked/i.test(description)) return 'blocked by the user';
  if (/kicked|not a member|removed/i.test(description)) return 'bot was removed from the chat';
  if (/deactivated/i.test(description)) return 'user is deactivated';
  return description.replace(/^Forbidden:\s*/i, '');
}
