import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Adapter tests start local HTTP servers; forks keep native better-sqlite3 handles per process.
    pool: 'forks',
    // Vitest's default is one worker less than the cores: one on a 2-core machine, where the suite then ran file after
    // file (531 s). Its slowest files mostly wait (3,000 sends held to Telegram's 30 a second, crashed processes'
    // claims lapsing), so a second worker runs the rest beside them: 309 s, every test passing.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});
