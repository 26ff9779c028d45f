/**
 * One example, up close: what does the model predict for the blank in "他很[ ]", and
 * what does ONE gradient step on "他很高兴" (with 伤心 as the wrong answer) do to it?
 *
 * Two models, two honest readings of "prediction":
 * - tied next-token model: its actual next-token distribution p(w | 他, 很).
 * - skip-gram: it never predicts a blank. What it does learn is a score for "w appears
 *   near c": σ(W[w]·C[c]). We rank candidates w by s(w) = Σ_c W[w]·C[c] over the
 *   context words and show softmax(s) as a distribution. Before training C is zero, so
 *   every word scores the same.
 *
 * The example update is the model's own SGD step on that one example:
 * - tied: the full softmax gradient (tiedLossAndGradient) — the target's row is pulled
 *   toward the context representation h, every other row (伤心 included) pushed away
 *   in proportion to its probability.
 * - skip-gram: the pairs (target, c) get label 1 and (wrong, c) label 0, as in negative
 *   sampling with the wrong word as the negative: W[target] moves toward the context
 *   words' output vectors C[c], W[wrong] away from them, and the C rows move too.
 */
import { tiedLossAndGradient, type TiedParams } from './tiedlm';
import { UNK_ID } from './vocab';

export type ProbeKind = 'next-token' | 'skipgram-score';

export interface ProbeRequest {
  /** Context token IDs (unknown words as 0 are skipped). */
  readonly context: readonly number[];
  /** The right answer, or -1. */
  readonly target: number;
  /** A wrong answer to compare against, or -1. */
  readonly wrong: number;
  /** How many top candidates to list. Default 8. */
  readonly top?: number;
}

export interface ProbeEntry {
  readonly id: number;
  readonly p: number;
  /** 1-based rank among all candidates. */
  readonly rank: number;
}

export interface Probe {
  readonly kind: ProbeKind;
  /** The context IDs actually used. */
  readonly context: readonly number[];
  readonly top: readonly ProbeEntry[];
  readonly target: ProbeEntry | null;
  readonly wrong: ProbeEntry | null;
}

/** Context IDs without `<unk>` (it is not a word the model learned). */
export function knownContext(context: readonly number[]): number[] {
  return context.filter((id) => id !== UNK_ID && id >= 0);
}

/** Turns a distribution over IDs (index 0 = `<unk>`, never listed) into a Probe. O(V·top), no full sort. */
export function summarizeDistribution(kind: ProbeKind, p: ArrayLike<number>, req: ProbeRequest): Probe {
  const V = p.length;
  const k = Math.max(1, req.top ?? 8);
  // Rank of id: 1 + candidates ahead of it (higher p, or equal p and a lower id).
  const rankOf = (id: number): number => {
    let ahead = 0;
    for (let v = 1; v < V; v++) if (p[v] > p[id] || (p[v] === p[id] && v < id)) ahead++;
    return ahead + 1;
  };
  const top: number[] = [];
  for (let v = 1; v < V; v++) {
    if (top.length === k && !(p[v] > p[top[k - 1]])) continue;
    let i = top.length < k ? top.length : k - 1;
    top[i] = v;
    while (i > 0 && p[top[i - 1]] < p[v]) {
      top[i] = top[i - 1];
      top[i - 1] = v;
      i--;
    }
  }
  const entry = (id: number): ProbeEntry | null => (id > 0 && id < V ? { id, p: p[id], rank: rankOf(id) } : null);
  return {
    kind,
    context: knownContext(req.context),
    top: top.map((id, i) => ({ id, p: p[id], rank: i + 1 })),
    target: entry(req.target),
    wrong: entry(req.wrong),
  };
}

/** softmax over ids 1..V−1 of s(w) = Σ_c W[w]·C[c]; p[0] = 0. */
export function skipGramScores(W: Float32Array, C: Float32Array, dim: number, context: readonly number[]): Float64Array {
  const V = W.length / dim;
  const ctx = knownContext(context);
  const q = new Float64Array(dim);
  for (const c of ctx) for (let k = 0; k < dim; k++) q[k] += C[c * dim + k];
  const p = new Float64Array(V);
  let max = -Infinity;
  for (let v = 1; v < V; v++) {
    let s = 0;
    const o = v * dim;
    for (let k = 0; k < dim; k++) s += W[o + k] * q[k];
    p[v] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let v = 1; v < V; v++) {
    p[v] = Math.exp(p[v] - max);
    sum += p[v];
  }
  for (let v = 1; v < V; v++) p[v] /= sum || 1;
  return p;
}

/** The tied model's next-token distribution with `<unk>` left out and the rest renormalised. */
export function tiedNextToken(predict: (ctx: ArrayLike<number>) => Float32Array, context: readonly number[]): Float64Array {
  const p = Float64Array.from(predict(knownContext(context)));
  p[UNK_ID] = 0;
  let sum = 0;
  for (let v = 0; v < p.length; v++) sum += p[v];
  for (let v = 0; v < p.length; v++) p[v] /= sum || 1;
  return p;
}

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * One skip-gram SGD step on (target, context) pairs with label 1 and (wrong, context)
 * pairs with label 0. Mutates W (unless `freeze`) and C in place; returns the loss before.
 */
export function skipGramExampleUpdate(
  W: Float32Array,
  C: Float32Array,
  dim: number,
  req: ProbeRequest,
  lr: number,
  freeze = false,
): number {
  const ctx = knownContext(req.context);
  const pairs: Array<[number, number]> = [];
  if (req.target > 0) pairs.push([req.target, 1]);
  if (req.wrong > 0 && req.wrong !== req.target) pairs.push([req.wrong, 0]);
  let loss = 0;
  for (const [w, label] of pairs) {
    const dW = new Float64Array(dim);
    const ow = w * dim;
    for (const c of ctx) {
      const oc = c * dim;
      let f = 0;
      for (let k = 0; k < dim; k++) f += W[ow + k] * C[oc + k];
      const s = sigmoid(f);
      loss -= Math.log(Math.max(1e-12, label ? s : 1 - s));
      const g = (label - s) * lr;
      for (let k = 0; k < dim; k++) {
        dW[k] += g * C[oc + k];
        C[oc + k] += g * W[ow + k];
      }
    }
    if (!freeze) for (let k = 0; k < dim; k++) W[ow + k] += dW[k];
  }
  return loss;
}

/** One SGD step of the tied model on (context → target): every parameter moves by −lr × gradient. Returns the loss before. */
export function tiedExampleUpdate(P: TiedParams, req: ProbeRequest, lr: number): number {
  const ctx = knownContext(req.context);
  if (req.target <= 0 || ctx.length === 0) return NaN;
  const g = tiedLossAndGradient(P, ctx, req.target);
  for (let i = 0; i < P.E.length; i++) P.E[i] -= lr * g.E[i];
  for (let i = 0; i < P.b.length; i++) P.b[i] -= lr * g.b[i];
  for (let i = 0; i < P.A.length; i++) P.A[i] -= lr * g.A[i];
  for (let i = 0; i < P.a.length; i++) P.a[i] -= lr * g.a[i];
  return g.loss;
}
