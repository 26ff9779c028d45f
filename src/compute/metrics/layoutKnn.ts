/**
 * Exact k-nearest neighbours inside a 2D layout, through a uniform grid: the layout
 * metrics ask for the 2D neighbours of every (or every sampled) point, and a grid
 * answers each query by visiting rings of cells around it until no unvisited cell
 * can hold anything nearer — O(k) cells per query on typical layouts instead of a
 * scan of all n points.
 *
 * Ties in distance are broken by the smaller index, so answers are deterministic.
 */

export interface LayoutIndex {
  /**
   * Writes the k nearest other points of point i (nearest first) into out[0..k),
   * returns how many were found (< k only when n − 1 < k).
   */
  knn(i: number, k: number, out: Int32Array): number;
}

export function createLayoutIndex(layout: Float32Array, n: number): LayoutIndex {
  if (layout.length < n * 2) throw new Error(`layoutKnn: expected ${n}×2 values, got ${layout.length}`);
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = layout[2 * i], y = layout[2 * i + 1];
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  // About 2 points per cell; square cells so one ring bound works in both axes.
  const w = Math.max(maxX - minX, 1e-12);
  const h = Math.max(maxY - minY, 1e-12);
  const cell = Math.max(Math.sqrt((w * h * 2) / Math.max(1, n)), Math.max(w, h) / 4000, 1e-12);
  const gw = Math.max(1, Math.min(4096, Math.ceil(w / cell) + 1));
  const gh = Math.max(1, Math.min(4096, Math.ceil(h / cell) + 1));
  const cellOf = (x: number, y: number): number => {
    const cx = Math.min(gw - 1, Math.max(0, Math.floor((x - minX) / cell)));
    const cy = Math.min(gh - 1, Math.max(0, Math.floor((y - minY) / cell)));
    return cy * gw + cx;
  };
  const start = new Int32Array(gw * gh + 1);
  const cellOfPoint = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = cellOf(layout[2 * i], layout[2 * i + 1]);
    cellOfPoint[i] = c;
    start[c + 1]++;
  }
  for (let c = 0; c < gw * gh; c++) start[c + 1] += start[c];
  const items = new Int32Array(n);
  const fill = start.slice(0, gw * gh);
  for (let i = 0; i < n; i++) items[fill[cellOfPoint[i]]++] = i;

  let heapIdx = new Int32Array(16);
  let heapDist = new Float64Array(16);

  return {
    knn(i: number, k: number, out: Int32Array): number {
      if (heapIdx.length < k) {
        heapIdx = new Int32Array(k);
        heapDist = new Float64Array(k);
      }
      const qx = layout[2 * i], qy = layout[2 * i + 1];
      const c = cellOfPoint[i];
      const cx = c % gw, cy = (c - cx) / gw;
      let size = 0;
      const maxRing = Math.max(gw, gh);
      for (let r = 0; r <= maxRing; r++) {
        // Everything outside rings 0..r-1 is at least (r−1)·cell away.
        if (size === k && heapDist[0] < ((r - 1) * cell) ** 2) break;
        const x0 = cx - r, x1 = cx + r, y0 = cy - r, y1 = cy + r;
        for (let y = y0; y <= y1; y++) {
          if (y < 0 || y >= gh) continue;
          const edgeRow = y === y0 || y === y1;
          for (let x = x0; x <= x1; x += edgeRow ? 1 : x1 - x0 || 1) {
            if (x >= 0 && x < gw) {
              const cc = y * gw + x;
              for (let t = start[cc]; t < start[cc + 1]; t++) {
                const j = items[t];
                if (j === i) continue;
                const dx = layout[2 * j] - qx, dy = layout[2 * j + 1] - qy;
                const d = dx * dx + dy * dy;
                if (size < k) {
                  size = heapPushUp(heapIdx, heapDist, size, j, d);
                } else if (d < heapDist[0] || (d === heapDist[0] && j < heapIdx[0])) {
                  heapReplaceRoot(heapIdx, heapDist, size, j, d);
                }
              }
            }
            if (x1 === x0) break;
          }
        }
      }
      // Heap → sorted ascending by (distance, index).
      for (let s = size; s > 0; s--) {
        out[s - 1] = heapIdx[0];
        const lastI = heapIdx[s - 1], lastD = heapDist[s - 1];
        heapReplaceRoot(heapIdx, heapDist, s - 1, lastI, lastD);
      }
      return size;
    },
  };
}

/** (d, j) is "greater" than (d', j') when farther, or equally far with a larger index. */
function greater(d: number, j: number, d2: number, j2: number): boolean {
  return d > d2 || (d === d2 && j > j2);
}

function heapPushUp(idx: Int32Array, dist: Float64Array, size: number, j: number, d: number): number {
  let pos = size;
  while (pos > 0) {
    const parent = (pos - 1) >> 1;
    if (!greater(d, j, dist[parent], idx[parent])) break;
    idx[pos] = idx[parent];
    dist[pos] = dist[parent];
    pos = parent;
  }
  idx[pos] = j;
  dist[pos] = d;
  return size + 1;
}

function heapReplaceRoot(idx: Int32Array, dist: Float64Array, size: number, j: number, d: number): void {
  if (size === 0) return;
  let pos = 0;
  for (;;) {
    const l = 2 * pos + 1;
    if (l >= size) break;
    const r = l + 1;
    let c = l;
    if (r < size && greater(dist[r], idx[r], dist[l], idx[l])) c = r;
    if (!greater(dist[c], idx[c], d, j)) break;
    idx[pos] = idx[c];
    dist[pos] = dist[c];
    pos = c;
  }
  idx[pos] = j;
  dist[pos] = d;
}
