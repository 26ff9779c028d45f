import { describe, expect, it } from 'vitest';
import { CancelledError, isSessionLost, runSliced, runYielding, SessionLostError, SliceBudget } from './task';

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
});

/** A clock that advances by `cost(budget)` ms for every unit of work done. */
function fakeClock() {
  let t = 0;
  return { now: () => t, spend: (ms: number) => (t += ms) };
}

describe('SliceBudget', () => {
  it('doubles the budget while a call takes under half a slice, and halves it after one over twice as long', () => {
    const clock = fakeClock();
    const budget = new SliceBudget(30, clock.now);
    const seen: number[] = [];
    for (let i = 0; i < 4; i++) budget.once((b) => (seen.push(b), clock.spend(1)));
    expect(seen).toEqual([1, 2, 4, 8]);
    budget.once((b) => clock.spend(b * 10)); // 16 units at 10 ms each: 160 ms, far over the slice
    expect(budget.value).toBe(8);
  });

  it('settles where one call takes about a slice when work costs 1 ms per unit', () => {
    const clock = fakeClock();
    const budget = new SliceBudget(30, clock.now);
    for (let i = 0; i < 50; i++) budget.once((b) => clock.spend(b));
    expect(budget.value).toBeGreaterThanOrEqual(15);
    expect(budget.value).toBeLessThanOrEqual(60);
  });

  it('fill keeps calling until the work is done or the slice is used up', () => {
    const clock = fakeClock();
    const budget = new SliceBudget(30, clock.now, 1);
    let calls = 0;
    expect(budget.fill(() => (calls++, clock.spend(4), false))).toBe(false);
    expect(calls).toBe(8); // 8 × 4 ms ≥ 30 ms
    calls = 0;
    expect(budget.fill(() => ++calls === 3)).toBe(true);
    expect(calls).toBe(3);
  });
});

describe('runYielding', () => {
  function* three(): Generator<unknown, string, void> {
    yield 1;
    yield 2;
    return 'done';
  }

  it('runs a generator to its return value, one event-loop turn per yield', async () => {
    let turns = 0;
    expect(await runYielding(three(), { yieldNow: async () => void turns++ })).toBe('done');
    expect(turns).toBe(2);
  });

  it('stops with CancelledError at the first yield after the signal aborts', async () => {
    const controller = new AbortController();
    const run = runYielding(three(), { signal: controller.signal, yieldNow: async () => controller.abort() });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('SessionLostError', () => {
  it('is recognised by name, also when rebuilt from a worker message', () => {
    expect(isSessionLost(new SessionLostError('gone'))).toBe(true);
    const rebuilt = new Error('gone');
    rebuilt.name = 'SessionLostError';
    expect(isSessionLost(rebuilt)).toBe(true);
    expect(isSessionLost(new Error('other'))).toBe(false);
    expect(isSessionLost('SessionLostError')).toBe(false);
  });
});
