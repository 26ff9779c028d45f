/**
 * The CPU raster's pixels and points in WebAssembly memory, for raster.wat: its SIMD loop
 * draws the one-pixel dots of 100k+ points with the same pixels as raster.ts's drawSmall
 * in ~30 % less time at 1M points (scratch A/B in Node and the render bench in Chromium).
 *
 * One memory holds the pixels (width×height packed RGBA, the ImageData's own buffer, so
 * nothing is copied to put them on the canvas), then the scene's x/y pairs and colours,
 * copied in once per scene (per frame only during a transition). Growing the memory
 * detaches its buffer, so every view is taken from the current layout().
 *
 * Pure (no DOM): unit-tested in Node against raster.ts.
 */
import { compiledKernel } from '../../compute/simd/support';
import { smallCovers, type Stamp, type Target } from './raster';
import { RASTER_WASM_BASE64 } from './rasterKernel.generated';
import type { View } from './viewMath';

const PAGE = 65536;
/** After the pixels: a row's 4-pixel load may read one pixel past the last (raster.wat). */
const PIXEL_PAD = 64;

/** Views of the memory for one size; stale (a new object) once the memory grows or the size changes. */
export interface WasmLayout {
  readonly target: Target;
  /** The pixels' bytes, for an ImageData. */
  readonly bytes: Uint8ClampedArray<ArrayBuffer>;
  /** Room for n x/y pairs and n colours, in draw order. */
  readonly coords: Float32Array<ArrayBuffer>;
  readonly colors: Uint32Array<ArrayBuffer>;
}

export interface WasmRaster {
  /** Memory for width×height pixels and n points; the same object while nothing moved. */
  layout(width: number, height: number, n: number): WasmLayout;
  /**
   * raster.ts drawPoints for a stamp that reaches one pixel (reach ≤ 1), over the points
   * in `l.coords` / `l.colors`, slots [start, end). Returns how many were drawn.
   */
  drawSmall(l: WasmLayout, view: View, stamp: Stamp, alpha: number, start: number, end: number): number;
}

type DrawSmall = (
  pix: number, width: number, height: number, coords: number, colors: number, start: number, stop: number,
  sx: number, ox: number, sy: number, oy: number, alpha: number, cC: number, cE: number, cK: number,
) => number;

/** null where this engine has no WebAssembly SIMD (raster.ts draws then). */
export function createWasmRaster(): WasmRaster | null {
  const module = compiledKernel(RASTER_WASM_BASE64);
  if (!module) return null;
  const memory = new WebAssembly.Memory({ initial: 1 });
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports.drawSmall as DrawSmall;
  if (!warmed) {
    warmed = true;
    warmUp(module);
  }
  let current: (WasmLayout & { width: number; height: number; n: number; buffer: ArrayBuffer; coordsAt: number; colorsAt: number }) | null = null;

  return {
    layout(width, height, n) {
      if (current && current.width === width && current.height === height && current.n >= n && current.buffer === memory.buffer) return current;
      const pixelBytes = width * height * 4;
      const coordsAt = align16(pixelBytes + PIXEL_PAD);
      const colorsAt = align16(coordsAt + n * 8);
      const need = colorsAt + n * 4;
      if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE));
      const buffer = memory.buffer;
      current = {
        width,
        height,
        n,
        buffer,
        coordsAt,
        colorsAt,
        target: { buf: new Uint32Array(buffer, 0, width * height), width, height },
        bytes: new Uint8ClampedArray(buffer, 0, pixelBytes),
        coords: new Float32Array(buffer, coordsAt, 2 * n),
        colors: new Uint32Array(buffer, colorsAt, n),
      };
      return current;
    },
    drawSmall(l, view, stamp, alpha, start, end) {
      if (l !== current) throw new Error('drawSmall: a stale layout');
      const stop = Math.min(end, current.n);
      const from = Math.max(0, start);
      if (from >= stop) return 0;
      const c = smallCovers(stamp);
      return kernel(0, current.width, current.height, current.coordsAt, current.colorsAt, from, stop, view.sx, view.ox, view.sy, view.oy, alpha, c.centre, c.edge, c.corner);
    },
  };
}

let warmed = false;

/**
 * V8 first runs a module in its baseline compiler (Liftoff, several times slower on this
 * SIMD loop) and optimises a function in the background only once it has run for a
 * while; a call already running never switches. So the first raster of a page draws a
 * few hundred tiny frames (well under 1 ms) on a memory of its own, through every path
 * (inside, clipped, with and without corners), to get the optimised code queued long
 * before the first large layout is drawn.
 */
function warmUp(module: WebAssembly.Module): void {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports.drawSmall as DrawSmall;
  const side = 16;
  const coordsAt = align16(side * side * 4 + PIXEL_PAD);
  const colorsAt = coordsAt + 32 * 8;
  const coords = new Float32Array(memory.buffer, coordsAt, 64);
  for (let i = 0; i < 32; i++) {
    coords[2 * i] = (i * 7) % (side + 2) - 1;
    coords[2 * i + 1] = (i * 5) % (side + 2) - 1;
  }
  new Uint32Array(memory.buffer, colorsAt, 32).fill(0xff336699);
  for (let r = 0; r < 300; r++) kernel(0, side, side, coordsAt, colorsAt, 0, 32, 1, 0.5, 1, 0.5, 210, 256, 128, r & 1 ? 0 : 64);
}

function align16(x: number): number {
  return (x + 15) & ~15;
}
