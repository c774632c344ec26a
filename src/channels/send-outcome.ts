/**
 * Connection failures that happen before a request is written: nothing reached the chat service, so sending again
 * cannot post a message twice. Any other transport failure (a reset, a timeout, a cut answer) may come after the
 * service accepted the message.
 */
const notSentCodes = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function codeOf(value: unknown): unknown {
  return (value as { code?: unknown } | null | undefined)?.code;
}

/**
 * Whether a transport error certainly left the request unsent. Reads the code on the error and on its cause: fetch
 * wraps it (`TypeError: fetch failed`, cause ECONNREFUSED), grammY's HttpError keeps it under `error`, and Slack's
 * WebAPIRequestError under `original`.
 */
export function failedBeforeSending(error: unknown): boolean {
  const wrapped = error as { error?: unknown; original?: unknown } | null;
  const cause = wrapped?.error ?? wrapped?.original ?? error;
  const codes = [codeOf(cause), codeOf((cause as { cause?: unknown } | null)?.cause)];
  return codes.some((code) => typeof code === 'string' && notSentCodes.has(code));
}
