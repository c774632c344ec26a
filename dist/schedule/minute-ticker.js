import { schedule } from 'node-cron';
/**
 * Calls `tick` at the start of every minute with the scheduled instant. A tick still running when the next
 * minute starts is not overlapped: that minute is skipped and the next tick picks up whoever is due, since
 * "due" means "at or before now", never "exactly now".
 */
export function startMinuteTicker(tick, logger) {
    let running = false;
    const task = schedule('* * * * *', async () => {
        if (running) {
            logger.debug('Scheduler tick still running; skipping this minute');
            return;
        }
        running = true;
        try {
            await tick(new Date());
        }
        catch (error) {
            logger.error('Scheduler tick failed', { error });
        }
        finally {
            running = false;
        }
    });
    return {
        async stop() {
            await task.stop();
            await task.destroy();
        },
    };
}
//# sourceMappingURL=minute-ticker.js.map