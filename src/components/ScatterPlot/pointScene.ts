/**
 * What both renderers draw, in the order they draw it: the "scene" of the points.
 *
 * Points are drawn in passes (one size class and one opacity each: the dimmed points
 * under a search or lasso first, then the highlighted ones; smaller sizes before bigger
 * ones), and within a pass in a spatial order for large layouts (drawOrder.ts), which
 * keeps the CPU raster's writes in cache and halves its time at 1M points. The
 * positions and colours are gathered into that order once per change (not per frame),
 * so a frame reads them front to back. The WebGL renderer uploads the same arrays, so
 * both draw the same points in the same order and their pictures agree.
 *
 * Pure (no DOM) and cached by identity: a frame that changes only the view reuses
 * everything; a new mask regathers; a new layout reorders.
 */
import { spatialOrder } from './drawOrder';
import { sizeClasses, SIZE_STEPS } from './sizes';

/** Normal dots are slightly translucent so dense clusters read as denser (alpha 0..256). */
export const ALPHA = 210;
/** Points outside the highlight mask (search ∩ lasso). */
export const DIM_ALPHA = 36;
/** Points inside the mask. */
export const FULL_ALPHA = 256;

export interface ScenePass {
  /** Slots [start, end) of the scene arrays. */
  readonly start: number;
  readonly end: number;
  /** Dot size in quarter steps of the base radius (SIZE_STEPS = the base radius). */
  readonly sizeClass: number;
  /** Opacity 0..256, multiplied by each colour's own alpha. */
  readonly alpha: number;
}

export interface PointScene {
  /** Slots drawn (≤ the number of rows). */
  readonly count: number;
  /** Row of each slot, in draw order; null when slot = row (small layouts, nothing reordered). */
  readonly rows: Uint32Array | null;
  /** x, y of each slot. */
  readonly coords: Float32Array;
  /** Packed RGBA of each slot. */
  readonly colors: Uint32Array;
  readonly passes: readonly ScenePass[];
}

export interface SceneInput {
  /** n×2 data coordinates (row order). */
  readonly coords: Float32Array;
  /** One packed colour per row (at least n). */
  readonly colors: Uint32Array;
  /** Per-row size multiple, or null. */
  readonly sizes: Float32Array | null;
  /** 1 = highlighted, 0 = dimmed; null (or too short) dims nothing. */
  readonly mask: Uint8Array | null;
}

export interface SceneBuilder {
  build(input: SceneInput): PointScene;
  /** The rows' positions in `from` (n×2, row order), gathered into the scene's current slot order. */
  gatherCoords(from: Float32Array): Float32Array;
}

interface Sequence {
  readonly rows: Uint32Array | null;
  readonly passes: readonly ScenePass[];
}

export function createSceneBuilder(): SceneBuilder {
  let order: { coords: Float32Array; order: Uint32Array | null } | null = null;
  let classes: { sizes: Float32Array; n: number; classes: Uint8Array; present: readonly number[] } | null = null;
  let seq: { order: Uint32Array | null; classes: Uint8Array | null; mask: Uint8Array | null; n: number; seq: Sequence } | null = null;
  let coordsOut: { rows: Uint32Array | null; from: Float32Array; out: Float32Array } | null = null;
  let colorsOut: { rows: Uint32Array | null; from: Uint32Array; out: Uint32Array } | null = null;

  const sequence = (input: SceneInput, n: number): Sequence => {
    if (order?.coords !== input.coords) order = { coords: input.coords, order: spatialOrder(input.coords, n) };
    const sized = input.sizes ? (classes?.sizes === input.sizes && classes.n === n ? classes : (classes = { sizes: input.sizes, n, ...sizeClasses(input.sizes, n) })) : null;
    const mask = input.mask && input.mask.length >= n ? input.mask : null;
    const cls = sized?.classes ?? null;
    if (seq && seq.order === order.order && seq.classes === cls && seq.mask === mask && seq.n === n) return seq.seq;
    const s = buildSequence(n, order.order, cls, sized?.present ?? [SIZE_STEPS], mask);
    seq = { order: order.order, classes: cls, mask, n, seq: s };
    return s;
  };

  return {
    build(input) {
      const n = Math.min(input.coords.length >> 1, input.colors.length);
      const s = sequence(input, n);
      if (coordsOut?.rows !== s.rows || coordsOut.from !== input.coords) {
        coordsOut = { rows: s.rows, from: input.coords, out: s.rows ? gatherPairs(input.coords, s.rows) : input.coords };
      }
      if (colorsOut?.rows !== s.rows || colorsOut.from !== input.colors) {
        colorsOut = { rows: s.rows, from: input.colors, out: s.rows ? gather(input.colors, s.rows) : input.colors };
      }
      return { count: s.rows ? s.rows.length : n, rows: s.rows, coords: coordsOut.out, colors: colorsOut.out, passes: s.passes };
    },
    gatherCoords(from) {
      const rows = seq?.seq.rows ?? null;
      return rows ? gatherPairs(from, rows) : from;
    },
  };
}

/**
 * The draw sequence: rows stably partitioned by pass key (dimmed classes ascending, then
 * highlighted classes ascending), each pass in `order` (or row order).
 */
export function buildSequence(n: number, order: Uint32Array | null, classes: Uint8Array | null, present: readonly number[], mask: Uint8Array | null): Sequence {
  const single = present.length <= 1 && !mask;
  const only = present[0] ?? SIZE_STEPS;
  if (single) return { rows: order, passes: n > 0 ? [{ start: 0, end: n, sizeClass: only, alpha: ALPHA }] : [] };
  // Pass keys: without a mask, the class's rank; with one, dimmed ranks first, then highlighted.
  const rank = new Uint8Array(64);
  present.forEach((c, r) => (rank[c] = r));
  const p = present.length;
  const keyCount = mask ? 2 * p : p;
  const keyOf = (i: number): number => {
    const r = classes ? rank[classes[i]] : rank[only];
    return mask ? (mask[i] ? p + r : r) : r;
  };
  const starts = new Uint32Array(keyCount + 1);
  for (let i = 0; i < n; i++) starts[keyOf(i) + 1]++;
  for (let k = 0; k < keyCount; k++) starts[k + 1] += starts[k];
  const fill = starts.slice(0, keyCount);
  const rows = new Uint32Array(n);
  for (let s = 0; s < n; s++) {
    const i = order ? order[s] : s;
    rows[fill[keyOf(i)]++] = i;
  }
  const passes: ScenePass[] = [];
  for (let k = 0; k < keyCount; k++) {
    if (starts[k + 1] === starts[k]) continue;
    const sizeClass = present[k % p];
    const alpha = mask ? (k >= p ? FULL_ALPHA : DIM_ALPHA) : ALPHA;
    passes.push({ start: starts[k], end: starts[k + 1], sizeClass, alpha });
  }
  return { rows, passes };
}

function gather(values: Uint32Array, rows: Uint32Array): Uint32Array {
  const out = new Uint32Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = values[rows[k]];
  return out;
}

function gatherPairs(coords: Float32Array, rows: Uint32Array): Float32Array {
  const out = new Float32Array(2 * rows.length);
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k];
    out[2 * k] = coords[2 * i];
    out[2 * k + 1] = coords[2 * i + 1];
  }
  return out;
}
