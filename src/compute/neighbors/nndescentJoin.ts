/**
 * One NN-descent round per point: sample its heap into new/old candidate lists, then the
 * local join — every new–new and new–old candidate pair meets ("a neighbour of my
 * neighbour is probably my neighbour").
 *
 * The join's distances come from the dense SIMD kernel: the candidates' rows are
 * gathered next to each other (`gather`), one
 * `dots` call gives every new × (new, old) dot product, and `keyTile` turns them into
 * ranking distances (1 − u·v on unit rows, or ‖u‖² + ‖v‖² − 2u·v) and lists only the
 * pairs that beat the current worst neighbour of either end. Testing every pair in JS
 * cost ~8 ns a pair, more than the distances themselves.
 */
import { addCandidate, push, type NNState } from './nndescentState';

/** Samples row i's heap entries (and their reverses) into the new/old candidate lists. */
export function sampleCandidates(s: NNState, i: number): void {
  const { k, hIdx, hNew, maxC, newC, newP, oldC, oldP, rng } = s;
  const base = i * k;
  for (let t = base; t < base + k; t++) {
    const j = hIdx[t];
    if (j < 0) continue;
    const pri = rng.next();
    if (hNew[t]) {
      addCandidate(newC, newP, maxC, i, j, pri);
      addCandidate(newC, newP, maxC, j, i, pri);
    } else {
      addCandidate(oldC, oldP, maxC, i, j, pri);
      addCandidate(oldC, oldP, maxC, j, i, pri);
    }
  }
}

/** Entries of row i sampled as new this round are old from now on. */
export function markSampled(s: NNState, i: number): void {
  const { k, hIdx, hNew, maxC, newC } = s;
  const base = i * k;
  const cb = i * maxC;
  for (let t = base; t < base + k; t++) {
    if (!hNew[t]) continue;
    const j = hIdx[t];
    for (let u = cb; u < cb + maxC; u++) {
      if (newC[u] === j) {
        hNew[t] = 0;
        break;
      }
    }
  }
}

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
 * distances by the kernel, then the pairs that could enter a heap are pushed both
 * ways. Returns how many heap entries changed.
 */
export function pairBlock(s: NNState, w: JoinScratch, nNew: number, m: number): number {
  const { arena, pX, ld, cosine, sq, hDist, k } = s;
  const { ids, term, thr, ldo } = w;
  for (let r = 0; r < m; r++) {
    const id = ids[r];
    term[r] = cosine ? 1 : sq[id];
    thr[r] = hDist[id * k];
  }
  for (let r = m; r < ldo; r++) thr[r] = -Infinity;
  arena.gather(pX, ld, w.pIds, m, w.pRows);
  arena.dots(w.pRows, ld, nNew, w.pRows, ld, m, ld, w.pDots, ldo, 0);
  // As a diagonal tile (i0 = j0): only b > a.
  const listed = arena.keyTile(w.pDots, nNew, m, ldo, 0, 0, w.pTerm, w.pThr, cosine ? 1 : 0, w.pList);
  const { keys, list } = w;
  let c = 0;
  for (let l = 0; l < listed; l++) {
    const t = list[l];
    const a = (t / ldo) | 0;
    const p = ids[a];
    const q = ids[t - a * ldo];
    if (q === p) continue;
    const d = Math.max(0, keys[t]);
    c += push(s, p, q, d) + push(s, q, p, d);
  }
  return c;
}

/** Local join at point i: new–new pairs once, new–old pairs; returns how many heap entries changed. */
export function join(s: NNState, i: number, w: JoinScratch): number {
  const { maxC, newC, oldC } = s;
  const cb = i * maxC;
  const ids = w.ids;
  let nNew = 0;
  for (let a = cb; a < cb + maxC; a++) if (newC[a] >= 0) ids[nNew++] = newC[a];
  if (nNew === 0) return 0;
  let m = nNew;
  for (let b = cb; b < cb + maxC; b++) if (oldC[b] >= 0) ids[m++] = oldC[b];
  return pairBlock(s, w, nNew, m);
}
