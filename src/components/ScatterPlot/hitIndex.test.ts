import { describe, expect, it } from 'vitest';
import { buildPointIndex } from '../../compute/pointIndex';
import { createRng } from '../../compute/random';
import { createHitIndex } from './hitIndex';
import { fitView, zoomView } from './viewMath';

const view = { sx: 10, ox: 0, sy: -10, oy: 100 };

/** A hit index with a tree installed for this layout (as the plot does when the worker answers). */
function indexed(coords: Float32Array, version = 1) {
  const hits = createHitIndex();
  hits.install(coords, version, buildPointIndex(coords));
  return hits;
}

describe('createHitIndex().nearest', () => {
  it('returns the closest point within the radius, in screen pixels', () => {
    const coords = new Float32Array([1, 1, 2, 1, 5, 5]);
    const hits = indexed(coords);
    const layout = { coords, version: 1 };
    // (1,1) → (10, 90); (2,1) → (20, 90).
    expect(hits.nearest(layout, view, 13, 91)).toBe(0);
    expect(hits.nearest(layout, view, 17, 90)).toBe(1);
    expect(hits.nearest(layout, view, 35, 90)).toBe(-1);
    expect(hits.nearest(layout, view, 35, 90, 20)).toBe(1);
  });

  it('answers by scanning until a tree for this very layout is installed, and from the tree after', () => {
    const hits = createHitIndex();
    const coords = new Float32Array([0, 0, 1, 1]);
    expect(hits.nearest({ coords, version: 3 }, view, 0, 100)).toBe(0);
    expect(hits.builtVersion()).toBeNull();
    // A tree built for other points is never used for these.
    const stale = new Float32Array([5, 5, 9, 9]);
    hits.install(stale, 3, buildPointIndex(stale));
    expect(hits.nearest({ coords, version: 3 }, view, 10, 90)).toBe(1);
    hits.install(coords, 3, buildPointIndex(coords));
    // A zoom changes the view, not the tree.
    expect(hits.nearest({ coords, version: 3 }, zoomView(view, { k: 2, x: 0, y: -100 }), 20, 80)).toBe(1);
    expect(hits.builtVersion()).toBe(3);
  });

  it('scans while the layout is still running', () => {
    const coords = new Float32Array([0, 0]);
    const hits = indexed(new Float32Array([9, 9]));
    expect(hits.nearest({ coords, version: 1, running: true }, view, 1, 100)).toBe(0);
  });

  it('gives ties to the higher index (drawn on top) and skips non-finite points', () => {
    const coords = new Float32Array([1, 1, NaN, 1, 1, 1]);
    const hits = indexed(coords);
    expect(hits.nearest({ coords, version: 1 }, view, 10, 90)).toBe(2);
    expect(hits.nearest({ coords: new Float32Array(0), version: 2 }, view, 10, 90)).toBe(-1);
  });

  it('agrees with a brute-force scan on random points at several zooms', () => {
    const rng = createRng(7);
    const n = 5000;
    const coords = new Float32Array(n * 2).map(() => rng.gaussian());
    const tree = indexed(coords);
    const scan = createHitIndex();
    const base = fitView({ minX: -3, minY: -3, maxX: 3, maxY: 3 }, 400, 300);
    for (const k of [0.7, 1, 4, 30]) {
      const v = zoomView(base, { k, x: (1 - k) * 200, y: (1 - k) * 150 });
      for (let q = 0; q < 200; q++) {
        const px = rng.next() * 400;
        const py = rng.next() * 300;
        expect(tree.nearest({ coords, version: 1 }, v, px, py, 6)).toBe(scan.nearest({ coords, version: 1 }, v, px, py, 6));
      }
    }
  });
});
