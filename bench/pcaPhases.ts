/**
 * PCA phase by phase, as the bench's `pca` case runs it (one thread, 10 components):
 *   node --import tsx bench/pcaPhases.ts glove50k|glove10k|mnist10k [passes]
 * In one process: the bench's warm-up (the first 600 rows), then `passes` passes of
 * each phase — statistics + centring set-up, covariance, Lanczos, scores — and of the
 * whole createPca. Prints CPU ms of the first pass and the median of the others, with
 * /proc/loadavg (the first pass is what the bench's single timed run sees).
 */
import { readFileSync } from 'node:fs';
import { fixSigns } from '../src/compute/eigen';
import { lanczosTop } from '../src/compute/lanczos';
import { createPca } from '../src/compute/project/pca';
import { centreData, covariance, projectRows, traceOf } from '../src/compute/project/pcaProducts';
import { createRng } from '../src/compute/random';
import { runToEnd } from '../src/compute/task';
import { benchData, type DataName } from './datasets';

const name = (process.argv[2] ?? 'glove50k') as DataName;
const passes = Number(process.argv[3] ?? 7);
const { vectors: X, n, dim } = benchData(name);
const K = 10;

function drain<T>(g: Generator<number, T, void>): T {
  for (;;) {
    const r = g.next();
    if (r.done) return r.value;
  }
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function timed<T>(f: () => T): [T, number] {
  const c0 = cpuMs();
  const r = f();
  return [r, cpuMs() - c0];
}

runToEnd(createPca(X.subarray(0, 600 * dim), 600, dim, K, {}), 1 << 20);
// centre: the statistics pass, which on the covariance path also sums the covariance (the covariance phase is then its recentring).
const phases = ['centre', 'covariance', 'lanczos', 'scores', 'createPca'] as const;
const rows: number[][] = [];
for (let p = 0; p < passes; p++) {
  const [c, t0] = timed(() => drain(centreData(X, n, dim, 'auto', null, true)));
  const [{ C, apply }, t1] = timed(() => drain(covariance(c)));
  const [top, t2] = timed(() => drain(lanczosTop(apply, c.D, K, { rng: createRng(1) })));
  fixSigns(top.vectors, K, c.D);
  const [, t3] = timed(() => drain(projectRows(c, top.vectors, K, K, traceOf(C, c.D))));
  const [, t4] = timed(() => runToEnd(createPca(X, n, dim, K, {}), 1 << 20));
  rows.push([t0, t1, t2, t3, t4]);
}
const median = (i: number): number => {
  const v = rows.slice(1).map((r) => r[i]).sort((a, b) => a - b);
  return v.length ? v[v.length >> 1] : Number.NaN;
};
console.log(`${name} ${n}×${dim}, CPU ms, load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
phases.forEach((ph, i) => console.log(`${ph.padEnd(11)} first ${rows[0][i].toFixed(1).padStart(7)}   median of ${passes - 1} more ${median(i).toFixed(1).padStart(7)}`));
