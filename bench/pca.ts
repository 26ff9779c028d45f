/**
 * PCA bench: Sprout's `pca` beside ml-pca and druid.js on the built-in data
 * (GloVe 10k×100 and 50k×100, MNIST 10k×784), 10 components each.
 *
 * Peers get their input already converted to the shape they want (number[][] or
 * Float64Array[]), outside the timed region, so the times compare the algorithms.
 * Agreement with ours: PC1's explained-variance ratio as each library reports it
 * (druid.js reports none, so it is computed from its PC1 as var(X·v₁)/total) and
 * the subspace similarity of the 10-component bases (mean squared cosine of the
 * principal angles: 1 = same subspace).
 */
import * as druid from '@saehrimnir/druidjs';
import { PCA as MlPca } from 'ml-pca';
import { subspaceSimilarity } from '../src/compute/eigen';
import { pca, type PcaResult } from '../src/compute/project/pca';
import { collectGarbage, measure } from './measure';
import type { FullDataset } from '../src/compute/dataset';
import { loadBuiltin } from './data';
import type { BenchRow, BenchSection } from './types';

const COMPONENTS = 10;

interface Case {
  label: string;
  file: string;
  id: string;
  /** Peers skipped in quick mode (their runs take long). */
  slowPeers?: boolean;
}

const CASES: Case[] = [
  { label: 'GloVe 10k×100', file: 'glove-10k.sprout', id: 'builtin:glove-10k' },
  { label: 'GloVe 50k×100', file: 'glove-50k.sprout', id: 'builtin:glove-50k', slowPeers: true },
  { label: 'MNIST 10k×784', file: 'mnist-10k.sprout', id: 'builtin:mnist-10k', slowPeers: true },
];

const load = (c: Case): FullDataset => loadBuiltin(c.file, c.id);

/** Variance of the data along unit direction v (n − 1 denominator). */
function varianceAlong(vectors: Float32Array, n: number, dim: number, mean: Float32Array, v: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < dim; j++) s += (vectors[i * dim + j] - mean[j]) * v[j];
    sum += s * s;
  }
  return sum / (n - 1);
}

function unit(v: number[]): number[] {
  const norm = Math.hypot(...v);
  return v.map((x) => x / norm);
}

/** Runs every implementation once on a small slice so no timed run pays for JIT compilation. */
function warmUp(vectors: Float32Array, n: number, dim: number): void {
  const slice = vectors.subarray(0, n * dim);
  pca(slice, n, dim, COMPONENTS);
  new MlPca(Array.from({ length: n }, (_, i) => Array.from(slice.subarray(i * dim, (i + 1) * dim))));
  new druid.PCA(Array.from({ length: n }, (_, i) => Float64Array.from(slice.subarray(i * dim, (i + 1) * dim))), { d: COMPONENTS }).transform();
}

export const pcaSection: BenchSection = {
  name: 'PCA',
  async run({ quick, log }) {
    const rows: BenchRow[] = [];
    for (const c of CASES) {
      const { vectors, n, dim } = load(c);
      log(`${c.label}: loaded ${n}×${dim}`);
      warmUp(vectors, Math.min(n, 500), dim);
      const ours = await measure(() => pca(vectors, n, dim, COMPONENTS), quick ? 1 : 3);
      const res: PcaResult = ours.result;
      const k = res.components;
      rows.push({
        section: 'PCA',
        case: c.label,
        impl: 'sprout',
        ms: ours.ms,
        peakMB: ours.peakMB,
        metrics: { pc1Ratio: res.explainedRatio[0], top10Ratio: res.explainedRatio.reduce((a, b) => a + b, 0) },
      });
      log(`sprout ${ours.ms.toFixed(0)} ms`);
      if (quick && c.slowPeers) {
        rows.push({ section: 'PCA', case: c.label, impl: 'ml-pca', ms: null, note: 'skipped in --quick' });
        rows.push({ section: 'PCA', case: c.label, impl: 'druid.js', ms: null, note: 'skipped in --quick' });
        continue;
      }

      // ml-pca: number[][] in.
      {
        const input = Array.from({ length: n }, (_, i) => Array.from(vectors.subarray(i * dim, (i + 1) * dim)));
        collectGarbage();
        try {
          const m = await measure(() => new MlPca(input), 1);
          const E = m.result.getEigenvectors();
          const basis: number[] = [];
          for (let cIdx = 0; cIdx < k; cIdx++) for (let j = 0; j < dim; j++) basis.push(E.get(j, cIdx));
          rows.push({
            section: 'PCA',
            case: c.label,
            impl: 'ml-pca',
            ms: m.ms,
            peakMB: m.peakMB,
            metrics: { pc1Ratio: m.result.getExplainedVariance()[0], subspace: subspaceSimilarity(res.basis, basis, k, dim) },
            note: 'SVD (default; its covarianceMatrix method was slower still on MNIST)',
          });
          log(`ml-pca ${m.ms.toFixed(0)} ms`);
        } catch (e) {
          rows.push({ section: 'PCA', case: c.label, impl: 'ml-pca', ms: null, note: `failed: ${(e as Error).message}` });
        }
      }

      // druid.js: Float64Array[] in; transform() projects, principal_components() is then cached.
      {
        const input = Array.from({ length: n }, (_, i) => Float64Array.from(vectors.subarray(i * dim, (i + 1) * dim)));
        collectGarbage();
        try {
          const m = await measure(() => {
            const dr = new druid.PCA(input, { d: k });
            dr.transform();
            return dr;
          }, 1);
          const V = m.result.principal_components(); // dim × k
          const basis: number[] = [];
          for (let cIdx = 0; cIdx < k; cIdx++) for (let j = 0; j < dim; j++) basis.push(V.entry(j, cIdx));
          const pc1 = unit(basis.slice(0, dim));
          rows.push({
            section: 'PCA',
            case: c.label,
            impl: 'druid.js',
            ms: m.ms,
            peakMB: m.peakMB,
            metrics: {
              pc1Ratio: varianceAlong(vectors, n, dim, res.mean, pc1) / res.totalVariance,
              subspace: subspaceSimilarity(res.basis, basis, k, dim),
            },
            note: 'XᵀX + simultaneous power iteration',
          });
          log(`druid.js ${m.ms.toFixed(0)} ms`);
        } catch (e) {
          rows.push({ section: 'PCA', case: c.label, impl: 'druid.js', ms: null, note: `failed: ${(e as Error).message}` });
        }
      }
    }
    return rows;
  },
};
