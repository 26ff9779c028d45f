/**
 * A binned kernel density estimate of 2D points: each point's unit mass is split over
 * the four grid cells around it (linear binning, so the estimate moves smoothly as the
 * points do), then the grid is blurred with three box passes per axis, which is within a
 * few per cent of a Gaussian of the same variance (Wells, "Efficient synthesis of
 * Gaussian filters by cascaded uniform filters", 1986) and costs O(cells) whatever the
 * bandwidth. The plot draws it under the points when they overlap (Embedding Atlas does
 * the same on the GPU; d3-contour's contourDensity bins and blurs the same way).
 *
 * Pure: runs in the plot worker, and in Node tests.
 */

export interface DensitySpec {
  /** Data rectangle the grid covers. */
  readonly minX: number;
  readonly minY: number;
  readonly maxX: number;
  readonly maxY: number;
  readonly cols: number;
  readonly rows: number;
  /** Gaussian standard deviation, in cells. */
  readonly sigma: number;
}

export interface DensityGrid extends DensitySpec {
  /** Estimated points per cell, row 0 at the top (largest y). */
  readonly values: Float32Array;
  /** Points that fell inside the rectangle. */
  readonly inside: number;
}

export function densityGrid(coords: Float32Array, spec: DensitySpec): DensityGrid {
  const { cols, rows, minX, minY, maxX, maxY } = spec;
  const values = new Float32Array(cols * rows);
  const n = coords.length >> 1;
  const kx = cols / (maxX - minX || 1);
  const ky = rows / (maxY - minY || 1);
  let inside = 0;
  for (let i = 0; i < n; i++) {
    // Cell centres sit at integer + 0.5; u, v are measured from the first centre.
    const u = (coords[2 * i] - minX) * kx - 0.5;
    const v = (maxY - coords[2 * i + 1]) * ky - 0.5;
    if (!(u >= -0.5 && u < cols - 0.5 && v >= -0.5 && v < rows - 0.5)) continue;
    inside++;
    const x0 = Math.floor(u), y0 = Math.floor(v);
    const fx = u - x0, fy = v - y0;
    splat(values, cols, rows, x0, y0, (1 - fx) * (1 - fy));
    splat(values, cols, rows, x0 + 1, y0, fx * (1 - fy));
    splat(values, cols, rows, x0, y0 + 1, (1 - fx) * fy);
    splat(values, cols, rows, x0 + 1, y0 + 1, fx * fy);
  }
  blurGaussian(values, cols, rows, spec.sigma);
  return { ...spec, values, inside };
}

function splat(values: Float32Array, cols: number, rows: number, x: number, y: number, w: number): void {
  if (x >= 0 && y >= 0 && x < cols && y < rows && w > 0) values[y * cols + x] += w;
}

/** The three box widths whose cascade approximates a Gaussian of standard deviation sigma. */
export function boxWidths(sigma: number): [number, number, number] {
  // Ideal width for 3 passes, then a mix of the odd widths around it that matches the variance.
  const ideal = Math.sqrt((12 * sigma * sigma) / 3 + 1);
  let lo = Math.floor(ideal);
  if (lo % 2 === 0) lo--;
  lo = Math.max(1, lo);
  const hi = lo + 2;
  const m = Math.round((12 * sigma * sigma - 3 * lo * lo - 12 * lo - 9) / (-4 * lo - 4));
  return [0, 1, 2].map((i) => (i < m ? lo : hi)) as [number, number, number];
}

/** In place: three box blurs along x, then three along y (zero outside the grid). */
export function blurGaussian(values: Float32Array, cols: number, rows: number, sigma: number): void {
  if (!(sigma > 0)) return;
  const widths = boxWidths(sigma);
  const line = new Float32Array(Math.max(cols, rows));
  const tmp = new Float32Array(Math.max(cols, rows));
  for (const w of widths) {
    const r = w >> 1;
    if (r === 0) continue;
    for (let y = 0; y < rows; y++) {
      for (let x = 0; x < cols; x++) line[x] = values[y * cols + x];
      boxLine(line, tmp, cols, r);
      for (let x = 0; x < cols; x++) values[y * cols + x] = tmp[x];
    }
    for (let x = 0; x < cols; x++) {
      for (let y = 0; y < rows; y++) line[y] = values[y * cols + x];
      boxLine(line, tmp, rows, r);
      for (let y = 0; y < rows; y++) values[y * cols + x] = tmp[y];
    }
  }
}

/** A moving average of width 2r+1 over src[0..len), zero beyond the ends (mass near an edge leaks out, as a KDE's would). */
function boxLine(src: Float32Array, out: Float32Array, len: number, r: number): void {
  const inv = 1 / (2 * r + 1);
  let acc = 0;
  for (let i = 0; i < Math.min(r, len); i++) acc += src[i];
  for (let i = 0; i < len; i++) {
    if (i + r < len) acc += src[i + r];
    if (i - r - 1 >= 0) acc -= src[i - r - 1];
    out[i] = acc * inv;
  }
}
