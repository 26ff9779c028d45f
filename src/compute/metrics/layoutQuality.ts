/**
 * The quality figures every layout shows, computed the same way for every method so
 * they can be compared side by side: kNN recall@10, trustworthiness@10 and (with a
 * category column) 10-NN accuracy in 2D.
 *
 * Honest comparison needs the same yardstick: the sampled figures draw their query
 * points with one fixed seed (QUALITY_SEED), not the layout's own seed, so PCA, t-SNE
 * and UMAP of one dataset are scored on the same points. With an exact neighbour graph
 * at hand, recall is exact (every point a query).
 *
 * A generator so a worker can yield (and notice a cancel) between the figures, each of
 * which takes up to a second or two at 50k points.
 */
import type { KnnGraph } from '../neighbors/knn';
import type { HighDimSpace } from './highDim';
import { knnAccuracy } from './knnAccuracy';
import { knnRecall } from './knnRecall';
import { trustworthiness } from './trustworthiness';

export interface LayoutQuality {
  /** kNN recall@10 (share of original-space 10-NN kept in 2D). */
  readonly recall: number;
  /** Query points recall was averaged over (n when an exact graph was at hand). */
  readonly recallSample: number;
  /** Trustworthiness@10, or null when n is too small. */
  readonly trustworthiness: number | null;
  readonly trustSample: number;
  /** 10-NN accuracy in 2D of the category column, or null without one. */
  readonly accuracy: number | null;
  readonly ms: number;
}

export interface LayoutQualityInput {
  /** n × 2 layout. */
  readonly coords: Float32Array;
  readonly n: number;
  /** The original vectors (as the method saw them before any pre-reduction). */
  readonly space: HighDimSpace;
  /** Category codes for the accuracy figure, or null. */
  readonly codes: Uint32Array | null;
  /** An exact kNN graph of `space` with ≥ 10 neighbours, if one is cached: exact recall. */
  readonly exactGraph?: KnnGraph | null;
}

/** Neighbours per point the figures are about. */
export const QUALITY_K = 10;
/** Query points for the sampled figures. */
export const RECALL_SAMPLE = 1000;
export const TRUST_SAMPLE = 500;
/** One seed for every layout: the same sampled points score every method. */
export const QUALITY_SEED = 7;

/** Yields after each figure; returns them all. */
export function* measureLayout(input: LayoutQualityInput, now: () => number = () => performance.now()): Generator<void, LayoutQuality> {
  const { coords, n, space, codes } = input;
  const t0 = now();
  const k = Math.min(QUALITY_K, n - 1);
  const graph = input.exactGraph && input.exactGraph.k >= k ? input.exactGraph : null;
  const recall = graph ? knnRecall(coords, n, graph, { k }) : knnRecall(coords, n, space, { k, sample: RECALL_SAMPLE, seed: QUALITY_SEED });
  const recallSample = graph ? n : Math.min(n, RECALL_SAMPLE);
  yield;
  const trustOk = k >= 1 && n > 3 * k + 1;
  const trust = trustOk ? trustworthiness(coords, n, space, { k, sample: TRUST_SAMPLE, seed: QUALITY_SEED }) : null;
  yield;
  const accuracy = codes ? knnAccuracy(coords, codes, k) : null;
  return {
    recall,
    recallSample,
    trustworthiness: trust,
    trustSample: trustOk ? Math.min(n, TRUST_SAMPLE) : 0,
    accuracy,
    ms: now() - t0,
  };
}

/** measureLayout without the pauses (tests, benchmarks). */
export function layoutQuality(input: LayoutQualityInput): LayoutQuality {
  const it = measureLayout(input);
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}
