const levels = ['debug', 'info', 'warn', 'error'];
function formatContext(context) {
    if (!context)
        return '';
    return Object.entries(context)
        .map(([key, value]) => {
        const text = value instanceof Error ? value.message : typeof value === 'string' ? value : JSON.stringify(value);
        return ` ${key}=${/\s/.test(text ?? '') ? JSON.stringify(text) : text}`;
    })
        .join('');
}
/** Creates a logger that writes events at `level` and above to `write` (stderr by default). */
export function createLogger(level = 'info', write = (line) => process.stderr.write(line + '\n')) {
    const threshold = levels.indexOf(level);
    const log = (at) => (message, context) => {
        if (levels.indexOf(at) >= threshold)
            write(`${new Date().toISOString()} ${at.toUpperCase()} ${message}${formatContext(context)}`);
    };
    return { debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}
/** A logger that drops everything; for tests that assert on behaviour, not logs. */
export const silentLogger = { debug() { }, info() { }, warn() { }, error() { } };
//# sourceMappingURL=logger.js.map