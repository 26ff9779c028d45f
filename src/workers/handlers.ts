/**
 * The compute worker's job handlers: each translates a message into calls on
 * src/compute and hands big buffers back by transfer. No algorithm lives here.
 */
import { decodeSproutBin } from '../compute/formats/sproutBin';
import { nearestTo } from '../compute/neighbors/knn';
import { createPca } from '../compute/project/pca';
import { createKMeans } from '../compute/cluster/kmeans';
import { layoutAgreement } from '../compute/metrics/layoutAgreement';
import { measureLayout, QUALITY_SEED } from '../compute/metrics/layoutQuality';
import { runSliced } from '../compute/task';
import { runYielding, yieldToEventLoop } from './yieldToEventLoop';
import type { Dataset } from '../compute/dataset';
import type { AppJobMap } from './appJobs';
import { transfer, type Transferred } from './protocol';
import type { Handlers } from './serve';
import { fetchBytes } from './fetchBytes';

/** The distinct ArrayBuffers behind a dataset's typed arrays (transferring one twice throws). */
export function datasetBuffers(ds: Dataset): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  buffers.add(ds.vectors.buffer as ArrayBuffer);
  if (ds.images) buffers.add(ds.images.pixels.buffer as ArrayBuffer);
  if (ds.pca) buffers.add(ds.pca.scores.buffer as ArrayBuffer);
  return [...buffers];
}

export const handlers: Handlers<AppJobMap> = {
  async loadBuiltin({ url, id }, ctx): Promise<Transferred<Dataset>> {
    const bytes = await fetchBytes(url, {
      signal: ctx.signal,
      onProgress: (loadedBytes, totalBytes) => ctx.progress({ loadedBytes, totalBytes }),
    });
    let dataset: Dataset;
    try {
      dataset = decodeSproutBin(bytes, id);
    } catch (e) {
      throw new Error(`${url.split('/').pop()} is damaged: ${(e as Error).message}`);
    }
    return transfer(dataset, datasetBuffers(dataset));
  },

  async pca({ vectors, n, dim, components }, ctx) {
    const task = createPca(vectors, n, dim, components);
    const res = await runSliced(task, {
      signal: ctx.signal,
      yieldNow: yieldToEventLoop,
      onSnapshot: (_snapshot, fraction) => ctx.progress({ fraction }),
    });
    return transfer(
      { components: res.components, scores: res.scores, explainedRatio: res.explainedRatio },
      [res.scores.buffer as ArrayBuffer],
    );
  },

  async neighbors({ vectors, n, dim, index, k, metric }) {
    return nearestTo(vectors, n, dim, index, k, metric);
  },

  async layoutQuality({ vectors, n, dim, metric, coords, codes }, ctx) {
    return runYielding(measureLayout({ coords, n, space: { vectors, dim, metric }, codes }), ctx.signal);
  },

  async kmeans({ vectors, n, dim, metric, k, seed }, ctx) {
    const res = await runSliced(createKMeans(vectors, n, dim, { k, metric, seed }), {
      signal: ctx.signal,
      yieldNow: yieldToEventLoop,
      onSnapshot: (_s, fraction) => ctx.progress({ fraction }),
    });
    const { codes, sizes, iterations, converged } = res;
    return transfer({ codes, sizes, representatives: res.representatives.map((r) => [...r]), iterations, converged }, [codes.buffer as ArrayBuffer]);
  },

  async layoutAgreement({ a, b, n }) {
    return layoutAgreement(a, b, n, { sample: AGREEMENT_SAMPLE, seed: QUALITY_SEED });
  },
};

/** Query points for the agreement figure (exact in 2D, so cheap; sampled only for 100k+ points). */
const AGREEMENT_SAMPLE = 5000;
