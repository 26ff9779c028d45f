/**
 * Sprout's side of bench/peers.ts, run in its own process like each peer:
 * `tsx bench/peers/ours.ts TASK IN.f32 N DIM METRIC OUT.f32`. It runs the path the app's
 * projection worker runs (src/workers/projectHandlers.ts), from the vectors to the
 * layout, graph included:
 *  - prepare: PCA to 50 dims above 128 dims (cosine rows L2-normalised first); t-SNE also
 *    takes its first two PCA scores as the starting layout;
 *  - graph: exact kNN up to 20,000 points, NN-descent (seed 42) above; UMAP asks for 15
 *    neighbours, t-SNE for 3 × perplexity;
 *  - layout: createUmap / createTsne with the app's defaults (t-SNE 750 iterations).
 * Prints one JSON line with the run's own wall and CPU time; writes the result.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Metric } from '../../src/compute/dataset';
import type { KnnGraph } from '../../src/compute/neighbors/knn';
import { pca } from '../../src/compute/project/pca';
import { neighborsForPerplexity } from '../../src/compute/project/perplexity';
import { createTsne, scaleInit } from '../../src/compute/project/tsne';
import { createUmap } from '../../src/compute/project/umap';
import { createNeighborGraph, normalizeRows } from '../../src/compute/project/umapPipeline';
import { PRE_REDUCE_ABOVE_DIM, PRE_REDUCE_DIMS } from '../../src/compute/project/umapThresholds';
import { runToEnd, type Steppable } from '../../src/compute/task';

const EXACT_GRAPH_MAX_POINTS = 20_000;
const GRAPH_SEED = 42;

const [task, path, nArg, dimArg, metricArg, out] = process.argv.slice(2);
let n = Number(nArg);
const dim = Number(dimArg);
const metric = metricArg as Metric;
let X = new Float32Array(readFileSync(path).buffer.slice(0));
if (X.length !== n * dim) throw new Error(`expected ${n}×${dim} values in ${path}, got ${X.length}`);

function graphFor(data: Float32Array, d: number, m: Metric, k: number): KnnGraph {
  const exact = n <= EXACT_GRAPH_MAX_POINTS;
  return runToEnd(createNeighborGraph(data, n, d, k, m, exact ? 'exact' : 'nndescent', GRAPH_SEED) as Steppable<unknown, KnnGraph>, 1 << 20);
}

/** The worker's prepare step: returns the space the graph is built in, and t-SNE's PCA start. */
function prepare(withInit: boolean): { data: Float32Array; dim: number; metric: Metric; pca2: Float32Array | null } {
  const reduce = dim > PRE_REDUCE_ABOVE_DIM && dim > PRE_REDUCE_DIMS;
  const base = metric === 'cosine' && reduce ? normalizeRows(X, n, dim) : X;
  const components = Math.min(reduce ? PRE_REDUCE_DIMS : withInit ? 2 : 0, dim, n - 1);
  if (components < 1) return { data: base, dim, metric, pca2: null };
  const r = pca(base, n, dim, components, { seed: 0 });
  const pca2 = withInit ? Float32Array.from({ length: 2 * n }, (_, t) => r.scores[(t >> 1) * r.components + (t & 1)]) : null;
  return reduce ? { data: r.scores, dim: r.components, metric: 'euclidean', pca2 } : { data: base, dim, metric, pca2 };
}

function run(): { result: Float32Array; extra: Record<string, unknown> } {
  switch (task) {
    case 'pca': {
      const r = pca(X, n, dim, 10);
      return { result: r.scores, extra: { ratios: r.explainedRatio } };
    }
    case 'umap': {
      const p = prepare(false);
      const t0 = performance.now();
      const graph = graphFor(p.data, p.dim, p.metric, 15);
      const graphMs = performance.now() - t0;
      const layout = runToEnd(createUmap({ n, graph }, { seed: 1 }), 1 << 20);
      return { result: layout, extra: { graphMs, exact: n <= EXACT_GRAPH_MAX_POINTS } };
    }
    case 'tsne': {
      const p = prepare(true);
      const t0 = performance.now();
      const graph = graphFor(p.data, p.dim, p.metric, neighborsForPerplexity(n, 30));
      const graphMs = performance.now() - t0;
      const iterations = 750;
      const tsne = createTsne(
        { n, graph, init: scaleInit(p.pca2 ?? new Float32Array(2 * n)) },
        { perplexity: 30, learningRate: 'auto', iterations, earlyExaggerationIterations: 250, earlyExaggeration: 12, exaggeration: 1, seed: 1 },
      );
      return { result: runToEnd(tsne, 1 << 20), extra: { graphMs } };
    }
    default:
      throw new Error(`unknown task ${task}`);
  }
}

// Warm-up (JIT and WebAssembly tier-up), as the peers warm up too: PCA runs once whole
// (under a second), the layouts on the first 600 rows.
if (task === 'pca') run();
else {
  const m = Math.min(n, 600);
  const full = { X, n };
  X = X.subarray(0, m * dim);
  n = m;
  run();
  ({ X, n } = full);
}
const c0 = process.cpuUsage();
const t0 = performance.now();
const { result, extra } = run();
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
writeFileSync(out, Buffer.from(result.buffer, result.byteOffset, result.byteLength));
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMB: process.resourceUsage().maxRSS / 1024, ...extra }));
