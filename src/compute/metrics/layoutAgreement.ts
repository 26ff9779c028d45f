/**
 * How much two layouts of the same points agree locally: for each point, the share of
 * its k nearest neighbours in layout A that are also among its k nearest in layout B;
 * averaged. 1 = the same neighbourhoods (e.g. a rotation or a rescale), ≈ k/n for
 * unrelated layouts. The Compare view shows it next to each layout's own quality,
 * so "these two pictures tell the same local story" is a number, not an impression.
 *
 * Symmetric only approximately (ties), exact in 2D (grids), sampled like the other
 * figures.
 */
import { createLayoutIndex } from './layoutKnn';
import { samplePoints } from './sampling';

export interface AgreementOptions {
  k?: number;
  /** Query points; default all. */
  sample?: number;
  seed?: number;
}

export function layoutAgreement(a: Float32Array, b: Float32Array, n: number, opts: AgreementOptions = {}): number {
  if (a.length < 2 * n || b.length < 2 * n) throw new Error(`layoutAgreement: both layouts need ${n}×2 values`);
  const k = Math.min(opts.k ?? 10, n - 1);
  if (k < 1) return 1;
  const ia = createLayoutIndex(a, n);
  const ib = createLayoutIndex(b, n);
  const na = new Int32Array(k);
  const nb = new Int32Array(k);
  const seen = new Int32Array(n).fill(-1);
  const queries = samplePoints(n, opts.sample ?? n, opts.seed ?? 0);
  let total = 0;
  for (let q = 0; q < queries.length; q++) {
    const i = queries[q];
    const ga = ia.knn(i, k, na);
    const gb = ib.knn(i, k, nb);
    // Mark A's neighbours with the query's index: no clearing between queries.
    for (let t = 0; t < ga; t++) seen[na[t]] = i;
    let same = 0;
    for (let t = 0; t < gb; t++) if (seen[nb[t]] === i) same++;
    total += same / k;
  }
  return queries.length ? total / queries.length : 1;
}
