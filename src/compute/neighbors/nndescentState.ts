/**
 * NN-descent's state and its heaps, shared by the tree initialisation (rpTrees.ts), the
 * local join (nndescentJoin.ts) and the driver (nndescent.ts). Flat typed arrays only:
 * one bounded max-heap of k (index, distance, isNew) per point, and new/old candidate
 * lists of fixed width per point, kept as max-heaps on a random priority (a uniform
 * sample of each point's neighbours and reverse neighbours).
 *
 * Distances inside the search are "ranking" distances: 1 − u·v on unit rows (cosine),
 * or the squared euclidean distance; nndescent.ts reports true values at the end.
 */
import type { Rng } from '../random';
import type { DenseArena } from '../simd/dense';

export interface NNState {
  readonly n: number;
  readonly dim: number;
  /** Neighbours kept per point while searching. */
  readonly k: number;
  /** Width of the candidate lists. */
  readonly maxC: number;
  readonly cosine: boolean;
  /** The rows searched (unit rows for cosine), in the dense kernels' memory at pX, stride ld. */
  readonly data: Float32Array;
  readonly ld: number;
  readonly arena: DenseArena;
  readonly pX: number;
  /** Squared norms (euclidean) for distances from dot products. */
  readonly sq: Float32Array;
  readonly rng: Rng;
  readonly hIdx: Int32Array;
  readonly hDist: Float32Array;
  readonly hNew: Uint8Array;
  readonly newC: Int32Array;
  readonly newP: Float32Array;
  readonly oldC: Int32Array;
  readonly oldP: Float32Array;
}

/** Ranking distance between rows a and b, in JS (trees and random fill; the join uses the kernel). */
export function rankDistance(s: NNState, a: number, b: number): number {
  const X = s.data;
  const oa = a * s.ld;
  const ob = b * s.ld;
  let d0 = 0;
  let d1 = 0;
  if (s.cosine) {
    for (let t = 0; t < s.dim; t++) d0 += X[oa + t] * X[ob + t];
    return 1 - d0;
  }
  let t = 0;
  for (; t + 1 < s.dim; t += 2) {
    const u = X[oa + t] - X[ob + t];
    const v = X[oa + t + 1] - X[ob + t + 1];
    d0 += u * u;
    d1 += v * v;
  }
  if (t < s.dim) d0 += (X[oa + t] - X[ob + t]) ** 2;
  return d0 + d1;
}

/** Offers j at distance d to i's heap (as a new entry); 1 when it went in. */
export function push(s: NNState, i: number, j: number, d: number): number {
  const base = i * s.k;
  const { hIdx, hDist } = s;
  if (!(d < hDist[base])) return 0;
  for (let t = base; t < base + s.k; t++) if (hIdx[t] === j) return 0;
  siftDown(hIdx, hDist, s.hNew, base, s.k, j, d, 1);
  return 1;
}

/** Offers j to one of i's candidate lists with priority pri (lower is kept). */
export function addCandidate(c: Int32Array, p: Float32Array, maxC: number, i: number, j: number, pri: number): void {
  const base = i * maxC;
  if (!(pri < p[base])) return;
  for (let t = base; t < base + maxC; t++) if (c[t] === j) return;
  siftDownCand(c, p, base, maxC, j, pri);
}

/** Replaces the root of the max-heap at [base, base+size) and restores heap order. */
function siftDown(idx: Int32Array, dist: Float32Array, flag: Uint8Array, base: number, size: number, j: number, d: number, f: number): void {
  let pos = 0;
  for (;;) {
    const l = 2 * pos + 1;
    if (l >= size) break;
    const r = l + 1;
    let c = l;
    if (r < size && dist[base + r] > dist[base + l]) c = r;
    if (!(dist[base + c] > d)) break;
    idx[base + pos] = idx[base + c];
    dist[base + pos] = dist[base + c];
    flag[base + pos] = flag[base + c];
    pos = c;
  }
  idx[base + pos] = j;
  dist[base + pos] = d;
  flag[base + pos] = f;
}

function siftDownCand(c: Int32Array, p: Float32Array, base: number, size: number, j: number, pri: number): void {
  let pos = 0;
  for (;;) {
    const l = 2 * pos + 1;
    if (l >= size) break;
    const r = l + 1;
    let ch = l;
    if (r < size && p[base + r] > p[base + l]) ch = r;
    if (!(p[base + ch] > pri)) break;
    c[base + pos] = c[base + ch];
    p[base + pos] = p[base + ch];
    pos = ch;
  }
  c[base + pos] = j;
  p[base + pos] = pri;
}

/** Tops up a heap that the trees left short with random points. */
export function fillRandom(s: NNState, i: number): void {
  const base = i * s.k;
  let tries = 0;
  while (s.hIdx[base] === -1 && tries < 4 * s.k + 16) {
    tries++;
    const j = s.rng.int(s.n);
    if (j !== i) push(s, i, j, rankDistance(s, i, j));
  }
  // For tiny n a random walk may miss; sweep deterministically.
  for (let j = 0; s.hIdx[base] === -1 && j < s.n; j++) if (j !== i) push(s, i, j, rankDistance(s, i, j));
}
