/**
 * Small canvas helpers shared by the lab's charts, the loss curve and the heatmap
 * (DOM code, so it lives here rather than in compute/).
 */
import { interpolateRdBu } from 'd3-scale-chromatic';

/** Sizes the canvas's backing store for its CSS size and the device pixel ratio; returns a context in CSS px. */
export function prepareCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): CanvasRenderingContext2D | null {
  const dpr = window.devicePixelRatio || 1;
  const w = Math.max(1, Math.round(cssWidth * dpr));
  const h = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** Calls `onResize(width, height)` now and whenever the element's content box changes; returns the cleanup. */
export function observeSize(el: HTMLElement, onResize: (width: number, height: number) => void): () => void {
  let w = -1, h = -1;
  const check = (width: number, height: number): void => {
    if (width === w && height === h) return;
    w = width;
    h = height;
    onResize(width, height);
  };
  const r = el.getBoundingClientRect();
  check(Math.round(r.width), Math.round(r.height));
  const observer = new ResizeObserver((entries) => {
    const box = entries[entries.length - 1].contentRect;
    check(Math.round(box.width), Math.round(box.height));
  });
  observer.observe(el);
  return () => observer.disconnect();
}

/**
 * A diverging colour table: 256 CSS colours from blue (negative) through white (0) to
 * red (positive), so the sign of a weight reads at a glance.
 */
export const DIVERGING: readonly string[] = Array.from({ length: 256 }, (_, i) => interpolateRdBu(1 - i / 255));

/**
 * The heatmap's fixed colour scale, ±1: the random start (±0.5/dim per value, ±0.016 at
 * 32 dims) is a faint wash, and rows visibly darken as training grows them (trained
 * skip-gram values reach ±1.5; GloVe's ±1–3). The same for every frame, so a darker
 * row is a longer row.
 */
export const FIXED_SCALE = 1;

/** Colour of value v on a symmetric scale ±scale. */
export function divergingColor(v: number, scale: number): string {
  if (!Number.isFinite(v)) return '#888';
  const t = scale > 0 ? Math.max(-1, Math.min(1, v / scale)) : 0;
  return DIVERGING[Math.round((t + 1) * 127.5)];
}

/**
 * A robust colour range for a table: the 98th percentile of |value| over a sample (one
 * outlier should not wash the whole heatmap out). Never 0.
 */
export function robustScale(values: Float32Array, sample = 4096): number {
  const n = values.length;
  if (n === 0) return 1;
  const stride = Math.max(1, Math.floor(n / sample));
  const abs = new Float32Array(Math.ceil(n / stride));
  let m = 0;
  for (let i = 0; i < n; i += stride) {
    const v = Math.abs(values[i]);
    if (Number.isFinite(v)) abs[m++] = v;
  }
  if (m === 0) return 1;
  // A typed array sorts numerically, natively (no comparator calls).
  const sorted = abs.subarray(0, m).sort();
  return sorted[Math.min(m - 1, Math.floor(m * 0.98))] || sorted[m - 1] || 1;
}
