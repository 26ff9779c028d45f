/**
 * A Vitest reporter that turns a hung unit suite into a fast, explained failure.
 *
 * Vitest's per-test timeout is a timer inside the test's own thread: a test thread stuck
 * in a synchronous loop (or a worker it spawned that never exits) never fires it, and the
 * run waits forever (it once ate 27 minutes of a 90-minute CI run). This reporter lives
 * in Vitest's main process, which stays responsive whatever a test thread does: when no
 * test has finished for `idleMs`, it prints the files and tests still running and exits
 * the process with status 1.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';

/** No finished test for this long means something hangs (the slowest test takes ~20 s alone, ~60 s under load). */
const DEFAULT_IDLE_MS = 4 * 60_000;

export default class VitestWatchdog implements Reporter {
  private readonly running = new Map<string, TestModule>();
  private readonly cases = new Set<TestCase>();
  private timer: ReturnType<typeof setTimeout> | null = null;

  private readonly idleMs = Number(process.env.SPROUT_TEST_IDLE_MS) || DEFAULT_IDLE_MS;

  onTestRunStart(): void {
    this.arm();
  }

  onTestModuleQueued(module: TestModule): void {
    this.running.set(module.moduleId, module);
    this.arm();
  }

  onTestModuleEnd(module: TestModule): void {
    this.running.delete(module.moduleId);
    this.arm();
  }

  onTestCaseReady(test: TestCase): void {
    this.cases.add(test);
  }

  onTestCaseResult(test: TestCase): void {
    this.cases.delete(test);
    this.arm();
  }

  onTestRunEnd(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.fire(), this.idleMs);
    // Never keep Vitest alive by itself.
    this.timer.unref();
  }

  private fire(): void {
    const files = [...this.running.keys()].map((id) => `  ${id}`);
    const tests = [...this.cases].map((t) => `  ${t.module.moduleId} › ${t.fullName}`);
    process.stderr.write(
      [
        `\n[watchdog] no unit test finished for ${Math.round(this.idleMs / 1000)} s: the suite hangs. Still running:`,
        ...(files.length ? files : ['  (no file reported as running: a hang in teardown)']),
        ...(tests.length ? ['Tests started and not finished:', ...tests] : []),
        'Failing the run now (set SPROUT_TEST_IDLE_MS to change the limit).\n',
      ].join('\n'),
    );
    process.exit(1);
  }
}
