/**
 * Where the single-thread exact kNN graph's time goes, phase by phase (axes, projection,
 * k-d plan, tile loop, final re-rank), on a raw float32 file:
 *   node --expose-gc --import tsx scripts/knnPhases.ts FILE.f32 N DIM METRIC [k=15] [repeats=3]
 */
import { readFileSync } from 'node:fs';
import type { Metric } from '../src/compute/dataset';
import { rowNorms } from '../src/compute/linalg';
import { createDenseArena } from '../src/compute/simd/dense';
import { finishRow, finishScratch, KNN_SLACK } from '../src/compute/neighbors/knnHeap';
import { B } from '../src/compute/neighbors/knnPrunedBalls';
import { CHUNK, fillPruned, finishPlan, loadAxes, projectChunk, projectionBytes, startPlan } from '../src/compute/neighbors/knnPrunedPlan';
import { prunedState, pruneTiles, threadBlocks, type PrunedStats } from '../src/compute/neighbors/knnPrunedTiles';

const [file, nArg, dimArg, metricArg, kArg = '15', repArg = '3'] = process.argv.slice(2);
const n = Number(nArg);
const dim = Number(dimArg);
const metric = metricArg as Metric;
const k = Number(kArg);
const buf = readFileSync(file);
const X = new Float32Array(buf.buffer, buf.byteOffset, n * dim).slice();

/** This thread's CPU ms (one thread runs everything here). */
const cpuNow = (): number => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };

function run(): Record<string, number> {
  const t: Record<string, number> = {};
  let last = cpuNow();
  const lap = (name: string): void => {
    const now = cpuNow();
    t[name] = now - last;
    last = now;
  };
  const kk = Math.min(k, n - 1);
  const kh = Math.min(kk + KNN_SLACK, n - 1);
  const norms = rowNorms(X, n, dim);
  const start = startPlan(X, n, dim, metric, norms, { axes: Number(process.env.AXES ?? 63) });
  lap('axes');
  const { m, mean } = start.axes;
  const bytes = projectionBytes(dim, m);
  const pa = createDenseArena([...bytes.axes, ...bytes.scratch], 'auto');
  const [pW, pWt, pC, pY, pR] = pa.ptr;
  loadAxes(pa, start.axes, dim, pW, pWt);
  const mz = (m + 1 + 3) & ~3;
  const Z = new Float32Array(n * mz);
  const w = new Float64Array(n);
  for (let r0 = 0; r0 < n; r0 += CHUNK) projectChunk(pa, { pW, pWt, pC, pY, pR }, start.U, dim, m, mean, start.term, start.cosine, r0, Math.min(CHUNK, n - r0), Z, w);
  lap('project');
  const plan = finishPlan(start, Z, w, n, dim);
  lap('plan');
  const arena = createDenseArena([n * plan.ld * 4, n * mz * 4, (n + 4) * 4, ...threadBlocks(n)], 'auto');
  const [pX, pZ, pQ, pTile, pList, pDots, pThrB] = arena.ptr;
  fillPruned(arena, plan, X, pX, pZ, pQ, pThrB);
  lap('fill');
  const stats: PrunedStats = { tiles: 0, skipped: 0, listed: 0 };
  const h = { key: new Float64Array(n * kh), idx: new Int32Array(n * kh), size: new Int32Array(n), thr: new Float32Array(n).fill(Infinity) };
  const s = prunedState({ arena, n, ld: plan.ld, mz, perm: plan.perm, pX, pZ, pQ, pThrB, pTile, pList, pDots, term: plan.term, scale: plan.scale });
  pruneTiles(s, plan.order, plan.balls, 0, plan.order.length / 2, 1, kh, h, stats);
  lap('tiles');
  const indices = new Int32Array(n * kk);
  const distances = new Float32Array(n * kk);
  const pos = new Int32Array(n);
  plan.perm.forEach((row, p) => (pos[row] = p));
  const [pIds, pOut] = arena.extend([kh * 4, kh * 8]);
  const f = finishScratch(arena, pX, plan.ld, pos, pIds, pOut, kh);
  for (const i of plan.perm) finishRow(f, metric, norms, i, h.idx, i * kh, h.size[i], kk, indices, distances);
  lap('finish');
  t.listed = stats.listed;
  t.skipped = stats.skipped;
  t.tilesTotal = stats.tiles;
  return t;
}

run();
const all: Record<string, number>[] = [];
for (let r = 0; r < Number(repArg); r++) {
  (globalThis as { gc?: () => void }).gc?.();
  all.push(run());
}
const med = (xs: number[]): number => xs.sort((a, b) => a - b)[xs.length >> 1];
for (const key of Object.keys(all[0])) console.log(key.padEnd(12), med(all.map((r) => r[key])).toFixed(key.length > 8 || ['listed', 'skipped'].includes(key) ? 0 : 1));
console.log('total ms', med(all.map((r) => ['axes', 'project', 'plan', 'fill', 'tiles', 'finish'].reduce((s, k2) => s + r[k2], 0))).toFixed(0), 'load', readFileSync('/proc/loadavg', 'utf8').trim(), 'B', B);
