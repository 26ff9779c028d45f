/**
 * Layout changes animate: each point glides from where it was drawn to where the new
 * layout puts it, in under half a second (none under prefers-reduced-motion). The start
 * positions are mapped through both views into the new layout's data frame, so the
 * glide is a straight line on screen even when the new layout is fitted differently,
 * and a zoom during the glide moves start and end together.
 */
import type { ScatterRenderer } from './renderer';
import type { View } from './viewMath';

export const TRANSITION_MS = 450;

export interface Transition {
  /** Glide to the current points from `from` (n×2, in the new layout's data frame). */
  start(from: Float32Array): void;
  /** Where each point is drawn now in the frame of `target` (null when not moving). */
  displayed(target: Float32Array): Float32Array | null;
  running(): boolean;
  stop(): void;
}

export function createTransition(renderer: Pick<ScatterRenderer, 'setMorph'>, onChange: (running: boolean) => void): Transition {
  let from: Float32Array | null = null;
  let t0 = 0;
  let t = 0;
  let raf = 0;

  const stop = (): void => {
    if (raf) cancelAnimationFrame(raf);
    raf = 0;
    if (!from) return;
    from = null;
    renderer.setMorph(null);
    onChange(false);
  };
  const tick = (now: number): void => {
    raf = 0;
    if (!from) return;
    t = Math.min(1, (now - t0) / TRANSITION_MS);
    if (t >= 1) return stop();
    renderer.setMorph(from, easeInOut(t));
    raf = requestAnimationFrame(tick);
  };

  return {
    start(next) {
      const was = from !== null;
      from = next;
      t0 = performance.now();
      t = 0;
      renderer.setMorph(from, 0);
      if (!raf) raf = requestAnimationFrame(tick);
      if (!was) onChange(true);
    },
    displayed(target) {
      if (!from) return null;
      const k = easeInOut(t);
      const f = from;
      return target.map((v, j) => f[j] + (v - f[j]) * k);
    },
    running: () => from !== null,
    stop,
  };
}

export function easeInOut(t: number): number {
  return t < 0.5 ? 4 * t * t * t : 1 - (-2 * t + 2) ** 3 / 2;
}

/** Positions drawn at `coords` through view `a`, as data coordinates of view `b` (same screen spot). */
export function remap(coords: Float32Array, a: View, b: View): Float32Array {
  const out = new Float32Array(coords.length);
  const kx = a.sx / b.sx, cx = (a.ox - b.ox) / b.sx;
  const ky = a.sy / b.sy, cy = (a.oy - b.oy) / b.sy;
  for (let i = 0; i < coords.length; i += 2) {
    out[i] = coords[i] * kx + cx;
    out[i + 1] = coords[i + 1] * ky + cy;
  }
  return out;
}

/** Whether the user asked for less motion (the glide is skipped). */
export function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}
