/**
 * Pan and zoom for the plot: d3-zoom on the pointer surface, reduced to a transform
 * ({k, x, y} on top of the fitted view) and a callback. Like xyflow's XYPanZoom it
 * knows nothing of what is drawn; the plot core turns transforms into views.
 */
import { select } from 'd3-selection';
import { zoom, zoomIdentity, zoomTransform, type ZoomTransform } from 'd3-zoom';
import type { ZoomLike } from './viewMath';

export interface PanZoomOptions {
  /** Drags for which this is true are someone else's (the lasso), not a pan. */
  leaveDrag(e: MouseEvent): boolean;
  /** After every change; `byUser` when a wheel, drag or touch caused it (not fit() or a key). */
  onChange(t: ZoomLike, byUser: boolean): void;
}

export interface PanZoom {
  transform(): ZoomLike;
  setTransform(t: ZoomLike): void;
  fit(): void;
  zoomBy(factor: number): void;
  /** Moves the content by (dx, dy) CSS px. */
  panBy(dx: number, dy: number): void;
  destroy(): void;
}

const SCALE_EXTENT: [number, number] = [0.25, 20000];

export function createPanZoom(surface: HTMLElement, opts: PanZoomOptions): PanZoom {
  const surfaceSel = select<HTMLElement, unknown>(surface);
  // d3-zoom keeps the transform on the element; a remount of the same element
  // (React StrictMode) must start from what is stored there.
  let current: ZoomTransform = zoomTransform(surface);
  const zoomer = zoom<HTMLElement, unknown>()
    .scaleExtent(SCALE_EXTENT)
    // d3's default filter, minus the drags that draw a lasso.
    .filter((e: MouseEvent) => e.type === 'wheel' || (!opts.leaveDrag(e) && !e.ctrlKey && !e.button))
    // A few px of jitter during a click must not turn it into a (click-swallowing) drag.
    .clickDistance(4)
    .on('zoom', (e: { transform: ZoomTransform; sourceEvent: unknown }) => {
      current = e.transform;
      opts.onChange(current, !!e.sourceEvent);
    });
  surfaceSel.call(zoomer);

  return {
    transform: () => current,
    setTransform: (t) => zoomer.transform(surfaceSel, zoomIdentity.translate(t.x, t.y).scale(t.k)),
    fit: () => zoomer.transform(surfaceSel, zoomIdentity),
    zoomBy: (factor) => zoomer.scaleBy(surfaceSel, factor),
    // translateBy works in the transform's own units, which are scaled by k.
    panBy: (dx, dy) => zoomer.translateBy(surfaceSel, dx / current.k, dy / current.k),
    destroy: () => {
      surfaceSel.on('.zoom', null);
    },
  };
}
