const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * Prunes the delivery ledger now and then once a day, so a bot that runs for years keeps a bounded file: every
 * subscriber adds a record each morning. A failed prune is logged and tried again at the next interval.
 */
export function startLedgerPruning(options) {
    const { ledger, logger, retentionDays = 30 } = options;
    const prune = async () => {
        const before = new Date(Date.now() - retentionDays * DAY_MS);
        try {
            const removed = await ledger.pruneDeliveries(before);
            if (removed > 0)
                logger.info('pruned the delivery ledger', { removed, before: before.toISOString() });
        }
        catch (error) {
            logger.warn('could not prune the delivery ledger', { error });
        }
    };
    void prune();
    const timer = setInterval(() => void prune(), DAY_MS);
    // Housekeeping must not keep the process alive on its own.
    timer.unref();
    return { stop: () => clearInterval(timer) };
}
//# sourceMappingURL=ledger-pruning.js.map