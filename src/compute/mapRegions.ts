/**
 * Regions of a 2D layout for names on the map, at several scales: the density of the
 * points (density.ts) is smoothed with a wide kernel for coarse regions and a narrow one
 * for fine regions; each grid cell climbs to its highest neighbour until it reaches a
 * peak, and the points whose cells reach the same peak form one region (a watershed of
 * the density, as Embedding Atlas finds its clusters). The plot names each region after
 * its first row in priority order (for word lists, the most frequent word in it) and
 * shows coarse names zoomed out, finer ones zoomed in.
 *
 * Pure: runs in the plot worker, and in Node tests.
 */
import { densityGrid } from './density';

export interface RegionLevel {
  /** Where each region's name goes: its density peak, in data coordinates. */
  readonly x: Float32Array;
  readonly y: Float32Array;
  /** The region's first row (lowest index): the row its name is taken from. */
  readonly row: Int32Array;
  /** Points in the region; regions come biggest first. */
  readonly count: Int32Array;
}

export interface RegionOptions {
  /** Grid cells along the longer side of the layout. */
  readonly cells?: number;
  /** Smoothing of each level, in cells, coarsest first. */
  readonly sigmas?: readonly number[];
  /** A region needs at least this share of the points (and at least minCount of them). */
  readonly minShare?: number;
  readonly minCount?: number;
}

/** Cells below this share of the densest cell belong to no region (the empty sea between islands). */
const FLOOR = 0.04;

export function mapRegions(coords: Float32Array, options: RegionOptions = {}): RegionLevel[] {
  const { cells = 160, sigmas = [6, 3], minShare = 0.003, minCount = 5 } = options;
  const n = coords.length >> 1;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i], y = coords[2 * i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (!(minX <= maxX)) return sigmas.map(() => emptyLevel());
  // A margin so the kernel's tails stay on the grid; square cells.
  const span = Math.max(maxX - minX, maxY - minY) || 1;
  const cell = (span * 1.1) / cells;
  const cols = Math.max(1, Math.ceil((maxX - minX) / cell + 0.1 * cells));
  const rows = Math.max(1, Math.ceil((maxY - minY) / cell + 0.1 * cells));
  const cx = (minX + maxX) / 2, cy = (minY + maxY) / 2;
  const rect = { minX: cx - (cols * cell) / 2, maxX: cx + (cols * cell) / 2, minY: cy - (rows * cell) / 2, maxY: cy + (rows * cell) / 2 };
  const need = Math.max(minCount, Math.ceil(minShare * n));
  return sigmas.map((sigma) => {
    const grid = densityGrid(coords, { ...rect, cols, rows, sigma });
    const peakOf = climb(grid.values, cols, rows);
    return collect(coords, peakOf, { ...rect, cols, rows, cell }, need);
  });
}

/** For every cell, the peak it climbs to (steepest ascent over 8 neighbours), or -1 below the floor. */
export function climb(values: Float32Array, cols: number, rows: number): Int32Array {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  const floor = FLOOR * max;
  const up = new Int32Array(values.length).fill(-1);
  for (let y = 0; y < rows; y++) {
    for (let x = 0; x < cols; x++) {
      const c = y * cols + x;
      if (!(values[c] >= floor) || max === 0) continue;
      let best = c;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx, yy = y + dy;
          if (xx < 0 || yy < 0 || xx >= cols || yy >= rows) continue;
          const o = yy * cols + xx;
          // Ties go to the lower index, so a flat top still has exactly one peak.
          if (values[o] > values[best] || (values[o] === values[best] && o < best)) best = o;
        }
      }
      up[c] = best;
    }
  }
  // Follow each chain to its top, shortening chains as they are walked.
  const peak = new Int32Array(values.length).fill(-1);
  for (let c = 0; c < values.length; c++) {
    if (up[c] < 0) continue;
    let top = c;
    while (up[top] !== top) top = up[top];
    let walk = c;
    while (up[walk] !== top) {
      const next = up[walk];
      up[walk] = top;
      walk = next;
    }
    peak[c] = top;
  }
  return peak;
}

interface GridFrame {
  readonly minX: number;
  readonly maxY: number;
  readonly cols: number;
  readonly rows: number;
  readonly cell: number;
}

function collect(coords: Float32Array, peakOf: Int32Array, g: GridFrame, need: number): RegionLevel {
  const n = coords.length >> 1;
  const idOfPeak = new Map<number, number>();
  const first: number[] = [];
  const count: number[] = [];
  const peaks: number[] = [];
  for (let i = 0; i < n; i++) {
    const gx = Math.floor((coords[2 * i] - g.minX) / g.cell);
    const gy = Math.floor((g.maxY - coords[2 * i + 1]) / g.cell);
    if (!(gx >= 0 && gy >= 0 && gx < g.cols && gy < g.rows)) continue;
    const p = peakOf[gy * g.cols + gx];
    if (p < 0) continue;
    let id = idOfPeak.get(p);
    if (id === undefined) {
      idOfPeak.set(p, (id = first.length));
      first.push(i);
      count.push(0);
      peaks.push(p);
    }
    count[id]++;
  }
  const kept = count.map((_, id) => id).filter((id) => count[id] >= need).sort((a, b) => count[b] - count[a]);
  const out = { x: new Float32Array(kept.length), y: new Float32Array(kept.length), row: new Int32Array(kept.length), count: new Int32Array(kept.length) };
  kept.forEach((id, k) => {
    const p = peaks[id];
    out.x[k] = g.minX + ((p % g.cols) + 0.5) * g.cell;
    out.y[k] = g.maxY - (Math.floor(p / g.cols) + 0.5) * g.cell;
    out.row[k] = first[id];
    out.count[k] = count[id];
  });
  return out;
}

function emptyLevel(): RegionLevel {
  return { x: new Float32Array(0), y: new Float32Array(0), row: new Int32Array(0), count: new Int32Array(0) };
}
