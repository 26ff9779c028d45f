/**
 * The scatter renderer: one interface, two painters behind it, chosen at run time
 * (rendererChoice.ts), fed by the plot core (or a bench page) without React.
 *
 * The shell here owns the state (points, colours, sizes, highlight, view, transition,
 * density, thumbnails, theme colours) and the scheduling: any number of set* calls
 * between two animation frames produce one draw. It resolves each frame into device
 * pixels (renderTypes.Frame) and hands it to a painter: the CPU raster (cpuPainter.ts,
 * fastest under software rendering: headless Chromium, SwiftShader, llvmpipe) or WebGL2
 * (webglPainter.ts, for real GPUs). Both draw the same scene (pointScene.ts).
 */
import { createCpuPainter } from './cpuPainter';
import { SPATIAL_ORDER_FROM, type SpatialOrder } from './drawOrder';
import { createSceneBuilder, type PointScene } from './pointScene';
import { packRGBA, unpackRGBA } from './raster';
import type { DensityLayer, Frame, Marker, Painter, PlacedThumbnails, RendererKind, ThumbnailSet } from './renderTypes';
import { chooseRenderer } from './rendererChoice';
import { NO_HIGHLIGHT, type PlotHighlight } from './scatterTypes';
import type { View } from './viewMath';
import { createWebglPainter } from './webglPainter';

export type { RendererKind } from './renderTypes';

/** How long a large layout stays unchanged before it is put in spatial order (here, without a worker). */
const ORDER_AFTER_MS = 120;
/** How long a large new layout waits for its order from the worker before it is drawn in row order. */
const HOLD_FOR_ORDER_MS = 600;

export interface ScatterRenderer {
  readonly kind: RendererKind;
  /** n×2 data coordinates and one packed RGBA per point (held by reference, not copied). */
  setData(coords: Float32Array, colors: Uint32Array): void;
  /** Data → CSS px of the canvas (viewMath.View). */
  setTransform(view: View): void;
  setHighlight(h: PlotHighlight): void;
  /** Per-point size as a multiple of the dot radius (held by reference); null: all the same. */
  setSizes(sizes: Float32Array | null): void;
  /** Dot radius in CSS px. */
  setPointSize(cssRadius: number): void;
  /**
   * A transition: each point drawn at from + t·(coords − from), `from` being n×2 in the
   * same data frame as the coordinates. null ends it.
   */
  setMorph(from: Float32Array | null, t?: number): void;
  /** A density picture drawn under the points; null for none. */
  setDensity(layer: DensityLayer | null): void;
  /** Rows drawn as pictures instead of dots; null for none. */
  setThumbnails(set: ThumbnailSet | null): void;
  resize(cssWidth: number, cssHeight: number, devicePixelRatio: number): void;
  /** Draws synchronously (and cancels a pending frame); for tests and benchmarks. */
  drawNow(): void;
  /** Returns once the last frame's pixels exist (WebGL queues work on the GPU); for timing. */
  finish(): void;
  /** Points inside the viewport in the last frame. */
  drawnCount(): number;
  destroy(): void;
}

export interface RendererOptions {
  /** Force a painter; default: the one chosen for this browser (rendererChoice.ts). */
  readonly kind?: RendererKind;
  /**
   * Puts a large layout in draw order off the main thread (the plot core asks its
   * worker); null: not for these coordinates (a streaming layout). Without it (or when it
   * fails) the order is made here, in a task of its own, once the layout stays put.
   */
  readonly order?: (coords: Float32Array) => Promise<SpatialOrder | null> | null;
}

export function createScatterRenderer(canvas: HTMLCanvasElement, options: RendererOptions = {}): ScatterRenderer {
  const kind = options.kind ?? chooseRenderer().kind;
  // A canvas keeps the first kind of context it gives out; if WebGL2 is refused here
  // the canvas has none yet, so the CPU painter can still have it.
  const painter: Painter = (kind === 'webgl' ? createWebglPainter(canvas) : null) ?? createCpuPainter(canvas);
  return createRendererShell(canvas, painter, options.order);
}

function createRendererShell(canvas: HTMLCanvasElement, painter: Painter, orderElsewhere: RendererOptions['order']): ScatterRenderer {
  const scenes = createSceneBuilder();
  let coords: Float32Array = new Float32Array(0);
  let colors: Uint32Array = new Uint32Array(0);
  let sizes: Float32Array | null = null;
  let view: View = { sx: 1, ox: 0, sy: -1, oy: 0 };
  let highlight: PlotHighlight = NO_HIGHLIGHT;
  let morph: { from: Float32Array; t: number } | null = null;
  let morphSlots: { from: Float32Array; rows: PointScene['rows']; slots: Float32Array } | null = null;
  let density: DensityLayer | null = null;
  let thumbs: ThumbnailSet | null = null;
  let cssW = 1;
  let cssH = 1;
  let width = 1;
  let height = 1;
  let dpr = 1;
  let radius = 2;
  let background = packRGBA(255, 255, 255);
  let ink = packRGBA(30, 30, 30);
  let baseVersion = 0;
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
  const changed = (): void => {
    baseVersion++;
    schedule();
  };

  /**
   * The draw order of a large layout (drawOrder.ts: it halves the CPU raster's time).
   * A new layout's order comes from the plot worker (sorting 1M points takes ~80 ms), and
   * the canvas keeps its last picture until it does (a row-order frame of 1M points alone
   * is a 130 ms task): `holding` names those coordinates, for HOLD_FOR_ORDER_MS at most.
   * Without a worker (or for a stream of snapshots, ~10 a second) the layout is drawn in
   * row order and ordered here, in a task of its own, once it stays put. `true`: order
   * here at the next draw.
   */
  let spatial: { coords: Float32Array; order: true | SpatialOrder } | null = null;
  let holding: Float32Array | null = null;
  let orderTimer: ReturnType<typeof setTimeout> | null = null;
  const settleOrder = (c: Float32Array, order: true | SpatialOrder): void => {
    if (destroyed || coords !== c) return;
    spatial = { coords: c, order };
    if (holding === c) holding = null;
    changed();
  };
  const orderLater = (): void => {
    if (orderTimer) clearTimeout(orderTimer);
    orderTimer = setTimeout(() => {
      orderTimer = null;
      if (spatial?.coords !== coords) settleOrder(coords, true);
    }, ORDER_AFTER_MS);
  };
  const orderNew = (c: Float32Array): void => {
    const elsewhere = orderElsewhere?.(c);
    if (!elsewhere) return orderLater();
    holding = c;
    elsewhere.then(
      (order) => (order ? settleOrder(c, order) : orderLater()),
      () => settleOrder(c, true),
    );
    setTimeout(() => {
      if (holding !== c) return;
      holding = null;
      schedule();
    }, HOLD_FOR_ORDER_MS);
  };

  /** Where row i is drawn now (device px), following a transition. */
  const rowPosition = (i: number, dv: View): [number, number] => {
    let x = coords[2 * i];
    let y = coords[2 * i + 1];
    if (morph && 2 * i + 1 < morph.from.length) {
      x = morph.from[2 * i] + (x - morph.from[2 * i]) * morph.t;
      y = morph.from[2 * i + 1] + (y - morph.from[2 * i + 1]) * morph.t;
    }
    return [x * dv.sx + dv.ox, y * dv.sy + dv.oy];
  };

  const markers = (dv: View): Marker[] => {
    const n = Math.min(coords.length >> 1, colors.length);
    const out: Marker[] = [];
    const add = (i: number, big: boolean): void => {
      if (!(i >= 0 && i < n)) return;
      const [x, y] = rowPosition(i, dv);
      if (Number.isFinite(x) && Number.isFinite(y)) out.push({ x, y, color: colors[i], big });
    };
    for (let j = 0; j < highlight.neighbors.length; j++) add(highlight.neighbors[j], false);
    add(highlight.selected, true);
    if (highlight.hovered !== highlight.selected) add(highlight.hovered, true);
    return out;
  };

  const placedThumbnails = (dv: View): PlacedThumbnails | null => {
    if (!thumbs || thumbs.rows.length === 0) return null;
    const n = coords.length >> 1;
    const centers = new Float32Array(thumbs.rows.length * 2);
    thumbs.rows.forEach((i, k) => {
      const [x, y] = i >= 0 && i < n ? rowPosition(i, dv) : [NaN, NaN];
      centers[2 * k] = x;
      centers[2 * k + 1] = y;
    });
    return { images: thumbs.images, rows: thumbs.rows, centers, size: Math.max(4, Math.round(thumbs.size * dpr)), key: thumbs };
  };

  const drawNow = (): void => {
    if (frame) {
      cancelAnimationFrame(frame);
      frame = 0;
    }
    if (destroyed || (holding && holding === coords)) return;
    // The view is in CSS px; the backing store in device px (rounded, so scale per axis).
    const fx = width / cssW;
    const fy = height / cssH;
    const dv: View = { sx: view.sx * fx, ox: view.ox * fx, sy: view.sy * fy, oy: view.oy * fy };
    const scene = scenes.build({ coords, colors, sizes, mask: highlight.mask }, spatial?.coords === coords ? spatial.order : false);
    let slotMorph: Frame['morph'] = null;
    if (morph) {
      if (morphSlots?.from !== morph.from || morphSlots.rows !== scene.rows) morphSlots = { from: morph.from, rows: scene.rows, slots: scenes.gatherCoords(morph.from) };
      slotMorph = { from: morphSlots.slots, t: morph.t };
    }
    const f: Frame = {
      width,
      height,
      view: dv,
      scene,
      morph: slotMorph,
      radius: radius * dpr,
      markers: markers(dv),
      background,
      ink,
      density,
      thumbnails: placedThumbnails(dv),
      baseVersion,
    };
    drawn = painter.paint(f);
  };

  return {
    kind: painter.kind,
    setData(c, col) {
      if (c !== coords) {
        coords = c;
        if ((c.length >> 1) >= SPATIAL_ORDER_FROM) orderNew(c);
        else spatial = { coords: c, order: true };
      }
      colors = col;
      changed();
    },
    setTransform(v) {
      if (v.sx === view.sx && v.ox === view.ox && v.sy === view.sy && v.oy === view.oy) return;
      view = v;
      changed();
    },
    setHighlight(h) {
      const maskChanged = h.mask !== highlight.mask;
      highlight = h;
      if (maskChanged) changed();
      else schedule();
    },
    setSizes(next) {
      sizes = next;
      changed();
    },
    setPointSize(r) {
      if (r === radius) return;
      radius = r;
      changed();
    },
    setMorph(from, t = 0) {
      const next = from && from.length >= coords.length ? { from, t: Math.max(0, Math.min(1, t)) } : null;
      if (!next && !morph) return;
      morph = next;
      changed();
    },
    setDensity(layer) {
      if (layer === density) return;
      density = layer;
      changed();
    },
    setThumbnails(set) {
      if (set === thumbs) return;
      thumbs = set;
      changed();
    },
    resize(w, h, ratio) {
      if (destroyed) return;
      cssW = Math.max(1, w);
      cssH = Math.max(1, h);
      dpr = ratio > 0 ? ratio : 1;
      width = Math.max(1, Math.round(cssW * dpr));
      height = Math.max(1, Math.round(cssH * dpr));
      painter.resize(width, height);
      // Theme colours come from CSS, so a dark theme needs no extra wiring.
      background = cssColorToPacked(getComputedStyle(canvas).backgroundColor) ?? packRGBA(255, 255, 255);
      const [r, g, b] = unpackRGBA(background);
      ink = 0.2126 * r + 0.7152 * g + 0.0722 * b > 128 ? packRGBA(30, 30, 30) : packRGBA(240, 240, 240);
      changed();
    },
    drawNow,
    finish: () => painter.finish(),
    drawnCount: () => drawn,
    destroy() {
      destroyed = true;
      if (orderTimer) clearTimeout(orderTimer);
      if (frame) cancelAnimationFrame(frame);
      frame = 0;
      painter.destroy();
      coords = new Float32Array(0);
      colors = new Uint32Array(0);
    },
  };
}

/** 'rgb(r, g, b)' / 'rgba(r, g, b, a)' from getComputedStyle; null when transparent or unknown. */
export function cssColorToPacked(css: string): number | null {
  const m = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+%?))?\s*\)$/i.exec(css.trim());
  if (!m) return null;
  if (m[4] !== undefined && parseFloat(m[4]) === 0) return null;
  return packRGBA(Math.round(+m[1]), Math.round(+m[2]), Math.round(+m[3]));
}
