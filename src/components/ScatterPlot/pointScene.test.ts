import { describe, expect, it } from 'vitest';
import { createRng } from '../../compute/random';
import { spatialOrder, type SpatialOrder } from './drawOrder';
import { ALPHA, createSceneBuilder, DIM_ALPHA, FULL_ALPHA } from './pointScene';
import { SIZE_STEPS } from './sizes';

const colorsFor = (n: number) => Uint32Array.from({ length: n }, (_, i) => 0xff000000 + i);

describe('createSceneBuilder().build', () => {
  it('draws a small layout in row order, in one pass, without copying its arrays', () => {
    const coords = Float32Array.from([0, 0, 1, 1, 2, 2]);
    const colors = colorsFor(3);
    const scene = createSceneBuilder().build({ coords, colors, sizes: null, mask: null });
    expect(scene.rows).toBeNull();
    expect(scene.coords).toBe(coords);
    expect(scene.colors).toBe(colors);
    expect(scene.passes).toEqual([{ start: 0, end: 3, sizeClass: SIZE_STEPS, alpha: ALPHA }]);
  });

  it('draws dimmed rows first and highlighted ones after, each pass smallest size first, keeping row order inside a pass', () => {
    const coords = new Float32Array(10);
    const colors = colorsFor(5);
    const sizes = Float32Array.from([1, 2, 1, 2, 1]);
    const mask = Uint8Array.from([1, 0, 0, 1, 1]);
    const scene = createSceneBuilder().build({ coords, colors, sizes, mask });
    expect(Array.from(scene.rows ?? [])).toEqual([2, 1, 0, 4, 3]);
    expect(scene.passes).toEqual([
      { start: 0, end: 1, sizeClass: 4, alpha: DIM_ALPHA },
      { start: 1, end: 2, sizeClass: 8, alpha: DIM_ALPHA },
      { start: 2, end: 4, sizeClass: 4, alpha: FULL_ALPHA },
      { start: 4, end: 5, sizeClass: 8, alpha: FULL_ALPHA },
    ]);
    // Positions and colours are gathered into draw order.
    expect(Array.from(scene.colors)).toEqual([2, 1, 0, 4, 3].map((i) => colors[i]));
  });

  it('reuses its work while nothing changed, and redoes only what did', () => {
    const builder = createSceneBuilder();
    const coords = new Float32Array(8);
    const colors = colorsFor(4);
    const mask = Uint8Array.from([1, 0, 1, 0]);
    const a = builder.build({ coords, colors, sizes: null, mask });
    const b = builder.build({ coords, colors, sizes: null, mask });
    expect(b.rows).toBe(a.rows);
    expect(b.colors).toBe(a.colors);
    const recoloured = builder.build({ coords, colors: colorsFor(4).reverse(), sizes: null, mask });
    expect(recoloured.rows).toBe(a.rows);
    expect(recoloured.colors).not.toBe(a.colors);
  });

  it('moves the points of a new layout even when the passes stay the same (same sizes and mask)', () => {
    const builder = createSceneBuilder();
    const colors = colorsFor(3);
    const sizes = Float32Array.from([1, 2, 1]);
    const mask = Uint8Array.from([1, 0, 1]);
    builder.build({ coords: Float32Array.from([0, 0, 1, 1, 2, 2]), colors, sizes, mask });
    const moved = builder.build({ coords: Float32Array.from([5, 5, 6, 6, 7, 7]), colors, sizes, mask });
    expect(Array.from(moved.rows ?? [])).toEqual([1, 0, 2]);
    expect(Array.from(moved.coords)).toEqual([6, 6, 5, 5, 7, 7]);
  });

  it('draws a large layout in its spatial order, every row exactly once, and gathers transition starts the same way', () => {
    const rng = createRng(5);
    const n = 60_000;
    const coords = new Float32Array(2 * n).map(() => rng.gaussian());
    const builder = createSceneBuilder();
    const colors = colorsFor(n);
    const scene = builder.build({ coords, colors, sizes: null, mask: null });
    expect(scene.colors[5]).toBe(colors[(scene.rows as Uint32Array)[5]]);
    expect(scene.rows).toEqual(spatialOrder(coords, n)?.rows);
    const seen = new Uint8Array(n);
    for (const i of scene.rows ?? []) seen[i]++;
    expect(seen.every((c) => c === 1)).toBe(true);
    const k = 1234;
    const row = (scene.rows as Uint32Array)[k];
    expect([scene.coords[2 * k], scene.coords[2 * k + 1]]).toEqual([coords[2 * row], coords[2 * row + 1]]);
    const from = coords.map((v) => v + 10);
    const gathered = builder.gatherCoords(from);
    expect(gathered[2 * k]).toBe(from[2 * row]);
    // With a mask, each pass keeps the spatial order and the arrays follow the rows.
    const mask = Uint8Array.from({ length: n }, (_, i) => i % 3 === 0 ? 1 : 0);
    const masked = builder.build({ coords, colors, sizes: null, mask });
    const mrows = masked.rows as Uint32Array;
    expect(masked.passes.map((p) => p.end - p.start)).toEqual([n - Math.ceil(n / 3), Math.ceil(n / 3)]);
    for (const j of [0, 100, n - 1]) {
      expect(masked.colors[j]).toBe(colors[mrows[j]]);
      expect(masked.coords[2 * j + 1]).toBe(coords[2 * mrows[j] + 1]);
    }
    expect(builder.gatherCoords(from)[2 * 100]).toBe(from[2 * mrows[100]]);
  });

  it('uses an order made elsewhere (the plot worker) as it is, and row order when told to', () => {
    const rng = createRng(6);
    const n = 60_000;
    const coords = new Float32Array(2 * n).map(() => rng.gaussian());
    const colors = colorsFor(n);
    const order = spatialOrder(coords, n)!;
    const given = createSceneBuilder().build({ coords, colors, sizes: null, mask: null }, order);
    expect(given.rows).toBe(order.rows);
    expect(given.coords).toBe(order.coords);
    expect(given.colors).toEqual(createSceneBuilder().build({ coords, colors, sizes: null, mask: null }).colors);
    const rowOrder = createSceneBuilder().build({ coords, colors, sizes: null, mask: null }, false);
    expect(rowOrder.rows).toBeNull();
    expect(rowOrder.coords).toBe(coords);
  });
});

describe('spatialOrder', () => {
  it('leaves small layouts in row order', () => {
    expect(spatialOrder(new Float32Array(200), 100)).toBeNull();
  });

  it('puts neighbours next to each other: consecutive rows are far closer than in row order', () => {
    const rng = createRng(9);
    const n = 50_000;
    const coords = new Float32Array(2 * n).map(() => rng.next() * 100);
    const order = (spatialOrder(coords, n) as SpatialOrder).rows;
    const step = (a: number, b: number) => Math.hypot(coords[2 * a] - coords[2 * b], coords[2 * a + 1] - coords[2 * b + 1]);
    let ordered = 0, rows = 0;
    for (let k = 1; k < n; k++) {
      ordered += step(order[k - 1], order[k]);
      rows += step(k - 1, k);
    }
    expect(ordered * 10).toBeLessThan(rows);
  });

  it('keeps rows at the same spot in row order and puts non-finite rows last', () => {
    const n = 50_000;
    const coords = new Float32Array(2 * n);
    coords[0] = NaN;
    coords[2 * (n - 1)] = Infinity;
    const order = spatialOrder(coords, n) as SpatialOrder;
    expect(Array.from(order.rows.subarray(0, 3))).toEqual([1, 2, 3]);
    expect(Array.from(order.rows.subarray(n - 2))).toEqual([0, n - 1]);
  });

  it('returns the inverse permutation and the coordinates already in slot order', () => {
    const rng = createRng(4);
    const n = 50_000;
    const coords = new Float32Array(2 * n).map(() => rng.gaussian());
    const { rows, slotOf, coords: inSlots } = spatialOrder(coords, n) as SpatialOrder;
    for (const k of [0, 17, 4321, n - 1]) {
      expect(slotOf[rows[k]]).toBe(k);
      expect(inSlots[2 * k]).toBe(coords[2 * rows[k]]);
      expect(inSlots[2 * k + 1]).toBe(coords[2 * rows[k] + 1]);
    }
  });
});
