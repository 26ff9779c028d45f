/**
 * The bounded neighbour heaps every exact kNN graph here fills (brute force in knn.ts,
 * threads in knnParallel.ts, pruned in knnPruned.ts), and the final f64 re-ranking of
 * each row's candidates. The graphs agree exactly because they all end with the same
 * heaps: a heap under the total order (key, index) keeps the k best of whatever it was
 * offered, in any order, and every graph offers each pair's same f32 key.
 */
import type { Metric } from '../dataset';
import type { DenseArena } from '../simd/dense';

/** Row i of the n×k arrays lists i's k nearest other rows, nearest first. */
export interface KnnGraph {
  readonly k: number;
  readonly indices: Int32Array;
  /** Cosine distance (1 − similarity) or euclidean distance. */
  readonly distances: Float32Array;
}

/** Extra candidates each heap keeps beyond k, re-ranked in f64 at the end. */
export const KNN_SLACK = 2;

/** Similarity with zero vectors defined as 0 (see the module comment). */
export function cosine(dotProduct: number, normA: number, normB: number): number {
  return normA > 0 && normB > 0 ? dotProduct / (normA * normB) : 0;
}

/**
 * Offers the pairs keyTile listed (f32 keys in the tile) to the heaps of both rows,
 * each after the exact test, and lowers the rows' thresholds (a full heap's root).
 */
export function offerListed(
  tile: Float32Array,
  list: Int32Array,
  count: number,
  ldt: number,
  i0: number,
  j0: number,
  k: number,
  heapKey: Float64Array,
  heapIdx: Int32Array,
  heapSize: Int32Array,
  thr: Float32Array,
): void {
  for (let c = 0; c < count; c++) {
    const t = list[c];
    const a = (t / ldt) | 0;
    const i = i0 + a;
    const j = j0 + t - a * ldt;
    const key = tile[t];
    if (key <= thr[i] && heapOffer(heapKey, heapIdx, heapSize, i, k, key, j)) thr[i] = heapSize[i] < k ? Infinity : heapKey[i * k];
    if (key <= thr[j] && heapOffer(heapKey, heapIdx, heapSize, j, k, key, i)) thr[j] = heapSize[j] < k ? Infinity : heapKey[j * k];
  }
}

/**
 * Row `row`'s bounded max-heap (worst neighbour at the root) lives at
 * heapKey/heapIdx[row·k …]. "Worse" = larger key, or equal key and larger index, a
 * total order: so a heap fed any set of offers, in any order, ends holding the k best
 * of them (the parallel graphs rely on it: knnParallel.ts merges per-thread heaps,
 * knnPrunedParallel.ts lets several threads offer to one heap).
 */
export function heapOffer(heapKey: Float64Array, heapIdx: Int32Array, heapSize: Int32Array, row: number, k: number, key: number, index: number): boolean {
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
    return true;
  }
  const top = heapKey[base];
  if (key > top || (key === top && index > heapIdx[base])) return false;
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
  return true;
}

/** Where finishRow works: the rows in an arena and scratch for one row's candidates. */
export interface FinishScratch {
  readonly arena: DenseArena;
  /** Rows, ld floats apart (zero-padded). */
  readonly pX: number;
  readonly ld: number;
  /** Original row → its row in the arena (null: the same). */
  readonly pos: Int32Array | null;
  /** The kernel's candidate rows and values (views of kh i32 at pIds, kh f64 at pOut). */
  readonly pIds: number;
  readonly pOut: number;
  readonly ids: Int32Array;
  readonly out: Float64Array;
  /** Sorting scratch. */
  readonly order: Int32Array;
  readonly key: Float64Array;
}

/** finishRow's scratch; the arena must not grow afterwards (the views would detach). */
export function finishScratch(arena: DenseArena, pX: number, ld: number, pos: Int32Array | null, pIds: number, pOut: number, kh: number): FinishScratch {
  return { arena, pX, ld, pos, pIds, pOut, ids: arena.i32(pIds, kh), out: arena.f64(pOut, kh), order: new Int32Array(kh), key: new Float64Array(kh) };
}

/**
 * Writes row i's k neighbours, nearest first, chosen among its `size` candidates
 * (cand[at …]) by values recomputed directly from the rows in f64 (the dense kernel's
 * rowDist64, whose JS twin gives the same bits: every graph re-ranks alike).
 */
export function finishRow(
  f: FinishScratch,
  metric: Metric,
  norms: Float32Array,
  i: number,
  cand: Int32Array,
  at: number,
  size: number,
  k: number,
  indices: Int32Array,
  distances: Float32Array,
): void {
  const { ids, order, key, out, pos } = f;
  for (let s = 0; s < size; s++) {
    const j = cand[at + s];
    order[s] = j;
    ids[s] = pos ? pos[j] : j;
  }
  f.arena.rowDist64(f.pX + (pos ? pos[i] : i) * f.ld * 4, f.pX, f.ld, f.pIds, size, metric === 'cosine' ? 1 : 0, f.pOut);
  for (let s = 0; s < size; s++) key[s] = metric === 'cosine' ? 1 - cosine(out[s], norms[i], norms[order[s]]) : Math.sqrt(out[s]);
  rankRow(i, key, order, size, k, indices, distances);
}

/** Sorts a row's candidates by (value, index) and writes the k best. */
function rankRow(
  i: number,
  key: Float64Array,
  order: Int32Array,
  size: number,
  k: number,
  indices: Int32Array,
  distances: Float32Array,
): void {
  const base = i * k;
  // Insertion sort by (value, index): size is k + KNN_SLACK, small.
  for (let a = 1; a < size; a++) {
    const ka = key[a];
    const ja = order[a];
    let b = a - 1;
    while (b >= 0 && (key[b] > ka || (key[b] === ka && order[b] > ja))) {
      key[b + 1] = key[b];
      order[b + 1] = order[b];
      b--;
    }
    key[b + 1] = ka;
    order[b + 1] = ja;
  }
  for (let s = 0; s < k; s++) {
    indices[base + s] = s < size ? order[s] : -1;
    distances[base + s] = s < size ? key[s] : Infinity;
  }
}

/** One thread's bounded heaps over every row (views of shared memory). */
export interface RowHeaps {
  readonly key: Float64Array;
  readonly idx: Int32Array;
  readonly size: Int32Array;
}

/**
 * Row i's kh best offers across every thread's heaps, into the one heap (mKey, mIdx,
 * mSize, row 0); returns how many it holds. A bounded heap keeps the kh best of any set
 * of offers in any order (heapOffer), so the merge equals one heap fed every tile.
 */
export function mergeThreadHeaps(heaps: readonly RowHeaps[], i: number, kh: number, mKey: Float64Array, mIdx: Int32Array, mSize: Int32Array): number {
  mSize[0] = 0;
  const at = i * kh;
  for (const h of heaps) for (let t = 0; t < h.size[i]; t++) heapOffer(mKey, mIdx, mSize, 0, kh, h.key[at + t], h.idx[at + t]);
  return mSize[0];
}
