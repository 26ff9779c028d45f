/**
 * The data worker's handlers: glue from messages to a DatasetRegistry and the compute
 * functions that read it. Jobs name a dataset id; the vectors never leave this worker
 * except once per dataset for the projection worker (shareTable).
 */
import { createKMeans } from '../compute/cluster/kmeans';
import { datasetBuffers, splitDataset } from '../compute/dataset';
import { DatasetRegistry } from '../compute/datasetRegistry';
import { packDataset, packedBuffers } from '../compute/packedDataset';
import { decodeSproutBin } from '../compute/formats/sproutBin';
import { layoutAgreement } from '../compute/metrics/layoutAgreement';
import { measureLayout, QUALITY_SEED } from '../compute/metrics/layoutQuality';
import { nearestTo } from '../compute/neighbors/knn';
import { createPca } from '../compute/project/pca';
import { runSliced, runYielding, type Pacing } from '../compute/task';
import type { DataJobMap } from './dataJobs';
import { createExportHandlers, type CreateCanvas } from './exportHandlers';
import { fetchBytes as defaultFetchBytes } from './fetchBytes';
import { transfer } from './protocol';
import type { Handlers } from './serve';

export interface DataHandlerDeps {
  readonly fetchBytes?: typeof defaultFetchBytes;
  /** The host's yield between slices (workers: yieldToEventLoop). */
  readonly yieldNow?: () => Promise<void>;
  /** Keep vectors in SharedArrayBuffers (the page is cross-origin isolated). */
  readonly share?: boolean;
  /** A canvas for PNG exports (default: OffscreenCanvas). */
  readonly createCanvas?: CreateCanvas;
}

/** Query points for the agreement figure (exact in 2D, so cheap; sampled only for 100k+ points). */
const AGREEMENT_SAMPLE = 5000;

export function createDataHandlers(deps: DataHandlerDeps = {}): Handlers<DataJobMap> {
  const fetchBytes = deps.fetchBytes ?? defaultFetchBytes;
  const registry = new DatasetRegistry({ share: deps.share });
  const pacing = (signal: AbortSignal): Pacing => ({ signal, yieldNow: deps.yieldNow });

  return {
    ...createExportHandlers(registry, deps),

    async loadBuiltin({ url, id }, ctx) {
      const bytes = await fetchBytes(url, { signal: ctx.signal, onProgress: (loadedBytes, totalBytes) => ctx.progress({ loadedBytes, totalBytes }) });
      let full;
      try {
        // A shared table is decoded straight into shared memory: no second copy of the vectors (137 MB for GloVe 341k).
        full = decodeSproutBin(bytes, id, registry.shares ? { allocate: (n) => new SharedArrayBuffer(n) } : {});
      } catch (e) {
        throw new Error(`${url.split('/').pop()} is damaged: ${(e as Error).message}`);
      }
      const { dataset, table } = splitDataset(full);
      registry.put(table);
      const packed = packDataset(dataset);
      return transfer(packed, [...datasetBuffers(dataset), ...packedBuffers(packed)]);
    },

    async putTable(table) {
      registry.put(table);
    },

    async releaseTable({ id }) {
      registry.release(id);
    },

    async shareTable({ id }) {
      const table = registry.get(id);
      if (registry.shares) return table;
      const copy = { ...table, vectors: table.vectors.slice() };
      return transfer(copy, [copy.vectors.buffer as ArrayBuffer]);
    },

    async pca({ id, components }, ctx) {
      const { vectors, n, dim } = registry.get(id);
      const res = await runSliced(createPca(vectors, n, dim, components), { ...pacing(ctx.signal), onSnapshot: (_s, fraction) => ctx.progress({ fraction }) });
      return transfer({ components: res.components, scores: res.scores, explainedRatio: res.explainedRatio }, [res.scores.buffer as ArrayBuffer]);
    },

    async neighbors({ id, index, k }) {
      const { vectors, n, dim, metric } = registry.get(id);
      return nearestTo(vectors, n, dim, index, k, metric);
    },

    async layoutQuality({ id, coords, codes }, ctx) {
      const { vectors, n, dim, metric } = registry.get(id);
      return runYielding(measureLayout({ coords, n, space: { vectors, dim, metric }, codes }), pacing(ctx.signal));
    },

    async kmeans({ id, k, seed }, ctx) {
      const { vectors, n, dim, metric } = registry.get(id);
      const res = await runSliced(createKMeans(vectors, n, dim, { k, metric, seed }), { ...pacing(ctx.signal), onSnapshot: (_s, fraction) => ctx.progress({ fraction }) });
      const { codes, sizes, iterations, converged } = res;
      return transfer({ codes, sizes, representatives: res.representatives.map((r) => [...r]), iterations, converged }, [codes.buffer as ArrayBuffer]);
    },

    async layoutAgreement({ a, b, n }) {
      return layoutAgreement(a, b, n, { sample: AGREEMENT_SAMPLE, seed: QUALITY_SEED });
    },
  };
}
