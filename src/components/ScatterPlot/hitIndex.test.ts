import { describe, expect, it } from 'vitest';
import { createRng } from '../../compute/random';
import { createHitIndex } from './hitIndex';
import { fitView, toScreen, zoomView } from './viewMath';

const view = { sx: 10, ox: 0, sy: -10, oy: 100 };

describe('createHitIndex().nearest', () => {
  it('returns the closest point within the radius, in screen pixels', () => {
    const hits = createHitIndex(0);
    const layout = { coords: new Float32Array([1, 1, 2, 1, 5, 5]), version: 1 };
    // (1,1) → (10, 90); (2,1) → (20, 90).
    expect(hits.nearest(layout, view, 13, 91)).toBe(0);
    expect(hits.nearest(layout, view, 17, 90)).toBe(1);
    expect(hits.nearest(layout, view, 35, 90)).toBe(-1);
    expect(hits.nearest(layout, view, 35, 90, 20)).toBe(1);
  });

  it('builds the tree once per layout version, lazily on the first query', () => {
    const hits = createHitIndex(0);
    const coords = new Float32Array([0, 0, 1, 1]);
    expect(hits.builtVersion()).toBeNull();
    hits.nearest({ coords, version: 3 }, view, 0, 100);
    expect(hits.builtVersion()).toBe(3);
    // A zoom changes the view, not the tree.
    expect(hits.nearest({ coords, version: 3 }, zoomView(view, { k: 2, x: 0, y: -100 }), 20, 80)).toBe(1);
    expect(hits.builtVersion()).toBe(3);
    const moved = new Float32Array([5, 5, 1, 1]);
    expect(hits.nearest({ coords: moved, version: 4 }, view, 50, 50)).toBe(0);
    expect(hits.builtVersion()).toBe(4);
  });

  it('scans instead of building while the layout is still running', () => {
    const hits = createHitIndex(0);
    expect(hits.nearest({ coords: new Float32Array([0, 0]), version: 1, running: true }, view, 1, 100)).toBe(0);
    expect(hits.builtVersion()).toBeNull();
  });

  it('gives ties to the higher index (drawn on top) and skips non-finite points', () => {
    const hits = createHitIndex(0);
    const coords = new Float32Array([1, 1, NaN, 1, 1, 1]);
    expect(hits.nearest({ coords, version: 1 }, view, 10, 90)).toBe(2);
    expect(hits.nearest({ coords: new Float32Array(0), version: 2 }, view, 10, 90)).toBe(-1);
  });

  it('agrees with a brute-force scan on random points at several zooms', () => {
    const rng = createRng(7);
    const n = 5000;
    const coords = new Float32Array(n * 2).map(() => rng.gaussian());
    const tree = createHitIndex(0);
    const scan = createHitIndex(Infinity);
    const base = fitView({ minX: -3, minY: -3, maxX: 3, maxY: 3 }, 400, 300);
    for (const k of [0.7, 1, 4, 30]) {
      const v = zoomView(base, { k, x: (1 - k) * 200, y: (1 - k) * 150 });
      for (let q = 0; q < 200; q++) {
        const px = rng.next() * 400;
        const py = rng.next() * 300;
        const a = tree.nearest({ coords, version: 1 }, v, px, py);
        const b = scan.nearest({ coords, version: 1 }, v, px, py);
        expect(a).toBe(b);
        if (a >= 0) {
          const [sx, sy] = toScreen(v, coords[2 * a], coords[2 * a + 1]);
          expect(Math.hypot(sx - px, sy - py)).toBeLessThanOrEqual(8);
        }
      }
    }
    expect(tree.builtVersion()).toBe(1);
  });
});
