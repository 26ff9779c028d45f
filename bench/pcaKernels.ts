/**
 * PCA's dense kernels one by one, on a bench data set's panels (one thread):
 *   node --import tsx bench/pcaKernels.ts glove50k|glove10k|mnist10k [passes]
 * Each kernel runs over all n rows, PANEL_ROWS at a time, as PCA's passes call it (the
 * staging copy from the input, colstats, centerPack, pack8 with centring, syrk8 over the
 * panel's triangle, xw for 10 components); prints CPU ms, median and min of `passes`
 * (after one discarded pass), with /proc/loadavg. The min is the figure to compare A/B
 * on a busy machine: interference only ever adds time.
 */
import { readFileSync } from 'node:fs';
import { copyRowsPadded, createDenseArena, padTo4 } from '../src/compute/simd/dense';
import { PANEL_ROWS, padTo8, panelProducts } from '../src/compute/project/pcaParallel';
import { benchData, type DataName } from './datasets';

const name = (process.argv[2] ?? 'glove50k') as DataName;
const passes = Number(process.argv[3] ?? 15);
const { vectors: X, n, dim } = benchData(name);
const ld = padTo4(dim);
const R = PANEL_ROWS;
const D8 = padTo8(ld);
const k4 = padTo4(10);
const a = createDenseArena([R * ld * 4, ld * 8, ld * 4, ld * 4, ld * 4, R * ld * 4, D8 * R * 4, D8 * D8 * 8, ld * k4 * 4, R * k4 * 4], 'wasm');
const [pX, pSum, pMin, pMax, pMean, pStage, pPanel, pC, pW, pS] = a.ptr;

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
/** Each kernel on the panel of rows [r0, r0 + R); only the copy reads the input (a new block each time, as the passes do). */
const kernels: Record<string, (r0: number) => void> = {
  copy: (r0) => copyRowsPadded(a, pX, X.subarray(r0 * dim, (r0 + R) * dim), R, dim),
  colstats: () => a.colstats(pX, ld, 0, R, pSum, pMin, pMax),
  centerPack: () => a.centerPack(pX, ld, 0, R, 0, dim, pMean, pStage, ld),
  pack8: () => a.pack8(pX, ld, R, R, pPanel, 0, dim, pMean),
  syrk8: () => panelProducts(a, pPanel, pC, D8, R, 0, Infinity),
  xw10: () => a.xw(pStage, ld, R, pW, ld, k4, pS),
};
const times: Record<string, number[]> = {};
for (let p = 0; p <= passes; p++) {
  for (const [k, run] of Object.entries(kernels)) {
    const c0 = cpuMs();
    for (let r0 = 0; r0 + R <= n; r0 += R) run(r0);
    if (p > 0) (times[k] ??= []).push(cpuMs() - c0);
  }
}
console.log(`${name} ${n}×${dim}, CPU ms per pass over the rows, load ${readFileSync('/proc/loadavg', 'utf8').trim()}`);
for (const [k, v] of Object.entries(times)) {
  const s = [...v].sort((x, y) => x - y);
  console.log(`${k.padEnd(11)} median ${s[s.length >> 1].toFixed(2).padStart(7)}   min ${s[0].toFixed(2).padStart(7)}`);
}
