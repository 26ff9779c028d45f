import { describe, expect, it } from 'vitest';
import { createRng } from '../../compute/random';
import { blend, drawDot, drawPoints, makeStamp, packRGBA, unpackRGBA, type Target } from './raster';

const WHITE = packRGBA(255, 255, 255);
const RED = packRGBA(255, 0, 0);
const BLUE = packRGBA(0, 0, 255);
const identity = { sx: 1, ox: 0, sy: 1, oy: 0 };

function target(width: number, height: number): Target {
  return { buf: new Uint32Array(width * height).fill(WHITE), width, height };
}
const at = (t: Target, x: number, y: number): [number, number, number, number] => unpackRGBA(t.buf[y * t.width + x]);

describe('packRGBA', () => {
  it('puts red in the low byte, like a Uint32Array over little-endian ImageData', () => {
    const c = packRGBA(1, 2, 3, 4);
    const bytes = new Uint8Array(new Uint32Array([c]).buffer);
    expect([...bytes]).toEqual([1, 2, 3, 4]);
    expect(unpackRGBA(c)).toEqual([1, 2, 3, 4]);
  });
});

describe('blend', () => {
  it('returns the source at full weight and the destination at zero weight', () => {
    expect(blend(WHITE, RED, 256)).toBe(RED);
    expect(blend(WHITE, RED, 0)).toBe(WHITE);
  });
  it('mixes each channel in proportion and stays opaque', () => {
    const [r, g, b, a] = unpackRGBA(blend(packRGBA(0, 0, 0), packRGBA(200, 100, 255), 128));
    expect([r, g, b, a]).toEqual([100, 50, 127, 255]);
  });
});

describe('makeStamp', () => {
  it('always covers the centre pixel fully, even for tiny radii', () => {
    const s = makeStamp(0.5);
    const centre = [...s.dx].findIndex((x, j) => x === 0 && s.dy[j] === 0);
    expect(s.cover[centre]).toBe(256);
  });
  it('leaves out pixels covered less than minCover', () => {
    const full = makeStamp(1.1);
    const trimmed = makeStamp(1.1, 64);
    expect(full.cover.length).toBe(9);
    expect(trimmed.cover.length).toBe(5);
    expect([...trimmed.dx].map((x, j) => Math.abs(x) + Math.abs(trimmed.dy[j])).every((d) => d <= 1)).toBe(true);
  });
  it('grows with the radius and is symmetric', () => {
    const small = makeStamp(1.5);
    const big = makeStamp(3);
    expect(big.cover.length).toBeGreaterThan(small.cover.length);
    expect(big.reach).toBe(3);
    const key = (s: typeof big, x: number, y: number) => s.cover[[...s.dx].findIndex((dx, j) => dx === x && s.dy[j] === y)];
    expect(key(big, 2, 1)).toBe(key(big, -1, -2));
  });
});

describe('drawPoints', () => {
  it('draws a point at its device pixel through the view', () => {
    const t = target(10, 10);
    const drawn = drawPoints(t, new Float32Array([2, 3]), new Uint32Array([RED]), { sx: 2, ox: 1, sy: -1, oy: 8 }, makeStamp(0.5), 256);
    expect(drawn).toBe(1);
    expect(at(t, 5, 5)).toEqual([255, 0, 0, 255]);
    expect(at(t, 4, 5)).toEqual([255, 255, 255, 255]);
  });
  it('skips points outside the viewport and non-finite ones, drawing nothing there', () => {
    const t = target(8, 8);
    const coords = new Float32Array([-1, 3, 3, 9, NaN, 2, 3, Infinity]);
    expect(drawPoints(t, coords, new Uint32Array(4).fill(RED), identity, makeStamp(1.5), 256)).toBe(0);
    expect(t.buf.every((c) => c === WHITE)).toBe(true);
  });
  it('clips discs at the edges without writing out of bounds', () => {
    const t = target(4, 4);
    expect(drawPoints(t, new Float32Array([0, 0, 3.5, 3.5]), new Uint32Array([RED, RED]), identity, makeStamp(3), 256)).toBe(2);
    expect(t.buf.length).toBe(16);
    expect(at(t, 0, 0)).toEqual([255, 0, 0, 255]);
    expect(at(t, 3, 3)).toEqual([255, 0, 0, 255]);
  });
  it('blends partial alpha over what is already there; later points land on top', () => {
    const t = target(5, 5);
    const coords = new Float32Array([2, 2, 2, 2]);
    drawPoints(t, coords, new Uint32Array([RED, BLUE]), identity, makeStamp(0.5), 256);
    expect(at(t, 2, 2)).toEqual([0, 0, 255, 255]);
    const u = target(5, 5);
    drawPoints(u, coords.subarray(0, 2), new Uint32Array([RED]), identity, makeStamp(0.5), 128);
    expect(at(u, 2, 2)).toEqual([255, 127, 127, 255]);
  });
  it('draws only the slots in [start, end)', () => {
    const t = target(6, 2);
    const coords = new Float32Array([0, 0, 2, 0, 4, 0]);
    const colors = new Uint32Array([RED, RED, RED]);
    expect(drawPoints(t, coords, colors, identity, makeStamp(0.5), 256, 1, 2)).toBe(1);
    expect(at(t, 2, 0)[1]).toBe(0);
    expect(at(t, 0, 0)[1]).toBe(255);
    expect(at(t, 4, 0)[1]).toBe(255);
  });
  it('scales weight by the colour alpha so transparent colours draw nothing', () => {
    const t = target(3, 3);
    drawPoints(t, new Float32Array([1, 1]), new Uint32Array([packRGBA(255, 0, 0, 0)]), identity, makeStamp(0.5), 256);
    expect(at(t, 1, 1)).toEqual([255, 255, 255, 255]);
  });
});

describe('drawDot', () => {
  it('draws a clipped disc around a device position', () => {
    const t = target(5, 5);
    drawDot(t, 0.2, 4.9, BLUE, makeStamp(1.5));
    expect(at(t, 0, 4)).toEqual([0, 0, 255, 255]);
    expect(at(t, 4, 0)).toEqual([255, 255, 255, 255]);
  });
});

describe('drawPoints on small stamps (the unrolled path)', () => {
  it('gives exactly the pixels of stamping each dot in turn, edges and overlaps included', () => {
    const rng = createRng(11);
    for (const radius of [0.5, 1.1, 1.45]) {
      for (const minCover of [1, 64]) {
        const stamp = makeStamp(radius, minCover);
        expect(stamp.reach).toBeLessThanOrEqual(1);
        const n = 3000;
        // Dense enough that many dots overlap, with some on and past the edges.
        const coords = new Float32Array(2 * n).map(() => rng.next() * 44 - 2);
        const palette = [RED, BLUE, packRGBA(10, 200, 30, 128), packRGBA(0, 0, 0, 0)];
        const colors = Uint32Array.from({ length: n }, () => palette[rng.int(palette.length)]);
        const fast = target(40, 40);
        const slow = target(40, 40);
        const drawn = drawPoints(fast, coords, colors, identity, stamp, 210);
        let expected = 0;
        for (let i = 0; i < n; i++) {
          const [x, y] = [coords[2 * i], coords[2 * i + 1]];
          if (!(x >= 0 && x < 40 && y >= 0 && y < 40) || colors[i] >>> 24 === 0) continue;
          expected++;
          drawDot(slow, x, y, colors[i], stamp, 210);
        }
        expect(drawn).toBe(expected);
        expect(Array.from(fast.buf)).toEqual(Array.from(slow.buf));
      }
    }
  });
});
