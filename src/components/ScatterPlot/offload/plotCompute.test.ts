import KDBush from 'kdbush';
import { describe, expect, it } from 'vitest';
import { SPATIAL_ORDER_FROM, spatialOrder } from '../drawOrder';
import { createPlotCompute } from './plotCompute';

const spec = { minX: 0, minY: 0, maxX: 4, maxY: 4, cols: 8, rows: 8, sigma: 1 };

describe('createPlotCompute (main-thread fallback, the same handlers the worker runs)', () => {
  it('builds a kdbush index over the session’s points whose buffer wraps without copying', async () => {
    const session = createPlotCompute(false).open();
    const coords = Float32Array.from([0, 0, 1, 1, 3, 3]);
    session.setPoints(1, coords);
    const buffer = await session.pointIndex(1);
    expect(buffer).toBeInstanceOf(ArrayBuffer);
    const tree = KDBush.from(buffer as ArrayBuffer);
    expect(tree.within(1, 1, 0.1)).toEqual([1]);
  });

  it('answers null for a version the session has moved past, instead of working on stale points', async () => {
    const session = createPlotCompute(false).open();
    session.setPoints(1, Float32Array.from([0, 0]));
    session.setPoints(2, Float32Array.from([1, 1, 2, 2]));
    expect(await session.pointIndex(1)).toBeNull();
    const grid = await session.density(2, spec);
    expect(grid?.inside).toBe(2);
    expect(await session.density(1, spec)).toBeNull();
  });

  it('puts a large layout in draw order, the same order the renderer would make, and none for a small one', async () => {
    const session = createPlotCompute(false).open();
    const n = SPATIAL_ORDER_FROM;
    const coords = Float32Array.from({ length: 2 * n }, (_, i) => Math.sin(i * 12.9898) * 100);
    session.setPoints(1, coords);
    const order = await session.spatialOrder(1);
    const here = spatialOrder(coords, n);
    expect(order?.rows).toEqual(here?.rows);
    expect(order?.slotOf).toEqual(here?.slotOf);
    expect(order?.coords).toEqual(here?.coords);
    session.setPoints(2, Float32Array.from([0, 0, 1, 1]));
    expect(await session.spatialOrder(2)).toBeNull();
    expect(await session.spatialOrder(1)).toBeNull();
  });

  it('keeps sessions apart and forgets a closed one', async () => {
    const compute = createPlotCompute(false);
    const a = compute.open();
    const b = compute.open();
    a.setPoints(1, Float32Array.from([1, 1]));
    b.setPoints(1, Float32Array.from([1, 1, 2, 2, 3, 3]));
    expect((await a.density(1, spec))?.inside).toBe(1);
    expect((await b.density(1, spec))?.inside).toBe(3);
    a.close();
    expect(await a.density(1, spec)).toBeNull();
  });

  it('sends points with the first request about them, as a copy: later changes to the caller’s array change nothing', async () => {
    const session = createPlotCompute(false).open();
    const coords = Float32Array.from([1, 1]);
    session.setPoints(1, coords);
    expect((await session.density(1, spec))?.inside).toBe(1);
    coords[0] = 100;
    expect((await session.density(1, spec))?.inside).toBe(1);
  });

  it('never sends the snapshots nobody asked about: only the latest points reach the worker', async () => {
    const session = createPlotCompute(false).open();
    session.setPoints(1, Float32Array.from([1, 1]));
    session.setPoints(2, Float32Array.from([1, 1, 2, 2]));
    expect((await session.density(2, spec))?.inside).toBe(2);
    expect(await session.density(1, spec)).toBeNull();
  });
});

describe('regions from the plot worker', () => {
  it('finds the regions of the session’s points, coarse to fine', async () => {
    const session = createPlotCompute(false).open();
    const coords = new Float32Array(4000);
    for (let i = 0; i < 2000; i++) {
      coords[2 * i] = (i % 2) * 30 + Math.sin(i) * 2;
      coords[2 * i + 1] = Math.cos(i * 1.7) * 2;
    }
    session.setPoints(1, coords);
    const levels = await session.regions(1);
    expect(levels).toHaveLength(2);
    expect(levels?.[0].row.length).toBe(2);
    expect(await session.regions(2)).toBeNull();
  });
});
