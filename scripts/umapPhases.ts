/**
 * UMAP's single-thread phases, CPU and wall each, on the bench's data (run `npm run bench -- umap` once
 * to write the raw files), with recall@10 of the layout by the bench's yardstick:
 *   node --expose-gc --import tsx scripts/umapPhases.ts glove10k|mnist10k|glove50k [repeats=3] [norecall]
 * The neighbour graph is what the app builds (exact up to 20,000 points, NN-descent above;
 * MNIST: PCA to 50 dims of the raw vectors first). Warm-up: the whole chain on 600 rows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cpuUsage } from 'node:process';
import type { Metric } from '../src/compute/dataset';
import type { KnnGraph } from '../src/compute/neighbors/knn';
import { createPca } from '../src/compute/project/pca';
import { spectralLayout } from '../src/compute/project/spectral';
import { createUmap } from '../src/compute/project/umap';
import { fuzzySimplicialSetSteps } from '../src/compute/project/umapGraph';
import { createNeighborGraph } from '../src/compute/project/umapPipeline';
import { runToEnd } from '../src/compute/task';
import { WORK_DIR } from '../bench/datasets';
import { scoreLayouts } from '../bench/quality';

const cases: Record<string, { file: string; n: number; dim: number; metric: Metric }> = {
  glove10k: { file: 'glove10k.f32', n: 10_000, dim: 100, metric: 'cosine' },
  mnist10k: { file: 'mnist10k.f32', n: 10_000, dim: 784, metric: 'euclidean' },
  glove50k: { file: 'glove50k.f32', n: 50_000, dim: 100, metric: 'cosine' },
};
const [which = 'glove10k', repeatsArg = '3', recallArg = 'recall'] = process.argv.slice(2);
const c = cases[which];
const buf = readFileSync(join(WORK_DIR, c.file));
const X = new Float32Array(buf.buffer, buf.byteOffset, c.n * c.dim).slice();

const cpu = (): number => {
  const u = cpuUsage();
  return (u.user + u.system) / 1000;
};
function drain<T>(g: Generator<number, T, void>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

function run(n: number, rows: Record<string, [number, number][]> | null): Float32Array {
  let mark = [performance.now(), cpu()];
  const lap = (label: string): void => {
    const now = [performance.now(), cpu()];
    if (rows) (rows[label] ??= []).push([now[0] - mark[0], now[1] - mark[1]]);
    mark = now;
  };
  let vectors: Float32Array = X.subarray(0, n * c.dim);
  let dim = c.dim;
  let metric = c.metric;
  if (c.dim > 128) {
    const r = runToEnd(createPca(vectors, n, dim, 50, { seed: 0 }), 1 << 20);
    vectors = r.scores;
    dim = r.components;
    metric = 'euclidean';
    lap('PCA');
  }
  const graph: KnnGraph = runToEnd(createNeighborGraph(vectors, n, dim, 15, metric, n <= 20_000 ? 'exact' : 'nndescent', 42), 64);
  lap('graph');
  const fuzzy = drain(fuzzySimplicialSetSteps(graph, n, 15));
  lap('fuzzy set');
  drain(spectralLayout(fuzzy, { seed: 42 }));
  lap('spectral');
  // The layout as the app runs it (fuzzy set and init again, untimed), timed from its first epoch on.
  const u = createUmap({ n, graph }, { seed: 42 });
  while (u.progress() === 0 && !u.step(1)) {
    /* up to the first epoch slice */
  }
  mark = [performance.now(), cpu()];
  const Y = runToEnd(u, 1 << 20);
  lap('SGD');
  return Y;
}

run(600, null);
const rows: Record<string, [number, number][]> = {};
const recalls: number[] = [];
const repeats = Number(repeatsArg);
for (let r = 0; r < repeats; r++) {
  const Y = run(c.n, rows);
  if (r === 0 && recallArg !== 'norecall') recalls.push((scoreLayouts({ vectors: X, n: c.n, dim: c.dim, metric: c.metric, codes: null }, [Y])[0] as { recall10: number }).recall10);
}
const med = (xs: number[]): number => xs.slice().sort((a, b) => a - b)[xs.length >> 1];
console.log(`${which}, ${repeats} repeats, load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
console.log('phase\twall ms (median)\tCPU ms (median)\tall CPU ms');
let tw = 0;
let tc = 0;
for (const [k, v] of Object.entries(rows)) {
  const w = med(v.map((x) => x[0]));
  const cc = med(v.map((x) => x[1]));
  tw += w;
  tc += cc;
  console.log(`${k}\t${w.toFixed(0)}\t${cc.toFixed(0)}\t${v.map((x) => x[1].toFixed(0)).join(' ')}`);
}
console.log(`total (one pipeline: the phases above)\t${tw.toFixed(0)}\t${tc.toFixed(0)}`);
console.log(`recall@10 ${recalls.map((r) => r.toFixed(4)).join(' ')}`);
