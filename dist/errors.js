/** Error classes that carry their data, so callers can react without parsing messages. */
/** Start-up configuration is invalid; lists every bad variable at once. */
export class ConfigError extends Error {
    issues;
    constructor(issues) {
        super(`Invalid configuration:\n${issues.map((issue) => `  ${issue.variable}: ${issue.expected}`).join('\n')}`);
        this.name = 'ConfigError';
        this.issues = issues;
    }
}
/** A command-line or chat-command argument is malformed; `usage` is the line to show the user. */
export class UsageError extends Error {
    usage;
    constructor(message, usage) {
        super(message);
        this.name = 'UsageError';
        this.usage = usage;
    }
}
/** A channel call failed; keeps the platform's code and any wait it asked for. */
export class DeliveryError extends Error {
    code;
    /** True when trying again later can succeed (rate limit, 5xx, network). */
    retryable;
    retryAfterMs;
    constructor(message, options) {
        super(message, { cause: options.cause });
        this.name = 'DeliveryError';
        this.code = options.code;
        this.retryable = options.retryable;
        this.retryAfterMs = options.retryAfterMs ?? null;
    }
}
//# sourceMappingURL=errors.js.map