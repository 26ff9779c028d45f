/**
 * The CPU painter: rasterises every point into an ImageData buffer (raster.ts) and puts
 * it on the canvas once per frame. Under software rendering (headless Chromium,
 * SwiftShader, llvmpipe) this beats WebGL by far: 100k points in a few ms where WebGL
 * through SwiftShader takes ~100 ms (DESIGN.md, "Rendering").
 *
 * Everything under the highlight markers (background, density, points, thumbnails) is
 * kept in a copy, so a hover frame at 1M points restores that copy and draws two
 * markers instead of a million dots.
 *
 * Where the engine has WebAssembly SIMD, the pixels live in WebAssembly memory
 * (rasterWasm.ts) and the one-pixel dots of large layouts are drawn by raster.wat, with
 * the same pixels as raster.ts; bigger dots, density and pictures are drawn by raster.ts
 * into the same pixels.
 */
import { rowImageRGBA } from './rowImage';
import { drawDot, drawPoints, makeStamp, blend, type Stamp, type Target } from './raster';
import { createWasmRaster, type WasmLayout, type WasmRaster } from './rasterWasm';
import { DOT_MIN_COVER, markerRadii, type DensityLayer, type Frame, type Painter, type PlacedThumbnails } from './renderTypes';
import { SIZE_STEPS } from './sizes';

/** Pictures kept converted to packed RGBA (MNIST: 3 KB each). */
const MAX_CACHED_PICTURES = 4096;

export function createCpuPainter(canvas: HTMLCanvasElement): Painter {
  // alpha: false gives an opaque canvas, which composites faster.
  const ctx = canvas.getContext('2d', { alpha: false });
  if (!ctx) throw new Error('This browser cannot create a 2D canvas context');
  let image: ImageData | null = null;
  let target: Target | null = null;
  let size = { width: 0, height: 0 };
  const wasm: WasmRaster | null = createWasmRasterOrNull();
  let layout: WasmLayout | null = null;
  /** The scene arrays last copied into the WebAssembly memory. */
  let copied: { coords: Float32Array | null; colors: Uint32Array | null } = { coords: null, colors: null };
  let base: Uint32Array | null = null;
  let baseVersion = -1;
  let baseDrawn = 0;
  let stamps = { radius: -1, byClass: new Map<number, Stamp>() };
  let morphed: Float32Array = new Float32Array(0);
  let densityCells: { layer: DensityLayer; background: number; cells: Uint32Array } | null = null;
  let pictures: { images: PlacedThumbnails['images'] | null; rows: Map<number, Uint32Array> } = { images: null, rows: new Map() };

  const dotStamp = (radius: number, sizeClass: number): Stamp => {
    if (stamps.radius !== radius) stamps = { radius, byClass: new Map() };
    let s = stamps.byClass.get(sizeClass);
    if (!s) stamps.byClass.set(sizeClass, (s = makeStamp((radius * sizeClass) / SIZE_STEPS, DOT_MIN_COVER)));
    return s;
  };

  const drawDensity = (t: Target, f: Frame, layer: DensityLayer): void => {
    if (densityCells?.layer !== layer || densityCells.background !== f.background) {
      // The layer over a plain background is one opaque colour per cell, worked out once.
      densityCells = { layer, background: f.background, cells: layer.rgba.map((c) => blend(f.background, c, weight(c))) };
    }
    const { cols, rows } = layer;
    const cells = densityCells.cells;
    const colOf = cellIndex(t.width, f.view.sx, f.view.ox, layer.minX, layer.maxX, cols, false);
    const rowOf = cellIndex(t.height, f.view.sy, f.view.oy, layer.minY, layer.maxY, rows, true);
    for (let y = 0; y < t.height; y++) {
      const gy = rowOf[y];
      if (gy < 0) continue;
      const o = y * t.width;
      const g = gy * cols;
      for (let x = 0; x < t.width; x++) {
        const gx = colOf[x];
        if (gx >= 0) t.buf[o + x] = cells[g + gx];
      }
    }
  };

  const drawPictures = (t: Target, th: PlacedThumbnails): void => {
    if (pictures.images !== th.images) pictures = { images: th.images, rows: new Map() };
    const { width: w, height: h } = th.images;
    const s = th.size;
    const srcX = Int32Array.from({ length: s }, (_, d) => Math.min(w - 1, Math.floor(((d + 0.5) * w) / s)));
    const srcY = Int32Array.from({ length: s }, (_, d) => Math.min(h - 1, Math.floor(((d + 0.5) * h) / s)));
    for (let k = 0; k < th.rows.length; k++) {
      const cx = th.centers[2 * k], cy = th.centers[2 * k + 1];
      if (!Number.isFinite(cx) || !Number.isFinite(cy)) continue;
      const x0 = Math.floor(cx) - (s >> 1), y0 = Math.floor(cy) - (s >> 1);
      if (x0 >= t.width || y0 >= t.height || x0 + s <= 0 || y0 + s <= 0) continue;
      const px = picture(th, th.rows[k]);
      for (let dy = Math.max(0, -y0); dy < s && y0 + dy < t.height; dy++) {
        const row = (y0 + dy) * t.width;
        const src = srcY[dy] * w;
        for (let dx = Math.max(0, -x0); dx < s && x0 + dx < t.width; dx++) {
          const c = px[src + srcX[dx]];
          const o = row + x0 + dx;
          t.buf[o] = blend(t.buf[o], c, weight(c));
        }
      }
    }
  };

  const picture = (th: PlacedThumbnails, row: number): Uint32Array => {
    let p = pictures.rows.get(row);
    if (!p) {
      if (pictures.rows.size >= MAX_CACHED_PICTURES) pictures.rows.clear();
      const rgba = rowImageRGBA(th.images, row);
      pictures.rows.set(row, (p = new Uint32Array(rgba.buffer, rgba.byteOffset, rgba.length >> 2)));
    }
    return p;
  };

  /** The pixel target for a frame of n points (in WebAssembly memory, with room for the points, when there is SIMD). */
  const targetFor = (n: number): void => {
    if (!wasm) {
      if (!image) {
        image = ctx.createImageData(size.width, size.height);
        target = { buf: new Uint32Array(image.data.buffer), width: size.width, height: size.height };
      }
      return;
    }
    const l = wasm.layout(size.width, size.height, n);
    if (l === layout && image) return;
    layout = l;
    image = new ImageData(l.bytes, size.width, size.height);
    target = l.target;
    copied = { coords: null, colors: null };
  };

  /** The dots of one pass: raster.wat for one-pixel dots, when it is there; raster.ts otherwise. */
  const drawPass = (t: Target, f: Frame, coords: Float32Array, p: Frame['scene']['passes'][number]): number => {
    const stamp = dotStamp(f.radius, p.sizeClass);
    const { scene } = f;
    if (!wasm || !layout || stamp.reach > 1) return drawPoints(t, coords, scene.colors, f.view, stamp, p.alpha, p.start, p.end);
    // A transition's positions change every frame in the same array.
    if (copied.coords !== coords || f.morph) layout.coords.set(coords);
    if (copied.colors !== scene.colors) layout.colors.set(scene.colors.subarray(0, scene.count));
    copied = { coords, colors: scene.colors };
    return wasm.drawSmall(layout, f.view, stamp, p.alpha, p.start, Math.min(p.end, coords.length >> 1, scene.colors.length));
  };

  /** Background, density, points and pictures: everything a hover frame does not change. */
  const drawBase = (t: Target, f: Frame): number => {
    t.buf.fill(f.background);
    if (f.density) drawDensity(t, f, f.density);
    const { scene } = f;
    let coords = scene.coords;
    if (f.morph) {
      if (morphed.length !== coords.length) morphed = new Float32Array(coords.length);
      const { from, t: k } = f.morph;
      for (let j = 0; j < coords.length; j++) morphed[j] = from[j] + (coords[j] - from[j]) * k;
      coords = morphed;
    }
    let drawn = 0;
    for (const p of scene.passes) drawn += drawPass(t, f, coords, p);
    if (f.thumbnails) drawPictures(t, f.thumbnails);
    return drawn;
  };

  return {
    kind: 'cpu',
    resize(width, height) {
      if (canvas.width !== width || canvas.height !== height || size.width !== width || size.height !== height) {
        canvas.width = width;
        canvas.height = height;
        size = { width, height };
        image = null;
        target = null;
        layout = null;
        base = null;
      }
    },
    paint(f) {
      if (size.width === 0) return 0;
      targetFor(f.scene.coords.length >> 1);
      if (!image || !target) return 0;
      if (!base || base.length !== target.buf.length) base = new Uint32Array(target.buf.length);
      if (baseVersion !== f.baseVersion) {
        baseDrawn = drawBase(target, f);
        base.set(target.buf);
        baseVersion = f.baseVersion;
      } else {
        target.buf.set(base);
      }
      const r = markerRadii(f.radius);
      const ring = makeStamp(r.ring), mark = makeStamp(r.mark), bigRing = makeStamp(r.bigRing), big = makeStamp(r.big);
      for (const m of f.markers) {
        drawDot(target, m.x, m.y, f.ink, m.big ? bigRing : ring);
        drawDot(target, m.x, m.y, m.color, m.big ? big : mark);
      }
      ctx.putImageData(image, 0, 0);
      return baseDrawn;
    },
    finish() {
      ctx.getImageData(0, 0, 1, 1);
    },
    destroy() {
      image = null;
      target = null;
      layout = null;
      copied = { coords: null, colors: null };
      base = null;
      pictures = { images: null, rows: new Map() };
    },
  };
}

function createWasmRasterOrNull(): WasmRaster | null {
  try {
    return createWasmRaster();
  } catch {
    return null; // raster.ts draws everything
  }
}

/** A colour's alpha as a weight 0..256. */
function weight(c: number): number {
  const a = c >>> 24;
  return a + (a >> 7);
}

/**
 * For each pixel along one axis, the grid cell its centre falls in (-1 outside the
 * grid). `flip`: cell 0 is at the largest data value (rows count from the top).
 */
export function cellIndex(pixels: number, s: number, o: number, min: number, max: number, cells: number, flip: boolean): Int32Array {
  const out = new Int32Array(pixels);
  const span = max - min;
  for (let p = 0; p < pixels; p++) {
    const v = (p + 0.5 - o) / s;
    const u = span > 0 ? (flip ? max - v : v - min) / span : -1;
    out[p] = u >= 0 && u < 1 ? Math.floor(u * cells) : -1;
  }
  return out;
}

