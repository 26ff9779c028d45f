/**
 * "Which point is under the pointer?" for hover and click.
 *
 * A KD-tree (kdbush) over the layout's data coordinates, built lazily on the first
 * query after the layout changes (never per frame, never on zoom: the tree lives in
 * data space, and the search radius is converted from CSS px at query time).
 * While a layout is still streaming (a new version ~10×/s) or small, a linear scan
 * is cheaper than rebuilding, so those cases never build a tree.
 */
import KDBush from 'kdbush';
import type { View } from './viewMath';

export interface HitLayout {
  readonly coords: Float32Array;
  readonly version: number;
  /** True while snapshots keep arriving: scan instead of building a tree. */
  readonly running?: boolean;
}

export interface HitIndex {
  /**
   * The point whose dot is nearest to (px, py), in CSS px relative to the plot, among
   * those within radiusPx; -1 when there is none. Ties go to the higher index, which is
   * drawn on top.
   */
  nearest(layout: HitLayout, view: View, px: number, py: number, radiusPx?: number): number;
  /** The layout version the tree was built for, or null when none is built (for tests). */
  builtVersion(): number | null;
}

/** Below this many points a scan beats building a tree. */
export const SCAN_BELOW = 4096;

export function createHitIndex(scanBelow = SCAN_BELOW): HitIndex {
  let tree: KDBush | null = null;
  let treeCoords: Float32Array | null = null;
  let treeVersion: number | null = null;

  const build = (coords: Float32Array, version: number): KDBush => {
    const n = coords.length >> 1;
    // Float32 storage is exact for Float32 coordinates and halves the memory.
    const t = new KDBush(n, 64, Float32Array);
    for (let i = 0; i < n; i++) {
      const x = coords[2 * i];
      const y = coords[2 * i + 1];
      // Non-finite points go far away instead of confusing the sort.
      if (Number.isFinite(x) && Number.isFinite(y)) t.add(x, y);
      else t.add(3e38, 3e38);
    }
    t.finish();
    tree = t;
    treeCoords = coords;
    treeVersion = version;
    return t;
  };

  return {
    nearest(layout, view, px, py, radiusPx = 8) {
      const { coords } = layout;
      const n = coords.length >> 1;
      if (n === 0) return -1;
      const r2 = radiusPx * radiusPx;
      let best = -1;
      let bestD = Infinity;
      const consider = (i: number): void => {
        const dx = coords[2 * i] * view.sx + view.ox - px;
        const dy = coords[2 * i + 1] * view.sy + view.oy - py;
        const d = dx * dx + dy * dy;
        if (d <= r2 && (d < bestD || (d === bestD && i > best))) {
          best = i;
          bestD = d;
        }
      };
      if (layout.running || n < scanBelow) {
        for (let i = 0; i < n; i++) consider(i);
        return best;
      }
      const t = treeVersion === layout.version && treeCoords === coords && tree ? tree : build(coords, layout.version);
      // Search in data space with a circle that covers the pixel radius on both axes,
      // then rank the candidates by true screen distance.
      const x = (px - view.ox) / view.sx;
      const y = (py - view.oy) / view.sy;
      const r = radiusPx / Math.min(Math.abs(view.sx), Math.abs(view.sy));
      for (const i of t.within(x, y, r)) consider(i);
      return best;
    },
    builtVersion: () => treeVersion,
  };
}
