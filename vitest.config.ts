import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Adapter tests start local HTTP servers; forks keep native better-sqlite3 handles per process.
    pool: 'forks',
  },
});
