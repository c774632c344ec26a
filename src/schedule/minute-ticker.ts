import { schedule, type ScheduledTask } from 'node-cron';
import type { Logger } from '../logger.js';

/** A running minute tick; `stop` prevents further ticks (a tick in progress is the caller's to await). */
export interface MinuteTicker {
  stop(): Promise<void>;
}

/**
 * Calls `tick` at the start of every minute with the scheduled instant. A tick still running when the next
 * minute starts is not overlapped: that minute is skipped and the next tick picks up whoever is due, since
 * "due" means "at or before now", never "exactly now".
 */
export function startMinuteTicker(tick: (now: Date) => Promise<unknown>, logger: Logger): MinuteTicker {
  let running = false;
  const task: ScheduledTask = schedule('* * * * *', async () => {
    if (running) {
      logger.debug('Scheduler tick still running; skipping this minute');
      return;
    }
    running = true;
    try {
      await tick(new Date());
    } catch (error) {
      logger.error('Scheduler tick failed', { error });
    } finally {
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
