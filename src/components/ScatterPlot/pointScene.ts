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
import { pairsToSlots, spatialOrder, toSlots, type SpatialOrder } from './drawOrder';
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
  /**
   * The scene for these inputs. `spatial`: true orders a large layout here (drawOrder.ts),
   * an order already made for these coordinates (the plot worker's) is used as it is, and
   * false keeps row order (no ordering pass: a new layout's first frame, or a stream of
   * snapshots).
   */
  build(input: SceneInput, spatial?: boolean | SpatialOrder): PointScene;
  /** The rows' positions in `from` (n×2, row order), gathered into the scene's current slot order. */
  gatherCoords(from: Float32Array): Float32Array;
}

/** The passes over the spatially ordered slots: `pick` lists ordered slots in draw order (null: all, in order). */
interface Sequence {
  readonly pick: Uint32Array | null;
  readonly passes: readonly ScenePass[];
}

/** Slot rows and positions of a sequence (change with the layout, the mask, the sizes). */
interface Geometry {
  readonly seq: Sequence;
  /** The positions it was picked from (the ordered ones, or the rows' own). */
  readonly from: Float32Array;
  readonly rows: Uint32Array | null;
  readonly coords: Float32Array;
}

/** Slot colours of a sequence (change with the colouring too). */
interface Paint {
  readonly seq: Sequence;
  readonly from: Uint32Array;
  readonly colors: Uint32Array;
}

export function createSceneBuilder(): SceneBuilder {
  let ordered: { coords: Float32Array; n: number; spatial: boolean | SpatialOrder; order: SpatialOrder | null } | null = null;
  let orderedColors: { order: SpatialOrder | null; from: Uint32Array; out: Uint32Array } | null = null;
  let classes: { sizes: Float32Array; n: number; classes: Uint8Array; present: readonly number[] } | null = null;
  let seq: { order: SpatialOrder | null; classes: Uint8Array | null; mask: Uint8Array | null; n: number; seq: Sequence } | null = null;
  let geometry: Geometry | null = null;
  let paint: Paint | null = null;
  let scene: { geometry: Geometry; paint: Paint; scene: PointScene } | null = null;

  const sequence = (input: SceneInput, n: number, order: SpatialOrder | null): Sequence => {
    const sized = input.sizes ? (classes?.sizes === input.sizes && classes.n === n ? classes : (classes = { sizes: input.sizes, n, ...sizeClasses(input.sizes, n) })) : null;
    const mask = input.mask && input.mask.length >= n ? input.mask : null;
    const cls = sized?.classes ?? null;
    if (seq && seq.order === order && seq.classes === cls && seq.mask === mask && seq.n === n) return seq.seq;
    const s = buildSequence(n, order?.rows ?? null, cls, sized?.present ?? [SIZE_STEPS], mask);
    seq = { order, classes: cls, mask, n, seq: s };
    return s;
  };

  return {
    build(input, spatial = true) {
      const n = Math.min(input.coords.length >> 1, input.colors.length);
      if (ordered?.coords !== input.coords || ordered.n !== n || ordered.spatial !== spatial) {
        const given = typeof spatial === 'object' && spatial.rows.length === n ? spatial : null;
        ordered = { coords: input.coords, n, spatial, order: given ?? (spatial === true ? spatialOrder(input.coords, n) : null) };
      }
      const order = ordered.order;
      if (orderedColors?.order !== order || orderedColors.from !== input.colors) {
        orderedColors = { order, from: input.colors, out: order ? toSlots(input.colors.length === n ? input.colors : input.colors.subarray(0, n), order.slotOf) : input.colors };
      }
      const s = sequence(input, n, order);
      const coords = order?.coords ?? input.coords;
      if (geometry?.seq !== s || geometry.from !== coords) {
        geometry = s.pick ? { seq: s, from: coords, rows: pickRows(s.pick, order?.rows ?? null), coords: pickPairs(coords, s.pick) } : { seq: s, from: coords, rows: order?.rows ?? null, coords };
      }
      if (paint?.seq !== s || paint.from !== orderedColors.out) paint = { seq: s, from: orderedColors.out, colors: s.pick ? pick(orderedColors.out, s.pick) : orderedColors.out };
      if (scene?.geometry !== geometry || scene.paint !== paint) {
        scene = { geometry, paint, scene: { count: s.pick ? s.pick.length : n, rows: geometry.rows, coords: geometry.coords, colors: paint.colors, passes: s.passes } };
      }
      return scene.scene;
    },
    gatherCoords(from) {
      const order = ordered?.order ?? null;
      const inSlots = order ? pairsToSlots(from, order.slotOf) : from;
      const p = geometry?.seq.pick;
      return p ? pickPairs(inSlots, p) : inSlots;
    },
  };
}

/**
 * The draw sequence over ordered slots: stably partitioned by pass key (dimmed classes
 * ascending, then highlighted classes ascending), so each pass keeps the spatial order.
 */
export function buildSequence(n: number, rows: Uint32Array | null, classes: Uint8Array | null, present: readonly number[], mask: Uint8Array | null): Sequence {
  const only = present[0] ?? SIZE_STEPS;
  if (present.length <= 1 && !mask) return { pick: null, passes: n > 0 ? [{ start: 0, end: n, sizeClass: only, alpha: ALPHA }] : [] };
  // Pass keys: without a mask, the class's rank; with one, dimmed ranks first, then highlighted.
  const rank = new Uint8Array(64);
  present.forEach((c, r) => (rank[c] = r));
  const p = present.length;
  const keyCount = mask ? 2 * p : p;
  const keyOf = (i: number): number => {
    const r = classes ? rank[classes[i]] : rank[only];
    return mask ? (mask[i] ? p + r : r) : r;
  };
  const keys = new Uint8Array(n);
  const starts = new Uint32Array(keyCount + 1);
  for (let s = 0; s < n; s++) {
    const k = keyOf(rows ? rows[s] : s);
    keys[s] = k;
    starts[k + 1]++;
  }
  for (let k = 0; k < keyCount; k++) starts[k + 1] += starts[k];
  const fill = starts.slice(0, keyCount);
  const picks = new Uint32Array(n);
  for (let s = 0; s < n; s++) picks[fill[keys[s]]++] = s;
  const passes: ScenePass[] = [];
  for (let k = 0; k < keyCount; k++) {
    if (starts[k + 1] === starts[k]) continue;
    const sizeClass = present[k % p];
    const alpha = mask ? (k >= p ? FULL_ALPHA : DIM_ALPHA) : ALPHA;
    passes.push({ start: starts[k], end: starts[k + 1], sizeClass, alpha });
  }
  return { pick: picks, passes };
}

/** Each pass reads its slots in ascending order, so these gathers stream. */
function pick(values: Uint32Array, slots: Uint32Array): Uint32Array {
  const out = new Uint32Array(slots.length);
  for (let k = 0; k < slots.length; k++) out[k] = values[slots[k]];
  return out;
}

function pickRows(slots: Uint32Array, rows: Uint32Array | null): Uint32Array {
  return rows ? pick(rows, slots) : slots.slice();
}

function pickPairs(coords: Float32Array, slots: Uint32Array): Float32Array {
  const out = new Float32Array(2 * slots.length);
  for (let k = 0; k < slots.length; k++) {
    const s = slots[k];
    out[2 * k] = coords[2 * s];
    out[2 * k + 1] = coords[2 * s + 1];
  }
  return out;
}
