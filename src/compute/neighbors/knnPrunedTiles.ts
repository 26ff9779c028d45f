/**
 * The tile loop of the pruned kNN graph (knnPruned.ts): per tile, lower bounds from the
 * z rows, the pairs within a row's threshold listed, their full keys computed and
 * offered to both rows' heaps. One thread's loop; knnPrunedParallel.ts runs several.
 */
import { lockSpin, unlockSpin } from '../parallel/spinLock';
import { padTo4, type DenseArena } from '../simd/dense';
import { heapOffer, type RowHeaps } from './knnHeap';
import { B, skippable, type Balls } from './knnPrunedBalls';

/** How much a run pruned: tiles visited and skipped whole, pairs whose full key was computed. */
export interface PrunedStats {
  tiles: number;
  skipped: number;
  listed: number;
}

/** What the tile loop works on: rows in k-d order, their z rows, and the heaps. */
export interface PrunedState {
  readonly arena: DenseArena;
  readonly n: number;
  readonly ld: number;
  readonly mz: number;
  /** Position p in k-d order → original row. */
  readonly perm: Int32Array;
  readonly pX: number;
  readonly pZ: number;
  readonly pQ: number;
  readonly pThrB: number;
  readonly pTile: number;
  readonly pList: number;
  readonly pDots: number;
  /** Ranking terms by original row (knn.ts): squared norms, or inverse norms for cosine. */
  readonly term: Float32Array;
  /** Bound scale per key unit: 1 (euclidean), 2 (cosine). */
  readonly scale: number;
  /**
   * Views of pList and pDots (a tile's worth) and of pThrB, made once (prunedState)
   * instead of four new typed arrays a tile (~50,000 a run on MNIST 10k).
   */
  readonly list: Int32Array;
  readonly dots: Float32Array;
  readonly thrB: Float32Array;
}

/** A PrunedState with its views (the arena must not grow while the state is used). */
export function prunedState(s: Omit<PrunedState, 'list' | 'dots' | 'thrB'>): PrunedState {
  const ldt = padTo4(B);
  return { ...s, list: s.arena.i32(s.pList, B * ldt), dots: s.arena.f32(s.pDots, B * ldt), thrB: s.arena.f32(s.pThrB, s.n) };
}

/** Blocks, in bytes, of one thread's tile loop: tile, pair list, pair dots, bound thresholds. */
export function threadBlocks(n: number): number[] {
  const ldt = padTo4(B);
  return [B * ldt * 4, B * ldt * 4, B * ldt * 4, (n + 4) * 4];
}

/**
 * The heaps (by original row) and key thresholds. Several threads share one set
 * (knnPrunedParallel.ts): then `locks` holds a lock per block of B k-d positions, and a
 * thread holds its tile's blocks' locks while it offers pairs, so a row's heap and
 * threshold only change under its block's lock.
 */
export interface PrunedHeaps extends RowHeaps {
  readonly thr: Float32Array;
  readonly locks?: Int32Array;
}

/** Visits tiles [from, to) of the plan's order — every `stride`-th from `from` — into these heaps, counting into `stats`. */
export function pruneTiles(s: PrunedState, order: Int32Array, balls: Balls, from: number, to: number, stride: number, kh: number, h: PrunedHeaps, stats: PrunedStats): void {
  for (let t = from; t < to; t += stride) {
    const I = order[2 * t];
    const J = order[2 * t + 1];
    stats.tiles++;
    if (skippable(balls, I, J, s.thrB)) {
      stats.skipped++;
      continue;
    }
    stats.listed += pruneTile(s, I, J, kh, h);
  }
}

/**
 * Tile (I, J) of the k-d ordered rows: bounds from z, keyTile lists the pairs within a
 * row's threshold, listDotsRuns gives their full dot products, and each pair is offered
 * with brute force's key to both rows' heaps. Returns how many pairs were listed.
 */
function pruneTile(s: PrunedState, I: number, J: number, kh: number, h: PrunedHeaps): number {
  const { arena, n, ld, mz, perm, term, scale } = s;
  const { key: heapKey, idx: heapIdx, size: heapSize, thr, locks } = h;
  const ldt = padTo4(B);
  const i0 = I * B;
  const i1 = Math.min(n, i0 + B);
  const j0 = J * B;
  const j1 = Math.min(n, j0 + B);
  arena.dots(s.pZ + i0 * mz * 4, mz, i1 - i0, s.pZ + j0 * mz * 4, mz, j1 - j0, mz, s.pTile, ldt, 0);
  const count = arena.keyTile(s.pTile, i1 - i0, j1 - j0, ldt, i0, j0, s.pQ, s.pThrB, 0, s.pList);
  if (count === 0) return 0;
  arena.listDotsRuns(s.pX + i0 * ld * 4, s.pX + j0 * ld * 4, ld, s.pList, count, ldt, s.pDots);
  const { list, dots, thrB } = s;
  const cosine = scale === 2;
  // Lower block first (the plan's tiles have I ≤ J), so no two threads wait on each other.
  if (locks) {
    lockSpin(locks, I);
    if (J !== I) lockSpin(locks, J);
  }
  for (let e = 0; e < count; e++) {
    const t = list[e];
    const a = (t / ldt) | 0;
    const pi = i0 + a;
    const pj = j0 + t - a * ldt;
    const oi = perm[pi];
    const oj = perm[pj];
    const d = dots[e];
    // keyTile's f32 arithmetic, with the lower row's term first as in the brute-force tiles.
    const key = cosine
      ? Math.fround(1 - Math.fround(Math.fround(d * term[Math.min(oi, oj)]) * term[Math.max(oi, oj)]))
      : Math.fround(Math.fround(term[oi] + term[oj]) - Math.fround(d + d));
    // Thresholds only fall; other threads read them unlocked (keyTile, skippable), and a
    // stale, higher one only lists or keeps a tile it need not.
    if (key <= thr[oi] && heapOffer(heapKey, heapIdx, heapSize, oi, kh, key, oj) && heapSize[oi] === kh && heapKey[oi * kh] < thr[oi]) {
      thr[oi] = heapKey[oi * kh];
      thrB[pi] = scale * thr[oi];
    }
    if (key <= thr[oj] && heapOffer(heapKey, heapIdx, heapSize, oj, kh, key, oi) && heapSize[oj] === kh && heapKey[oj * kh] < thr[oj]) {
      thr[oj] = heapKey[oj * kh];
      thrB[pj] = scale * thr[oj];
    }
  }
  if (locks) {
    if (J !== I) unlockSpin(locks, J);
    unlockSpin(locks, I);
  }
  return count;
}
