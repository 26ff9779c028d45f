/**
 * t-SNE input affinities from a sparse kNN graph: a Gaussian per point whose
 * precision is found by binary search so the row's entropy equals log(perplexity),
 * then the symmetric joint matrix P = (P_{j|i} + P_{i|j}) / 2N in CSR form.
 *
 * Working on the kNN graph (k ≈ 3·perplexity) instead of all pairs is what makes
 * the input side O(N·k): the Gaussian mass beyond 3σ-ish neighbours is negligible.
 */

/** The shared kNN graph: row i holds its k neighbours (nearest first), -1 = missing. */
export interface KnnGraphInput {
  readonly k: number;
  /** n × k neighbour indices. */
  readonly indices: Int32Array;
  /** n × k distances (Euclidean, or cosine distance 1 − sim). */
  readonly distances: Float32Array;
}

/** Compressed sparse rows; row i is cols/vals[rowPtr[i] .. rowPtr[i+1]) (columns in no set order). */
export interface SparseMatrix {
  readonly n: number;
  readonly rowPtr: Int32Array;
  readonly cols: Int32Array;
  readonly vals: Float64Array;
}

export interface PerplexityOptions {
  /** Stop when |H − log(perplexity)| falls below this (nats). Default 1e-10. */
  readonly tolerance?: number;
  /** Bisection steps per row. Default 200 (bisection halves the bracket each step). */
  readonly maxIterations?: number;
  /**
   * Square the distances before the Gaussian (default true), as openTSNE and
   * scikit-learn do for any metric: the kernel is exp(−β·d²).
   */
  readonly squareDistances?: boolean;
}

export interface ConditionalAffinities {
  /** n × k, row i sums to 1 over its valid neighbours (0 for missing or self entries). */
  readonly P: Float64Array;
  /** Precision β of each row's Gaussian (on the shifted squared distances). */
  readonly betas: Float64Array;
}

/** True when column j of row i is a usable neighbour (not missing, not i itself). */
function valid(j: number, i: number, n: number): boolean {
  return j >= 0 && j < n && j !== i;
}

/**
 * Row-wise P_{j|i} with entropy log(perplexity). Distances are shifted by the row
 * minimum before exp (it cancels in the normalisation) so nothing underflows.
 */
export function conditionalAffinities(
  n: number,
  graph: KnnGraphInput,
  perplexity: number,
  opts: PerplexityOptions = {},
): ConditionalAffinities {
  const { k, indices, distances } = graph;
  if (indices.length !== n * k || distances.length !== n * k) {
    throw new Error(`kNN graph: expected ${n} × ${k} entries, got ${indices.length} indices and ${distances.length} distances`);
  }
  const P = new Float64Array(n * k);
  const betas = new Float64Array(n);
  calibrateRows(n, graph, perplexity, P, betas, 0, n, opts);
  return { P, betas };
}

/**
 * Calibrates rows [from, to) into P (n × k) and betas (n), so large inputs can be
 * done a chunk at a time. Per row: safeguarded Newton on log β (dH/dlog β = −β²·Var d),
 * falling back to bisection whenever Newton would leave the bracket.
 */
export function calibrateRows(
  n: number,
  graph: KnnGraphInput,
  perplexity: number,
  P: Float64Array,
  betas: Float64Array,
  from: number,
  to: number,
  opts: PerplexityOptions = {},
): void {
  if (!(perplexity > 0)) throw new Error(`perplexity must be positive, got ${perplexity}`);
  const { k, indices, distances } = graph;
  const tol = opts.tolerance ?? 1e-10;
  const maxIter = opts.maxIterations ?? 200;
  const square = opts.squareDistances ?? true;
  const target = Math.log(perplexity);
  const d = new Float64Array(k);
  const ok = new Uint8Array(k);

  for (let i = from; i < to; i++) {
    const base = i * k;
    let dmin = Infinity;
    let count = 0;
    for (let c = 0; c < k; c++) {
      ok[c] = valid(indices[base + c], i, n) ? 1 : 0;
      P[base + c] = 0;
      if (!ok[c]) continue;
      const raw = distances[base + c];
      const v = square ? raw * raw : raw;
      d[c] = v;
      if (v < dmin) dmin = v;
      count++;
    }
    if (count === 0) continue;
    let sumShift = 0;
    for (let c = 0; c < k; c++) {
      if (!ok[c]) continue;
      d[c] -= dmin;
      sumShift += d[c];
    }
    // Start near the scale of the distances.
    let beta = sumShift > 0 ? count / sumShift : 1;
    let lo = 0;
    let hi = Infinity;
    for (let it = 0; it < maxIter; it++) {
      let sum = 0;
      let sumPD = 0;
      let sumPD2 = 0;
      for (let c = 0; c < k; c++) {
        if (!ok[c]) continue;
        const p = Math.exp(-beta * d[c]);
        sum += p;
        sumPD += p * d[c];
        sumPD2 += p * d[c] * d[c];
      }
      const mean = sumPD / sum;
      // H = log Σ e^{-βd} + β·E[d]   (natural log)
      const H = Math.log(sum) + beta * mean;
      const diff = H - target;
      if (Math.abs(diff) < tol) break;
      if (diff > 0) lo = beta;
      else hi = beta;
      const variance = Math.max(0, sumPD2 / sum - mean * mean);
      let next = variance > 0 ? beta * Math.exp(diff / (beta * beta * variance)) : NaN;
      if (!(next > lo && next < hi)) next = hi === Infinity ? beta * 2 : (lo + hi) / 2;
      if (next === beta) break; // bracket collapsed to one float
      beta = next;
    }
    let sum = 0;
    for (let c = 0; c < k; c++) {
      if (!ok[c]) continue;
      const p = Math.exp(-beta * d[c]);
      P[base + c] = p;
      sum += p;
    }
    for (let c = 0; c < k; c++) P[base + c] /= sum;
    betas[i] = beta;
  }
}

/** Rows per pause of the step generators below. */
const ROWS_PER_STEP = 2048;

/**
 * P = (C + Cᵀ) / sum, with C the n × k conditional matrix over `indices`. Row i
 * lists its own neighbours first (graph order), then those that have i as a
 * neighbour but are not among i's (in row order); a neighbour listed twice is
 * merged. O(n·k) with a marker array, in a fixed order, so the same input gives
 * bit-identical output.
 */
export function symmetrize(n: number, k: number, indices: Int32Array, cond: Float64Array): SparseMatrix {
  const gen = symmetrizeSteps(n, k, indices, cond);
  for (;;) {
    const r = gen.next();
    if (r.done) return r.value;
  }
}

/**
 * symmetrize() in pieces, pausing every few thousand rows. With `upperOnly` it
 * returns just the strict upper triangle (j > i), which is all the gradient needs,
 * without ever holding the full matrix.
 */
export function* symmetrizeSteps(
  n: number,
  k: number,
  indices: Int32Array,
  cond: Float64Array,
  upperOnly = false,
): Generator<void, SparseMatrix, void> {
  const use = (i: number, c: number): boolean => {
    const j = indices[i * k + c];
    return valid(j, i, n) && cond[i * k + c] !== 0;
  };
  // Cᵀ in CSR by counting sort: scanning rows in order keeps each row ordered.
  const tPtr = new Int32Array(n + 1);
  let total = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      if (!use(i, c)) continue;
      tPtr[indices[i * k + c] + 1]++;
      total += cond[i * k + c];
    }
    if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
  }
  for (let i = 0; i < n; i++) tPtr[i + 1] += tPtr[i];
  const fill = tPtr.slice(0, n);
  // Each transposed entry is the position i·k + c of C_ij in `cond` (row i = pos / k).
  const tPos = new Int32Array(tPtr[n]);
  // The scatter below writes all over tPos at once; touching it first, a slice per
  // pause, keeps the page faults of a fresh large array from landing in one step.
  for (let at = 0; at < tPos.length; at += ROWS_PER_STEP * k) {
    tPos.fill(0, at, at + ROWS_PER_STEP * k);
    yield;
  }
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      if (!use(i, c)) continue;
      tPos[fill[indices[i * k + c]]++] = i * k + c;
    }
    if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
  }

  // Row sizes of the union, then the rows themselves. mark[j] = position of j in
  // the row being built (valid while stamp[j] === i).
  const stamp = new Int32Array(n).fill(-1);
  const mark = new Int32Array(n);
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) {
    let len = 0;
    for (let c = 0; c < k; c++) {
      if (!use(i, c)) continue;
      const j = indices[i * k + c];
      if (upperOnly && j <= i) continue;
      if (stamp[j] !== i) {
        stamp[j] = i;
        len++;
      }
    }
    for (let e = tPtr[i]; e < tPtr[i + 1]; e++) {
      const j = (tPos[e] / k) | 0;
      if (upperOnly && j <= i) continue;
      if (stamp[j] !== i) {
        stamp[j] = i;
        len++;
      }
    }
    rowPtr[i + 1] = rowPtr[i] + len;
    if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
  }
  stamp.fill(-1);
  const scale = total > 0 ? 1 / (2 * total) : 0;
  const cols = new Int32Array(rowPtr[n]);
  const vals = new Float64Array(rowPtr[n]);
  for (let i = 0; i < n; i++) {
    let at = rowPtr[i];
    for (let c = 0; c < k; c++) {
      if (!use(i, c)) continue;
      const j = indices[i * k + c];
      if (upperOnly && j <= i) continue;
      if (stamp[j] !== i) {
        stamp[j] = i;
        mark[j] = at;
        cols[at] = j;
        vals[at++] = 0;
      }
      vals[mark[j]] += cond[i * k + c] * scale;
    }
    for (let e = tPtr[i]; e < tPtr[i + 1]; e++) {
      const j = (tPos[e] / k) | 0;
      if (upperOnly && j <= i) continue;
      if (stamp[j] !== i) {
        stamp[j] = i;
        mark[j] = at;
        cols[at] = j;
        vals[at++] = 0;
      }
      vals[mark[j]] += cond[tPos[e]] * scale;
    }
    if (i % ROWS_PER_STEP === ROWS_PER_STEP - 1) yield;
  }
  return { n, rowPtr, cols, vals };
}

/** Symmetric joint probabilities for t-SNE straight from the kNN graph (sums to 1). */
export function jointProbabilities(
  n: number,
  graph: KnnGraphInput,
  perplexity: number,
  opts: PerplexityOptions = {},
): SparseMatrix {
  const { P } = conditionalAffinities(n, graph, perplexity, opts);
  return symmetrize(n, graph.k, graph.indices, P);
}

/** Neighbours per point the graph should hold for a perplexity: min(n − 1, ⌊3·perplexity⌋). */
export function neighborsForPerplexity(n: number, perplexity: number): number {
  return Math.max(1, Math.min(n - 1, Math.floor(3 * perplexity)));
}
