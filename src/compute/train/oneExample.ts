/**
 * One SGD update on one training example, the way word2vec does it, with the scores it
 * moved measured before and after — the lab's "watch one example" step and its probe
 * update. The batch kernels (skipgramJs.ts, wasm/sgns.wat) run the same rule a million
 * times without measuring anything; here each call is one example a learner can read.
 *
 * Negative sampling, for one example: the input rows (one centre word for skip-gram,
 * the context words for CBOW) are averaged into h; each target t (the right word with
 * label 1, the noise words with label 0) has its output row C[t]. The score is h·C[t];
 * with g = lr·(label − σ(h·C[t])), C[t] moves by g·h and every input row by Σ g·C[t]
 * (all from the rows as they were: word2vec's neu1e). So the right word's score rises
 * and the noise words' fall — in the space of dot products, where that is true; a 2D
 * projection of the rows need not show it. σ is exact here (the kernels use a table
 * clipped at ±6, which only matters for scores beyond ±6).
 */

export interface ExampleUpdate {
  /** Loss of the example before the update: −log σ(s₊) − Σ log σ(−s₋). */
  readonly loss: number;
  /** h·C[t] for each target, before and after the update (in `targets` order). */
  readonly before: Float64Array;
  readonly after: Float64Array;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** h = the mean of the input rows (length dim). */
export function meanRow(W: Float32Array, dim: number, rows: readonly number[]): Float64Array {
  const h = new Float64Array(dim);
  for (const r of rows) for (let k = 0; k < dim; k++) h[k] += W[r * dim + k];
  if (rows.length > 0) for (let k = 0; k < dim; k++) h[k] /= rows.length;
  return h;
}

/** h·C[t] for each target. */
export function scoresOf(h: Float64Array, C: Float32Array, dim: number, targets: readonly number[]): Float64Array {
  return Float64Array.from(targets, (t) => {
    let s = 0;
    for (let k = 0; k < dim; k++) s += h[k] * C[t * dim + k];
    return s;
  });
}

/**
 * One negative-sampling update: `inputs` (W rows, averaged), `targets` (C rows) with
 * `labels` (1 right, 0 noise). Mutates C, and W unless `freeze`. A target listed twice
 * is updated twice, as word2vec would.
 */
export function negativeSamplingUpdate(
  W: Float32Array,
  C: Float32Array,
  dim: number,
  inputs: readonly number[],
  targets: readonly number[],
  labels: readonly number[],
  lr: number,
  freeze: boolean,
): ExampleUpdate {
  const h = meanRow(W, dim, inputs);
  const before = scoresOf(h, C, dim, targets);
  const neu1e = new Float64Array(dim);
  let loss = 0;
  targets.forEach((t, i) => {
    const o = t * dim;
    let f = 0;
    for (let k = 0; k < dim; k++) f += h[k] * C[o + k];
    const s = sigmoid(f);
    loss -= Math.log(Math.max(1e-12, labels[i] ? s : 1 - s));
    const g = lr * (labels[i] - s);
    for (let k = 0; k < dim; k++) {
      neu1e[k] += g * C[o + k];
      C[o + k] += g * h[k];
    }
  });
  if (!freeze) for (const r of inputs) for (let k = 0; k < dim; k++) W[r * dim + k] += neu1e[k];
  const after = scoresOf(meanRow(W, dim, inputs), C, dim, targets);
  return { loss, before, after };
}
