/**
 * Which points a lasso encloses: a polygon (in the layout's data coordinates) against
 * every point, by the even–odd rule, with a bounding-box test first so a small lasso
 * on a million points costs one pass of comparisons.
 */

/** 1 where point i of the n × 2 layout lies inside `polygon` ([x, y] vertices, closed implicitly). */
export function pointsInPolygon(coords: Float32Array, n: number, polygon: readonly (readonly [number, number])[]): { mask: Uint8Array; count: number } {
  const mask = new Uint8Array(n);
  const m = polygon.length;
  if (m < 3) return { mask, count: 0 };
  const xs = Float64Array.from(polygon, (p) => p[0]);
  const ys = Float64Array.from(polygon, (p) => p[1]);
  let minX = Infinity, maxX = -Infinity, minY = Infinity, maxY = -Infinity;
  for (let j = 0; j < m; j++) {
    if (xs[j] < minX) minX = xs[j];
    if (xs[j] > maxX) maxX = xs[j];
    if (ys[j] < minY) minY = ys[j];
    if (ys[j] > maxY) maxY = ys[j];
  }
  let count = 0;
  for (let i = 0; i < n; i++) {
    const x = coords[2 * i], y = coords[2 * i + 1];
    if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) continue; // also skips NaN
    // Count edge crossings of a ray going right from (x, y).
    let inside = false;
    for (let a = 0, b = m - 1; a < m; b = a++) {
      const ya = ys[a], yb = ys[b];
      if (ya > y !== yb > y && x < ((xs[b] - xs[a]) * (y - ya)) / (yb - ya) + xs[a]) inside = !inside;
    }
    if (inside) {
      mask[i] = 1;
      count++;
    }
  }
  return { mask, count };
}
