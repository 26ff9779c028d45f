/**
 * The end-to-end sections (PCA, UMAP, t-SNE, exact kNN): for each data set, every
 * implementation runs in its own child process (bench/child.ts) from the vectors to its
 * result — ours through the app's own path (bench/cases/ours.ts), the peers with their
 * own defaults (bench/peers/) — and every layout is then scored by one function
 * (bench/quality.ts). A row carries the run's wall and CPU time, the whole process's
 * wall, CPU and peak RSS, the load average around it and the quality figures.
 */
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild, runChildrenAtOnce, TSX, type ChildResult } from './child';
import { benchData, readF32, WORK_DIR, type BenchData, type DataName } from './datasets';
import { numpyPython, scientificPython, SYSTEM_PYTHON } from './python';
import { scoreLayouts } from './quality';
import { medianRound, SKIPPED_NOTE } from './table';
import type { BenchRow, BenchSection } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const peer = (file: string): string => join(here, 'peers', file);

type Task = 'pca' | 'umap' | 'tsne' | 'knn';

/** One implementation of a task: how to start its child process. */
interface Impl {
  readonly impl: string;
  readonly threads: number;
  /** Why it cannot run here, or null. */
  readonly unavailable?: () => string | null;
  readonly command: (d: BenchData, out: string) => { cmd: string; args: string[]; env?: Record<string, string> };
  readonly note?: string;
  /** Copies of a one-thread run started at once (see BenchRow.copies). */
  readonly copies?: number;
}

const ours = (task: Task, threads = 1): Impl => ({
  impl: threads === 1 ? 'sprout' : `sprout, ${threads} threads`,
  threads,
  command: (d, out) => ({ cmd: TSX, args: [join(here, 'cases', 'ours.ts'), task, d.path, String(d.n), String(d.dim), d.metric, out, `--threads=${threads}`] }),
});

/** Two of our one-thread runs at once, independent processes: what two busy cores give this machine. */
const oursTwoCopies = (task: Task): Impl => ({ ...ours(task), impl: 'sprout, 2 one-thread copies at once', copies: 2 });

const jsPeer = (impl: string, task: Task, note?: string): Impl => ({
  impl,
  threads: 1,
  note,
  command: (d, out) => ({ cmd: TSX, args: [peer('js.ts'), impl, task, d.path, String(d.n), String(d.dim), d.metric, out] }),
});

const pyPeer = (impl: string, script: string, extra: string[], log: (l: string) => void, opts: { python?: () => string | null; threads?: number; note?: string } = {}): Impl => {
  const python = opts.python ?? (() => (scientificPython(log).ok ? SYSTEM_PYTHON : null));
  const threads = opts.threads ?? 1;
  const env: Record<string, string> = threads > 1 ? { NUMBA_NUM_THREADS: String(threads), OMP_NUM_THREADS: String(threads), OPENBLAS_NUM_THREADS: String(threads) } : {};
  return {
    impl,
    threads,
    note: opts.note,
    unavailable: () => (python() ? null : scientificPython(log).note || 'no python3 with numpy'),
    command: (d, out) => ({ cmd: python() as string, args: [peer(script), d.path, String(d.n), String(d.dim), d.metric, out, ...extra], env }),
  };
};

interface Case {
  readonly data: BenchData;
  readonly impls: readonly Impl[];
}

/** Runs im.copies copies of an implementation at once: one row, the slower copy's time, the CPU of all. */
async function runCopies(section: string, data: BenchData, im: Impl, log: (l: string) => void): Promise<BenchRow> {
  const copies = im.copies ?? 1;
  const runs = await runChildrenAtOnce(
    Array.from({ length: copies }, (_, i) => im.command(data, join(WORK_DIR, `${section}-${data.key}-copy${i}.f32`))),
  );
  const failed = runs.find((r): r is { error: string } => 'error' in r);
  if (failed) {
    log(`  failed: ${failed.error}`);
    return { section, case: data.label, impl: im.impl, threads: 1, copies, ms: null, note: `failed: ${failed.error}` };
  }
  const ok = runs as ChildResult[];
  const ms = Math.max(...ok.map((r) => r.report.ms));
  const cpuMs = ok.reduce((sum, r) => sum + r.report.cpuMs, 0);
  const load: [number, number] = [Math.min(...ok.map((r) => r.load[0])), Math.max(...ok.map((r) => r.load[1]))];
  log(`  ${ok.map((r) => r.report.ms.toFixed(0)).join(' / ')} ms at once (CPU ${cpuMs.toFixed(0)} ms in all), load ${load[0].toFixed(1)}→${load[1].toFixed(1)}`);
  const note = `${copies} independent one-thread runs started together: ${ok.map((r) => `${(r.report.ms / 1000).toFixed(2)} s`).join(', ')}`;
  return { section, case: data.label, impl: im.impl, threads: 1, copies, ms, cpuMs, process: ok[0].process, load, note };
}

/** One run of one implementation in its own child process: its row, and whether it wrote its output. */
function runOnce(section: string, data: BenchData, im: Impl, out: string, log: (l: string) => void): { row: BenchRow; ok: boolean } {
  if (existsSync(out)) rmSync(out);
  const { cmd, args, env } = im.command(data, out);
  log(`${data.label}: ${im.impl}…`);
  const r = runChild(cmd, args, { env });
  if ('error' in r) {
    log(`  failed: ${r.error}`);
    return { row: { section, case: data.label, impl: im.impl, threads: im.threads, ms: null, note: `failed: ${r.error}` }, ok: false };
  }
  const threads = typeof r.report.threads === 'number' ? r.report.threads : im.threads;
  log(`  ${r.report.ms.toFixed(0)} ms (CPU ${r.report.cpuMs.toFixed(0)} ms), process ${(r.process.wallMs / 1000).toFixed(1)} s, ${r.process.peakRssMB.toFixed(0)} MB, load ${r.load[0].toFixed(1)}→${r.load[1].toFixed(1)}`);
  return { row: { section, case: data.label, impl: im.impl, threads, ms: r.report.ms, cpuMs: r.report.cpuMs, process: r.process, load: r.load, note: im.note ?? detail(r.report) }, ok: true };
}

/**
 * Rounds of a case's thread-scaling rows in a full run (our one thread, our N threads,
 * the one-thread copies at once), run in turn. This VM's speed drifts by ±30 % within
 * minutes, so one run of each, minutes apart, gave speed-ups that said more about the
 * minute than about the code; in turn and as medians, each ratio compares runs made
 * side by side. Nine rounds: six identical 2-thread UMAP runs of GloVe 50k in a row took
 * 3.2–4.7 s, and in a run with five rounds (2026-12-05) GloVe 50k's round ratios spread
 * over 1.40–1.83×, its 2-thread runs over 3.23–4.11 s, while three 2-thread runs made
 * alone minutes later took 3.05–3.31 s: a median of five still moved with one or two
 * slow minutes. Two threads must both be free at every barrier, so a busy minute costs
 * them more than it costs one thread.
 */
const SCALING_ROUNDS = 9;

/** Runs every implementation of a case, then scores their layouts together. */
async function runCase(section: string, task: Task, c: Case, log: (l: string) => void, skip: readonly string[], quick: boolean): Promise<BenchRow[]> {
  const { data } = c;
  let rows: BenchRow[] = [];
  const layouts: (Float32Array | null)[] = [];
  const runImpl = async (im: Impl, out: string): Promise<{ row: BenchRow; ok: boolean }> => {
    if (!im.copies) return runOnce(section, data, im, out, log);
    log(`${data.label}: ${im.impl}…`);
    return { row: await runCopies(section, data, im, log), ok: false };
  };
  const outOf = (im: Impl): string => join(WORK_DIR, `${section}-${data.key}-${im.impl.replace(/\W+/g, '_')}.f32`);
  for (const im of c.impls) {
    const why = skip.includes(im.impl) ? SKIPPED_NOTE : (im.unavailable?.() ?? null);
    if (why) {
      rows.push({ section, case: data.label, impl: im.impl, threads: im.threads, ms: null, note: why });
      layouts.push(null);
      continue;
    }
    const out = outOf(im);
    const { row, ok } = await runImpl(im, out);
    rows.push(row);
    // Copies: the same layouts as the one-thread row's.
    layouts.push(ok && task !== 'knn' ? readF32(out) : null);
  }
  const scaling = c.impls.map((im, i) => (im.impl.startsWith('sprout') && rows[i].ms !== null ? i : -1)).filter((i) => i >= 0);
  if (!quick && c.impls.some((im) => im.copies) && scaling.length > 1) {
    const rounds = new Map(scaling.map((i) => [i, [rows[i]]]));
    for (let r = 1; r < SCALING_ROUNDS; r++) {
      log(`${data.label}: thread rows, round ${r + 1} of ${SCALING_ROUNDS}`);
      for (const i of scaling) (rounds.get(i) as BenchRow[]).push((await runImpl(c.impls[i], join(WORK_DIR, `${section}-${data.key}-round.f32`))).row);
    }
    rows = rows.map((row, i) => (rounds.has(i) ? medianRound(rounds.get(i) as BenchRow[]) : row));
  }
  if (task === 'knn') return rows;
  log(`${data.label}: scoring ${layouts.filter(Boolean).length} layouts`);
  const scores = scoreLayouts({ vectors: data.vectors, n: data.n, dim: data.dim, metric: data.metric, codes: data.codes }, layouts);
  return rows.map((row, i) => {
    const q = scores[i];
    if (!q) return row;
    const metrics: Record<string, number> = { recall10: q.recall10, trust10: q.trust10, ...(q.acc10 !== undefined ? { acc10: q.acc10 } : {}), qualityPoints: q.points };
    return { ...row, metrics };
  });
}

/** What our child said about its run, in a few words (graph and phases). */
function detail(report: Readonly<Record<string, unknown>>): string | undefined {
  const t = report.timings as { reduceMs: number; graphMs: number; layoutMs: number } | undefined;
  const g = report.graph as { exact: boolean; k: number } | undefined;
  if (!t) return undefined;
  const parts = [t.reduceMs > 1 ? `PCA→50 ${(t.reduceMs / 1000).toFixed(1)} s` : '', g ? `${g.exact ? 'exact' : 'NN-descent'} k=${g.k} ${(t.graphMs / 1000).toFixed(1)} s` : '', `layout ${(t.layoutMs / 1000).toFixed(1)} s`];
  return parts.filter(Boolean).join(', ');
}

function section(name: string, task: Task, cases: (quick: boolean, log: (l: string) => void) => Case[]): BenchSection {
  return {
    name,
    async run({ quick, log, skip = [] }) {
      const rows: BenchRow[] = [];
      for (const c of cases(quick, log)) rows.push(...(await runCase(name, task, c, log, skip, quick)));
      return rows;
    },
  };
}

const data = (name: DataName, rows?: number): BenchData => benchData(name, rows);

export const pcaSection = section('PCA', 'pca', (quick, log) => {
  const numpy = pyPeer('numpy', 'pca_numpy.py', ['10'], log, { python: numpyPython, note: 'float32, centred, eigh of the smaller of XᵀX / XXᵀ, 1 BLAS thread' });
  if (quick) return [{ data: data('glove10k'), impls: [ours('pca'), numpy] }];
  return [
    { data: data('glove10k'), impls: [ours('pca'), numpy, jsPeer('druid.js', 'pca'), jsPeer('ml-pca', 'pca', 'SVD')] },
    { data: data('glove50k'), impls: [ours('pca'), numpy] },
    { data: data('mnist10k'), impls: [ours('pca'), numpy] },
  ];
});

export const umapSection = section('UMAP', 'umap', (quick, log) => {
  const learn = pyPeer('umap-learn', 'umap_learn.py', ['1'], log);
  const umapJs = jsPeer('umap-js', 'umap', '5 negative samples (its default), umap-learn epochs, its own exact kNN');
  if (quick) return [{ data: data('glove10k'), impls: [ours('umap'), learn] }];
  return [
    { data: data('glove10k'), impls: [ours('umap'), learn, umapJs] },
    { data: data('mnist10k'), impls: [ours('umap'), learn, umapJs] },
    { data: data('glove50k'), impls: [ours('umap'), ours('umap', 2), oursTwoCopies('umap'), learn, pyPeer('umap-learn, 2 threads', 'umap_learn.py', ['parallel'], log, { threads: 2 }), umapJs] },
    { data: data('glove10k', 2000), impls: [ours('umap'), learn, umapJs, jsPeer('druid.js', 'umap')] },
  ];
});

export const tsneSection = section('t-SNE', 'tsne', (quick, log) => {
  const sk = pyPeer('scikit-learn Barnes-Hut', 'tsne_sklearn.py', ['750', '1'], log);
  if (quick) return [{ data: data('glove10k', 2000), impls: [ours('tsne'), sk] }];
  return [
    { data: data('glove10k'), impls: [ours('tsne'), sk] },
    { data: data('mnist10k'), impls: [ours('tsne'), ours('tsne', 2), oursTwoCopies('tsne'), sk] },
    { data: data('glove10k', 1000), impls: [ours('tsne'), sk, jsPeer('druid.js', 'tsne', 'exact t-SNE, 750 iterations'), jsPeer('tsne-js', 'tsne', 'exact t-SNE, 750 iterations')] },
  ];
});

export const knnSection = section('kNN', 'knn', (_quick, log) => [
  {
    data: data('mnist10k'),
    impls: [ours('knn'), ours('knn', 2), oursTwoCopies('knn'), pyPeer('scikit-learn brute', 'knn_sklearn.py', ['15'], log, { note: 'BLAS distance blocks, 1 thread' })],
  },
]);
