/**
 * Where a t-SNE run's time goes on one thread and on the kernel pool (Linux: per-thread
 * CPU from /proc/self/task), for the 2-thread target of MNIST 10k and GloVe 10k:
 *   node --expose-gc --import tsx scripts/tsneScaling.ts mnist10k|glove10k [threads=2] [repeats=3]
 * Each repeat runs the app's pipeline (session.ts: PCA pre-reduction, exact kNN graph with
 * k = 3·perplexity, t-SNE 750 iterations, seed 42) on one thread, then on the pool, and
 * prints per phase the wall time, the calling thread's CPU and the helpers' CPU with the
 * load average, then recall@10 of each layout. Then, on layouts saved along the pool run,
 * one iteration's repulsion taken apart: wall ms per segment of its phases generator
 * (each segment ends at one of its yields), the attractive forces and the whole iteration.
 * Reads the bench's raw files (run `npm run bench -- t-sne` once to write them).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { WORK_DIR } from '../bench/datasets';
import { scoreLayouts } from '../bench/quality';
import type { Metric, VectorTable } from '../src/compute/dataset';
import { serialPool } from '../src/compute/parallel/pool';
import type { KernelPool } from '../src/compute/parallel/types';
import type { KnnGraphInput } from '../src/compute/project/perplexity';
import { createPrepare, recipeOf, type Prepared } from '../src/compute/project/prepare';
import { createTsne, scaleInit } from '../src/compute/project/tsne';
import { createFftRepulsion } from '../src/compute/project/tsneFft';
import { createNeighborGraph } from '../src/compute/project/umapPipeline';
import { runToEnd } from '../src/compute/task';
import { createNodeKernelPool } from '../src/workers/kernelThreadsNode';
import { cpuMark, sinceMark } from './threadCpu';

const [which = 'mnist10k', threadsArg = '2', repeatsArg = '3'] = process.argv.slice(2);
const threads = Number(threadsArg);
const repeats = Number(repeatsArg);
const DATA: Record<string, { file: string; n: number; dim: number; metric: Metric }> = {
  mnist10k: { file: 'mnist10k.f32', n: 10_000, dim: 784, metric: 'euclidean' },
  glove10k: { file: 'glove10k.f32', n: 10_000, dim: 100, metric: 'cosine' },
};
const data = DATA[which];
if (!data) throw new Error(`unknown data set ${which}`);
const { n, dim, metric } = data;
const buf = readFileSync(join(WORK_DIR, data.file));
const X = new Float32Array(buf.buffer, buf.byteOffset, n * dim).slice();
const ITERATIONS = 750;

const rows: string[][] = [];
let mark = cpuMark();
function start(): void {
  mark = cpuMark();
}
function phase(label: string): void {
  const { wallMs, mainMs, helperMs } = sinceMark(mark);
  const loadavg = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
  rows.push([label, wallMs.toFixed(0), String(mainMs), String(helperMs), loadavg]);
  start();
}

function pipeline(pool: KernelPool, tag: string, keep: number[]): { layout: Float32Array; kept: Float64Array[]; graph: KnnGraphInput } {
  const spec = { method: 'tsne' as const, seed: 42, preReduce: dim > 128 };
  start();
  const table: VectorTable = { id: which, n, dim, metric, vectors: X };
  const prepared: Prepared = runToEnd(createPrepare(table, recipeOf(table, spec), pool), 1 << 20);
  phase(`${tag} reduce`);
  const graph = runToEnd(createNeighborGraph(prepared.data, n, prepared.dim, 90, prepared.metric, 'exact', 0, pool), 64);
  phase(`${tag} graph`);
  const tsne = createTsne(
    { n, graph, init: scaleInit(prepared.pca2 ?? new Float32Array(2 * n)) },
    { perplexity: 30, learningRate: 'auto', iterations: ITERATIONS, earlyExaggerationIterations: 250, earlyExaggeration: 12, exaggeration: 1, seed: 42 },
    { pool },
  );
  tsne.step(1);
  phase(`${tag} P + iteration 1`);
  const kept: Float64Array[] = [];
  while (!tsne.step(1)) if (keep.includes(tsne.iteration())) kept.push(Float64Array.from(tsne.snapshot()));
  phase(`${tag} iterations 2..${ITERATIONS}`);
  return { layout: tsne.result(), kept, graph };
}

/** Median wall ms of each segment of the repulsion's phases generator over `reps` calls. */
function segments(y: Float64Array, pool: KernelPool | undefined, reps: number): { segs: number[]; total: number; grid: string } {
  const rep = createFftRepulsion(n, {}, pool);
  const out = new Float64Array(2 * n);
  rep.compute(y, out); // builds the kernel spectra, as the run had
  const runs: number[][] = [];
  for (let r = 0; r < reps; r++) {
    const gen = rep.phases(y, out);
    const t: number[] = [];
    let last = performance.now();
    for (;;) {
      const done = gen.next().done;
      const now = performance.now();
      t.push(now - last);
      last = now;
      if (done) break;
    }
    runs.push(t);
  }
  rep.dispose();
  const med = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1];
  const segs = runs[0].map((_, s) => med(runs.map((r) => r[s] ?? 0)));
  const g = rep.lastGrid();
  return { segs, total: med(runs.map((r) => r.reduce((a, b) => a + b, 0))), grid: `L=${g.size}${g.split ? ' split' : ''}` };
}

const pool = threads > 1 ? await createNodeKernelPool(threads) : serialPool();
console.log(`${which}: pool of ${pool.threads} thread(s)`);
const keepAt = [100, 300, 500, 749];
const layouts: Float32Array[] = [];
let kept: Float64Array[] = [];
for (let r = 0; r < repeats; r++) {
  layouts.push(pipeline(serialPool(), `[${r}] 1 thread`, []).layout);
  const run = pipeline(pool, `[${r}] ${pool.threads} threads`, keepAt);
  layouts.push(run.layout);
  kept = run.kept;
}
console.log(['phase', 'wall ms', 'main CPU ms', 'helpers CPU ms', 'load'].join('\t'));
for (const row of rows) console.log(row.join('\t'));

const scores = scoreLayouts({ vectors: X, n, dim, metric, codes: null }, layouts.slice(0, 2));
console.log(`recall@10: 1 thread ${scores[0]?.recall10.toFixed(4)}, ${pool.threads} threads ${scores[1]?.recall10.toFixed(4)}`);

console.log('\nrepulsion per iteration, median of 15 (ms per generator segment | total)');
for (let s = 0; s < kept.length; s++) {
  for (const [label, p] of [['1 thread', undefined], [`${pool.threads} threads`, pool]] as const) {
    const r = segments(kept[s], p, 15);
    console.log(`iteration ${keepAt[s]} ${r.grid} ${label}: ${r.segs.map((v) => v.toFixed(2)).join(' ')} | ${r.total.toFixed(2)}`);
  }
}
pool.close();
