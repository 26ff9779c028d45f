/**
 * UMAP bench: Sprout's pipeline (PCA pre-reduction when dim > 128 → exact kNN or
 * NN-descent → UMAP) beside umap-js and druid.js on the built-in data.
 *
 * Equal settings for all: nNeighbors 15, minDist 0.1, spread 1, 500 epochs up to 10k
 * points and 200 above (umap-learn's schedule; umap-js's own default would be 200 at
 * 10k), seeded (umap-js through its `random` option with our createRng; druid.js
 * through `seed`). One setting differs on purpose: Sprout's default negativeSampleRate
 * is 6, the peers run their default 5 (see DEFAULT_UMAP_PARAMS in
 * src/compute/project/umap.ts: at 5 ours and umap-js give the same recall on the same
 * graph; 6 buys recall for a little SGD time). Times include each library's own
 * neighbour search. Peers get their input as the number[][] they want,
 * converted outside the timed region. Each run is timed once (wall ms; `cpuMs` = process
 * CPU time, steadier on a shared machine). "peak MB" is the peak rise of live JS memory
 * (heap in use + ArrayBuffers, garbage not yet collected included), sampled every
 * 20 ms from inside each library's own loop: between our steps, between umap-js epochs
 * (fit() done by hand as initializeFit + step() per epoch), between druid.js
 * generator steps. RSS is not used: after earlier runs V8 keeps freed pages, so a later
 * run's RSS need not rise at all.
 *
 * Quality, measured identically for every layout (seeded samples, so the same query
 * points for all): kNN recall@10 against exact neighbours in the original space
 * (brute force, 2000 sampled queries: ±0.005 sampling noise), trustworthiness@10 (300 queries),
 * and for MNIST 10-NN accuracy of the digit labels (all points).
 * NN-descent's own graph recall@14 (the graph UMAP uses: 15 neighbours counting the
 * point itself) against exact neighbours in the same space (1000 sampled queries) is
 * reported as a separate row.
 *
 * druid.js takes ~4 s per 2k points here, so it runs on the first 2 000 rows only, with
 * Sprout rerun on the same subset for the comparison. `--quick` runs 2k subsets only.
 */
import * as druid from '@saehrimnir/druidjs';
import { UMAP } from 'umap-js';
import type { FullDataset, Metric } from '../src/compute/dataset';
import { distanceRows, smallestK } from '../src/compute/metrics/highDim';
import { knnAccuracy } from '../src/compute/metrics/knnAccuracy';
import { knnRecall } from '../src/compute/metrics/knnRecall';
import { samplePoints } from '../src/compute/metrics/sampling';
import { trustworthiness } from '../src/compute/metrics/trustworthiness';
import type { KnnGraph } from '../src/compute/neighbors/knn';
import { createNNDescent } from '../src/compute/neighbors/nndescent';
import { autoEpochs } from '../src/compute/project/umap';
import { createUmapPipeline, planUmap } from '../src/compute/project/umapPipeline';
import { createRng } from '../src/compute/random';
import { collectGarbage } from './measure';
import { loadBuiltin } from './data';
import type { BenchRow, BenchSection } from './types';

const SECTION = 'UMAP';
const SEED = 1;
const DRUID_N = 2000;
/** Graph width the pipeline asks for: nNeighbors 15 counts the point itself. */
const KNN_K = 14;

interface Case {
  label: string;
  file: string;
  id: string;
  /** Label column for 10-NN accuracy. */
  labels?: string;
  /** Only in full runs (umap-js needs minutes and GBs here). */
  fullOnly?: boolean;
}

const CASES: Case[] = [
  { label: 'GloVe 10k×100 cosine', file: 'glove-10k.sprout', id: 'builtin:glove-10k' },
  { label: 'MNIST 10k×784', file: 'mnist-10k.sprout', id: 'builtin:mnist-10k', labels: 'digit' },
  { label: 'GloVe 50k×100 cosine', file: 'glove-50k.sprout', id: 'builtin:glove-50k', fullOnly: true },
];

const load = (c: Case): FullDataset => loadBuiltin(c.file, c.id);

/** The first m rows of a dataset (labels and columns are only read for `labels`). */
function head(ds: FullDataset, m: number): FullDataset {
  if (m >= ds.n) return ds;
  const columns = ds.columns.map((col) =>
    col.type === 'category' ? { ...col, codes: col.codes.subarray(0, m) } : col.type === 'number' ? { ...col, values: col.values.subarray(0, m) } : { ...col, values: col.values.slice(0, m) },
  );
  return { ...ds, n: m, vectors: ds.vectors.subarray(0, m * ds.dim), labels: ds.labels.slice(0, m), columns };
}

function codesOf(ds: FullDataset, name: string | undefined): Uint32Array | null {
  const col = name ? ds.columns.find((c) => c.name === name) : undefined;
  return col && col.type === 'category' ? col.codes : null;
}

function toRows(ds: FullDataset): number[][] {
  const rows: number[][] = new Array(ds.n);
  for (let i = 0; i < ds.n; i++) rows[i] = Array.from(ds.vectors.subarray(i * ds.dim, (i + 1) * ds.dim));
  return rows;
}

function toLayout(points: ArrayLike<ArrayLike<number>>): Float32Array {
  const out = new Float32Array(points.length * 2);
  for (let i = 0; i < points.length; i++) {
    out[2 * i] = points[i][0];
    out[2 * i + 1] = points[i][1];
  }
  return out;
}

function cosineDistance(a: number[], b: number[]): number {
  let dot = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? 1 - dot / Math.sqrt(na * nb) : 1;
}

function quality(ds: FullDataset, run: Run, labels: Uint32Array | null): Record<string, number> {
  const { layout } = run;
  const space = { vectors: ds.vectors, dim: ds.dim, metric: ds.metric };
  const out: Record<string, number> = {
    cpuMs: run.cpuMs,
    recall10: knnRecall(layout, ds.n, space, { k: 10, sample: 2000, seed: 7 }),
    trust10: trustworthiness(layout, ds.n, space, { k: 10, sample: 300, seed: 7 }),
  };
  if (labels) out.acc10 = knnAccuracy(layout, labels, 10);
  return out;
}

/** Graph recall@k against brute force in the same space, over `sample` seeded query rows. */
function graphRecall(vectors: Float32Array, n: number, dim: number, metric: Metric, graph: { k: number; indices: Int32Array }, sample: number): number {
  const rows = distanceRows({ vectors, dim, metric }, n);
  const d = new Float64Array(n);
  const truth = new Int32Array(graph.k);
  let hit = 0;
  const queries = samplePoints(n, sample, 11);
  for (const i of queries) {
    rows.row(i, d);
    const m = smallestK(d, graph.k, truth);
    const mine = new Set(graph.indices.subarray(i * graph.k, (i + 1) * graph.k));
    for (let t = 0; t < m; t++) if (mine.has(truth[t])) hit++;
  }
  return hit / (queries.length * graph.k);
}

interface Run {
  ms: number;
  /** Peak rise of live JS memory (heap used + array buffers) over the run, in MB. */
  peakMB: number;
  /** Process CPU time (user + system, all threads) during the run: steadier than wall time on a shared machine. */
  cpuMs: number;
  layout: Float32Array;
}

/**
 * Samples live memory (V8 heap in use + ArrayBuffers, where typed arrays live) at most
 * every 20 ms when poked from inside a run's loop. RSS would not do: after earlier
 * runs V8 keeps freed pages, so a later run's RSS need not rise at all.
 */
class LiveMemory {
  private readonly base: number;
  private peak: number;
  private last = 0;
  constructor() {
    collectGarbage();
    this.base = LiveMemory.now();
    this.peak = this.base;
  }
  static now(): number {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  }
  poke(force = false): void {
    const t = performance.now();
    if (!force && t - this.last < 20) return;
    this.last = t;
    this.peak = Math.max(this.peak, LiveMemory.now());
  }
  peakMB(): number {
    this.poke(true);
    return (this.peak - this.base) / 2 ** 20;
  }
}

/** Times one run (wall and CPU); `fn` pokes the memory sampler from inside its loop. */
function timed(fn: (mem: LiveMemory) => Float32Array): Run {
  const mem = new LiveMemory();
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const layout = fn(mem);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { ms, peakMB: mem.peakMB(), cpuMs: (c.user + c.system) / 1000, layout };
}

function runSprout(ds: FullDataset): Run {
  return timed((mem) => {
    const task = createUmapPipeline(ds.vectors, ds.n, ds.dim, { metric: ds.metric, umap: { seed: SEED } });
    // Budget units are ≈ 1 ms of work: step in ~50 ms slices, as a worker would.
    while (!task.step(50)) mem.poke();
    return task.result();
  });
}

function runUmapJs(ds: FullDataset): Run {
  const rows = toRows(ds);
  const rng = createRng(SEED);
  return timed((mem) => {
    const u = new UMAP({
      nNeighbors: 15,
      minDist: 0.1,
      spread: 1,
      nEpochs: autoEpochs(ds.n),
      random: () => rng.next(),
      ...(ds.metric === 'cosine' ? { distanceFn: cosineDistance } : {}),
    });
    // fit() is initializeFit + one step() per epoch; done by hand so memory can be sampled.
    const epochs = u.initializeFit(rows);
    mem.poke(true);
    for (let e = 0; e < epochs; e++) {
      u.step();
      mem.poke();
    }
    return toLayout(u.getEmbedding());
  });
}

function runDruid(ds: FullDataset): Run {
  const rows = toRows(ds);
  const epochs = autoEpochs(ds.n);
  return timed((mem) => {
    const params = { n_neighbors: 15, min_dist: 0.1, d: 2, seed: SEED, _spread: 1, _n_epochs: epochs, metric: ds.metric === 'cosine' ? druid.cosine : druid.euclidean };
    const steps = new druid.UMAP(rows, params).generator(epochs);
    let r = steps.next();
    while (!r.done) {
      mem.poke();
      r = steps.next();
    }
    return toLayout(r.value as unknown as number[][]);
  });
}

export const umapSection: BenchSection = {
  name: SECTION,
  async run({ quick, log }) {
    const rows: BenchRow[] = [];
    for (const c of CASES) {
      if (quick && c.fullOnly) continue;
      let full: FullDataset;
      try {
        full = load(c);
      } catch (e) {
        rows.push({ section: SECTION, case: c.label, impl: 'sprout', ms: null, note: (e as Error).message });
        continue;
      }
      const sizes = quick ? [Math.min(DRUID_N, full.n)] : c.fullOnly ? [full.n] : [full.n, Math.min(DRUID_N, full.n)];
      for (const size of sizes) {
        const ds = head(full, size);
        const label = size === full.n ? c.label : `${c.label.replace(/\d+k×/, `${size / 1000}k×`)} (first ${size})`;
        const labels = codesOf(ds, c.labels);
        const plan = planUmap(ds.n, ds.dim, { metric: ds.metric });
        const how = `${plan.preReduceTo ? `PCA→${plan.preReduceTo}, ` : ''}${plan.neighbors} kNN, ${autoEpochs(ds.n)} epochs`;

        collectGarbage();
        const ours = runSprout(ds);
        log(`${label}: sprout ${ours.ms.toFixed(0)} ms, cpu ${ours.cpuMs.toFixed(0)} ms (${how})`);
        rows.push({ section: SECTION, case: label, impl: 'sprout', ms: ours.ms, peakMB: ours.peakMB, metrics: quality(ds, ours, labels), note: how });

        // NN-descent on its own: time and graph recall@14 in the space it searched.
        if (plan.neighbors === 'nndescent' && !plan.preReduceTo) {
          const built: { graph?: KnnGraph } = {};
          const g = timed((mem) => {
            const task = createNNDescent(ds.vectors, ds.n, ds.dim, { k: KNN_K, metric: ds.metric, seed: SEED });
            while (!task.step(5000)) mem.poke();
            built.graph = task.result();
            return new Float32Array(0); // no layout: this row times the graph alone
          });
          const cpuMs = g.cpuMs;
          const recall = graphRecall(ds.vectors, ds.n, ds.dim, ds.metric, built.graph as KnnGraph, 1000);
          log(`${label}: NN-descent ${g.ms.toFixed(0)} ms, cpu ${cpuMs.toFixed(0)} ms, graph recall@${KNN_K} ${recall.toFixed(3)}`);
          rows.push({ section: SECTION, case: `${label}, kNN graph only`, impl: `sprout NN-descent (k=${KNN_K})`, ms: g.ms, peakMB: g.peakMB, metrics: { cpuMs, graphRecall: recall }, note: 'recall vs brute force, 1000 sampled rows' });
        }

        if (size > DRUID_N || quick || size === full.n) {
          collectGarbage();
          try {
            const theirs = runUmapJs(ds);
            log(`${label}: umap-js ${theirs.ms.toFixed(0)} ms, cpu ${theirs.cpuMs.toFixed(0)} ms`);
            rows.push({ section: SECTION, case: label, impl: 'umap-js', ms: theirs.ms, peakMB: theirs.peakMB, metrics: quality(ds, theirs, labels) });
          } catch (e) {
            rows.push({ section: SECTION, case: label, impl: 'umap-js', ms: null, note: `failed: ${(e as Error).message}` });
          }
        }
        if (size <= DRUID_N) {
          collectGarbage();
          try {
            const theirs = runDruid(ds);
            log(`${label}: druid.js ${theirs.ms.toFixed(0)} ms, cpu ${theirs.cpuMs.toFixed(0)} ms`);
            rows.push({ section: SECTION, case: label, impl: 'druid.js', ms: theirs.ms, peakMB: theirs.peakMB, metrics: quality(ds, theirs, labels) });
          } catch (e) {
            rows.push({ section: SECTION, case: label, impl: 'druid.js', ms: null, note: `failed: ${(e as Error).message}` });
          }
        }
      }
    }
    return rows;
  },
};
