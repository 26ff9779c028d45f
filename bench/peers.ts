/**
 * `npx tsx bench/peers.ts [pca|umap|tsne ...] [--cases=glove10k,mnist10k,...] [--repeat=N]`:
 * Sprout beside its native peers, each run in its own child process under /usr/bin/time,
 * one thread each (OMP/OPENBLAS/NUMBA/MKL threads = 1): numpy PCA (the pyenv python3 with
 * OpenBLAS, else /usr/bin/python3), umap-learn and scikit-learn's Barnes-Hut t-SNE
 * (Debian's /usr/bin/python3: `apt-get install -y python3-numpy umap-learn python3-sklearn`).
 *
 * Reported per run: the algorithm's own wall and CPU ms (data already in memory; umap-
 * learn's numba compile run and sklearn's first call excluded), the whole process's wall,
 * user+sys CPU and peak RSS (from /usr/bin/time), quality scored by ONE function for
 * every layout (kNN recall@10 against the exact 10-NN graph of the input, over all
 * points up to 20k and a fixed 2,000-point sample above), and the 1-minute load average
 * before and after. Not a replacement for `npm run bench` (bench/run.ts), which another
 * change will rebuild around these measurements.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Metric } from '../src/compute/dataset';
import { knnRecall } from '../src/compute/metrics/knnRecall';
import { knnGraph } from '../src/compute/neighbors/knn';
import { loadBuiltin } from './data';

const here = dirname(fileURLToPath(import.meta.url));
const work = join(tmpdir(), 'sprout-peers');
mkdirSync(work, { recursive: true });

interface Case {
  readonly name: string;
  readonly file: string;
  readonly metric: Metric;
}
const CASES: Case[] = [
  { name: 'glove10k', file: 'glove-10k.sprout', metric: 'cosine' },
  { name: 'mnist10k', file: 'mnist-10k.sprout', metric: 'euclidean' },
  { name: 'glove50k', file: 'glove-50k.sprout', metric: 'cosine' },
];
const DEFAULT_CASES: Record<string, string[]> = { pca: ['glove50k', 'mnist10k', 'wide100x10000'], umap: ['glove10k', 'glove50k'], tsne: ['glove10k'] };

const args = process.argv.slice(2);
const tasks = args.filter((a) => !a.startsWith('--'));
const option = (name: string): string | undefined => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1];
const repeat = Number(option('repeat') ?? 1);
const ONE_THREAD = { OMP_NUM_THREADS: '1', OPENBLAS_NUM_THREADS: '1', MKL_NUM_THREADS: '1', NUMBA_NUM_THREADS: '1' };

function pyenvPython(): string {
  try {
    const p = execFileSync('bash', ['-lc', 'command -v python3'], { encoding: 'utf8' }).trim();
    return p && spawnSync(p, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0 ? p : '/usr/bin/python3';
  } catch {
    return '/usr/bin/python3';
  }
}

interface Data {
  readonly path: string;
  readonly vectors: Float32Array;
  readonly n: number;
  readonly dim: number;
  readonly metric: Metric;
}

function dataFor(name: string): Data {
  const path = join(work, `${name}.f32`);
  let vectors: Float32Array;
  let n: number;
  let dim: number;
  let metric: Metric = 'euclidean';
  if (name === 'wide100x10000') {
    n = 100;
    dim = 10_000;
    // seeded, reproducible: a few strong directions plus noise
    let s = 12345;
    const rand = (): number => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32) - 0.5;
    vectors = Float32Array.from({ length: n * dim }, (_, t) => rand() + (t % dim < 20 ? 3 * rand() : 0));
  } else {
    const c = CASES.find((x) => x.name === name);
    if (!c) throw new Error(`unknown case ${name}`);
    const ds = loadBuiltin(c.file, `builtin:${name}`);
    ({ vectors, n, dim } = ds);
    metric = c.metric;
  }
  if (!existsSync(path)) writeFileSync(path, Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength));
  return { path, vectors, n, dim, metric };
}

interface Run {
  readonly impl: string;
  readonly ms: number;
  readonly cpuMs: number;
  readonly processWallS: number;
  readonly processCpuS: number;
  readonly peakRssMB: number;
  readonly extra: Record<string, unknown>;
  readonly out: string;
}

function runChild(impl: string, cmd: string, argv: string[], out: string): Run | { impl: string; error: string } {
  const r = spawnSync('/usr/bin/time', ['-f', 'TIME %e %U %S %M', cmd, ...argv], {
    encoding: 'utf8',
    env: { ...process.env, ...ONE_THREAD },
    maxBuffer: 64 << 20,
  });
  const timeLine = r.stderr.split('\n').find((l) => l.startsWith('TIME '));
  const json = r.stdout.trim().split('\n').pop() ?? '';
  if (r.status !== 0 || !timeLine || !json.startsWith('{')) return { impl, error: (r.stderr || r.stdout).split('\n').slice(-4).join(' | ') };
  const [wall, user, sys, rssKB] = timeLine.slice(5).split(' ').map(Number);
  const extra = JSON.parse(json) as Record<string, unknown> & { ms: number; cpuMs: number };
  return { impl, ms: extra.ms, cpuMs: extra.cpuMs, processWallS: wall, processCpuS: user + sys, peakRssMB: rssKB / 1024, extra, out };
}

const python = pyenvPython();
const tsx = join(here, '..', 'node_modules', '.bin', 'tsx');
const peersOf: Record<string, Array<{ impl: string; cmd: string; script: string; extra: string[] }>> = {
  pca: [{ impl: 'numpy', cmd: python, script: join(here, 'peers', 'pca_numpy.py'), extra: ['10'] }],
  umap: [{ impl: 'umap-learn', cmd: '/usr/bin/python3', script: join(here, 'peers', 'umap_learn.py'), extra: ['1'] }],
  tsne: [{ impl: 'sklearn-bh', cmd: '/usr/bin/python3', script: join(here, 'peers', 'tsne_sklearn.py'), extra: ['750', '1'] }],
};

const fmt = (v: number, d = 0): string => v.toFixed(d);
const rows: string[] = [];
const results: unknown[] = [];
console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), python for numpy: ${python}`);
for (const task of tasks.length ? tasks : ['pca']) {
  for (const name of option('cases')?.split(',') ?? DEFAULT_CASES[task]) {
    const d = dataFor(name);
    const exact = task === 'pca' ? null : knnGraph(d.vectors, d.n, d.dim, 10, d.metric);
    for (let rep = 0; rep < repeat; rep++) {
      const impls = [{ impl: 'sprout', cmd: tsx, script: join(here, 'peers', 'ours.ts'), extra: [] as string[] }, ...peersOf[task]];
      let oursMs = 0;
      for (const p of impls) {
        const out = join(work, `${task}-${name}-${p.impl}.f32`);
        const load0 = loadavg()[0];
        const r = runChild(p.impl, p.cmd, [p.script, ...(p.impl === 'sprout' ? [task] : []), d.path, String(d.n), String(d.dim), d.metric, out, ...p.extra], out);
        const load1 = loadavg()[0];
        if ('error' in r) {
          rows.push(`| ${task} | ${name} | ${p.impl} | failed: ${r.error} |`);
          continue;
        }
        const layout = new Float32Array(readFileSync(out).buffer.slice(0));
        const recall = exact && layout.length === 2 * d.n ? knnRecall(layout, d.n, d.n <= 20_000 ? exact : exact, { k: 10, sample: d.n <= 20_000 ? d.n : 2000, seed: 7 }) : NaN;
        if (p.impl === 'sprout') oursMs = r.ms;
        const ratio = p.impl === 'sprout' ? '' : `${(r.ms / oursMs).toFixed(2)}×`;
        rows.push(
          `| ${task} | ${name} | ${p.impl} | ${fmt(r.ms)} | ${fmt(r.cpuMs)} | ${fmt(r.processWallS, 2)} | ${fmt(r.processCpuS, 2)} | ${fmt(r.peakRssMB)} | ${Number.isNaN(recall) ? '' : recall.toFixed(3)} | ${ratio} | ${load0.toFixed(2)}→${load1.toFixed(2)} |`,
        );
        results.push({ task, case: name, ...r, recall, load: [load0, load1] });
        console.log(rows[rows.length - 1]);
      }
    }
  }
}
console.log('\n| task | data | impl | run ms | run CPU ms | process wall s | process CPU s | peak RSS MB | recall@10 | peer ÷ sprout (run ms) | load 1 min |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
writeFileSync(join(work, 'latest.json'), JSON.stringify({ date: new Date().toISOString(), results }, null, 2));
