/**
 * Everything the user does to a plot, in one place: pan and zoom (d3-zoom), hover and
 * click, the lasso, and the keys. Reports through callbacks; knows nothing of what is
 * drawn beyond "which row is at (x, y)".
 */
import type { ScatterElements } from './scatterTypes';
import { keyAction } from './keys';
import { createLassoGesture, type ScreenPoint } from './lassoGesture';
import { createPanZoom, type PanZoom } from './panZoom';
import { trackPointer } from './pointer';

export interface GestureOptions {
  /** Whether the rows on screen may be hovered, clicked and lassoed now. */
  interactive(): boolean;
  /** The row under (x, y) CSS px of the surface, or -1. */
  hitAt(x: number, y: number): number;
  /** After every pan or zoom. */
  onView(): void;
  onHover(index: number): void;
  onClick(index: number): void;
  /** A finished lasso (≥ 3 vertices) in CSS px of the surface. */
  onLasso(polygon: ScreenPoint[]): void;
  onEscape(): void;
}

export interface Gestures {
  readonly panZoom: PanZoom;
  setLassoMode(on: boolean): void;
  destroy(): void;
}

export function createGestures(els: ScatterElements, opts: GestureOptions): Gestures {
  const { root, surface } = els;
  const lasso = createLassoGesture(surface, els.marks, {
    canStart: opts.interactive,
    onStart: () => pointer.clearHover(),
    onEnd: (polygon) => {
      if (opts.interactive()) opts.onLasso(polygon);
    },
  });
  const pointer = trackPointer(surface, {
    hitAt: (x, y) => (opts.interactive() ? opts.hitAt(x, y) : -1),
    busy: () => lasso.active(),
    takeClick: () => lasso.takeClick(),
    onHover: opts.onHover,
    onClick: opts.onClick,
  });
  const panZoom = createPanZoom(surface, {
    leaveDrag: (e) => lasso.wants(e),
    onChange: (_t, byUser) => {
      // The point under a still pointer moves away during a wheel zoom or a drag.
      if (byUser) pointer.clearHover();
      opts.onView();
    },
  });

  const onKeyDown = (e: KeyboardEvent): void => {
    if (e.target !== root) return; // e.g. Enter on a tool button
    const action = keyAction(e);
    if (!action) return;
    if (action.kind === 'escape') return opts.onEscape();
    e.preventDefault();
    if (action.kind === 'zoom') panZoom.zoomBy(action.factor);
    else if (action.kind === 'pan') panZoom.panBy(action.dx, action.dy);
    else panZoom.fit();
  };
  root.addEventListener('keydown', onKeyDown);

  return {
    panZoom,
    setLassoMode: (on) => lasso.setMode(on),
    destroy() {
      root.removeEventListener('keydown', onKeyDown);
      pointer.destroy();
      lasso.destroy();
      panZoom.destroy();
    },
  };
}
