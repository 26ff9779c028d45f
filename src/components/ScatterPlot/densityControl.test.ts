import { describe, expect, it } from 'vitest';
import { createRng } from '../../compute/random';
import { createDensityControl, gridSpec, overlaps, type DensityState } from './densityControl';
import { createPlotCompute } from './offload/plotCompute';
import type { DensityLayer } from './renderTypes';
import { fitView, visibleExtent } from './viewMath';

const view = fitView({ minX: -3, minY: -3, maxX: 3, maxY: 3 }, 600, 400);
const stateOf = (n: number, radius = 1.6): DensityState => {
  const rng = createRng(n);
  return { coords: new Float32Array(2 * n).map(() => rng.gaussian()), version: 1, running: false, view, width: 600, height: 400, radius, span: 6 };
};

describe('overlaps', () => {
  it('is true when the dots on screen would cover over half the plot, or there are more than 100k points', () => {
    expect(overlaps(stateOf(1000))).toBe(false);
    expect(overlaps(stateOf(20_000))).toBe(true);
    expect(overlaps(stateOf(1000, 8))).toBe(true);
  });
});

describe('gridSpec', () => {
  it('covers the screen with a margin, at 2.5 px a cell', () => {
    const s = stateOf(10);
    const g = gridSpec(s);
    const e = visibleExtent(view, 600, 400);
    expect(g.minX).toBeLessThan(e.minX);
    expect(g.maxY).toBeGreaterThan(e.maxY);
    expect(g.cols).toBe(360);
    expect(g.rows).toBe(240);
  });

  it('widens the kernel with the zoom, so a zoomed-in view shades regions rather than single dots', () => {
    const fitted = gridSpec(stateOf(10));
    const zoomed = gridSpec({ ...stateOf(10), view: { ...view, sx: view.sx * 8, sy: view.sy * 8 } });
    expect(zoomed.sigma).toBeGreaterThan(fitted.sigma * 2.5);
  });
});

describe('createDensityControl', () => {
  it('shows a layer from the worker when turned on, removes it when turned off, and says so', async () => {
    const session = createPlotCompute(false).open();
    const layers: (DensityLayer | null)[] = [];
    const shown: boolean[] = [];
    const control = createDensityControl(session, (l) => layers.push(l), (s) => shown.push(s), 'auto');
    const s = stateOf(1000);
    session.setPoints(s.version, s.coords);
    control.update(s);
    await new Promise((r) => setTimeout(r, 20));
    // 1,000 dots barely overlap: auto leaves it off.
    expect(control.shown()).toBe(false);
    control.setMode('on');
    expect(shown).toEqual([true]);
    await expect.poll(() => layers.length).toBe(1);
    expect(layers[0]?.rgba.some((c) => c !== 0)).toBe(true);
    control.setMode('off');
    expect(shown).toEqual([true, false]);
    expect(layers.at(-1)).toBeNull();
    control.destroy();
  });
});
