/**
 * Where the time of a kernel-pool run goes, thread by thread (Linux: per-thread CPU from
 * /proc/self/task), for the two cases the 2-thread target is set on:
 *   node --expose-gc --import tsx scripts/threadScaling.ts knn  [threads=2] [repeats=3]   (MNIST 10k exact kNN)
 *   node --expose-gc --import tsx scripts/threadScaling.ts umap [threads=2] [repeats=1]   (GloVe 50k UMAP phases)
 * Each repeat runs the case on one thread, then on the pool, and prints per phase the
 * wall time, the calling thread's CPU and the helpers' CPU, with the load average: on a
 * busy machine the CPU split still shows the serial part and the parallel efficiency.
 * Reads the bench's raw files (run `npm run bench -- knn` or `umap` once to write them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createNNDescent } from '../src/compute/neighbors/nndescent';
import { createPrunedKnnGraph, type PrunedStats } from '../src/compute/neighbors/knnPruned';
import { createParallelPrunedKnnGraph } from '../src/compute/neighbors/knnPrunedParallel';
import { serialPool } from '../src/compute/parallel/pool';
import type { KernelPool } from '../src/compute/parallel/types';
import { spectralLayout } from '../src/compute/project/spectral';
import { createUmap } from '../src/compute/project/umap';
import { fuzzySimplicialSetSteps } from '../src/compute/project/umapGraph';
import { runToEnd } from '../src/compute/task';
import { createNodeKernelPool } from '../src/workers/kernelThreadsNode';
import { WORK_DIR } from '../bench/datasets';
import { cpuMark, sinceMark } from './threadCpu';

const [which = 'knn', threadsArg = '2', repeatsArg] = process.argv.slice(2);
const threads = Number(threadsArg);
const repeats = Number(repeatsArg ?? (which === 'knn' ? 3 : 1));

function load(file: string, n: number, dim: number): Float32Array {
  const buf = readFileSync(join(WORK_DIR, file));
  return new Float32Array(buf.buffer, buf.byteOffset, n * dim).slice();
}

const rows: string[][] = [];
let mark = cpuMark();
function phase(label: string, extra = ''): void {
  const { wallMs, mainMs, helperMs } = sinceMark(mark);
  const loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  rows.push([label, wallMs.toFixed(0), String(mainMs), String(helperMs), loadavg, extra]);
  mark = cpuMark();
}

function knn(pool: KernelPool, one: boolean): void {
  const n = 10_000;
  const dim = 784;
  const X = load('mnist10k.f32', n, dim);
  const stats: PrunedStats = { tiles: 0, skipped: 0, listed: 0 };
  mark = cpuMark();
  if (one) runToEnd(createPrunedKnnGraph(X, n, dim, 15, 'euclidean', { stats }), 64);
  else runToEnd(createParallelPrunedKnnGraph(pool, X, n, dim, 15, 'euclidean', { stats }), 64);
  phase(`kNN ${one ? 1 : pool.threads} thread(s)`, `pairs listed ${stats.listed}`);
}

function umap(pool: KernelPool): void {
  const n = 50_000;
  const dim = 100;
  const X = load('glove50k.f32', n, dim);
  const t = `${pool.threads} thread(s)`;
  mark = cpuMark();
  const graph = runToEnd(createNNDescent(X, n, dim, { k: 15, metric: 'cosine', seed: 42 }, { pool }), 64);
  phase(`UMAP ${t}: NN-descent`);
  const fuzzy = runToEnd({ ...generatorTask(fuzzySimplicialSetSteps(graph, n, 15, pool)) }, 1);
  phase(`UMAP ${t}: fuzzy set`);
  runToEnd({ ...generatorTask(spectralLayout(fuzzy, { seed: 42, pool })) }, 1);
  phase(`UMAP ${t}: spectral init`);
  // The whole layout again (fuzzy set and init included), then its epochs alone.
  const u = createUmap({ n, graph }, {}, { pool });
  while (u.progress() === 0 && !u.step(1)) {
    /* up to the first epoch slice */
  }
  mark = cpuMark();
  runToEnd(u, 64);
  phase(`UMAP ${t}: SGD epochs`);
}

/** A generator as a Steppable (one yield a unit), for runToEnd. */
function generatorTask<T>(g: Generator<number, T, void>) {
  let value: T | undefined;
  let done = false;
  return {
    step(budget: number): boolean {
      for (let b = 0; b < budget && !done; b++) {
        const r = g.next();
        if (r.done) {
          value = r.value;
          done = true;
        }
      }
      return done;
    },
    progress: () => (done ? 1 : 0),
    snapshot: () => 0,
    result: (): T => value as T,
  };
}

const pool = threads > 1 ? await createNodeKernelPool(threads) : serialPool();
for (let r = 0; r < repeats; r++) {
  if (which === 'knn') {
    knn(pool, true);
    knn(pool, false);
  } else {
    umap(serialPool());
    umap(pool);
  }
}
pool.close();
console.log(['phase', 'wall ms', 'calling thread CPU ms', 'helpers CPU ms', 'load', ''].join('\t'));
for (const row of rows) console.log(row.join('\t'));
