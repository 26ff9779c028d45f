/**
 * The pure geometry of the scatter plot: where data coordinates land on screen.
 *
 * A view is one affine map per axis, in CSS pixels relative to the canvas's top-left:
 *   screenX = x * sx + ox,   screenY = y * sy + oy
 * (sy is negative: data y grows upwards, screen y downwards). The renderer multiplies
 * it by the device pixel ratio; e2e tests read it from the plot's `data-view`.
 *
 * The on-screen view is the "base" fit of the data extent into the plot, followed by
 * d3-zoom's transform {k, x, y} (screen' = k·screen + (x, y)). Keeping the two apart
 * lets a new layout of the same dataset refit its base while keeping the user's zoom.
 */

export interface View {
  readonly sx: number;
  readonly ox: number;
  readonly sy: number;
  readonly oy: number;
}

export interface Extent {
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
}

/** d3-zoom's ZoomTransform shape, without depending on d3 here. */
export interface ZoomLike {
  readonly k: number;
  readonly x: number;
  readonly y: number;
}

/** Bounding box of the finite points of an n×2 buffer; null when there are none. */
export function dataExtent(coords: ArrayLike<number>): Extent | null {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const n = coords.length >> 1;
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i];
    const y = coords[2 * i + 1];
    // NaN / ±Infinity (a diverged projection) must not blow the fit up.
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return minX <= maxX ? { minX, minY, maxX, maxY } : null;
}

/**
 * The view that shows the whole extent centred in a width×height plot with `padding`
 * CSS px on every side, one scale for both axes (distances in an embedding mean the
 * same thing in x and y, so stretching one axis would lie about them).
 */
export function fitView(extent: Extent | null, width: number, height: number, padding = 32): View {
  const e = extent ?? { minX: -1, minY: -1, maxX: 1, maxY: 1 };
  const cx = (e.minX + e.maxX) / 2;
  const cy = (e.minY + e.maxY) / 2;
  // A single point or a line still needs a non-zero span to be scaled into view.
  const fallback = Math.max(Math.abs(cx), Math.abs(cy)) * 0.1 || 1;
  const spanX = e.maxX - e.minX || fallback;
  const spanY = e.maxY - e.minY || fallback;
  const usableW = Math.max(1, width - 2 * padding);
  const usableH = Math.max(1, height - 2 * padding);
  const s = Math.min(usableW / spanX, usableH / spanY);
  return { sx: s, ox: width / 2 - cx * s, sy: -s, oy: height / 2 + cy * s };
}

/**
 * Where the plot looks, independent of its size in pixels: the data point at the
 * centre of the plot and the zoom factor relative to fitting every point (1 = fitted).
 * A binding can keep, link or restore it; the plot emits it after every view change.
 */
export interface Camera {
  readonly cx: number;
  readonly cy: number;
  readonly zoom: number;
}

/** The camera that a zoom transform on top of `base` amounts to in a width×height plot. */
export function cameraOf(base: View, t: ZoomLike, width: number, height: number): Camera {
  const [cx, cy] = toData(zoomView(base, t), width / 2, height / 2);
  return { cx, cy, zoom: t.k };
}

/** The zoom transform on top of `base` that shows `camera` (the inverse of cameraOf). */
export function transformFor(base: View, camera: Camera, width: number, height: number): ZoomLike {
  const k = camera.zoom;
  // zoomView maps cx to base.sx·k·cx + base.ox·k + x, which must land on the centre.
  return { k, x: width / 2 - k * (camera.cx * base.sx + base.ox), y: height / 2 - k * (camera.cy * base.sy + base.oy) };
}

/**
 * Whether a steady view should be fitted again: some points left it, or they now fill
 * less than `minFill` of it on both axes (the layout grew or shrank a lot). Between
 * those, the view holds still so movement on screen is movement in the data.
 */
export function outgrown(view: View, extent: Extent, width: number, height: number, minFill = 0.45): boolean {
  const [x0, y0] = toScreen(view, extent.minX, extent.maxY);
  const [x1, y1] = toScreen(view, extent.maxX, extent.minY);
  if (x0 < 0 || y0 < 0 || x1 > width || y1 > height) return true;
  return x1 - x0 < width * minFill && y1 - y0 < height * minFill;
}

/** The base view followed by a zoom transform. */
export function zoomView(base: View, t: ZoomLike): View {
  return { sx: base.sx * t.k, ox: base.ox * t.k + t.x, sy: base.sy * t.k, oy: base.oy * t.k + t.y };
}

export function toScreen(view: View, x: number, y: number): [number, number] {
  return [x * view.sx + view.ox, y * view.sy + view.oy];
}

export function toData(view: View, px: number, py: number): [number, number] {
  return [(px - view.ox) / view.sx, (py - view.oy) / view.sy];
}

/** The data rectangle visible in a width×height plot (for axes and culling). */
export function visibleExtent(view: View, width: number, height: number): Extent {
  const [x0, y0] = toData(view, 0, 0);
  const [x1, y1] = toData(view, width, height);
  return { minX: Math.min(x0, x1), minY: Math.min(y0, y1), maxX: Math.max(x0, x1), maxY: Math.max(y0, y1) };
}

/**
 * Point radius in CSS px: big dots for a few hundred points, fine ones for a million
 * (so clusters stay readable instead of turning into one blob), growing a little as
 * the user zooms in and the points spread apart.
 */
export function pointRadius(n: number, k = 1): number {
  const base = n <= 1_000 ? 3 : n <= 10_000 ? 2.2 : n <= 100_000 ? 1.6 : 1.1;
  return Math.min(6, base * Math.max(1, k ** 0.25));
}
