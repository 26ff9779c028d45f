import { describe, expect, it } from 'vitest';
import { CancelledError, runSliced, yieldToTimer } from './task';

/** Counts to `total`, `budget` at a time. */
function counter(total: number) {
  let at = 0;
  return {
    step(budget: number) {
      at = Math.min(total, at + budget);
      return at >= total;
    },
    progress: () => at / total,
    snapshot: () => at,
    result: () => at,
  };
}

describe('runSliced', () => {
  it('runs a task to the end and reports the final snapshot at progress 1', async () => {
    const seen: [number, number][] = [];
    const res = await runSliced(counter(1000), { onSnapshot: (s, p) => seen.push([s, p]) });
    expect(res).toBe(1000);
    expect(seen[seen.length - 1]).toEqual([1000, 1]);
  });

  it('grows the budget while slices are quick', async () => {
    const budgets: number[] = [];
    const task = counter(1 << 12);
    const step = task.step;
    task.step = (b: number) => (budgets.push(b), step(b));
    let t = 0;
    await runSliced(task, { now: () => t++ });
    expect(budgets.slice(0, 4)).toEqual([1, 2, 4, 8]);
  });

  it('stops with CancelledError when the signal aborts between slices', async () => {
    const controller = new AbortController();
    let steps = 0;
    const task = counter(1e9);
    const step = task.step;
    task.step = () => {
      if (++steps === 3) controller.abort();
      return step(1);
    };
    await expect(runSliced(task, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    expect(steps).toBe(3);
  });

  it('waits on the gate before each slice (pause)', async () => {
    let open: () => void = () => {};
    let gated = 0;
    const gate = () => {
      gated++;
      return gated === 2 ? new Promise<void>((r) => (open = r)) : undefined;
    };
    const done = runSliced(counter(3), { gate, now: () => 100 });
    await yieldToTimer();
    await yieldToTimer();
    expect(gated).toBe(2);
    open();
    expect(await done).toBe(3);
  });
});
