import { describe, expect, it } from 'vitest';
import { projectFrame } from './frame';
import { appendLoss, createLossHistory, createTimeline, recordTimeline, reframeTimeline, type TimelineEntry } from './timeline';

const entry = (step: number): TimelineEntry => ({ step, epoch: 0, loss: 1 / (step + 1), purity: null, coords: new Float32Array(4), vectors: new Float32Array(8) });

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

describe('timeline', () => {
  it('keeps at most `capacity` snapshots and doubles their spacing when full', () => {
    let t = createTimeline(32, 8);
    for (let s = 0; s < 100; s++) t = recordTimeline(t, entry(s));
    expect(t.entries.length).toBeLessThanOrEqual(8);
    expect(t.entries[0].step).toBe(0);
    expect(t.every).toBeGreaterThan(1);
    expect(t.entries[t.entries.length - 1].step).toBeGreaterThan(80);
  });

  it('returns the same timeline when a snapshot comes too soon after the last', () => {
    let t = createTimeline(32, 4);
    for (let s = 0; s < 10; s++) t = recordTimeline(t, entry(s));
    const every = t.every;
    const last = t.entries[t.entries.length - 1].step;
    expect(recordTimeline(t, entry(last + every - 1))).toBe(t);
  });

  it('drops tables beyond the memory budget but keeps coordinates', () => {
    const t = recordTimeline(createTimeline(10_000_000, 60, 1_000_000), entry(0));
    expect(t.keepTables).toBe(false);
    expect(t.entries[0].vectors).toBeNull();
    expect(t.entries[0].coords).toHaveLength(4);
  });
});

describe('reframeTimeline', () => {
  // Three 2-d rows; frame A is the identity, frame B swaps the axes and shifts.
  const dim = 2;
  const V = 3;
  const frameA = { dim, mean: new Float32Array(2), basis: Float32Array.from([1, 0, 0, 1]), offset: [0, 0] as const };
  const frameB = { dim, mean: new Float32Array(2), basis: Float32Array.from([0, 1, 1, 0]), offset: [5, -5] as const };
  const tables = [Float32Array.from([0, 0, 1, 0, 0, 2]), Float32Array.from([1, 1, 2, 1, 1, 3])];
  const saved = (i: number, keep: boolean): TimelineEntry => ({
    step: i,
    epoch: 0,
    loss: 1,
    purity: null,
    coords: projectFrame(frameA, tables[i], V),
    vectors: keep ? tables[i] : null,
  });
  const current = tables[1];

  it('projects entries that kept their table into the new frame exactly', () => {
    const t = { ...createTimeline(0), entries: [saved(0, true), saved(1, true)] };
    const r = reframeTimeline(t, frameB, current, projectFrame(frameA, current, V));
    for (let i = 0; i < 2; i++) expect([...r.entries[i].coords]).toEqual([...projectFrame(frameB, tables[i], V)]);
  });

  it('moves coordinate-only entries with the rigid map between the frames', () => {
    const t = { ...createTimeline(0), entries: [saved(0, false)] };
    const r = reframeTimeline(t, frameB, current, projectFrame(frameA, current, V));
    const want = projectFrame(frameB, tables[0], V);
    r.entries[0].coords.forEach((v, k) => expect(v).toBeCloseTo(want[k], 5));
  });
});
