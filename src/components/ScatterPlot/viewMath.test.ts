import { describe, expect, it } from 'vitest';
import { cameraOf, dataExtent, fitView, outgrown, pointRadius, toData, toScreen, transformFor, visibleExtent, zoomView } from './viewMath';

describe('dataExtent', () => {
  it('is the bounding box of the points', () => {
    expect(dataExtent(new Float32Array([1, 2, -3, 5, 4, -1]))).toEqual({ minX: -3, minY: -1, maxX: 4, maxY: 5 });
  });
  it('ignores NaN and infinite coordinates', () => {
    expect(dataExtent(new Float32Array([NaN, 0, 1, 1, Infinity, 3, 2, 2]))).toEqual({ minX: 1, minY: 1, maxX: 2, maxY: 2 });
  });
  it('is null when no point is finite', () => {
    expect(dataExtent(new Float32Array([]))).toBeNull();
    expect(dataExtent(new Float32Array([NaN, NaN]))).toBeNull();
  });
});

describe('fitView', () => {
  it('maps the extent inside the padded plot, centred, with y pointing up', () => {
    const v = fitView({ minX: 0, minY: 0, maxX: 10, maxY: 5 }, 200, 200, 20);
    // x span 10 fills 160 px, so 16 px per unit on both axes.
    expect(toScreen(v, 0, 0)).toEqual([20, 140]);
    expect(toScreen(v, 10, 5)).toEqual([180, 60]);
    expect(v.sy).toBe(-v.sx);
  });
  it('uses the tighter axis so nothing is cut off', () => {
    const v = fitView({ minX: 0, minY: 0, maxX: 1, maxY: 4 }, 300, 100, 10);
    const [, top] = toScreen(v, 0, 4);
    const [, bottom] = toScreen(v, 0, 0);
    expect(top).toBeCloseTo(10);
    expect(bottom).toBeCloseTo(90);
  });
  it('still scales a single point or an empty layout to finite numbers', () => {
    for (const e of [{ minX: 3, minY: 3, maxX: 3, maxY: 3 }, null]) {
      const v = fitView(e, 100, 100);
      expect([v.sx, v.ox, v.sy, v.oy].every(Number.isFinite)).toBe(true);
    }
    expect(toScreen(fitView({ minX: 3, minY: 3, maxX: 3, maxY: 3 }, 100, 100), 3, 3)).toEqual([50, 50]);
  });
});

describe('zoomView', () => {
  const base = fitView({ minX: -1, minY: -1, maxX: 1, maxY: 1 }, 100, 100, 0);
  it('is the base view under the identity transform', () => {
    expect(zoomView(base, { k: 1, x: 0, y: 0 })).toEqual(base);
  });
  it('applies k·screen + (x, y) after the base fit, like d3-zoom', () => {
    const v = zoomView(base, { k: 2, x: -50, y: 10 });
    const [bx, by] = toScreen(base, 0.3, -0.4);
    const [zx, zy] = toScreen(v, 0.3, -0.4);
    expect(zx).toBeCloseTo(2 * bx - 50);
    expect(zy).toBeCloseTo(2 * by + 10);
  });
  it('toData inverts toScreen', () => {
    const v = zoomView(base, { k: 3.5, x: 12, y: -7 });
    const [px, py] = toScreen(v, 0.25, 0.75);
    const [x, y] = toData(v, px, py);
    expect(x).toBeCloseTo(0.25);
    expect(y).toBeCloseTo(0.75);
  });
  it('visibleExtent shrinks as the view zooms in', () => {
    const whole = visibleExtent(base, 100, 100);
    expect(whole.minX).toBeCloseTo(-1);
    expect(whole.maxY).toBeCloseTo(1);
    const zoomed = visibleExtent(zoomView(base, { k: 2, x: -50, y: -50 }), 100, 100);
    expect(zoomed.minX).toBeCloseTo(-0.5);
    expect(zoomed.maxX).toBeCloseTo(0.5);
  });
});

describe('pointRadius', () => {
  it('is smaller for more points and grows (boundedly) with zoom', () => {
    expect(pointRadius(500)).toBeGreaterThan(pointRadius(50_000));
    expect(pointRadius(50_000)).toBeGreaterThan(pointRadius(1_000_000));
    expect(pointRadius(50_000, 16)).toBeGreaterThan(pointRadius(50_000, 1));
    expect(pointRadius(50_000, 1e6)).toBeLessThanOrEqual(6);
  });
});

describe('cameraOf / transformFor', () => {
  const base = fitView({ minX: -2, minY: -1, maxX: 6, maxY: 3 }, 400, 300);

  it('the fitted view is zoom 1 centred on the middle of the data', () => {
    const c = cameraOf(base, { k: 1, x: 0, y: 0 }, 400, 300);
    expect(c.zoom).toBe(1);
    expect(c.cx).toBeCloseTo(2);
    expect(c.cy).toBeCloseTo(1);
  });

  it('transformFor puts the camera’s data point in the centre of the plot at its zoom', () => {
    const t = transformFor(base, { cx: 5, cy: -0.5, zoom: 3 }, 400, 300);
    const [px, py] = toScreen(zoomView(base, t), 5, -0.5);
    expect(px).toBeCloseTo(200);
    expect(py).toBeCloseTo(150);
    expect(t.k).toBe(3);
  });

  it('the two are inverses', () => {
    const t = { k: 2.5, x: -130, y: 42 };
    const back = transformFor(base, cameraOf(base, t, 400, 300), 400, 300);
    expect(back.k).toBeCloseTo(t.k);
    expect(back.x).toBeCloseTo(t.x);
    expect(back.y).toBeCloseTo(t.y);
  });
});

describe('outgrown', () => {
  const view = fitView({ minX: 0, minY: 0, maxX: 10, maxY: 10 }, 200, 200, 20);

  it('holds still while the points stay inside and fill a good part of the plot', () => {
    expect(outgrown(view, { minX: 0, minY: 0, maxX: 10, maxY: 10 }, 200, 200)).toBe(false);
    expect(outgrown(view, { minX: 2, minY: 2, maxX: 8, maxY: 8 }, 200, 200)).toBe(false);
  });

  it('asks for a new fit when a point leaves the plot', () => {
    expect(outgrown(view, { minX: 0, minY: 0, maxX: 12, maxY: 10 }, 200, 200)).toBe(true);
    expect(outgrown(view, { minX: 0, minY: -2, maxX: 10, maxY: 10 }, 200, 200)).toBe(true);
  });

  it('asks for a new fit when the points shrank to a small corner of it', () => {
    expect(outgrown(view, { minX: 4, minY: 4, maxX: 6, maxY: 6 }, 200, 200)).toBe(true);
  });
});
