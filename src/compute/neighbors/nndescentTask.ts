/**
 * NN-descent as a kernel task: what each thread does with its share of the search, on
 * memory every thread sees (with one thread, the same code on private memory).
 *
 *  - TREES: each thread grows its own trees (tree t on thread t mod T, from its own
 *    seeded stream) into the shared heaps, a row's heap under the row's spin lock,
 *    resuming its tree between commands; CANON then lays every heap out one way (the
 *    threads' pushes raced). (Each thread's own heaps, merged after, doubled the heaps'
 *    memory: GloVe 50k's trees ran ~40 % slower per thread on 2 threads than on one,
 *    and the whole search on 2 threads took 1.94–2.30 s; into one set, 1.66–2.04 s.)
 *  - REVERSE + SAMPLE: each thread buckets the reverse offers of its rows' heap entries
 *    by the thread that owns their destination (nndescentJoin.ownerOf: 64-row chunks
 *    dealt in turn), then builds the candidate lists of its own rows from every
 *    thread's buckets (the pair's priority is a hash, so it does not matter who meets
 *    it first); MARK ages the sampled entries of its rows.
 *  - JOIN: each thread joins its share of a chunk of rows into its own update buffer,
 *    reading the heaps only, and sorts the buffer by the owner of each update's row;
 *    APPLY: each thread applies every buffer's updates to its rows. (Each thread
 *    scanning every buffer for its rows, which were halves of the table, took as long on
 *    2 threads as on one: GloVe 50k, ~320 ms a search either way, the frequent words'
 *    hub rows all in the first half.) SETTLE counts the round's changes per thread.
 *  - FINISH: each thread writes its rows' final neighbours, nearest first.
 *
 * Every heap keeps the best of what it is offered whatever the order (nndescentState.ts),
 * so the graph does not depend on the number of threads nor on how the work is sliced.
 */
import { shareOf } from '../parallel/share';
import type { KernelTask } from '../parallel/types';
import { createRng } from '../random';
import { dot, squaredDistance } from '../linalg';
import { attachDenseArena, padTo4, type DenseArena } from '../simd/dense';
import { bucketReverse, chunksOf, join, markSampled, ownerOf, sampleCandidates, sampleOwnedCandidates, settleRound, type JoinScratch, type ReverseBuckets } from './nndescentJoin';
import { canonicalHeaps, push, subSeed, type NNCandidates, type NNHeaps, type NNRows } from './nndescentState';
import { plantTree, type TreeGround, type TreeScratch } from './rpTrees';

export const OP_TREES = 0;
export const OP_CANON = 1;
export const OP_SAMPLE = 2;
export const OP_MARK = 3;
export const OP_JOIN = 4;
export const OP_APPLY = 5;
export const OP_SETTLE = 6;
export const OP_FINISH = 7;
export const OP_REVERSE = 8;

/** One thread's blocks: join/tree scratch, its update buffer. */
export interface NNThreadBlocks {
  readonly pIds: number;
  readonly pRows: number;
  readonly pDots: number;
  readonly pTerm: number;
  readonly pThr: number;
  readonly pList: number;
  readonly pPerm: number;
  readonly pNormal: number;
  readonly pSide: number;
  readonly pUpd: number;
  readonly pUpdD: number;
  readonly pByOwner: number;
  readonly pByOwnerD: number;
  readonly pOwnerStart: number;
}

/** Where everything is (byte offsets), and the search's settings: what every thread receives. */
export interface NNShared {
  /** The shared memory (null when one thread runs on the driver's own arena). */
  readonly memory: WebAssembly.Memory | null;
  readonly n: number;
  readonly dim: number;
  readonly k: number;
  /** Neighbours returned (≤ k). */
  readonly kOut: number;
  readonly maxC: number;
  readonly cosine: boolean;
  readonly leafSize: number;
  readonly nTrees: number;
  readonly seed: number;
  /** Rows of gathered candidates, and its padded width. */
  readonly cap: number;
  /** Update-buffer entries per thread. */
  readonly updCap: number;
  readonly pX: number;
  readonly pSq: number;
  readonly pIdx: number;
  readonly pDist: number;
  readonly pFlag: number;
  readonly pNewC: number;
  readonly pNewP: number;
  readonly pOldC: number;
  readonly pOldP: number;
  /** Per thread: updates buffered, entries settled, trees planted. */
  readonly pCounts: number;
  readonly pOutIdx: number;
  readonly pOutDist: number;
  /** A spin lock per row (several threads planting trees into the heaps). */
  readonly pLocks: number;
  /** The reverse buckets (several threads; see bucketReverse): positions, destinations, chunk starts. */
  readonly pRevPos: number;
  readonly pRevDst: number;
  readonly pRevStart: number;
  readonly perThread: readonly NNThreadBlocks[];
}

export interface NNCtx {
  readonly s: NNShared;
  readonly arena: DenseArena;
  readonly rows: NNRows;
  readonly heaps: NNHeaps;
  readonly cands: NNCandidates;
  readonly ground: TreeGround;
  /** Several threads: every heap entry's reverse offer, bucketed by the owner of its destination. */
  readonly reverse: ReverseBuckets | null;
  /** Per thread: [updates, settled, trees planted] × threads. */
  readonly counts: Int32Array;
  readonly upd: readonly Int32Array[];
  readonly updD: readonly Float32Array[];
  /**
   * Per thread (more than one): its buffered updates again, both directions, sorted by the
   * thread that owns the destination row (byOwner), so APPLY reads only its own rows' updates.
   */
  readonly byOwner: readonly Int32Array[];
  readonly byOwnerD: readonly Float32Array[];
  readonly ownerStart: readonly Int32Array[];
  readonly outIdx: Int32Array;
  readonly outDist: Float32Array;
  /** This thread's tree in progress (resumed across commands) and the next one to plant. */
  tree: Generator<number, void, void> | null;
  nextTree: number;
}

/** Sizes (bytes) of the shared blocks and of one thread's, in layout order. */
export function blockSizes(n: number, dim: number, k: number, kOut: number, maxC: number, cap: number, updCap: number, threads: number): { shared: number[]; thread: number[] } {
  const ld = padTo4(dim);
  const ldo = padTo4(cap);
  const nk = n * k;
  const shared = [n * ld * 4, n * 4, nk * 4, nk * 4, nk, n * maxC * 4, n * maxC * 4, n * maxC * 4, n * maxC * 4, 3 * threads * 4, n * kOut * 4, n * kOut * 4, threads > 1 ? n * 4 : 0];
  // Reverse buckets, when several threads share the candidate pass.
  if (threads > 1) shared.push(nk * 4, nk * 4, chunksOf(n) * (threads + 1) * 4);
  else shared.push(0, 0, 0);
  const thread = [cap * 4, cap * ld * 4, cap * ldo * 4, (ldo + 4) * 4, (ldo + 4) * 4, cap * ldo * 4, n * 4, ld * 4, n * 4, updCap * 8, updCap * 4, ...(threads > 1 ? [2 * updCap * 8, 2 * updCap * 4] : [0, 0]), (threads + 2) * 4];
  return { shared, thread };
}

/** Names the carved offsets (shared blocks first, then each thread's, as blockSizes lists them). */
export function nameBlocks(ptr: readonly number[], threads: number, sharedCount: number, threadCount: number): Pick<NNShared, 'pX' | 'pSq' | 'pIdx' | 'pDist' | 'pFlag' | 'pNewC' | 'pNewP' | 'pOldC' | 'pOldP' | 'pCounts' | 'pOutIdx' | 'pOutDist' | 'pLocks' | 'pRevPos' | 'pRevDst' | 'pRevStart' | 'perThread'> {
  const [pX, pSq, pIdx, pDist, pFlag, pNewC, pNewP, pOldC, pOldP, pCounts, pOutIdx, pOutDist, pLocks, pRevPos, pRevDst, pRevStart] = ptr;
  const perThread: NNThreadBlocks[] = [];
  for (let t = 0; t < threads; t++) {
    const b = ptr.slice(sharedCount + t * threadCount, sharedCount + (t + 1) * threadCount);
    const [pIds, pRows, pDots, pTerm, pThr, pList, pPerm, pNormal, pSide, pUpd, pUpdD, pByOwner, pByOwnerD, pOwnerStart] = b;
    perThread.push({ pIds, pRows, pDots, pTerm, pThr, pList, pPerm, pNormal, pSide, pUpd, pUpdD, pByOwner, pByOwnerD, pOwnerStart });
  }
  return { pX, pSq, pIdx, pDist, pFlag, pNewC, pNewP, pOldC, pOldP, pCounts, pOutIdx, pOutDist, pLocks, pRevPos, pRevDst, pRevStart, perThread };
}

function heapsAt(arena: DenseArena, n: number, k: number, pIdx: number, pDist: number, pFlag: number): NNHeaps {
  return { k, idx: arena.i32(pIdx, n * k), dist: arena.f32(pDist, n * k), flag: arena.u8(pFlag, n * k) };
}

/** Thread `thread`'s view of the search on `arena` (the shared one, or the driver's own). */
export function contextFor(arena: DenseArena, s: NNShared, thread: number, threads: number): NNCtx {
  const { n, dim, k, maxC, cap } = s;
  const ld = padTo4(dim);
  const ldo = padTo4(cap);
  const rows: NNRows = { n, dim, ld, cosine: s.cosine, data: arena.f32(s.pX, n * ld), sq: arena.f32(s.pSq, n) };
  const heaps = heapsAt(arena, n, k, s.pIdx, s.pDist, s.pFlag);
  const b = s.perThread[thread];
  const joinScratch: JoinScratch = {
    cap, ldo, pIds: b.pIds, pRows: b.pRows, pDots: b.pDots, pTerm: b.pTerm, pThr: b.pThr, pList: b.pList,
    ids: arena.i32(b.pIds, cap),
    keys: arena.f32(b.pDots, cap * ldo),
    term: arena.f32(b.pTerm, ldo + 4),
    thr: arena.f32(b.pThr, ldo + 4),
    list: arena.i32(b.pList, cap * ldo),
  };
  const tree: TreeScratch = { pPerm: b.pPerm, perm: arena.i32(b.pPerm, n), pNormal: b.pNormal, normal: arena.f32(b.pNormal, ld), pSide: b.pSide, side: arena.f32(b.pSide, n) };
  return {
    s, arena, rows, heaps,
    cands: { maxC, newC: arena.i32(s.pNewC, n * maxC), newP: arena.f32(s.pNewP, n * maxC), oldC: arena.i32(s.pOldC, n * maxC), oldP: arena.f32(s.pOldP, n * maxC) },
    ground: { arena, pX: s.pX, rows, heaps, locks: threads > 1 ? arena.i32(s.pLocks, n) : null, join: joinScratch, tree },
    reverse: threads > 1 ? { pos: arena.i32(s.pRevPos, n * k), dst: arena.i32(s.pRevDst, n * k), start: arena.i32(s.pRevStart, chunksOf(n) * (threads + 1)) } : null,
    counts: arena.i32(s.pCounts, 3 * threads),
    upd: s.perThread.map((p) => arena.i32(p.pUpd, 2 * s.updCap)),
    updD: s.perThread.map((p) => arena.f32(p.pUpdD, s.updCap)),
    byOwner: s.perThread.map((p) => arena.i32(p.pByOwner, threads > 1 ? 4 * s.updCap : 0)),
    byOwnerD: s.perThread.map((p) => arena.f32(p.pByOwnerD, threads > 1 ? 2 * s.updCap : 0)),
    ownerStart: s.perThread.map((p) => arena.i32(p.pOwnerStart, threads + 2)),
    outIdx: arena.i32(s.pOutIdx, n * s.kOut),
    outDist: arena.f32(s.pOutDist, n * s.kOut),
    tree: null,
    nextTree: thread,
  };
}

/** Plants this thread's trees until about `budget` pairs are done; counts trees finished. */
function trees(c: NNCtx, thread: number, threads: number, budget: number): void {
  let spent = 0;
  while (spent < budget) {
    if (!c.tree) {
      if (c.nextTree >= c.s.nTrees) return;
      const rng = createRng(subSeed(c.s.seed, c.nextTree));
      c.tree = plantTree(c.ground, rng, c.s.leafSize, Math.max(1, budget));
      c.nextTree += threads;
    }
    const r = c.tree.next();
    if (r.done) {
      c.tree = null;
      c.counts[3 * thread + 2]++;
    } else spent += r.value;
  }
}

function joinRows(c: NNCtx, thread: number, threads: number, r0: number, r1: number): void {
  const upd = c.upd[thread];
  const updD = c.updD[thread];
  let m = 0;
  const sink = (p: number, q: number, d: number): void => {
    upd[2 * m] = p;
    upd[2 * m + 1] = q;
    updD[m++] = d;
  };
  for (let i = r0; i < r1; i++) join(c.arena, c.s.pX, c.rows, c.heaps, c.cands, i, c.ground.join, sink);
  c.counts[3 * thread] = m;
  if (threads > 1) byOwner(upd, updD, m, c.byOwner[thread], c.byOwnerD[thread], c.ownerStart[thread], threads);
}

/**
 * Counting sort of m buffered pairs (p, q, d) into both directions by the destination's
 * owner: afterwards the offers for thread t's rows (to, from) are out[2e], out[2e + 1]
 * with distance outD[e], for e in start[t] … start[t + 1].
 */
function byOwner(upd: Int32Array, updD: Float32Array, m: number, out: Int32Array, outD: Float32Array, start: Int32Array, threads: number): void {
  start.fill(0);
  for (let e = 0; e < 2 * m; e++) start[ownerOf(upd[e], threads) + 2]++;
  for (let x = 2; x < start.length; x++) start[x] += start[x - 1];
  for (let e = 0; e < m; e++) {
    const p = upd[2 * e];
    const q = upd[2 * e + 1];
    const a = start[ownerOf(p, threads) + 1]++;
    out[2 * a] = p;
    out[2 * a + 1] = q;
    outD[a] = updD[e];
    const b = start[ownerOf(q, threads) + 1]++;
    out[2 * b] = q;
    out[2 * b + 1] = p;
    outD[b] = updD[e];
  }
}

/** This thread's rows take every thread's offers to them (one thread: its buffer, both ways). */
function applyUpdates(c: NNCtx, thread: number, threads: number): void {
  const h = c.heaps;
  if (threads === 1) {
    const m = c.counts[0];
    const upd = c.upd[0];
    const updD = c.updD[0];
    for (let e = 0; e < m; e++) {
      push(h, upd[2 * e], upd[2 * e + 1], updD[e], 2);
      push(h, upd[2 * e + 1], upd[2 * e], updD[e], 2);
    }
    return;
  }
  for (let u = 0; u < threads; u++) {
    const start = c.ownerStart[u];
    const out = c.byOwner[u];
    const outD = c.byOwnerD[u];
    for (let e = start[thread], end = start[thread + 1]; e < end; e++) push(h, out[2 * e], out[2 * e + 1], outD[e], 2);
  }
}

/**
 * Rows [r0, r1): their kOut nearest by (distance, index), with distances recomputed from
 * the rows in f64 (the kernel's f32 value of a pair can differ by a rounding with the
 * position the pair had in a block, so it ranks but is not reported).
 */
function finishRows(c: NNCtx, r0: number, r1: number): void {
  const { k, idx, dist } = c.heaps;
  const { kOut, dim } = c.s;
  const { data, ld, cosine } = c.rows;
  const order = new Int32Array(k);
  const rank = (t: number): number => (idx[t] < 0 ? 0x7fffffff : idx[t]);
  for (let i = r0; i < r1; i++) {
    const base = i * k;
    for (let t = 0; t < k; t++) order[t] = base + t;
    // k is small: insertion sort by (distance, index).
    for (let a = 1; a < k; a++) {
      const v = order[a];
      let b = a - 1;
      while (b >= 0 && (dist[v] < dist[order[b]] || (dist[v] === dist[order[b]] && rank(v) < rank(order[b])))) {
        order[b + 1] = order[b];
        b--;
      }
      order[b + 1] = v;
    }
    const out = i * kOut;
    for (let t = 0; t < kOut; t++) {
      const j = idx[order[t]];
      c.outIdx[out + t] = j;
      c.outDist[out + t] = j < 0 ? Infinity : cosine ? Math.max(0, 1 - dot(data, i * ld, data, j * ld, dim)) : Math.sqrt(squaredDistance(data, i * ld, data, j * ld, dim));
    }
  }
}

export const nnDescentTask: KernelTask<NNShared, NNCtx> = {
  name: 'nn-descent',
  attach(s, thread, threads) {
    if (!s.memory) throw new Error('nn-descent: a helper thread needs the shared memory');
    return contextFor(attachDenseArena(s.memory), s, thread, threads);
  },
  run(c, op, args, thread, threads) {
    const n = c.s.n;
    const [r0, r1] = op === OP_JOIN || op === OP_FINISH ? shareOf(args[0], args[1], thread, threads) : shareOf(0, n, thread, threads);
    switch (op) {
      case OP_TREES:
        return trees(c, thread, threads, args[0]);
      case OP_CANON:
        return canonicalHeaps(c.heaps, r0, r1);
      case OP_REVERSE:
        return bucketReverse(c.heaps, c.reverse as ReverseBuckets, n, thread, threads);
      case OP_SAMPLE:
        if (threads === 1) return sampleCandidates(c.heaps, c.cands, n, c.s.seed, args[0]);
        return sampleOwnedCandidates(c.heaps, c.cands, c.reverse as ReverseBuckets, n, thread, threads, c.s.seed, args[0]);
      case OP_MARK:
        return markSampled(c.heaps, c.cands, r0, r1);
      case OP_JOIN:
        return joinRows(c, thread, threads, r0, r1);
      case OP_APPLY:
        return applyUpdates(c, thread, threads);
      case OP_SETTLE:
        c.counts[3 * thread + 1] = settleRound(c.heaps, r0, r1);
        return;
      case OP_FINISH:
        return finishRows(c, r0, r1);
    }
  },
};
