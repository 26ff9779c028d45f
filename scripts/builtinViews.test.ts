import { describe, expect, it } from 'vitest';
import type { Dataset, FullDataset, VectorTable } from '../src/compute/dataset';
import { unpackDataset } from '../src/compute/packedDataset';
import { decodeSproutBin, encodeSproutBin, type SproutEncodeOptions } from '../src/compute/formats/sproutBin';
import { createRng } from '../src/compute/random';
import { CLUSTER_SEED, clusterColumn, initialClustersData, isClusterColumn } from '../src/state/clustersTypes';
import { DEFAULT_PROJECTION_SETTINGS, specFor } from '../src/state/projectTypes';
import { createDataHandlers } from '../src/workers/dataHandlers';
import { createProjectHandlers } from '../src/workers/projectHandlers';
import { Transferred } from '../src/workers/protocol';
import { withFirstView } from './builtinViews';

/** Rows around `groups` centres, values in [0, 1] so a u8 file can hold them. */
function groups(n: number, dim: number, count: number, seed: number): FullDataset {
  const rng = createRng(seed);
  const centres = Array.from({ length: count }, () => Float32Array.from({ length: dim }, () => rng.next()));
  const vectors = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) {
    for (let d = 0; d < dim; d++) vectors[i * dim + d] = Math.min(1, Math.max(0, centres[i % count][d] + rng.gaussian() * 0.05));
  }
  const labels = Array.from({ length: n }, (_, i) => `w${i}`);
  return { id: 'builtin:test', name: 'test', n, dim, vectors, labels, columns: [], metric: dim > 100 ? 'euclidean' : 'cosine' };
}

const ctx = () => ({ signal: new AbortController().signal, progress: () => undefined });
const value = <T,>(out: T | Transferred<T>): T => (out instanceof Transferred ? out.value : out);
const dataUrl = (bytes: Uint8Array) => `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}`;

/** What the app computes for a built-in file: the data worker loads it, the projection worker runs the default UMAP, k-means runs with the default k. */
async function computedByTheApp(bytes: Uint8Array) {
  const data = createDataHandlers();
  const project = createProjectHandlers();
  const dataset: Dataset = await unpackDataset(value(await data.loadBuiltin({ url: dataUrl(bytes), id: 'builtin:test#1' }, ctx())), async () => undefined);
  const table = value(await data.shareTable({ id: dataset.id }, ctx())) as VectorTable;
  await project.projectPutTable(table, ctx());
  const spec = specFor('umap', DEFAULT_PROJECTION_SETTINGS, dataset);
  const run = value(await project.projectRun({ sessionId: 1, mode: 'run', open: { datasetId: dataset.id, codes: null, spec } }, ctx()));
  const k = initialClustersData.k;
  const clusters = value(await data.kmeans({ id: dataset.id, k, seed: CLUSTER_SEED }, ctx()));
  const names = clusterColumn(dataset, k, { ...clusters, representatives: clusters.representatives });
  return { dataset, spec, coords: run.coords, names };
}

describe('the first view stored with a built-in set', () => {
  const cases: { title: string; opts: SproutEncodeOptions; ds: FullDataset }[] = [
    { title: 'f32 word vectors (cosine)', opts: { dtype: 'f32' }, ds: groups(240, 12, 4, 1) },
    { title: 'u8 pixels wide enough to be reduced by PCA first (euclidean)', opts: { dtype: 'u8', scale: 1 / 255 }, ds: groups(200, 150, 3, 2) },
  ];
  for (const { title, opts, ds } of cases) {
    it(`is exactly the UMAP and the clusters the app computes from the file: ${title}`, async () => {
      const stored = decodeSproutBin(encodeSproutBin(ds, opts), ds.id);
      const bytes = encodeSproutBin(await withFirstView(ds, stored, { umap: true, clusters: true }), opts);
      const file = decodeSproutBin(bytes, ds.id);
      const app = await computedByTheApp(bytes);

      expect(file.layouts).toHaveLength(1);
      const [umap] = file.layouts!;
      expect(umap.spec).toEqual(app.spec);
      expect(umap.spec!.preReduce).toBe(ds.dim > 128);
      expect([...umap.coords]).toEqual([...app.coords]);

      const column = file.columns.find((c) => isClusterColumn(c.name));
      expect(column?.type).toBe('category');
      expect(column).toEqual(app.names);
    });
  }

  it('adds nothing the plan leaves out', async () => {
    const ds = groups(60, 4, 2, 3);
    const stored = decodeSproutBin(encodeSproutBin(ds), ds.id);
    const out = await withFirstView(ds, stored, { umap: false, clusters: false });
    expect(out.layouts).toBeUndefined();
    expect(out.columns).toEqual([]);
  });
});
