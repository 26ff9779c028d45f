import { describe, expect, it } from 'vitest';
import { projectFrame } from './frame';
import { appendLoss, createLossHistory, createTimeline, followTimeline, reframeTimeline, SnapshotTables, timelineReframe, type TimelineEntry } from './timeline';

const entry = (step: number): TimelineEntry => ({ step, epoch: 0, loss: 1 / (step + 1), purity: null, coords: new Float32Array(4) });

describe('loss history', () => {
  it('keeps at most `capacity` points, evenly spread from the first step to the latest', () => {
    let h = createLossHistory(10);
    for (let s = 1; s <= 1000; s++) h = appendLoss(h, s, 1 / s);
    expect(h.steps.length).toBeLessThanOrEqual(10);
    expect(h.steps[0]).toBe(1);
    expect(h.steps[h.steps.length - 1]).toBeGreaterThan(900);
    for (let i = 1; i < h.steps.length; i++) expect(h.steps[i]).toBeGreaterThan(h.steps[i - 1]);
  });

  it('ignores NaN losses and replaces the value of a repeated step', () => {
    let h = createLossHistory(10);
    h = appendLoss(h, 1, NaN);
    expect(h.steps).toEqual([]);
    h = appendLoss(h, 1, 2);
    h = appendLoss(h, 1, 1.5);
    expect(h.steps).toEqual([1]);
    expect(h.losses).toEqual([1.5]);
  });
});

describe('SnapshotTables (the worker side)', () => {
  it('keeps at most `capacity` snapshots, first to latest, doubling their spacing when full', () => {
    const t = new SnapshotTables(32, 8);
    for (let s = 0; s < 100; s++) t.record(s, () => new Float32Array(8).fill(s));
    const steps = t.steps();
    expect(steps.length).toBeLessThanOrEqual(8);
    expect(steps[0]).toBe(0);
    expect(steps[steps.length - 1]).toBeGreaterThan(80);
    // Each kept step still has its own table; dropped steps lost theirs.
    for (const s of steps) expect(t.table(s)?.[0]).toBe(s);
    expect(t.table(1)).toBeNull();
  });

  it('refuses a snapshot that comes too soon after the last, without copying its table', () => {
    const t = new SnapshotTables(32, 4);
    for (let s = 0; s < 10; s++) t.record(s, () => new Float32Array(8));
    const steps = t.steps();
    const last = steps[steps.length - 1];
    let copies = 0;
    expect(t.record(last + 1, () => (copies++, new Float32Array(8)))).toBe(false);
    expect(copies).toBe(0);
    expect(t.steps()).toEqual(steps);
  });

  it('keeps steps but no tables beyond the memory budget', () => {
    const t = new SnapshotTables(10_000_000, 60, 1_000_000);
    expect(t.keepsTables).toBe(false);
    expect(t.record(0, () => new Float32Array(8))).toBe(true);
    expect(t.steps()).toEqual([0]);
    expect(t.table(0)).toBeNull();
  });
});

describe('followTimeline (the main thread side)', () => {
  const news = (steps: number[], recorded = true) => ({ recorded, steps, keepsTables: true });

  it('adds an entry the worker kept, and drops entries the worker no longer keeps', () => {
    let t = createTimeline(true);
    t = followTimeline(t, entry(0), news([0]));
    t = followTimeline(t, entry(5), news([0, 5]));
    t = followTimeline(t, entry(9), news([0, 9]));
    expect(t.entries.map((e) => e.step)).toEqual([0, 9]);
  });

  it('returns the same timeline when the frame was not kept and nothing was dropped', () => {
    const t = followTimeline(createTimeline(true), entry(0), news([0]));
    expect(followTimeline(t, entry(1), news([0], false))).toBe(t);
  });

  it('follows the worker even when it missed frames (a cancelled run’s last ones)', () => {
    const worker = new SnapshotTables(32, 4);
    let t = createTimeline(true);
    for (let s = 0; s < 40; s++) {
      const recorded = worker.record(s, () => new Float32Array(8));
      // The main thread misses every third frame.
      if (s % 3 !== 2) t = followTimeline(t, entry(s), { recorded, steps: worker.steps(), keepsTables: true });
    }
    const kept = new Set(worker.steps());
    expect(t.entries.length).toBeGreaterThan(0);
    for (const e of t.entries) expect(kept.has(e.step)).toBe(true);
  });
});

describe('timeline re-projection after a re-fit', () => {
  // Three 2-d rows; frame A is the identity, frame B swaps the axes and shifts.
  const dim = 2;
  const V = 3;
  const frameA = { dim, mean: new Float32Array(2), basis: Float32Array.from([1, 0, 0, 1]), offset: [0, 0] as const };
  const frameB = { dim, mean: new Float32Array(2), basis: Float32Array.from([0, 1, 1, 0]), offset: [5, -5] as const };
  const tables = [Float32Array.from([0, 0, 1, 0, 0, 2]), Float32Array.from([1, 1, 2, 1, 1, 3])];
  const current = tables[1];
  const saved = (i: number): TimelineEntry => ({ step: i, epoch: 0, loss: 1, purity: null, coords: projectFrame(frameA, tables[i], V) });

  function reframe(keepTables: boolean) {
    const worker = new SnapshotTables(keepTables ? 24 : 1e9, 60, 1e6);
    worker.record(0, () => tables[0]);
    worker.record(1, () => tables[1]);
    const r = timelineReframe(worker, (t) => projectFrame(frameB, t, V), projectFrame(frameA, current, V), projectFrame(frameB, current, V));
    return reframeTimeline({ entries: [saved(0), saved(1)], keepsTables: keepTables }, r);
  }

  it('projects entries whose table the worker kept into the new frame exactly', () => {
    const r = reframe(true);
    for (let i = 0; i < 2; i++) expect([...r.entries[i].coords]).toEqual([...projectFrame(frameB, tables[i], V)]);
  });

  it('moves the other entries with the rigid map between the frames', () => {
    const r = reframe(false);
    const want = projectFrame(frameB, tables[0], V);
    r.entries[0].coords.forEach((v, k) => expect(v).toBeCloseTo(want[k], 5));
  });
});
