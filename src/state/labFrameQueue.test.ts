import { describe, expect, it } from 'vitest';
import { createFrameQueue } from './labFrameQueue';

/** A deferral the test runs by hand: the "next turn" of the event loop. */
function manualTurns() {
  const queued: (() => void)[] = [];
  return { defer: (run: () => void) => void queued.push(run), turn: () => queued.splice(0).forEach((run) => run()), waiting: () => queued.length };
}

describe('the lab frame queue', () => {
  it('frames that arrive before the next turn are applied together, once, in order', () => {
    const turns = manualTurns();
    const applied: number[][] = [];
    const q = createFrameQueue<number>((fs) => applied.push([...fs]), turns.defer);
    q.push(1);
    q.push(2);
    q.push(3);
    expect(applied).toEqual([]);
    expect(turns.waiting()).toBe(1);
    turns.turn();
    expect(applied).toEqual([[1, 2, 3]]);
    q.push(4);
    turns.turn();
    expect(applied).toEqual([[1, 2, 3], [4]]);
  });

  it('flush applies the queue at once (before a final frame), and clear forgets it', () => {
    const turns = manualTurns();
    const applied: number[][] = [];
    const q = createFrameQueue<number>((fs) => applied.push([...fs]), turns.defer);
    q.push(1);
    q.flush();
    expect(applied).toEqual([[1]]);
    q.push(2);
    q.clear();
    turns.turn();
    expect(applied).toEqual([[1]]);
  });
});
