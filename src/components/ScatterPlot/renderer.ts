/**
 * The scatter renderer factory: one interface, chosen at run time, fed by the React
 * shell (or a bench page) without going through React renders.
 *
 * The CPU path rasterises every point into an ImageData buffer (raster.ts) and puts it
 * on the canvas once per frame. Headless and software-rendered Chromium draw 100k
 * points this way in a few ms, where per-point canvas arcs take ~150 ms and WebGL
 * through SwiftShader ~100 ms (DESIGN.md, "Rendering"). A WebGL path for real GPUs
 * would be a second factory behind this same interface.
 *
 * Any number of set* calls between two animation frames produce one draw.
 */
import { drawDot, drawPoints, makeStamp, packRGBA, unpackRGBA, type Stamp, type Target } from './raster';
import { NO_HIGHLIGHT, type PlotHighlight } from './scatterTypes';
import { maskedClassKeys, sizeClasses, SIZE_STEPS, type SizeClasses } from './sizes';
import type { View } from './viewMath';

export interface ScatterRenderer {
  readonly kind: 'cpu';
  /** n×2 data coordinates and one packed RGBA per point (held by reference, not copied). */
  setData(coords: Float32Array, colors: Uint32Array): void;
  /** Data → CSS px of the canvas (viewMath.View). */
  setTransform(view: View): void;
  setHighlight(h: PlotHighlight): void;
  /** Per-point size as a multiple of the dot radius (held by reference); null: all the same. */
  setSizes(sizes: Float32Array | null): void;
  /** Dot radius in CSS px. */
  setPointSize(cssRadius: number): void;
  resize(cssWidth: number, cssHeight: number, devicePixelRatio: number): void;
  /** Draws synchronously (and cancels a pending frame); for tests and benchmarks. */
  drawNow(): void;
  /** Points inside the viewport in the last frame. */
  drawnCount(): number;
  destroy(): void;
}

/** Normal dots are slightly translucent so dense clusters read as denser. */
const ALPHA = 210;
/** Points outside the highlight mask (search ∩ lasso). */
const DIM_ALPHA = 36;

export function createScatterRenderer(canvas: HTMLCanvasElement): ScatterRenderer {
  // alpha: false gives an opaque canvas, which composites faster.
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error('This browser cannot create a 2D canvas context');

  let coords: Float32Array = new Float32Array(0);
  let colors: Uint32Array = new Uint32Array(0);
  let view: View = { sx: 1, ox: 0, sy: -1, oy: 0 };
  let highlight: PlotHighlight = NO_HIGHLIGHT;
  let cssW = 0;
  let cssH = 0;
  let image: ImageData | null = null;
  let target: Target | null = null;
  let background = packRGBA(255, 255, 255);
  let ink = packRGBA(30, 30, 30);
  let radius = 2;
  let dpr = 1;
  let stamps = makeStamps(radius * dpr);
  let sizes: Float32Array | null = null;
  let sized: { from: Float32Array; n: number; classes: SizeClasses } | null = null;
  let keys: { classes: Uint8Array; mask: Uint8Array; keys: Uint8Array } | null = null;
  /** Disc of each size class at the current radius and pixel ratio. */
  let classStamps = new Map<number, Stamp>();
  let drawn = 0;
  let frame = 0;
  let destroyed = false;

  const schedule = (): void => {
    if (frame || destroyed) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      drawNow();
    });
  };

  const drawNow = (): void => {
    if (frame) {
      cancelAnimationFrame(frame);
      frame = 0;
    }
    if (destroyed || !image || !target) return;
    target.buf.fill(background);
    // The view is in CSS px; the buffer in device px (rounded, so scale per axis).
    const fx = target.width / cssW;
    const fy = target.height / cssH;
    const dv: View = { sx: view.sx * fx, ox: view.ox * fx, sy: view.sy * fy, oy: view.oy * fy };
    drawn = drawAllPoints(target, dv);
    const marker = (i: number, big: boolean): void => {
      if (!(i >= 0 && i < colors.length)) return;
      const x = coords[2 * i] * dv.sx + dv.ox;
      const y = coords[2 * i + 1] * dv.sy + dv.oy;
      drawDot(target as Target, x, y, ink, big ? stamps.bigRing : stamps.ring);
      drawDot(target as Target, x, y, colors[i], big ? stamps.big : stamps.mark);
    };
    for (let j = 0; j < highlight.neighbors.length; j++) marker(highlight.neighbors[j], false);
    marker(highlight.selected, true);
    if (highlight.hovered !== highlight.selected) marker(highlight.hovered, true);
    ctx.putImageData(image, 0, 0);
  };

  const classStamp = (c: number): Stamp => {
    let stamp = classStamps.get(c);
    if (!stamp) classStamps.set(c, (stamp = makeStamp((radius * dpr * c) / SIZE_STEPS, 64)));
    return stamp;
  };

  /** Every point, dimmed outside the highlight mask; with sizes, one pass per size class (smallest first). */
  const drawAllPoints = (t: Target, dv: View): number => {
    const n = coords.length >> 1;
    const mask = highlight.mask && highlight.mask.length >= n ? highlight.mask : null;
    if (sizes && (sized?.from !== sizes || sized.n !== n)) sized = { from: sizes, n, classes: sizeClasses(sizes, n) };
    const sc = sizes ? sized?.classes : undefined;
    if (!sc) {
      if (!mask) return drawPoints(t, coords, colors, dv, stamps.dot, ALPHA);
      drawPoints(t, coords, colors, dv, stamps.dot, DIM_ALPHA, mask, 0);
      return drawPoints(t, coords, colors, dv, stamps.dot, 256, mask, 1);
    }
    let count = 0;
    if (!mask) {
      for (const c of sc.present) count += drawPoints(t, coords, colors, dv, classStamp(c), ALPHA, sc.classes, c);
      return count;
    }
    if (keys?.classes !== sc.classes || keys.mask !== mask) keys = { classes: sc.classes, mask, keys: maskedClassKeys(sc.classes, mask) };
    for (const c of sc.present) drawPoints(t, coords, colors, dv, classStamp(c), DIM_ALPHA, keys.keys, 2 * c);
    for (const c of sc.present) count += drawPoints(t, coords, colors, dv, classStamp(c), 256, keys.keys, 2 * c + 1);
    return count;
  };

  return {
    kind: 'cpu',
    setData(c, col) {
      coords = c;
      colors = col;
      schedule();
    },
    setTransform(v) {
      view = v;
      schedule();
    },
    setHighlight(h) {
      highlight = h;
      schedule();
    },
    setSizes(next) {
      sizes = next;
      schedule();
    },
    setPointSize(r) {
      if (r === radius) return;
      radius = r;
      stamps = makeStamps(radius * dpr);
      classStamps = new Map();
      schedule();
    },
    resize(w, h, ratio) {
      if (destroyed) return;
      cssW = Math.max(1, w);
      cssH = Math.max(1, h);
      dpr = ratio > 0 ? ratio : 1;
      const width = Math.max(1, Math.round(cssW * dpr));
      const height = Math.max(1, Math.round(cssH * dpr));
      if (canvas.width !== width || canvas.height !== height || !image) {
        canvas.width = width;
        canvas.height = height;
        image = ctx.createImageData(width, height);
        target = { buf: new Uint32Array(image.data.buffer), width, height };
      }
      // Theme colours come from CSS, so a dark theme needs no extra wiring.
      background = cssColorToPacked(getComputedStyle(canvas).backgroundColor) ?? packRGBA(255, 255, 255);
      const [r, g, b] = unpackRGBA(background);
      ink = 0.2126 * r + 0.7152 * g + 0.0722 * b > 128 ? packRGBA(30, 30, 30) : packRGBA(240, 240, 240);
      stamps = makeStamps(radius * dpr);
      classStamps = new Map();
      schedule();
    },
    drawNow,
    drawnCount: () => drawn,
    destroy() {
      destroyed = true;
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      image = null;
      target = null;
      coords = new Float32Array(0);
      colors = new Uint32Array(0);
    },
  };
}

interface Stamps {
  readonly dot: Stamp;
  readonly mark: Stamp;
  readonly ring: Stamp;
  readonly big: Stamp;
  readonly bigRing: Stamp;
}

/** Dot, highlighted dot and the contrasting outline drawn beneath a highlight. */
function makeStamps(r: number): Stamps {
  const mark = Math.max(2.5, r * 1.6);
  const big = Math.max(3.5, r * 2.2);
  return { dot: makeStamp(r, 64), mark: makeStamp(mark), ring: makeStamp(mark + 1.2), big: makeStamp(big), bigRing: makeStamp(big + 1.5) };
}

/** 'rgb(r, g, b)' / 'rgba(r, g, b, a)' from getComputedStyle; null when transparent or unknown. */
export function cssColorToPacked(css: string): number | null {
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/i.exec(css.trim());
  if (!m) return null;
  if (m[4] !== undefined && parseFloat(m[4]) === 0) return null;
  return packRGBA(Math.round(+m[1]), Math.round(+m[2]), Math.round(+m[3]));
}
