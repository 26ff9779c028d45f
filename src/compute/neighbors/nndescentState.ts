/**
 * NN-descent's heaps and candidate lists, shared by the trees (rpTrees.ts), the local
 * join (nndescentJoin.ts), the kernel task (nndescentTask.ts) and the driver
 * (nndescent.ts). Flat typed arrays only, all in the dense kernels' memory (so threads
 * share them when that memory is shared).
 *
 * Order never matters, which is what lets threads work in any order and still give one
 * result: every heap is bounded under a TOTAL order — (distance, index), and for the
 * candidate lists (priority, index) — and refuses duplicates, so a heap fed a set of
 * offers in any order ends holding exactly the best of them (an entry once pushed out
 * is worse than every later root, so offering it again changes nothing). Where the
 * order of offers is a race (threads planting trees into one set of heaps), the heaps'
 * contents are still the same, and canonicalHeaps makes their layout the same too.
 *
 * Distances inside the search are "ranking" distances: 1 − u·v on unit rows (cosine),
 * or the squared euclidean distance; nndescent.ts reports true values at the end.
 */

/** One bounded max-heap of k (index, distance, flag) per point. Flag: 0 old, 1 new, 2 new this round. */
export interface NNHeaps {
  readonly k: number;
  readonly idx: Int32Array;
  readonly dist: Float32Array;
  readonly flag: Uint8Array;
}

/** Fixed-width candidate lists (max-heaps on a random priority), new and old. */
export interface NNCandidates {
  readonly maxC: number;
  readonly newC: Int32Array;
  readonly newP: Float32Array;
  readonly oldC: Int32Array;
  readonly oldP: Float32Array;
}

/** The rows searched, in the dense kernels' memory. */
export interface NNRows {
  readonly n: number;
  readonly dim: number;
  /** Row stride in floats (padTo4(dim)). */
  readonly ld: number;
  readonly cosine: boolean;
  /** Unit rows for cosine; n × ld. */
  readonly data: Float32Array;
  /** Squared norms (euclidean) for distances from dot products. */
  readonly sq: Float32Array;
}

/** Empty slots (index −1) rank after every real entry at equal (infinite) distance. */
const rankIdx = (i: number): number => (i < 0 ? 0x7fffffff : i);

/** Ranking distance between rows a and b, in JS (trees' ties and random fill; joins use the kernel). */
export function rankDistance(r: NNRows, a: number, b: number): number {
  const X = r.data;
  const oa = a * r.ld;
  const ob = b * r.ld;
  let d0 = 0;
  let d1 = 0;
  if (r.cosine) {
    for (let t = 0; t < r.dim; t++) d0 += X[oa + t] * X[ob + t];
    return 1 - d0;
  }
  let t = 0;
  for (; t + 1 < r.dim; t += 2) {
    const u = X[oa + t] - X[ob + t];
    const v = X[oa + t + 1] - X[ob + t + 1];
    d0 += u * u;
    d1 += v * v;
  }
  if (t < r.dim) d0 += (X[oa + t] - X[ob + t]) ** 2;
  return d0 + d1;
}

/** Offers j at distance d to i's heap with `flag`; 1 when it went in. */
export function push(h: NNHeaps, i: number, j: number, d: number, flag: number): number {
  const { k, idx } = h;
  const base = i * k;
  const df = Math.fround(d);
  if (!beatsRoot(h, base, j, df)) return 0;
  for (let t = base; t < base + k; t++) if (idx[t] === j) return 0;
  siftDown(h, base, 0, j, df, flag);
  return 1;
}

/**
 * push for offers that may repeat a pair at another distance (the RP trees: a pair's f32
 * distance can differ by a rounding with its place in a leaf's kernel block, and several
 * trees meet it): a repeated j keeps the SMALLEST of its distances. So a heap ends
 * holding the k best (min distance, index) of what it was offered, in any order — which
 * lets several threads plant trees into one set of heaps (nndescentTask.ts). 1 when the
 * heap changed.
 */
export function pushMin(h: NNHeaps, i: number, j: number, d: number, flag: number): number {
  const { k, idx, dist } = h;
  const base = i * k;
  const df = Math.fround(d);
  if (!beatsRoot(h, base, j, df)) return 0;
  for (let t = base; t < base + k; t++) {
    if (idx[t] !== j) continue;
    if (!(df < dist[t])) return 0;
    // A smaller key for the same index: it can only move away from the root.
    siftDown(h, base, t - base, j, df, flag);
    return 1;
  }
  siftDown(h, base, 0, j, df, flag);
  return 1;
}

/** Whether (df, j) ranks before the root (the worst entry) of the heap at `base`. */
function beatsRoot(h: NNHeaps, base: number, j: number, df: number): boolean {
  const rd = h.dist[base];
  return !(df > rd || (df === rd && j >= rankIdx(h.idx[base])));
}

/** Puts (j, df, flag) at heap position `pos` of the heap at `base` (replacing what was there) and sifts it down. */
function siftDown(h: NNHeaps, base: number, pos: number, j: number, df: number, flag: number): void {
  const { k, idx, dist } = h;
  for (;;) {
    const l = 2 * pos + 1;
    if (l >= k) break;
    const r = l + 1;
    let c = l;
    if (r < k && (dist[base + r] > dist[base + l] || (dist[base + r] === dist[base + l] && rankIdx(idx[base + r]) > rankIdx(idx[base + l])))) c = r;
    const dc = dist[base + c];
    if (dc < df || (dc === df && rankIdx(idx[base + c]) < j)) break;
    idx[base + pos] = idx[base + c];
    dist[base + pos] = dc;
    h.flag[base + pos] = h.flag[base + c];
    pos = c;
  }
  idx[base + pos] = j;
  dist[base + pos] = df;
  h.flag[base + pos] = flag;
}

/**
 * Rows [r0, r1)'s heaps laid out in one canonical way: sorted worst first by (distance,
 * index), which is a valid max-heap. After threads have pushed in a racing order, this
 * makes what follows (the candidate lists read heaps slot by slot) the same on any
 * number of threads.
 */
export function canonicalHeaps(h: NNHeaps, r0: number, r1: number): void {
  const { k, idx, dist, flag } = h;
  for (let i = r0; i < r1; i++) {
    const base = i * k;
    for (let a = base + 1; a < base + k; a++) {
      const j = idx[a];
      const d = dist[a];
      const f = flag[a];
      let b = a - 1;
      while (b >= base && (dist[b] < d || (dist[b] === d && rankIdx(idx[b]) < rankIdx(j)))) {
        idx[b + 1] = idx[b];
        dist[b + 1] = dist[b];
        flag[b + 1] = flag[b];
        b--;
      }
      idx[b + 1] = j;
      dist[b + 1] = d;
      flag[b + 1] = f;
    }
  }
}

/** Offers j to one candidate list of i with priority pri (the lowest maxC are kept). */
export function addCandidate(c: Int32Array, p: Float32Array, maxC: number, i: number, j: number, pri: number): void {
  const base = i * maxC;
  const pf = Math.fround(pri);
  const rp = p[base];
  if (pf > rp || (pf === rp && j >= rankIdx(c[base]))) return;
  for (let t = base; t < base + maxC; t++) if (c[t] === j) return;
  let pos = 0;
  for (;;) {
    const l = 2 * pos + 1;
    if (l >= maxC) break;
    const r = l + 1;
    let ch = l;
    if (r < maxC && (p[base + r] > p[base + l] || (p[base + r] === p[base + l] && rankIdx(c[base + r]) > rankIdx(c[base + l])))) ch = r;
    const pc = p[base + ch];
    if (pc < pf || (pc === pf && rankIdx(c[base + ch]) < j)) break;
    c[base + pos] = c[base + ch];
    p[base + pos] = pc;
    pos = ch;
  }
  c[base + pos] = j;
  p[base + pos] = pf;
}

/**
 * A priority in [0, 1) for the pair {a, b} in round `round`: a hash, not a stream, so
 * it is the same whichever thread meets the pair first, and both directions of a pair
 * draw the same one (a duplicate offer then changes nothing).
 */
export function pairPriority(seed: number, round: number, a: number, b: number): number {
  const lo = a < b ? a : b;
  const hi = a < b ? b : a;
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(round + 1, 0xc2b2ae35);
  h = Math.imul(h ^ lo, 0x27d4eb2f);
  h ^= h >>> 15;
  h = Math.imul(h ^ hi, 0x165667b1);
  h ^= h >>> 13;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** A 32-bit seed for a sub-stream (one RP tree, the random fill) of a run's seed. */
export function subSeed(seed: number, stream: number): number {
  let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b1) ^ Math.imul(stream + 0x632be5ab, 0x85ebca77);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  return h >>> 0;
}
