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
    // Child processes, not worker threads: Node's fetch (undici) can leave a worker thread
    // unable to terminate (nodejs/undici#2026), which hangs the whole run, and our parse and
    // train tests fetch. A stuck child process can always be killed.
    pool: 'forks',
    // The watchdog fails a run in which no test finished for minutes (a thread stuck in
    // a loop never fires its own test timeout), naming the files and tests still running.
    reporters: ['default', './scripts/vitestWatchdog.ts'],
  },
});
