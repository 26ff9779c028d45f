/**
 * The npm peers, each run in its own process like every case:
 *   tsx bench/peers/js.ts IMPL TASK IN.f32 N DIM METRIC OUT.f32
 * IMPL/TASK: umap-js umap, druid.js umap | tsne | pca, tsne-js tsne, ml-pca pca. Each
 * gets its input as the number[][] (or Float64Array[]) it wants, converted before the
 * timed run, seeded where it can be, with its own defaults except where a setting must
 * match ours to compare like with like (said per case). Cosine data: umap-js gets a
 * cosine distance function; the others are euclidean-only, so they get L2-normalised
 * rows (euclidean distance between unit rows ranks like cosine).
 * Warm-up first, as every case: the same call on the first 300 rows.
 */
import { writeFileSync } from 'node:fs';
import * as druid from '@saehrimnir/druidjs';
import { PCA as MlPca } from 'ml-pca';
import TSNE from 'tsne-js';
import { UMAP } from 'umap-js';
import { createRng } from '../../src/compute/random';
import { autoEpochs } from '../../src/compute/project/umap';
import { report, timed } from '../child';
import { loadF32 } from '../datasets';

const [impl, task, path, nArg, dimArg, metric, out] = process.argv.slice(2);
const n = Number(nArg);
const dim = Number(dimArg);
const X = loadF32(path, n, dim);

function rows(m: number, unit: boolean): Float64Array[] {
  const r: Float64Array[] = [];
  for (let i = 0; i < m; i++) {
    const v = Float64Array.from(X.subarray(i * dim, (i + 1) * dim));
    if (unit) {
      let s = 0;
      for (const x of v) s += x * x;
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let j = 0; j < dim; j++) v[j] *= inv;
    }
    r.push(v);
  }
  return r;
}

function toLayout(points: ArrayLike<ArrayLike<number>>, m: number): Float32Array {
  const o = new Float32Array(2 * m);
  for (let i = 0; i < m; i++) {
    o[2 * i] = points[i][0];
    o[2 * i + 1] = points[i][1];
  }
  return o;
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

/** Prepares the input for m rows (untimed) and returns the timed call. */
function prepare(m: number): () => Float32Array {
  const cosine = metric === 'cosine';
  const key = `${impl} ${task}`;
  switch (key) {
    case 'umap-js umap': {
      // Its defaults (nNeighbors 15, minDist 0.1, 5 negative samples) with umap-learn's epoch schedule, as ours.
      const input = rows(m, false).map((r) => Array.from(r));
      const rng = createRng(1);
      return () => {
        const u = new UMAP({ nNeighbors: 15, minDist: 0.1, spread: 1, nEpochs: autoEpochs(m), random: () => rng.next(), ...(cosine ? { distanceFn: cosineDistance } : {}) });
        return toLayout(u.fit(input), m);
      };
    }
    case 'druid.js umap': {
      const input = rows(m, cosine);
      return () => {
        const u = new druid.UMAP(input, { n_neighbors: 15, min_dist: 0.1, d: 2, seed: 1, _spread: 1, _n_epochs: autoEpochs(m) });
        return toLayout(u.transform(autoEpochs(m)) as unknown as number[][], m);
      };
    }
    case 'druid.js tsne': {
      // Exact t-SNE; 750 iterations as ours.
      const input = rows(m, cosine);
      return () => toLayout(new druid.TSNE(input, { perplexity: 30, d: 2, seed: 1 }).transform(750) as unknown as number[][], m);
    }
    case 'druid.js pca': {
      const input = rows(m, false);
      return () => toLayout(new druid.PCA(input, { d: 10 }).transform() as unknown as number[][], m);
    }
    case 'tsne-js tsne': {
      // Exact t-SNE; its run() does its 100 exaggerated iterations inside nIter.
      const input = rows(m, cosine).map((r) => Array.from(r));
      return () => {
        const model = new TSNE({ dim: 2, perplexity: 30, nIter: 750, metric: 'euclidean' });
        model.init({ data: input, type: 'dense' });
        model.run();
        return toLayout(model.getOutput(), m);
      };
    }
    case 'ml-pca pca': {
      const input = rows(m, false).map((r) => Array.from(r));
      return () => {
        const p = new MlPca(input);
        return toLayout(p.predict(input, { nComponents: 2 }).to2DArray(), m);
      };
    }
    default:
      throw new Error(`unknown peer ${key}`);
  }
}

prepare(Math.min(n, 300))();
const call = prepare(n);
const t = await timed(call);
writeFileSync(out, Buffer.from(t.result.buffer, t.result.byteOffset, t.result.byteLength));
report({ ms: t.ms, cpuMs: t.cpuMs, threads: 1 });
