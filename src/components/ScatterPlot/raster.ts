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
 * Draws points i (optionally only those with matches[i] === want) at `alpha`
 * (0..256, multiplied by each colour's own alpha) through `view`, which must already
 * be in device pixels. Points whose centre falls outside the target are skipped.
 * Returns how many points were drawn.
 */
export function drawPoints(
  t: Target,
  coords: Float32Array,
  colors: Uint32Array,
  view: View,
  stamp: Stamp,
  alpha: number,
  matches: Uint8Array | null = null,
  want = 1,
): number {
  const { buf, width, height } = t;
  const { sx, ox, sy, oy } = view;
  const m = stamp.cover.length;
  const offs = new Int32Array(m);
  for (let j = 0; j < m; j++) offs[j] = stamp.dy[j] * width + stamp.dx[j];
  const cover = stamp.cover;
  const reach = stamp.reach;
  const innerMaxX = width - reach;
  const innerMaxY = height - reach;
  const n = Math.min(coords.length >> 1, colors.length);
  let drawn = 0;
  for (let i = 0; i < n; i++) {
    if (matches !== null && matches[i] !== want) continue;
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

/** One dot at device pixel (fx, fy), clipped to the target: for highlights and edges. */
export function drawDot(t: Target, fx: number, fy: number, color: number, stamp: Stamp, alpha = 256): void {
  if (!Number.isFinite(fx) || !Number.isFinite(fy)) return;
  const px = Math.floor(fx);
  const py = Math.floor(fy);
  if (px < -stamp.reach || py < -stamp.reach || px >= t.width + stamp.reach || py >= t.height + stamp.reach) return;
  stampClipped(t, px, py, color, stamp, (alpha * weightOf(color)) >> 8);
}

/** A colour's alpha byte as a weight in 0..256 (255 → 256, so opaque means opaque). */
function weightOf(c: number): number {
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
