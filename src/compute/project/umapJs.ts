/**
 * The umap-js reference implementation (MIT) as a Steppable, fed our shared kNN graph so
 * that it and Sprout's UMAP differ only in the algorithm, not in the neighbours.
 *
 * umap-js counts the point itself among its `nNeighbors` (at index 0, distance 0, as
 * umap-learn does), and so does our UMAP, so it gets self + the graph's first
 * `nNeighbors - 1` rows: both implementations then see the same neighbours. Its randomness (random
 * initialisation, negative sampling) comes from createRng(seed). Loaded on first use.
 *
 * Step unit: one epoch; the first unit builds the fuzzy graph and the initial layout.
 */
import type { KnnGraph } from '../neighbors/knn';
import { createRng } from '../random';
import type { Steppable } from '../task';
import { autoEpochs } from './umap';

export interface UmapJsInput {
  readonly n: number;
  readonly dim: number;
  /** n × dim rows (umap-js wants them, though with a precomputed graph it barely reads them). */
  readonly vectors: Float32Array;
  readonly graph: KnnGraph;
}

export interface UmapJsParams {
  readonly nNeighbors: number;
  readonly minDist: number;
  readonly spread: number;
  /** 'auto' = the same count as Sprout's UMAP (autoEpochs). */
  readonly epochs: number | 'auto';
  readonly seed: number;
}

export async function createUmapJs(input: UmapJsInput, params: UmapJsParams): Promise<Steppable<Float32Array, Float32Array>> {
  const { n, dim, vectors, graph } = input;
  const k = Math.min(params.nNeighbors - 1, graph.k, n - 1);
  if (k < 1) throw new Error(`umap-js needs at least 2 points and 1 neighbour (n ${n}, k ${graph.k})`);
  const { UMAP } = await import('umap-js');
  const rng = createRng(params.seed);
  const nEpochs = params.epochs === 'auto' ? autoEpochs(n) : Math.max(1, Math.round(params.epochs));
  const umap = new UMAP({
    nComponents: 2,
    nNeighbors: k + 1,
    minDist: params.minDist,
    spread: params.spread,
    nEpochs,
    random: () => rng.next(),
  });
  const knnIndices: number[][] = new Array(n);
  const knnDistances: number[][] = new Array(n);
  for (let i = 0; i < n; i++) {
    const idx = [i];
    const dist = [0];
    for (let t = 0; t < k; t++) {
      const j = graph.indices[i * graph.k + t];
      // A missing neighbour (-1) is replaced by the point itself at a far distance: never attracts.
      idx.push(j >= 0 ? j : i);
      dist.push(j >= 0 ? graph.distances[i * graph.k + t] : Infinity);
    }
    knnIndices[i] = idx;
    knnDistances[i] = dist;
  }
  umap.setPrecomputedKNN(knnIndices, knnDistances);
  const X: number[][] = new Array(n);
  for (let i = 0; i < n; i++) X[i] = Array.from(vectors.subarray(i * dim, (i + 1) * dim));

  let initialized = false;
  let epoch = 0;
  const coords = (): Float32Array => {
    const out = new Float32Array(2 * n);
    if (!initialized) return out;
    const e = umap.getEmbedding();
    for (let i = 0; i < n; i++) {
      out[2 * i] = e[i][0];
      out[2 * i + 1] = e[i][1];
    }
    return out;
  };
  return {
    step(budget: number): boolean {
      let left = Math.max(1, Math.floor(budget));
      if (!initialized) {
        umap.initializeFit(X);
        initialized = true;
        left--;
      }
      while (left-- > 0 && epoch < nEpochs) epoch = umap.step();
      return epoch >= nEpochs;
    },
    progress: () => epoch / nEpochs,
    snapshot: coords,
    result(): Float32Array {
      if (epoch < nEpochs) throw new Error('umap-js: not finished');
      return coords();
    },
  };
}
