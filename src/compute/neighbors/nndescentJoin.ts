/**
 * One NN-descent round, piece by piece: sample each point's heap (and its reverse
 * neighbours) into new/old candidate lists, then the local join — every new–new and
 * new–old candidate pair meets ("a neighbour of my neighbour is probably my neighbour").
 *
 * The join's distances come from the dense SIMD kernel: the candidates' rows are
 * gathered next to each other (`gather`), one `dots` call gives every new × (new, old)
 * dot product, and `keyTile` turns them into ranking distances (1 − u·v on unit rows,
 * or ‖u‖² + ‖v‖² − 2u·v) and lists only the pairs that beat the current worst neighbour
 * of either end. Listed pairs go to a sink: straight into the heaps (the trees, under
 * a row's lock when threads share them) or into a thread's update buffer (the join,
 * applied after; see nndescentTask.ts). A threshold read while another thread lowers it is only ever too
 * high, so the filter never drops a pair the heaps would have kept.
 */
import type { DenseArena } from '../simd/dense';
import { addCandidate, pairPriority, type NNCandidates, type NNHeaps, type NNRows } from './nndescentState';

/** Where listed pairs go: (p, q, ranking distance) → entries it changed (for counting; 0 for a buffer). */
export type PairSink = (p: number, q: number, d: number) => void;

export interface JoinScratch {
  /**
   * Room for `cap` gathered rows (cap ≥ 2·maxC and ≥ the largest tree leaf): byte
   * offsets of their ids, the rows (cap × ld), the dot products / keys (cap × ldo, ldo =
   * padTo4(cap)), the ranking terms and thresholds (ldo + 4 each) and the listed pairs.
   */
  readonly cap: number;
  readonly ldo: number;
  readonly pIds: number;
  readonly pRows: number;
  readonly pDots: number;
  readonly pTerm: number;
  readonly pThr: number;
  readonly pList: number;
  readonly ids: Int32Array;
  readonly keys: Float32Array;
  readonly term: Float32Array;
  readonly thr: Float32Array;
  readonly list: Int32Array;
}

/**
 * Every pair (a, b) with a < nNew and a < b among the m rows named by w.ids meets:
 * distances by the kernel, thresholds from `heaps`, and the pairs that could enter
 * either end's heap go to `sink`.
 */
export function pairBlock(arena: DenseArena, pX: number, r: NNRows, heaps: NNHeaps, w: JoinScratch, nNew: number, m: number, sink: PairSink): void {
  const { ids, term, thr, ldo } = w;
  const { k, dist } = heaps;
  for (let a = 0; a < m; a++) {
    const id = ids[a];
    term[a] = r.cosine ? 1 : r.sq[id];
    thr[a] = dist[id * k];
  }
  for (let a = m; a < ldo; a++) thr[a] = -Infinity;
  arena.gather(pX, r.ld, w.pIds, m, w.pRows);
  arena.dots(w.pRows, r.ld, nNew, w.pRows, r.ld, m, r.ld, w.pDots, ldo, 0);
  // As a diagonal tile (i0 = j0): only b > a.
  const listed = arena.keyTile(w.pDots, nNew, m, ldo, 0, 0, w.pTerm, w.pThr, r.cosine ? 1 : 0, w.pList);
  const { keys, list } = w;
  for (let l = 0; l < listed; l++) {
    const t = list[l];
    const a = (t / ldo) | 0;
    const p = ids[a];
    const q = ids[t - a * ldo];
    if (q !== p) sink(p, q, Math.max(0, keys[t]));
  }
}

/** Local join at point i over its candidate lists. */
export function join(arena: DenseArena, pX: number, r: NNRows, heaps: NNHeaps, c: NNCandidates, i: number, w: JoinScratch, sink: PairSink): void {
  const { maxC, newC, oldC } = c;
  const cb = i * maxC;
  const ids = w.ids;
  let nNew = 0;
  for (let a = cb; a < cb + maxC; a++) if (newC[a] >= 0) ids[nNew++] = newC[a];
  if (nNew === 0) return;
  let m = nNew;
  for (let b = cb; b < cb + maxC; b++) if (oldC[b] >= 0) ids[m++] = oldC[b];
  pairBlock(arena, pX, r, heaps, w, nNew, m, sink);
}

/**
 * Every row's candidate lists, on one thread: every heap entry (i, j) offers j to i's
 * list and i to j's (new entries to the new lists, old to the old), at the pair's
 * priority for this round. (Several threads: bucketReverse, then sampleOwnedCandidates.)
 *
 * Row by row rather than entry by entry: the entries that offer i to a row x of ours
 * (x in their heap: x's reverse neighbours) are first bucketed by x (a counting sort of
 * their positions), then each row takes all its offers while its two lists sit in
 * cache — instead of every reverse offer landing in a random row's lists (GloVe 50k,
 * 6 rounds: 1.7–2.0 → 1.35–1.4 s CPU). A row's offers go in the order the entry-by-entry
 * scan made them (see offerRow), so the lists come out the same, heap layout and all.
 */
export function sampleCandidates(heaps: NNHeaps, c: NNCandidates, n: number, seed: number, round: number): void {
  const { k, idx } = heaps;
  clearLists(c, 0, n);
  const nk = n * k;
  // start[x] … start[x + 1] (once filled): the heap positions that point at row x, in scan order.
  const start = new Int32Array(n + 2);
  for (let t = 0; t < nk; t++) if (idx[t] >= 0) start[idx[t] + 2]++;
  for (let x = 2; x < start.length; x++) start[x] += start[x - 1];
  const rev = new Int32Array(start[start.length - 1]);
  for (let t = 0; t < nk; t++) if (idx[t] >= 0) rev[start[idx[t] + 1]++] = t;
  for (let i = 0; i < n; i++) offerRow(heaps, c, i, rev, start[i], start[i + 1], seed, round);
}

/** log2 of the rows in a chunk: threads own rows in chunks dealt round them (ownerOf). */
const CHUNK_SHIFT = 6;
const CHUNK_MASK = (1 << CHUNK_SHIFT) - 1;

/**
 * The thread that owns row x when several share the candidate pass and the updates:
 * 64-row chunks dealt round the threads. (Contiguous halves left thread 0 most of the
 * work — GloVe's frequent words, the hubs every list offers, come first: on 2 threads
 * its offers took 460 ms against the other's 330.)
 */
export function ownerOf(x: number, threads: number): number {
  return (x >> CHUNK_SHIFT) % threads;
}

/** Chunks of rows (ownerOf's) in n rows. */
export const chunksOf = (n: number): number => (n + CHUNK_MASK) >> CHUNK_SHIFT;

/**
 * Every heap entry's reverse offer, bucketed by the thread that owns its destination:
 * for chunk ch, the entries of thread u's rows are pos/dst[start[ch·(T+1) + u] …
 * start[ch·(T+1) + u + 1]) — heap positions (in scan order) and the row they point at.
 */
export interface ReverseBuckets {
  readonly pos: Int32Array;
  readonly dst: Int32Array;
  readonly start: Int32Array;
}

/**
 * Fills the reverse buckets of this thread's chunks, reading only their heaps. (Each
 * thread scanning every heap for the entries pointing at its rows instead cost each of
 * 2 threads twice the scan one thread makes: GloVe 50k, 125–142 ms against 73.)
 */
export function bucketReverse(heaps: NNHeaps, b: ReverseBuckets, n: number, thread: number, threads: number): void {
  const { k, idx } = heaps;
  const at = new Int32Array(threads + 1);
  for (let ch = thread, chunks = chunksOf(n); ch < chunks; ch += threads) {
    const lo = (ch << CHUNK_SHIFT) * k;
    const hi = Math.min(n, (ch + 1) << CHUNK_SHIFT) * k;
    at.fill(0);
    for (let t = lo; t < hi; t++) if (idx[t] >= 0) at[ownerOf(idx[t], threads) + 1]++;
    at[0] = lo;
    for (let u = 1; u <= threads; u++) at[u] += at[u - 1];
    b.start.set(at, ch * (threads + 1));
    for (let t = lo; t < hi; t++) {
      const j = idx[t];
      if (j < 0) continue;
      const a = at[ownerOf(j, threads)]++;
      b.pos[a] = t;
      b.dst[a] = j;
    }
  }
}

/**
 * sampleCandidates for the rows this thread owns (ownerOf), from every thread's reverse
 * buckets (bucketReverse): chunk by chunk they hold each row's offers in scan order, so
 * the lists come out as one thread makes them.
 */
export function sampleOwnedCandidates(heaps: NNHeaps, c: NNCandidates, b: ReverseBuckets, n: number, thread: number, threads: number, seed: number, round: number): void {
  const chunks = chunksOf(n);
  const owned = chunks > thread ? Math.ceil((chunks - thread) / threads) : 0;
  // Row x's place among this thread's rows.
  const local = (x: number): number => ((((x >> CHUNK_SHIFT) / threads) | 0) << CHUNK_SHIFT) | (x & CHUNK_MASK);
  const start = new Int32Array((owned << CHUNK_SHIFT) + 2);
  const T1 = threads + 1;
  for (let ch = 0; ch < chunks; ch++) {
    for (let e = b.start[ch * T1 + thread], end = b.start[ch * T1 + thread + 1]; e < end; e++) start[local(b.dst[e]) + 2]++;
  }
  for (let x = 2; x < start.length; x++) start[x] += start[x - 1];
  const rev = new Int32Array(start[start.length - 1]);
  for (let ch = 0; ch < chunks; ch++) {
    for (let e = b.start[ch * T1 + thread], end = b.start[ch * T1 + thread + 1]; e < end; e++) rev[start[local(b.dst[e]) + 1]++] = b.pos[e];
  }
  for (let ch = thread; ch < chunks; ch += threads) {
    const lo = ch << CHUNK_SHIFT;
    const hi = Math.min(n, lo + CHUNK_MASK + 1);
    clearLists(c, lo, hi);
    for (let i = lo; i < hi; i++) offerRow(heaps, c, i, rev, start[local(i)], start[local(i) + 1], seed, round);
  }
}

function clearLists(c: NNCandidates, r0: number, r1: number): void {
  const { maxC } = c;
  c.newC.fill(-1, r0 * maxC, r1 * maxC);
  c.oldC.fill(-1, r0 * maxC, r1 * maxC);
  c.newP.fill(Infinity, r0 * maxC, r1 * maxC);
  c.oldP.fill(Infinity, r0 * maxC, r1 * maxC);
}

/**
 * Row i's offers, in the order an entry-by-entry scan of the heaps makes them: reverse
 * offers from rows before it, its own heap's entries, reverse offers from rows after it
 * (rev[u0 … end): the heap positions pointing at i, ascending).
 */
function offerRow(heaps: NNHeaps, c: NNCandidates, i: number, rev: Int32Array, u0: number, end: number, seed: number, round: number): void {
  const { k, idx, flag } = heaps;
  const { maxC } = c;
  const base = i * k;
  let u = u0;
  for (; u < end && rev[u] < base; u++) offer(c, maxC, i, (rev[u] / k) | 0, flag[rev[u]], seed, round);
  for (let t = base; t < base + k; t++) {
    const j = idx[t];
    if (j >= 0) offer(c, maxC, i, j, flag[t], seed, round);
  }
  for (; u < end; u++) offer(c, maxC, i, (rev[u] / k) | 0, flag[rev[u]], seed, round);
}

/** Offers j to i's new list (flag set) or old list, at the pair's priority. */
function offer(c: NNCandidates, maxC: number, i: number, j: number, f: number, seed: number, round: number): void {
  const pri = pairPriority(seed, round, i, j);
  if (f) addCandidate(c.newC, c.newP, maxC, i, j, pri);
  else addCandidate(c.oldC, c.oldP, maxC, i, j, pri);
}

/** Entries of rows [r0, r1) sampled as new this round are old from now on. */
export function markSampled(heaps: NNHeaps, c: NNCandidates, r0: number, r1: number): void {
  const { k, idx, flag } = heaps;
  const { maxC, newC } = c;
  for (let i = r0; i < r1; i++) {
    const base = i * k;
    const cb = i * maxC;
    for (let t = base; t < base + k; t++) {
      if (!flag[t]) continue;
      const j = idx[t];
      for (let u = cb; u < cb + maxC; u++) {
        if (newC[u] === j) {
          flag[t] = 0;
          break;
        }
      }
    }
  }
}

/** Entries of rows [r0, r1) that came in this round (flag 2): counted, and made plain new (1). */
export function settleRound(heaps: NNHeaps, r0: number, r1: number): number {
  const { k, flag } = heaps;
  let count = 0;
  for (let t = r0 * k; t < r1 * k; t++) {
    if (flag[t] === 2) {
      flag[t] = 1;
      count++;
    }
  }
  return count;
}
