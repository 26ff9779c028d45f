/**
 * Exact nearest neighbours over an n×dim Float32Array.
 *
 * - `nearestTo`: the k neighbours of one row (the "neighbours of the selected point"
 *   panel): one pass, a bounded heap, O(n·dim).
 * - `knnGraph` / `createKnnGraph`: every row's k neighbours (t-SNE, UMAP, quality
 *   metrics). Brute force, but blocked: tiles of B query rows × B data rows get their
 *   dot products from a 2×4 register-tiled kernel, distances come from precomputed
 *   norms, and each row keeps a bounded max-heap of its k best. Distance is symmetric,
 *   so each tile is computed once and feeds the heaps of both its row blocks: half the
 *   multiply-adds of the naive n²·dim.
 *
 * Conventions, shared with the approximate `nndescent.ts`:
 * - a row is never its own neighbour; k is clamped to n − 1 and the result says so;
 * - cosine: similarity = a·b / (‖a‖‖b‖), and a zero vector has similarity 0 to
 *   everything (distance 1): it has no direction, and 0 keeps it out of everyone's top
 *   list rather than producing NaN;
 * - euclidean distance is the plain (not squared) distance;
 * - ties are broken by the lower row index;
 * - reported values are recomputed directly for the chosen neighbours (so duplicates
 *   are at distance exactly 0), the tile formula ‖a‖² + ‖b‖² − 2a·b only ranks.
 */
import type { Metric } from '../dataset';
import { dot, rowNorms, squaredDistance } from '../linalg';
import type { Steppable } from '../task';

export interface Neighbor {
  index: number;
  /** Cosine similarity (higher is nearer) or euclidean distance (lower is nearer). */
  value: number;
}

/** Row i of the n×k arrays lists i's k nearest other rows, nearest first. */
export interface KnnGraph {
  readonly k: number;
  readonly indices: Int32Array;
  /** Cosine distance (1 − similarity) or euclidean distance. */
  readonly distances: Float32Array;
}

export interface KnnGraphOptions {
  /** Precomputed row norms (rowNorms) to reuse. */
  norms?: Float32Array;
  /** Rows per tile side; default 64 (tiles of both blocks stay in L2). */
  blockSize?: number;
}

/** Snapshot of a running knnGraph: how many rows have their final neighbours. */
export type KnnGraphSnapshot = number;

function checkShape(fn: string, vectors: Float32Array, n: number, dim: number, k: number): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(dim) || dim < 1) throw new Error(`${fn}: bad shape ${n}×${dim}`);
  if (vectors.length !== n * dim) throw new Error(`${fn}: expected ${n}×${dim} = ${n * dim} values, got ${vectors.length}`);
  if (!Number.isInteger(k) || k < 0) throw new Error(`${fn}: k must be a non-negative integer, got ${k}`);
}

/** Similarity with zero vectors defined as 0 (see the module comment). */
function cosine(dotProduct: number, normA: number, normB: number): number {
  return normA > 0 && normB > 0 ? dotProduct / (normA * normB) : 0;
}

/**
 * The k rows nearest to row `query` (never the row itself): cosine similarity,
 * descending, or euclidean distance, ascending; ties by lower index.
 */
export function nearestTo(
  vectors: Float32Array,
  n: number,
  dim: number,
  query: number,
  k: number,
  metric: Metric,
  norms?: Float32Array,
): Neighbor[] {
  checkShape('nearestTo', vectors, n, dim, k);
  if (!Number.isInteger(query) || query < 0 || query >= n) throw new Error(`nearestTo: row ${query} is out of range 0..${n - 1}`);
  const kk = Math.min(k, n - 1);
  if (kk === 0) return [];
  const heap = new BoundedHeap(kk);
  const q = query * dim;
  if (metric === 'cosine') {
    const nq = norms ? norms[query] : Math.sqrt(dot(vectors, q, vectors, q, dim));
    for (let j = 0; j < n; j++) {
      if (j === query) continue;
      const nj = norms ? norms[j] : Math.sqrt(dot(vectors, j * dim, vectors, j * dim, dim));
      // Heap keys are "smaller is nearer": store the negated similarity.
      heap.offer(-cosine(dot(vectors, q, vectors, j * dim, dim), nq, nj), j);
    }
  } else {
    for (let j = 0; j < n; j++) {
      if (j !== query) heap.offer(squaredDistance(vectors, q, vectors, j * dim, dim), j);
    }
  }
  return heap.sorted().map(({ key, index }) => ({
    index,
    value: metric === 'cosine' ? (key === 0 ? 0 : -key) : Math.sqrt(key),
  }));
}

/** Every row's k nearest other rows (exact). */
export function knnGraph(vectors: Float32Array, n: number, dim: number, k: number, metric: Metric, opts: KnnGraphOptions = {}): KnnGraph {
  const task = createKnnGraph(vectors, n, dim, k, metric, opts);
  while (!task.step(Number.POSITIVE_INFINITY)) {
    /* one step runs everything */
  }
  return task.result();
}

/**
 * Steppable knnGraph. One budget unit = one B×B tile. Rows become final block by
 * block (block I is complete once it has met every block J ≥ I; blocks J < I met it
 * earlier), so the snapshot is the count of finished rows.
 */
export function createKnnGraph(
  vectors: Float32Array,
  n: number,
  dim: number,
  k: number,
  metric: Metric,
  opts: KnnGraphOptions = {},
): Steppable<KnnGraphSnapshot, KnnGraph> {
  checkShape('knnGraph', vectors, n, dim, k);
  const kk = Math.min(k, Math.max(0, n - 1));
  const B = Math.max(4, Math.floor(opts.blockSize ?? 64));
  const norms = opts.norms ?? rowNorms(vectors, n, dim);
  if (norms.length !== n) throw new Error(`knnGraph: expected ${n} norms, got ${norms.length}`);
  // Ranking keys: squared norms (euclidean) or inverse norms (cosine, 0 for zero vectors).
  const rowTerm = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    rowTerm[i] = metric === 'cosine' ? (norms[i] > 0 ? 1 / norms[i] : 0) : norms[i] * norms[i];
  }

  const indices = new Int32Array(n * kk);
  const distances = new Float32Array(n * kk);
  const heapKey = new Float64Array(n * kk);
  const heapIdx = new Int32Array(n * kk);
  const heapSize = new Int32Array(n);
  const tile = new Float64Array(B * B);
  const blocks = Math.ceil(n / B);
  const totalTiles = (blocks * (blocks + 1)) / 2;
  let tilesDone = 0;
  let I = 0;
  let J = 0;
  let rowsDone = kk === 0 ? n : 0;

  const finishBlock = (i0: number, i1: number): void => {
    for (let i = i0; i < i1; i++) finishRow(vectors, dim, metric, norms, i, kk, heapIdx, heapSize[i], indices, distances);
    rowsDone = i1;
  };

  return {
    step(budget) {
      if (rowsDone >= n) return true;
      let spent = 0;
      while (spent < budget && I < blocks) {
        const i0 = I * B;
        const i1 = Math.min(n, i0 + B);
        const j0 = J * B;
        const j1 = Math.min(n, j0 + B);
        dotTile(vectors, dim, i0, i1 - i0, j0, j1 - j0, tile);
        pushTile(tile, i0, i1, j0, j1, I === J, metric, rowTerm, kk, heapKey, heapIdx, heapSize);
        spent++;
        tilesDone++;
        if (++J === blocks) {
          finishBlock(i0, i1);
          I++;
          J = I;
        }
      }
      return rowsDone >= n;
    },
    progress: () => (rowsDone >= n ? 1 : tilesDone / totalTiles),
    snapshot: () => rowsDone,
    result() {
      if (rowsDone < n) throw new Error('knnGraph: result() called before the task finished');
      return { k: kk, indices, distances };
    },
  };
}

/**
 * out[a·jCount + b] = X[i0 + a]·X[j0 + b]. A 2×4 register tile keeps eight
 * independent sums in flight (a single running sum is latency-bound, ~3× slower).
 * The same tile as linalg.multiplyABt, kept separate on purpose: that one reads
 * Float64Array panels, this one Float32Array rows in place; one shared loop over both
 * array kinds would turn the hottest loop of PCA and of kNN polymorphic in V8.
 */
function dotTile(X: Float32Array, dim: number, i0: number, iCount: number, j0: number, jCount: number, out: Float64Array): void {
  let a = 0;
  for (; a + 1 < iCount; a += 2) {
    const p0 = (i0 + a) * dim;
    const p1 = p0 + dim;
    let b = 0;
    for (; b + 3 < jCount; b += 4) {
      const q0 = (j0 + b) * dim;
      const q1 = q0 + dim;
      const q2 = q1 + dim;
      const q3 = q2 + dim;
      let s00 = 0, s01 = 0, s02 = 0, s03 = 0, s10 = 0, s11 = 0, s12 = 0, s13 = 0;
      for (let t = 0; t < dim; t++) {
        const u0 = X[p0 + t];
        const u1 = X[p1 + t];
        const v0 = X[q0 + t];
        const v1 = X[q1 + t];
        const v2 = X[q2 + t];
        const v3 = X[q3 + t];
        s00 += u0 * v0; s01 += u0 * v1; s02 += u0 * v2; s03 += u0 * v3;
        s10 += u1 * v0; s11 += u1 * v1; s12 += u1 * v2; s13 += u1 * v3;
      }
      const o0 = a * jCount + b;
      const o1 = o0 + jCount;
      out[o0] = s00; out[o0 + 1] = s01; out[o0 + 2] = s02; out[o0 + 3] = s03;
      out[o1] = s10; out[o1 + 1] = s11; out[o1 + 2] = s12; out[o1 + 3] = s13;
    }
    for (; b < jCount; b++) {
      const q0 = (j0 + b) * dim;
      out[a * jCount + b] = dot(X, p0, X, q0, dim);
      out[(a + 1) * jCount + b] = dot(X, p1, X, q0, dim);
    }
  }
  for (; a < iCount; a++) {
    const p0 = (i0 + a) * dim;
    for (let b = 0; b < jCount; b++) out[a * jCount + b] = dot(X, p0, X, (j0 + b) * dim, dim);
  }
}

/** Offers every pair of a tile to the heaps of both rows (once per pair on diagonal tiles). */
function pushTile(
  tile: Float64Array,
  i0: number,
  i1: number,
  j0: number,
  j1: number,
  diagonal: boolean,
  metric: Metric,
  rowTerm: Float64Array,
  k: number,
  heapKey: Float64Array,
  heapIdx: Int32Array,
  heapSize: Int32Array,
): void {
  const jCount = j1 - j0;
  const cos = metric === 'cosine';
  for (let i = i0; i < i1; i++) {
    const ti = rowTerm[i];
    const row = (i - i0) * jCount;
    // On a diagonal tile take j > i only; the pair feeds both heaps below.
    for (let j = diagonal ? i + 1 : j0; j < j1; j++) {
      const d = tile[row + j - j0];
      const key = cos ? 1 - d * ti * rowTerm[j] : ti + rowTerm[j] - 2 * d;
      heapOffer(heapKey, heapIdx, heapSize, i, k, key, j);
      heapOffer(heapKey, heapIdx, heapSize, j, k, key, i);
    }
  }
}

/**
 * Row `row`'s bounded max-heap (worst neighbour at the root) lives at
 * heapKey/heapIdx[row·k …]. "Worse" = larger key, or equal key and larger index.
 */
function heapOffer(heapKey: Float64Array, heapIdx: Int32Array, heapSize: Int32Array, row: number, k: number, key: number, index: number): void {
  const base = row * k;
  let size = heapSize[row];
  if (size < k) {
    // Sift up from the new leaf.
    let c = size++;
    heapSize[row] = size;
    while (c > 0) {
      const p = (c - 1) >> 1;
      const pk = heapKey[base + p];
      if (pk > key || (pk === key && heapIdx[base + p] > index)) break;
      heapKey[base + c] = pk;
      heapIdx[base + c] = heapIdx[base + p];
      c = p;
    }
    heapKey[base + c] = key;
    heapIdx[base + c] = index;
    return;
  }
  const top = heapKey[base];
  if (key > top || (key === top && index > heapIdx[base])) return;
  // Replace the root and sift down.
  let c = 0;
  for (;;) {
    let child = 2 * c + 1;
    if (child >= size) break;
    const right = child + 1;
    if (right < size) {
      const lk = heapKey[base + child];
      const rk = heapKey[base + right];
      if (rk > lk || (rk === lk && heapIdx[base + right] > heapIdx[base + child])) child = right;
    }
    const ck = heapKey[base + child];
    if (ck > key || (ck === key && heapIdx[base + child] > index)) {
      heapKey[base + c] = ck;
      heapIdx[base + c] = heapIdx[base + child];
      c = child;
    } else break;
  }
  heapKey[base + c] = key;
  heapIdx[base + c] = index;
}

/** Writes row i's neighbours, nearest first, with values recomputed directly from the vectors. */
function finishRow(
  X: Float32Array,
  dim: number,
  metric: Metric,
  norms: Float32Array,
  i: number,
  k: number,
  heapIdx: Int32Array,
  size: number,
  indices: Int32Array,
  distances: Float32Array,
): void {
  const base = i * k;
  const entries: { key: number; index: number }[] = [];
  for (let s = 0; s < size; s++) {
    const j = heapIdx[base + s];
    const key =
      metric === 'cosine'
        ? 1 - cosine(dot(X, i * dim, X, j * dim, dim), norms[i], norms[j])
        : Math.sqrt(squaredDistance(X, i * dim, X, j * dim, dim));
    entries.push({ key, index: j });
  }
  entries.sort((a, b) => a.key - b.key || a.index - b.index);
  for (let s = 0; s < k; s++) {
    indices[base + s] = s < size ? entries[s].index : -1;
    distances[base + s] = s < size ? entries[s].key : Infinity;
  }
}

/** A k-bounded heap of (key, index), smaller key (then lower index) is better. For nearestTo. */
class BoundedHeap {
  private readonly keys: Float64Array;
  private readonly idx: Int32Array;
  private readonly size = new Int32Array(1);

  constructor(private readonly k: number) {
    this.keys = new Float64Array(k);
    this.idx = new Int32Array(k);
  }

  offer(key: number, index: number): void {
    heapOffer(this.keys, this.idx, this.size, 0, this.k, key, index);
  }

  sorted(): { key: number; index: number }[] {
    const out: { key: number; index: number }[] = [];
    for (let s = 0; s < this.size[0]; s++) out.push({ key: this.keys[s], index: this.idx[s] });
    return out.sort((a, b) => a.key - b.key || a.index - b.index);
  }
}
