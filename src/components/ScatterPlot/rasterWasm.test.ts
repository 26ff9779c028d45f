import { describe, expect, it } from 'vitest';
import { createRng } from '../../compute/random';
import { drawPoints, makeStamp, packRGBA, type Target } from './raster';
import { createWasmRaster, type WasmRaster } from './rasterWasm';

const BACKGROUND = packRGBA(250, 248, 240);

/** Points spread over and around a width×height target (some off it, some on its edges, some not finite). */
function scatter(n: number, width: number, height: number, seed: number): { coords: Float32Array; colors: Uint32Array } {
  const rng = createRng(seed);
  const palette = [packRGBA(31, 119, 180), packRGBA(255, 127, 14, 200), packRGBA(44, 160, 44, 128), packRGBA(214, 39, 40), packRGBA(9, 9, 9, 0)];
  const coords = new Float32Array(2 * n);
  const colors = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const edge = rng.int(6);
    coords[2 * i] = edge === 0 ? rng.int(2) * (width - 1) + rng.next() : (rng.next() * 1.2 - 0.1) * width;
    coords[2 * i + 1] = edge === 1 ? rng.int(2) * (height - 1) + rng.next() : (rng.next() * 1.2 - 0.1) * height;
    if (rng.int(50) === 0) coords[2 * i + rng.int(2)] = [NaN, Infinity, -Infinity][rng.int(3)];
    colors[i] = palette[rng.int(palette.length)];
  }
  return { coords, colors };
}

function wasmRaster(): WasmRaster {
  const w = createWasmRaster();
  if (!w) throw new Error('this Node has no WebAssembly SIMD');
  return w;
}

describe('the WebAssembly raster (raster.wat)', () => {
  const cases = [
    { radius: 1.1, minCover: 64, alpha: 210 }, // the 1M-point default: centre and edges
    { radius: 1.4, minCover: 64, alpha: 256 }, // corners too
    { radius: 1.5, minCover: 1, alpha: 36 }, // the dimmed pass
    { radius: 0.6, minCover: 64, alpha: 210 }, // the centre alone
  ];
  for (const c of cases) {
    it(`draws the same pixels and count as raster.ts (radius ${c.radius}, alpha ${c.alpha})`, () => {
      const width = 53, height = 31;
      const { coords, colors } = scatter(4000, width, height, 7);
      const stamp = makeStamp(c.radius, c.minCover);
      expect(stamp.reach).toBeLessThanOrEqual(1);
      const view = { sx: 0.93, ox: 1.7, sy: 1.05, oy: -0.6 };
      const js: Target = { buf: new Uint32Array(width * height).fill(BACKGROUND), width, height };
      const expected = drawPoints(js, coords, colors, view, stamp, c.alpha, 100, 3900);

      const wasm = wasmRaster();
      const l = wasm.layout(width, height, 4000);
      l.target.buf.fill(BACKGROUND);
      l.coords.set(coords);
      l.colors.set(colors);
      const drawn = wasm.drawSmall(l, view, stamp, c.alpha, 100, 3900);
      expect(drawn).toBe(expected);
      expect(drawn).toBeGreaterThan(0);
      expect(Array.from(l.target.buf)).toEqual(Array.from(js.buf));
    });
  }

  it('keeps one layout while the size and the points fit, and a fresh one (same pixels) after growing', () => {
    const wasm = wasmRaster();
    const a = wasm.layout(20, 10, 100);
    expect(wasm.layout(20, 10, 50) === a).toBe(true);
    a.target.buf.fill(BACKGROUND);
    const b = wasm.layout(20, 10, 200_000);
    expect(b === a).toBe(false);
    expect(b.coords.length).toBe(400_000);
    expect(b.target.buf.every((p) => p === BACKGROUND)).toBe(true);
    expect(() => wasm.drawSmall(a, { sx: 1, ox: 0, sy: 1, oy: 0 }, makeStamp(1.1, 64), 256, 0, 1)).toThrow(/stale/);
  });
});
