/**
 * `npm run bench -- scale`: Sprout at a third of a million and a million rows.
 *
 * Cases: GloVe 341k (public/data/glove-341k.sprout, every wink word, 100-d cosine) and a
 * seeded 1M × 64 clustered set (scripts/scaleData.ts, written to a temp .npy, never
 * committed). `--quick` cuts both to their first rows (20k / 50k) for the Node half and
 * skips the browser's UMAP run.
 *
 * Node half, each measured step in its own child process (bench/cases/ours.ts) under
 * /usr/bin/time, one thread: PCA (10 components), UMAP (the projection worker's path:
 * NN-descent graph, our SGD) with umap-learn beside it on the same rows when it is
 * installed, and t-SNE (NN-descent graph, FFT repulsion; no peer at this size), all
 * scored by one sampled kNN recall@10. Load is measured in this process: decoding the
 * .sprout / parsing the .npy as the data worker does.
 *
 * Browser half (bench/scale/browser.ts): the production build in headless Chromium, load
 * + first draw, redraw, hover answer, longest main-thread task, the tab's peak memory.
 *
 * Every row carries wall ms, CPU ms and peak RSS where measured, and the 1-minute load
 * average at its start: timings on a shared 2-core machine are only as good as that.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { decodeSproutBin } from '../../src/compute/formats/sproutBin';
import { npyParser } from '../../src/compute/formats/npy';
import { parseBytes } from '../../src/compute/formats/stream';
import type { Metric } from '../../src/compute/dataset';
import { clusteredVectors, npyFile } from '../../scripts/scaleData';
import type { BenchRow, BenchSection } from '../types';
import { measureInBrowser, type BrowserCase } from './browser';
import { peerMissing, runChild, type Impl } from './child';
import { recallTruth, sampledRecall, type RecallTruth } from './recall';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SECTION = 'scale';
const RECALL_QUERIES = 500;
const CHILD_TIMEOUT_MS = 3 * 60 * 60_000;

interface NodeCase {
  readonly label: string;
  /** The whole file that was loaded (quick runs load it whole, then keep the first rows). */
  readonly file: string;
  readonly n: number;
  readonly dim: number;
  readonly metric: Metric;
  readonly vectors: Float32Array;
  readonly loadMs: number;
  readonly loadCpuMs: number;
}

/** Wall and CPU time of `f` in this process. */
function timed<T>(f: () => T): { value: T; ms: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { value, ms, cpuMs: (c.user + c.system) / 1000 };
}

const load1 = (): number => loadavg()[0];

function gloveCase(quick: boolean): NodeCase {
  const bytes = new Uint8Array(readFileSync(join(repoRoot, 'public', 'data', 'glove-341k.sprout')));
  const { value: ds, ms, cpuMs } = timed(() => decodeSproutBin(bytes, 'glove-341k'));
  const n = quick ? Math.min(ds.n, 20_000) : ds.n;
  return { label: `GloVe ${quick ? '20k of 341k' : '341k'}×${ds.dim}`, file: `GloVe 341k .sprout (${ds.n} rows)`, n, dim: ds.dim, metric: ds.metric, vectors: ds.vectors.subarray(0, n * ds.dim), loadMs: ms, loadCpuMs: cpuMs };
}

function syntheticCase(npyPath: string, quick: boolean): NodeCase {
  const bytes = new Uint8Array(readFileSync(npyPath));
  const { value: table, ms, cpuMs } = timed(() => parseBytes(bytes, npyParser(), 1 << 22));
  const { n: all, dim } = table;
  if (!table.vectors) throw new Error('the synthetic .npy parsed without vectors');
  const n = quick ? Math.min(all, 50_000) : all;
  return { label: `synthetic ${quick ? '50k of 1M' : '1M'}×${dim}`, file: `synthetic .npy (${all} rows)`, n, dim, metric: 'euclidean', vectors: table.vectors.subarray(0, n * dim), loadMs: ms, loadCpuMs: cpuMs };
}

function nodeRows(c: NodeCase, dir: string, log: (l: string) => void, skip: readonly string[]): BenchRow[] {
  const rows: BenchRow[] = [{ section: SECTION, case: `${c.file} load (Node)`, impl: 'sprout', ms: c.loadMs, metrics: { cpuMs: c.loadCpuMs, load1: load1() } }];
  log(`${c.file}: load ${(c.loadMs / 1000).toFixed(1)} s wall, ${(c.loadCpuMs / 1000).toFixed(1)} s CPU`);
  const input = join(dir, `${c.label.replace(/\W+/g, '_')}.f32`);
  writeFileSync(input, Buffer.from(c.vectors.buffer, c.vectors.byteOffset, c.vectors.byteLength));
  const data = { path: input, n: c.n, dim: c.dim, metric: c.metric };

  const pcaLoad = load1();
  const pcaRun = runChild('sprout', 'pca', data, join(dir, 'pca.f32'), CHILD_TIMEOUT_MS);
  log('error' in pcaRun ? `${c.label} PCA failed: ${pcaRun.error}` : `${c.label} PCA: ${(pcaRun.ms / 1000).toFixed(1)} s wall, ${(pcaRun.cpuMs / 1000).toFixed(1)} s CPU`);
  rows.push(
    'error' in pcaRun
      ? { section: SECTION, case: `${c.label} PCA`, impl: 'sprout', ms: null, note: `failed: ${pcaRun.error}` }
      : { section: SECTION, case: `${c.label} PCA`, impl: 'sprout', ms: pcaRun.ms, peakMB: pcaRun.peakRssMB, metrics: { cpuMs: pcaRun.cpuMs, load1: pcaLoad } },
  );

  log(`${c.label}: recall truth on ${RECALL_QUERIES} sampled queries…`);
  const truth = recallTruth(c.vectors, c.n, c.dim, c.metric, RECALL_QUERIES, 7);
  for (const impl of skip.includes('umap') ? [] : (['sprout', 'umap-learn'] as Impl[])) {
    const missing = peerMissing(impl);
    if (missing) {
      log(missing);
      rows.push({ section: SECTION, case: `${c.label} UMAP`, impl, ms: null, note: missing });
      continue;
    }
    const before = load1();
    const r = runChild(impl, 'umap', data, join(dir, `umap-${impl}.f32`), CHILD_TIMEOUT_MS);
    if ('error' in r) {
      log(`${c.label} UMAP ${impl} failed: ${r.error}`);
      rows.push({ section: SECTION, case: `${c.label} UMAP`, impl, ms: null, note: `failed: ${r.error}` });
      continue;
    }
    const recall = sampledRecall(r.layout, c.n, truth);
    log(`${c.label} UMAP ${impl}: ${(r.ms / 1000).toFixed(1)} s wall, ${(r.cpuMs / 1000).toFixed(1)} s CPU, ${r.peakRssMB.toFixed(0)} MB peak, recall@10 ${recall.toFixed(3)}, load ${before.toFixed(1)}`);
    rows.push({ section: SECTION, case: `${c.label} UMAP`, impl, ms: r.ms, peakMB: r.peakRssMB, metrics: { cpuMs: r.cpuMs, recall10: recall, load1: before } });
  }
  if (!skip.includes('tsne')) rows.push(tsneRow(c, data, dir, truth, log));
  return rows;
}

/**
 * Our t-SNE at full size (the workspace's path: NN-descent graph for 3·perplexity
 * neighbours, FFT-interpolated repulsion). No peer beside it: scikit-learn's Barnes-Hut
 * t-SNE on one thread would take hours at this size; the t-SNE section compares the two
 * at 10k. Its recall is scored against the same sampled truth as the UMAP rows.
 */
function tsneRow(c: NodeCase, data: { path: string; n: number; dim: number; metric: string }, dir: string, truth: RecallTruth, log: (l: string) => void): BenchRow {
  const before = load1();
  const r = runChild('sprout', 'tsne', data, join(dir, 'tsne-sprout.f32'), CHILD_TIMEOUT_MS);
  if ('error' in r) {
    log(`${c.label} t-SNE failed: ${r.error}`);
    return { section: SECTION, case: `${c.label} t-SNE`, impl: 'sprout', ms: null, note: `failed: ${r.error}` };
  }
  const recall = sampledRecall(r.layout, c.n, truth);
  log(`${c.label} t-SNE sprout: ${(r.ms / 1000).toFixed(1)} s wall, ${(r.cpuMs / 1000).toFixed(1)} s CPU, ${r.peakRssMB.toFixed(0)} MB peak, recall@10 ${recall.toFixed(3)}, load ${before.toFixed(1)}`);
  return { section: SECTION, case: `${c.label} t-SNE`, impl: 'sprout', ms: r.ms, peakMB: r.peakRssMB, metrics: { cpuMs: r.cpuMs, recall10: recall, load1: before } };
}

async function browserRows(npyPath: string, quick: boolean, log: (l: string) => void): Promise<BenchRow[]> {
  const cases: BrowserCase[] = [
    { label: 'GloVe 341k×100', open: { query: '?dataset=glove-341k' }, ready: /341,479 points · 100 dimensions · PCA/, runUmap: !quick },
    { label: 'synthetic 1M×64', open: { file: npyPath }, ready: /1,000,000 points · 64 dimensions · PCA/, runUmap: false },
  ];
  const before = load1();
  const results = await measureInBrowser(cases, log);
  return results.flatMap((r) => {
    const rows: BenchRow[] = [
      { section: SECTION, case: `${r.label} load + first draw (Chromium)`, impl: 'sprout', ms: r.loadMs, peakMB: r.peakMB, metrics: { longestTaskMs: r.longestTaskMs, load1: before } },
      { section: SECTION, case: `${r.label} redraw (zoom step)`, impl: 'sprout', ms: r.redrawMs },
      { section: SECTION, case: `${r.label} hover answer`, impl: 'sprout', ms: r.hoverMs, note: Number.isNaN(r.hoverMs) ? 'no point answered under the pointer' : undefined },
    ];
    if (r.umap) rows.push({ section: SECTION, case: `${r.label} UMAP in the tab`, impl: 'sprout', ms: r.umap.wallMs, peakMB: r.umap.peakMB, metrics: { longestTaskMs: r.umap.longestTaskMs }, note: r.umap.text });
    return rows;
  });
}

export const scaleSection: BenchSection = {
  name: 'scale',
  // `--skip=synthetic,browser` (or `glove`, `umap`, `tsne`) leaves those parts out: the
  // full section is hours of CPU, so it can be measured part by part.
  async run({ quick, log, skip = [] }) {
    const dir = mkdtempSync(join(tmpdir(), 'sprout-scale-'));
    try {
      const synthetic = clusteredVectors(1_000_000, 64, 40, 11);
      const npyPath = join(dir, 'synthetic-1m-64.npy');
      writeFileSync(npyPath, npyFile(synthetic.vectors, synthetic.n, synthetic.dim));
      const rows: BenchRow[] = [];
      if (!skip.includes('glove')) rows.push(...nodeRows(gloveCase(quick), dir, log, skip));
      if (!skip.includes('synthetic')) rows.push(...nodeRows(syntheticCase(npyPath, quick), dir, log, skip));
      if (!skip.includes('browser')) rows.push(...(await browserRows(npyPath, quick, log)));
      return rows;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
