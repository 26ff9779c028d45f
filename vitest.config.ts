import { defineConfig } from 'vitest/config';

// Unit tests run in Node: everything under src/ that is pure compute, the worker
// protocol over a MessageChannel, and the store. Browser behaviour lives in e2e/.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 30_000,
    teardownTimeout: 10_000,
    pool: 'threads',
    // The watchdog fails a run in which no test finished for minutes (a thread stuck in
    // a loop never fires its own test timeout), naming the files and tests still running.
    reporters: ['default', './scripts/vitestWatchdog.ts'],
  },
});
