/**
 * The CPU point rasteriser: writes dots straight into the Uint32Array view of an
 * ImageData buffer. In headless/software Chromium this is the fastest way to draw
 * 100k+ points (no per-point canvas calls, no GPU emulation): a few integer
 * multiplies per covered pixel, and one putImageData per frame in the caller.
 *
 * Colours are packed little-endian RGBA, the way a Uint32Array over ImageData.data
 * sees them on every platform browsers run on: R in the low byte, A in the high one.
 *
 * Pure: no DOM, so it is unit-tested in Node on a plain Uint32Array.
 */
import type { View } from './viewMath';

export function packRGBA(r: number, g: number, b: number, a = 255): number {
  return ((a & 255) << 24 | (b & 255) << 16 | (g & 255) << 8 | (r & 255)) >>> 0;
}

export function unpackRGBA(c: number): [number, number, number, number] {
  return [c & 255, (c >>> 8) & 255, (c >>> 16) & 255, c >>> 24];
}

/** A device-pixel target: width×height pixels, row after row. */
export interface Target {
  readonly buf: Uint32Array;
  readonly width: number;
  readonly height: number;
}

/**
 * A precomputed anti-aliased disc: the pixels around the centre it touches and how
 * much of each it covers (1..256). Built once per radius, not per point.
 */
export interface Stamp {
  /** Largest |dx| or |dy|: how far the disc reaches from its centre pixel. */
  readonly reach: number;
  readonly dx: Int8Array;
  readonly dy: Int8Array;
  readonly cover: Uint16Array;
}

/**
 * A disc of `radius` device px centred on a pixel centre, 4×4 supersampled. Pixels
 * covered less than minCover/256 are left out: for the dense, tiny dots of a big
 * layout that saves about half the blending for a barely visible difference.
 */
export function makeStamp(radius: number, minCover = 1): Stamp {
  const r = Math.max(0.5, Math.min(60, radius));
  const reach = Math.ceil(r - 0.5);
  const dx: number[] = [];
  const dy: number[] = [];
  const cover: number[] = [];
  for (let y = -reach; y <= reach; y++) {
    for (let x = -reach; x <= reach; x++) {
      let inside = 0;
      for (let sy = 0; sy < 4; sy++) {
        for (let sx = 0; sx < 4; sx++) {
          const px = x - 0.375 + sx * 0.25;
          const py = y - 0.375 + sy * 0.25;
          if (px * px + py * py <= r * r) inside++;
        }
      }
      // The centre pixel is always fully covered so even tiny dots stay visible.
      const c = x === 0 && y === 0 ? 256 : inside * 16;
      if (c > 0 && c >= minCover) {
        dx.push(x);
        dy.push(y);
        cover.push(c);
      }
    }
  }
  return { reach, dx: Int8Array.from(dx), dy: Int8Array.from(dy), cover: Uint16Array.from(cover) };
}

/** Blends packed colour c over the opaque packed colour d with weight a in 0..256. */
export function blend(d: number, c: number, a: number): number {
  const ia = 256 - a;
  // Red and blue move together in one multiply; the sums stay below 2^32.
  const rb = ((((c & 0xff00ff) * a + (d & 0xff00ff) * ia) >>> 8) & 0xff00ff);
  const g = ((((c & 0x00ff00) * a + (d & 0x00ff00) * ia) >>> 8) & 0x00ff00);
  return (0xff000000 | rb | g) >>> 0;
}

/**
 * Draws the points in slots [start, end) at `alpha` (0..256, multiplied by each
 * colour's own alpha) through `view`, which must already be in device pixels. Points
 * whose centre falls outside the target (or is not finite) are skipped; each dot is
 * centred on the pixel its centre falls in. Returns how many points were drawn.
 *
 * The hot loop of the CPU renderer: at 1M points it runs ~5M read-blend-writes, so the
 * caller passes the slots in a spatial order (pointScene.ts) to keep those in cache.
 */
export function drawPoints(
  t: Target,
  coords: Float32Array,
  colors: Uint32Array,
  view: View,
  stamp: Stamp,
  alpha: number,
  start = 0,
  end = Math.min(coords.length >> 1, colors.length),
): number {
  const stop = Math.min(end, coords.length >> 1, colors.length);
  const from = Math.max(0, start);
  return stamp.reach <= 1 ? drawSmall(t, coords, colors, view, stamp, alpha, from, stop) : drawAny(t, coords, colors, view, stamp, alpha, from, stop);
}

/** Any stamp: a loop over its pixels. */
function drawAny(t: Target, coords: Float32Array, colors: Uint32Array, view: View, stamp: Stamp, alpha: number, start: number, stop: number): number {
  const { buf, width, height } = t;
  const { sx, ox, sy, oy } = view;
  const m = stamp.cover.length;
  const offs = new Int32Array(m);
  for (let j = 0; j < m; j++) offs[j] = stamp.dy[j] * width + stamp.dx[j];
  const cover = stamp.cover;
  const reach = stamp.reach;
  const innerMaxX = width - reach;
  const innerMaxY = height - reach;
  let drawn = 0;
  for (let i = start; i < stop; i++) {
    const fx = coords[2 * i] * sx + ox;
    const fy = coords[2 * i + 1] * sy + oy;
    // Written so NaN fails the test too.
    if (!(fx >= 0 && fx < width && fy >= 0 && fy < height)) continue;
    const c = colors[i];
    const pa = (alpha * weightOf(c)) >> 8;
    if (pa <= 0) continue;
    const px = fx | 0;
    const py = fy | 0;
    drawn++;
    if (px >= reach && px < innerMaxX && py >= reach && py < innerMaxY) {
      const base = py * width + px;
      const cRB = c & 0xff00ff;
      const cG = c & 0x00ff00;
      for (let j = 0; j < m; j++) {
        const o = base + offs[j];
        const a = (pa * cover[j]) >> 8;
        const d = buf[o];
        const ia = 256 - a;
        buf[o] = 0xff000000 | ((((cRB * a + (d & 0xff00ff) * ia) >>> 8) & 0xff00ff) | (((cG * a + (d & 0x00ff00) * ia) >>> 8) & 0x00ff00));
      }
    } else {
      stampClipped(t, px, py, c, stamp, pa);
    }
  }
  return drawn;
}

/**
 * Stamps that reach one pixel (the tiny dots of 100k+ points): the centre, the four
 * edge pixels and the four corners each share one cover, so the nine blends are written
 * out with the colour's products worked out once per colour run (spatially ordered
 * points mostly repeat their neighbour's colour). ~25 % faster than the loop at 1M
 * points, with the same pixels.
 */
function drawSmall(t: Target, coords: Float32Array, colors: Uint32Array, view: View, stamp: Stamp, alpha: number, start: number, stop: number): number {
  const { buf, width, height } = t;
  const { sx, ox, sy, oy } = view;
  const { centre: centreCover, edge: edgeCover, corner: cornerCover } = smallCovers(stamp);
  const xMax = width - 1, yMax = height - 1;
  let drawn = 0;
  let last = -1;
  let aC = 0, aE = 0, aK = 0, iC = 256, iE = 256, iK = 256;
  let rbC = 0, gC = 0, rbE = 0, gE = 0, rbK = 0, gK = 0;
  for (let i = start; i < stop; i++) {
    const fx = coords[2 * i] * sx + ox;
    const fy = coords[2 * i + 1] * sy + oy;
    if (!(fx >= 0 && fx < width && fy >= 0 && fy < height)) continue;
    const c = colors[i];
    if (c !== last) {
      last = c;
      const pa = (alpha * weightOf(c)) >> 8;
      aC = (pa * centreCover) >> 8;
      aE = (pa * edgeCover) >> 8;
      aK = (pa * cornerCover) >> 8;
      iC = 256 - aC;
      iE = 256 - aE;
      iK = 256 - aK;
      const cRB = c & 0xff00ff, cG = c & 0x00ff00;
      rbC = cRB * aC;
      gC = cG * aC;
      rbE = cRB * aE;
      gE = cG * aE;
      rbK = cRB * aK;
      gK = cG * aK;
    }
    if (aC <= 0) continue;
    const px = fx | 0;
    const py = fy | 0;
    drawn++;
    if (px < 1 || px >= xMax || py < 1 || py >= yMax) {
      stampClipped(t, px, py, c, stamp, (alpha * weightOf(c)) >> 8);
      continue;
    }
    let o = py * width + px;
    let d = buf[o];
    buf[o] = 0xff000000 | ((((rbC + (d & 0xff00ff) * iC) >>> 8) & 0xff00ff) | (((gC + (d & 0x00ff00) * iC) >>> 8) & 0x00ff00));
    if (aE > 0) {
      o = py * width + px - 1;
      d = buf[o];
      buf[o] = 0xff000000 | ((((rbE + (d & 0xff00ff) * iE) >>> 8) & 0xff00ff) | (((gE + (d & 0x00ff00) * iE) >>> 8) & 0x00ff00));
      o += 2;
      d = buf[o];
      buf[o] = 0xff000000 | ((((rbE + (d & 0xff00ff) * iE) >>> 8) & 0xff00ff) | (((gE + (d & 0x00ff00) * iE) >>> 8) & 0x00ff00));
      o = (py - 1) * width + px;
      d = buf[o];
      buf[o] = 0xff000000 | ((((rbE + (d & 0xff00ff) * iE) >>> 8) & 0xff00ff) | (((gE + (d & 0x00ff00) * iE) >>> 8) & 0x00ff00));
      o += 2 * width;
      d = buf[o];
      buf[o] = 0xff000000 | ((((rbE + (d & 0xff00ff) * iE) >>> 8) & 0xff00ff) | (((gE + (d & 0x00ff00) * iE) >>> 8) & 0x00ff00));
    }
    if (aK > 0) {
      o = (py - 1) * width + px - 1;
      d = buf[o];
      buf[o] = 0xff000000 | ((((rbK + (d & 0xff00ff) * iK) >>> 8) & 0xff00ff) | (((gK + (d & 0x00ff00) * iK) >>> 8) & 0x00ff00));
      o += 2;
      d = buf[o];
      buf[o] = 0xff000000 | ((((rbK + (d & 0xff00ff) * iK) >>> 8) & 0xff00ff) | (((gK + (d & 0x00ff00) * iK) >>> 8) & 0x00ff00));
      o += 2 * width;
      d = buf[o];
      buf[o] = 0xff000000 | ((((rbK + (d & 0xff00ff) * iK) >>> 8) & 0xff00ff) | (((gK + (d & 0x00ff00) * iK) >>> 8) & 0x00ff00));
      o -= 2;
      d = buf[o];
      buf[o] = 0xff000000 | ((((rbK + (d & 0xff00ff) * iK) >>> 8) & 0xff00ff) | (((gK + (d & 0x00ff00) * iK) >>> 8) & 0x00ff00));
    }
  }
  return drawn;
}

/**
 * The covers (0..256, 0 where the stamp leaves the pixel out) of a stamp that reaches one
 * pixel: its centre, its four edge pixels and its four corners each share one (a disc).
 */
export function smallCovers(stamp: Stamp): { centre: number; edge: number; corner: number } {
  const at = (dx: number, dy: number): number => {
    for (let j = 0; j < stamp.cover.length; j++) if (stamp.dx[j] === dx && stamp.dy[j] === dy) return stamp.cover[j];
    return 0;
  };
  return { centre: at(0, 0), edge: at(1, 0), corner: at(1, 1) };
}

/** One dot at device pixel (fx, fy), clipped to the target: for highlights and edges. */
export function drawDot(t: Target, fx: number, fy: number, color: number, stamp: Stamp, alpha = 256): void {
  if (!Number.isFinite(fx) || !Number.isFinite(fy)) return;
  const px = Math.floor(fx);
  const py = Math.floor(fy);
  if (px < -stamp.reach || py < -stamp.reach || px >= t.width + stamp.reach || py >= t.height + stamp.reach) return;
  stampClipped(t, px, py, color, stamp, (alpha * weightOf(color)) >> 8);
}

/** A colour's alpha byte as a weight in 0..256 (255 → 256, so opaque means opaque). */
export function weightOf(c: number): number {
  const a = c >>> 24;
  return a + (a >> 7);
}

function stampClipped(t: Target, px: number, py: number, c: number, stamp: Stamp, pa: number): void {
  const { buf, width, height } = t;
  for (let j = 0; j < stamp.cover.length; j++) {
    const x = px + stamp.dx[j];
    const y = py + stamp.dy[j];
    if (x < 0 || y < 0 || x >= width || y >= height) continue;
    const o = y * width + x;
    buf[o] = blend(buf[o], c, (pa * stamp.cover[j]) >> 8);
  }
}
