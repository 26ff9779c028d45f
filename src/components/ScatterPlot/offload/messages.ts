/** The plot worker's messages (plot.worker.ts ⇄ plotCompute.ts), kept apart so both sides share the types. */
import type { DensityGrid, DensitySpec } from '../../../compute/density';
import type { RegionLevel } from '../../../compute/mapRegions';
import type { SpatialOrder } from '../drawOrder';

export type PlotRequest =
  /** The points of layout `version` of plot `session` (a copy); later requests name the version. */
  | { readonly type: 'points'; readonly session: number; readonly version: number; readonly coords: Float32Array }
  | { readonly type: 'index'; readonly id: number; readonly session: number; readonly version: number }
  | { readonly type: 'density'; readonly id: number; readonly session: number; readonly version: number; readonly spec: DensitySpec }
  | { readonly type: 'regions'; readonly id: number; readonly session: number; readonly version: number }
  /** The draw order of a large layout (drawOrder.ts), so the renderer does not sort a million points on the main thread. */
  | { readonly type: 'order'; readonly id: number; readonly session: number; readonly version: number }
  | { readonly type: 'close'; readonly session: number };

export type PlotResult =
  /** A kdbush tree's buffer (KDBush.from), or null when the version is no longer the session's. */
  | { readonly id: number; readonly ok: true; readonly index?: ArrayBuffer | null; readonly density?: DensityGrid | null; readonly regions?: RegionLevel[] | null; readonly order?: SpatialOrder | null }
  | { readonly id: number; readonly ok: false; readonly error: string };
