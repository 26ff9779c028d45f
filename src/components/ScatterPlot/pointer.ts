/**
 * Hover and click on the plot's pointer surface. Hover is coalesced to one hit test
 * per animation frame and reported only when the row under the pointer changes; no
 * hover while a button is down (d3-zoom is panning) or a lasso is being drawn.
 */

export interface PointerOptions {
  /** The row under (x, y) CSS px of the surface, or -1. */
  hitAt(x: number, y: number): number;
  /** A drag owned by someone else is in progress (the lasso): no hover. */
  busy(): boolean;
  /** True once after a lasso ended: the click that follows is not a click on the plot. */
  takeClick(): boolean;
  onHover(index: number): void;
  onClick(index: number): void;
}

export interface PointerTracker {
  /** Forgets the hovered row (e.g. the view moved under a still pointer) and reports -1. */
  clearHover(): void;
  destroy(): void;
}

export function trackPointer(surface: HTMLElement, opts: PointerOptions): PointerTracker {
  let frame = 0;
  let pointer: { x: number; y: number } | null = null;
  let hovered = -1;

  const report = (i: number): void => {
    if (i === hovered) return;
    hovered = i;
    surface.style.cursor = i >= 0 ? 'pointer' : '';
    opts.onHover(i);
  };
  const local = (e: MouseEvent): { x: number; y: number } => {
    const r = surface.getBoundingClientRect();
    return { x: e.clientX - r.left, y: e.clientY - r.top };
  };
  const onMove = (e: PointerEvent): void => {
    if (opts.busy() || e.buttons !== 0) return; // dragging: d3-zoom pans, no hover
    pointer = local(e);
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      if (pointer) report(opts.hitAt(pointer.x, pointer.y));
    });
  };
  const cancelFrame = (): void => {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
  };
  const onLeave = (): void => {
    pointer = null;
    cancelFrame();
    report(-1);
  };
  const onClick = (e: MouseEvent): void => {
    if (opts.takeClick()) return; // the end of a lasso drag
    const p = local(e);
    opts.onClick(opts.hitAt(p.x, p.y));
  };
  surface.addEventListener('pointermove', onMove);
  surface.addEventListener('pointerleave', onLeave);
  surface.addEventListener('click', onClick);

  return {
    clearHover: () => report(-1),
    destroy() {
      cancelFrame();
      surface.removeEventListener('pointermove', onMove);
      surface.removeEventListener('pointerleave', onLeave);
      surface.removeEventListener('click', onClick);
    },
  };
}
