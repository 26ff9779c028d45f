/**
 * How a density grid (compute/density.ts) looks under the points: a few bands of one
 * colour, darker where more points lie, like filled contours (the levels double, so
 * the bands read as "twice as dense" steps). Pure, tested in Node.
 */
import type { DensityGrid } from '../../compute/density';
import { packRGBA, unpackRGBA } from './raster';
import type { DensityLayer } from './renderTypes';

/** Band thresholds as fractions of the densest cell, and each band's opacity (0..255). */
const LEVELS = [0.03, 0.06, 0.12, 0.24, 0.48] as const;
const OPACITY = [28, 48, 70, 94, 120] as const;

export function densityLayer(grid: DensityGrid, color: number): DensityLayer {
  const { values } = grid;
  let max = 0;
  for (let c = 0; c < values.length; c++) if (values[c] > max) max = values[c];
  const [r, g, b] = unpackRGBA(color);
  const bands = OPACITY.map((a) => packRGBA(r, g, b, a));
  const rgba = new Uint32Array(values.length);
  if (max > 0) {
    const cuts = LEVELS.map((l) => l * max);
    for (let c = 0; c < values.length; c++) {
      const v = values[c];
      if (v < cuts[0]) continue;
      let band = 0;
      while (band + 1 < cuts.length && v >= cuts[band + 1]) band++;
      rgba[c] = bands[band];
    }
  }
  return { cols: grid.cols, rows: grid.rows, minX: grid.minX, minY: grid.minY, maxX: grid.maxX, maxY: grid.maxY, rgba };
}
