/**
 * Text on the map besides the selection's: cluster names (when colouring by a
 * "Find clusters" column) and, with Labels on, the labels of the first on-screen rows.
 * Pure: marks in, marks out; the overlay decides which fit (labels.ts).
 */
import type { Column } from '../../compute/dataset';
import type { MapLabels, Mark } from './scatterTypes';
import { toScreen, type View } from './viewMath';

/** Map labels considered per frame (in row order: for word lists, the most frequent first). */
export const MAX_LABEL_CANDIDATES = 300;

/**
 * Each cluster's name at its most central member in this layout: the member nearest
 * the cluster's 2D mean, so a name never floats in empty space between the two halves
 * of a cluster the layout split.
 */
export function clusterNameMarks(column: Extract<Column, { type: 'category' }>, coords: Float32Array): Mark[] {
  const k = column.categories.length;
  const n = coords.length >> 1;
  const sx = new Float64Array(k), sy = new Float64Array(k), count = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    const c = column.codes[i];
    if (c >= k) continue; // missing
    sx[c] += coords[2 * i];
    sy[c] += coords[2 * i + 1];
    count[c]++;
  }
  const best = new Int32Array(k).fill(-1);
  const bestD = new Float64Array(k).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const c = column.codes[i];
    if (c >= k) continue;
    const d = (coords[2 * i] - sx[c] / count[c]) ** 2 + (coords[2 * i + 1] - sy[c] / count[c]) ** 2;
    if (d < bestD[c]) {
      bestD[c] = d;
      best[c] = i;
    }
  }
  const out: Mark[] = [];
  for (let c = 0; c < k; c++) {
    const i = best[c];
    if (i >= 0) out.push({ index: i, kind: 'cluster', x: coords[2 * i], y: coords[2 * i + 1], text: column.categories[c] });
  }
  return out;
}

export interface VisibleLabelsInput {
  readonly coords: Float32Array;
  readonly labels: MapLabels;
  /** Rows that already have a mark. */
  readonly taken: ReadonlySet<number>;
  readonly view: View;
  readonly width: number;
  readonly height: number;
}

/** Label marks for the first candidate rows (in priority order) that are on screen and pass the mask. */
export function visibleLabelMarks({ coords, labels, taken, view, width, height }: VisibleLabelsInput): Mark[] {
  const out: Mark[] = [];
  const n = coords.length >> 1;
  const { rows, mask } = labels;
  const max = labels.max ?? MAX_LABEL_CANDIDATES;
  const count = rows ? rows.length : n;
  for (let r = 0; r < count && out.length < max; r++) {
    const i = rows ? rows[r] : r;
    if (!(i >= 0 && i < n) || (mask && !mask[i]) || taken.has(i)) continue;
    const x = coords[2 * i], y = coords[2 * i + 1];
    const [px, py] = toScreen(view, x, y);
    if (!(px >= 0 && py >= 0 && px <= width && py <= height)) continue;
    const color = labels.color?.(i);
    out.push({ index: i, kind: 'label', x, y, text: labels.text(i), ...(color ? { color } : {}) });
  }
  return out;
}
