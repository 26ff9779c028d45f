/**
 * The lasso gesture on the plot's pointer surface: Shift+drag (or any drag in lasso
 * mode) draws a dashed polygon in screen space; releasing hands the polygon to the
 * controller, which turns it into a selection of points. Only the gesture lives here:
 * d3-zoom must be told to leave these drags alone (`wants`), and the click that ends a
 * lasso must not count as a click on the plot (`takeClick`).
 */
import { select } from 'd3-selection';

export type ScreenPoint = [number, number];

export interface LassoGestureOptions {
  /** Whether a lasso may start now (e.g. a current layout is on screen). */
  canStart(): boolean;
  onStart(): void;
  /** The finished polygon (≥ 3 points), in CSS px relative to the surface. */
  onEnd(polygon: ScreenPoint[]): void;
}

export interface LassoGesture {
  /** Whether a drag starting with this event draws a lasso rather than panning. */
  wants(e: { shiftKey: boolean }): boolean;
  setMode(on: boolean): void;
  /** While a lasso is being drawn (no hover meanwhile). */
  active(): boolean;
  /** True once right after a lasso ended, so the click that follows is ignored. */
  takeClick(): boolean;
  destroy(): void;
}

/** Pointer moves shorter than this (px, L1) add no vertex: the polygon stays small and its test fast. */
const MIN_STEP = 3;

export function createLassoGesture(surface: HTMLElement, marks: SVGSVGElement, opts: LassoGestureOptions): LassoGesture {
  let mode = false;
  let points: ScreenPoint[] | null = null;
  let swallowClick = false;
  const path = select(marks).append('path').attr('class', 'scatter-lasso');

  const local = (e: MouseEvent): ScreenPoint => {
    const r = surface.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  };
  const draw = (): void => {
    path.attr('d', points && points.length > 1 ? `M${points.map((p) => `${p[0]},${p[1]}`).join('L')}Z` : null);
  };
  const onDown = (e: PointerEvent): void => {
    if (e.button !== 0 || !(mode || e.shiftKey) || !opts.canStart()) return;
    e.preventDefault();
    surface.setPointerCapture(e.pointerId);
    points = [local(e)];
    opts.onStart();
  };
  const onMove = (e: PointerEvent): void => {
    if (!points) return;
    const p = local(e);
    const last = points[points.length - 1];
    if (Math.abs(p[0] - last[0]) + Math.abs(p[1] - last[1]) < MIN_STEP) return;
    points.push(p);
    draw();
  };
  const onUp = (): void => {
    const done = points;
    if (!done) return;
    points = null;
    draw();
    swallowClick = true;
    if (done.length >= 3) opts.onEnd(done); // fewer: a click, not a lasso
  };
  surface.addEventListener('pointerdown', onDown);
  surface.addEventListener('pointermove', onMove);
  surface.addEventListener('pointerup', onUp);
  surface.addEventListener('pointercancel', onUp);

  return {
    wants: (e) => mode || e.shiftKey,
    setMode(on) {
      mode = on;
      surface.classList.toggle('lasso-mode', on);
    },
    active: () => points !== null,
    takeClick() {
      const took = swallowClick;
      swallowClick = false;
      return took;
    },
    destroy() {
      surface.removeEventListener('pointerdown', onDown);
      surface.removeEventListener('pointermove', onMove);
      surface.removeEventListener('pointerup', onUp);
      surface.removeEventListener('pointercancel', onUp);
      path.remove();
    },
  };
}
