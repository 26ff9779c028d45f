/**
 * One example, up close: what does the model say about the blank in "他很[ ]", and
 * what does ONE gradient step on "他很高兴" (with 伤心 as the wrong answer) do to it?
 *
 * Two kinds of model, two honest readings:
 * - the tied next-token model predicts the blank: its actual distribution p(w | 他, 很).
 * - skip-gram and CBOW predict no blank. What they learn is a score for "w appears near
 *   the context": the context words' input rows (table W) averaged into h, dotted with
 *   w's output row (table C): s(w) = h·C[w]. That score is the figure shown; candidates
 *   are ranked by it (softmax(s) is kept only for the bar lengths). Before training C is
 *   zero, so every word scores 0.
 *
 * The example update is the model's own SGD step on that one example:
 * - tied: the full softmax gradient (tiedLossAndGradient) — the target's row is pulled
 *   toward the context representation h, every other row (伤心 included) pushed away
 *   in proportion to its probability.
 * - skip-gram: each context word c is one input: (c → 高兴) with label 1 and (c → 伤心)
 *   with label 0, as in negative sampling with the wrong word as the noise word;
 *   CBOW: the context's rows together, the same two targets. W[他], W[很] move toward
 *   C[高兴] and away from C[伤心], and those C rows move too (oneExample.ts).
 */
import { negativeSamplingUpdate, meanRow } from './oneExample';
import { tiedLossAndGradient, type TiedParams } from './tiedlm';
import { UNK_ID } from './vocab';

export type ProbeKind = 'next-token' | 'output-score';

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
  /** The figure the lab shows: the tied model's p, or skip-gram / CBOW's score h·C[w]. */
  readonly score: number;
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

/**
 * Turns a distribution over IDs (index 0 = `<unk>`, never listed) into a Probe; `scores`
 * (default p itself) is the figure each entry carries. O(V·top), no full sort.
 */
export function summarizeDistribution(kind: ProbeKind, p: ArrayLike<number>, req: ProbeRequest, scores: ArrayLike<number> = p): Probe {
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
  const entry = (id: number): ProbeEntry | null => (id > 0 && id < V ? { id, p: p[id], score: scores[id], rank: rankOf(id) } : null);
  return {
    kind,
    context: knownContext(req.context),
    top: top.map((id, i) => ({ id, p: p[id], score: scores[id], rank: i + 1 })),
    target: entry(req.target),
    wrong: entry(req.wrong),
  };
}

/** s(w) = h·C[w] with h the mean input row of the context (0 for `<unk>`), and softmax(s) over ids 1..V−1. */
export function outputScores(W: Float32Array, C: Float32Array, dim: number, context: readonly number[]): { p: Float64Array; scores: Float64Array } {
  const V = W.length / dim;
  const h = meanRow(W, dim, knownContext(context));
  const scores = new Float64Array(V);
  const p = new Float64Array(V);
  let max = -Infinity;
  for (let v = 1; v < V; v++) {
    let s = 0;
    const o = v * dim;
    for (let k = 0; k < dim; k++) s += h[k] * C[o + k];
    scores[v] = s;
    if (s > max) max = s;
  }
  let sum = 0;
  for (let v = 1; v < V; v++) sum += p[v] = Math.exp(scores[v] - max);
  for (let v = 1; v < V; v++) p[v] /= sum || 1;
  return { p, scores };
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

/**
 * One skip-gram (`cbow` false: each context word its own input) or CBOW (the context
 * words averaged) step on (context → target, label 1) and (context → wrong, label 0).
 * Mutates C, and W unless `freeze`; returns the loss before.
 */
export function outputExampleUpdate(W: Float32Array, C: Float32Array, dim: number, req: ProbeRequest, lr: number, cbow: boolean, freeze = false): number {
  const ctx = knownContext(req.context);
  const targets = [req.target, req.wrong].filter((w, i) => w > 0 && (i === 0 || w !== req.target));
  const labels = targets.map((w) => (w === req.target ? 1 : 0));
  if (ctx.length === 0 || targets.length === 0) return NaN;
  if (cbow) return negativeSamplingUpdate(W, C, dim, ctx, targets, labels, lr, freeze).loss;
  let loss = 0;
  for (const c of ctx) loss += negativeSamplingUpdate(W, C, dim, [c], targets, labels, lr, freeze).loss;
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
