import { GrammyError, HttpError } from 'grammy';
/** Reads a failed Bot API call into what the delivery should do next. */
export function classifySendError(error) {
    if (error instanceof GrammyError) {
        const description = error.description;
        const migrateTo = error.parameters.migrate_to_chat_id;
        if (migrateTo !== undefined)
            return { kind: 'migrated', toChatId: String(migrateTo) };
        if (error.error_code === 403)
            return { kind: 'ended', reason: endReasonOf(description) };
        if (error.error_code === 400 && /chat not found/i.test(description))
            return { kind: 'ended', reason: 'chat not found' };
        if (error.error_code === 429 || error.error_code >= 500)
            return { kind: 'retryable', message: `${error.error_code} ${description}` };
        return { kind: 'final', message: `${error.error_code} ${description}` };
    }
    if (error instanceof HttpError)
        return { kind: 'retryable', message: `network: ${error.message}` };
    return { kind: 'retryable', message: error instanceof Error ? error.message : String(error) };
}
function endReasonOf(description) {
    if (/blocked/i.test(description))
        return 'blocked by the user';
    if (/kicked|not a member|removed/i.test(description))
        return 'bot was removed from the chat';
    if (/deactivated/i.test(description))
        return 'user is deactivated';
    return description.replace(/^Forbidden:\s*/i, '');
}
//# sourceMappingURL=telegram-errors.js.map