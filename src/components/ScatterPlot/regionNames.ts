/**
 * Names on the map that scale with zoom: each region of the layout (compute/mapRegions.ts,
 * found in the plot worker at a coarse and a fine scale) is named after its first row in
 * priority order — for word lists, the most frequent word in it — and shows while the
 * zoom is in its level's band: coarse names zoomed out, finer ones zoomed in (Embedding
 * Atlas labels its density clusters the same way). Pure: regions in, marks out.
 */
import type { RegionLevel } from '../../compute/mapRegions';
import type { Mark } from './scatterTypes';

export interface RegionLabels {
  /** The name a region takes from its first row. */
  text(row: number): string;
  /** The zoom (1 = fitted) from which each level's names show, coarsest first; default [0, 3]. */
  readonly zooms?: readonly number[];
}

export const DEFAULT_REGION_ZOOMS: readonly number[] = [0, 3];

/** One 'cluster' mark per region with a name, biggest regions first within a level; a name is used once per level. */
export function regionMarks(levels: readonly RegionLevel[], labels: RegionLabels): Mark[] {
  const zooms = labels.zooms ?? DEFAULT_REGION_ZOOMS;
  const out: Mark[] = [];
  levels.forEach((level, j) => {
    if (j >= zooms.length) return;
    const minZoom = zooms[j];
    const maxZoom = j + 1 < zooms.length && j + 1 < levels.length ? zooms[j + 1] : undefined;
    const used = new Set<string>();
    for (let k = 0; k < level.row.length; k++) {
      const text = labels.text(level.row[k]);
      if (!text || used.has(text)) continue;
      used.add(text);
      out.push({ index: level.row[k], kind: 'cluster', x: level.x[k], y: level.y[k], text, minZoom, ...(maxZoom !== undefined ? { maxZoom } : {}) });
    }
  });
  return out;
}
