/**
 * Warms a kernel pool's threads before the user's first run. A helper thread's first
 * job runs its code cold — JavaScript not yet optimised, WebAssembly not yet tiered up —
 * on a core the page's own work also wants: in headless Chromium the first 2-thread
 * exact kNN graph of MNIST 10k in a page took 574–655 ms, later ones 490–557 ms, while
 * one thread showed no such first-run cost (its worker has run code before); warmed
 * here, the first took 453–605 ms. So the page,
 * once its first dataset is shown, runs the projections' threaded paths here on a
 * small synthetic table: the same session code as a run (PCA step, exact kNN, UMAP's
 * epochs, t-SNE), the pruned exact graph of wide rows, and on 8,192 low-dimensional
 * rows what only large tables take: NN-descent, UMAP's smoothing and spectral start.
 */
import type { KernelPool } from '../parallel/types';
import { labelledBlobs } from '../blobs';
import { runSliced, type Pacing } from '../task';
import { PRE_REDUCE_ABOVE_DIM, type ProjectSpec } from './methods';
import { ProjectWorkspace } from './session';
import { createUmap } from './umap';
import { createNeighborGraph } from './umapPipeline';

/** Rows of the warm-up table: above the pruned exact kNN's 1,024-row threshold. */
const ROWS = 1_500;
/** Columns: above PRE_REDUCE_ABOVE_DIM, so the PCA step runs too. */
const DIM = PRE_REDUCE_ABOVE_DIM + 14;
/** Rows of the large warm-up graph: where UMAP's smoothing and spectral start go on the threads. */
const LARGE_ROWS = 8_192;

const SPECS: readonly ProjectSpec[] = [
  { method: 'umap', seed: 1, preReduce: true, umap: { nNeighbors: 15, minDist: 0.1, spread: 1, epochs: 100 } },
  { method: 'tsne', seed: 1, preReduce: true, tsne: { perplexity: 30, learningRate: 'auto', iterations: 100, earlyExaggeration: 12, exaggeration: 1 } },
];

/** Runs the threaded paths once on `pool` (nothing to do on one thread); cancellable through `pacing.signal`. */
export async function warmKernelPool(pool: KernelPool, pacing: Pacing): Promise<void> {
  if (pool.threads < 2) return;
  await runWarmUp(pool, pacing);
}

/**
 * The warm-up's runs on any pool, one thread included: the benchmark warms its
 * one-thread and its threaded sides alike with them (bench/cases/ours.ts).
 */
export async function runWarmUp(pool: KernelPool, pacing: Pacing): Promise<void> {
  const { vectors } = labelledBlobs(ROWS, DIM, 12, 1);
  // A workspace of its own: the page's sessions and caches are not touched.
  const ws = new ProjectWorkspace({ yieldNow: pacing.yieldNow, now: pacing.now, kernelPool: async () => pool });
  ws.putTable({ id: 'warm-up', n: ROWS, dim: DIM, metric: 'euclidean', vectors });
  const signal = pacing.signal ?? new AbortController().signal;
  for (const [i, spec] of SPECS.entries()) {
    await ws.run({ sessionId: i + 1, open: { datasetId: 'warm-up', codes: null, spec }, mode: 'run', threads: pool.threads }, signal, () => undefined);
  }
  // Wide rows without the PCA step: the pruned exact graph.
  await runSliced(createNeighborGraph(vectors, ROWS, DIM, 15, 'euclidean', 'exact', 1, pool), pacing);
  // Large tables: NN-descent, and UMAP's fuzzy-set smoothing and spectral start, which
  // go on the threads only from 8,192 rows.
  // One cloud: a connected graph, whose spectral start runs as one piece (by component, a
  // piece under 8,192 rows would stay on this thread).
  const large = labelledBlobs(LARGE_ROWS, 16, 1, 2).vectors;
  const graph = await runSliced(createNeighborGraph(large, LARGE_ROWS, 16, 14, 'euclidean', 'nndescent', 1, pool), pacing);
  await runSliced(createUmap({ n: LARGE_ROWS, graph }, { nEpochs: 10 }, { pool }), pacing);
  pool.releaseAll();
}
