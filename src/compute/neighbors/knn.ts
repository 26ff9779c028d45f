/**
 * Exact nearest neighbours over an n×dim Float32Array.
 *
 * - `nearestTo`: the k neighbours of one row (the "neighbours of the selected point"
 *   panel): one pass, a bounded heap, O(n·dim).
 * - `knnGraph` / `createKnnGraph`: every row's k neighbours (t-SNE, UMAP, quality
 *   metrics). Brute force, but blocked: tiles of B query rows × B data rows get their
 *   dot products from the dense SIMD kernel (simd/dense.ts: a 2×4 tile of f32x4
 *   accumulators, ~7× the JS tile; JS where the engine lacks SIMD), distances come from
 *   precomputed norms, and each row keeps a bounded max-heap of its best. Distance is
 *   symmetric, so each tile is computed once and feeds the heaps of both its row
 *   blocks: half the multiply-adds of the naive n²·dim.
 *   The tile's f32 dot products only RANK: each heap keeps a little more than k
 *   (SLACK), and the final k are chosen by distances recomputed in f64, so float32
 *   rounding cannot swap a neighbour in or out unless KNN_SLACK near-ties crowd it.
 *   Wide rows (≥ 128 floats) take knnPruned.ts instead: the same heaps, hence the same
 *   graph, from a lower bound in 64 rotated dimensions that skips most full products.
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
import { copyRowsPadded, createDenseArena, padTo4, type DenseKernelChoice } from '../simd/dense';
import type { Steppable } from '../task';
import { createPrunedKnnGraph, prunedKnnPays } from './knnPruned';
import { cosine, finishRow, finishScratch, heapOffer, KNN_SLACK, offerListed, type FinishScratch, type KnnGraph } from './knnHeap';

export { finishRow, heapOffer, KNN_SLACK, offerListed, type KnnGraph };

export interface Neighbor {
  index: number;
  /** Cosine similarity (higher is nearer) or euclidean distance (lower is nearer). */
  value: number;
}

export interface KnnGraphOptions {
  /** Precomputed row norms (rowNorms) to reuse. */
  norms?: Float32Array;
  /** Rows per tile side; default 64 (tiles of both blocks stay in L2). */
  blockSize?: number;
  /** Dense kernel: 'auto' (WebAssembly SIMD where available), 'wasm' or 'js'. */
  kernel?: DenseKernelChoice;
  /**
   * 'auto' (default): the pruned graph (knnPruned.ts, the same graph) where it pays —
   * wide rows — else brute force; 'brute' or 'pruned' to choose (tests, benches).
   */
  method?: 'auto' | 'brute' | 'pruned';
}

/** Snapshot of a running knnGraph: how many rows have their final neighbours. */
export type KnnGraphSnapshot = number;

function checkShape(fn: string, vectors: Float32Array, n: number, dim: number, k: number): void {
  if (!Number.isInteger(n) || n < 0 || !Number.isInteger(dim) || dim < 1) throw new Error(`${fn}: bad shape ${n}×${dim}`);
  if (vectors.length !== n * dim) throw new Error(`${fn}: expected ${n}×${dim} = ${n * dim} values, got ${vectors.length}`);
  if (!Number.isInteger(k) || k < 0) throw new Error(`${fn}: k must be a non-negative integer, got ${k}`);
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
  const method = opts.method ?? 'auto';
  if (method === 'pruned' || (method === 'auto' && prunedKnnPays(n, dim))) {
    return createPrunedKnnGraph(vectors, n, dim, k, metric, { norms: opts.norms, kernel: opts.kernel });
  }
  const kk = Math.min(k, Math.max(0, n - 1));
  /** Heap size while ranking by f32 products. */
  const kh = Math.min(kk + KNN_SLACK, Math.max(0, n - 1));
  const B = Math.max(4, Math.floor(opts.blockSize ?? 64));
  const norms = opts.norms ?? rowNorms(vectors, n, dim);
  if (norms.length !== n) throw new Error(`knnGraph: expected ${n} norms, got ${norms.length}`);
  const ld = padTo4(dim);
  const ldt = padTo4(B);
  const arena = createDenseArena(kk > 0 ? [n * ld * 4, B * ldt * 4, (n + 4) * 4, (n + 4) * 4, B * ldt * 4, kh * 4, kh * 8] : [], opts.kernel ?? 'auto');
  const [pX, pTile, pTerm, pThr, pList, pIds, pOut] = arena.ptr;
  const finish = kk > 0 ? finishScratch(arena, pX, ld, null, pIds, pOut, kh) : null;
  // The arena never grows, so these views stay valid.
  const tile = kk > 0 ? arena.f32(pTile, B * ldt) : new Float32Array(0);
  const thr = kk > 0 ? arena.f32(pThr, n + 4) : new Float32Array(0);
  const list = kk > 0 ? arena.i32(pList, B * ldt) : new Int32Array(0);
  if (kk > 0) {
    copyRowsPadded(arena, pX, vectors, n, dim);
    // Ranking terms: squared norms (euclidean) or inverse norms (cosine, 0 for zero vectors).
    const term = arena.f32(pTerm, n + 4);
    for (let i = 0; i < n; i++) term[i] = metric === 'cosine' ? (norms[i] > 0 ? 1 / norms[i] : 0) : norms[i] * norms[i];
    // Every heap starts empty (threshold +∞); the pad lanes past n never pass.
    thr.fill(Infinity, 0, n);
    thr.fill(-Infinity, n);
  }
  const metricCode = metric === 'cosine' ? 1 : 0;

  const indices = new Int32Array(n * kk);
  const distances = new Float32Array(n * kk);
  const heapKey = new Float64Array(n * kh);
  const heapIdx = new Int32Array(n * kh);
  const heapSize = new Int32Array(n);
  const blocks = Math.ceil(n / B);
  const totalTiles = (blocks * (blocks + 1)) / 2;
  let tilesDone = 0;
  let I = 0;
  let J = 0;
  let rowsDone = kk === 0 ? n : 0;

  const finishBlock = (i0: number, i1: number): void => {
    for (let i = i0; i < i1; i++) finishRow(finish as FinishScratch, metric, norms, i, heapIdx, i * kh, heapSize[i], kk, indices, distances);
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
        arena.dots(pX + i0 * ld * 4, ld, i1 - i0, pX + j0 * ld * 4, ld, j1 - j0, ld, pTile, ldt, 0);
        const count = arena.keyTile(pTile, i1 - i0, j1 - j0, ldt, i0, j0, pTerm, pThr, metricCode, pList);
        offerListed(tile, list, count, ldt, i0, j0, kh, heapKey, heapIdx, heapSize, thr);
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
