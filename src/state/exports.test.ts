import { describe, expect, it } from 'vitest';
import type { Dataset } from '../compute/dataset';
import type { TableFormat, TableSource } from '../compute/export/tables';
import { fileName, rowsText, shownRows, slug } from './exportFiles';
import { createAppStore } from './store';
import { fakeJobs } from './testing/fakeJobs';

const ds: Dataset = {
  id: 'g',
  name: 'GloVe 10k',
  n: 4,
  dim: 2,
  labels: ['a', 'b', 'c', 'd'],
  metric: 'cosine',
  columns: [],
};

async function setup() {
  const tables: { source: TableSource; format: TableFormat }[] = [];
  const vectors: (Uint32Array | null)[] = [];
  const bundles: (Uint32Array | null)[] = [];
  const jobs = fakeJobs({
    pca: async () => ({ components: 2, scores: Float32Array.from([0, 1, 2, 3, 4, 5, 6, 7]), explainedRatio: [0.7, 0.2] }),
    exportTable: async (source, format) => {
      tables.push({ source, format });
      return new Blob(['x']);
    },
    exportVectors: async (_d, rows) => {
      vectors.push(rows);
      return new Blob(['v']);
    },
    exportBundle: async (_d, rows) => {
      bundles.push(rows);
      return new Blob(['zip']);
    },
  });
  const store = createAppStore(jobs);
  await store.getState().actions.data.show(ds);
  return { store, tables, vectors, bundles };
}

describe('exports slice', () => {
  it('the layout export writes every row with the layout on screen and where it came from', async () => {
    const { store, tables } = await setup();
    const file = await store.getState().actions.exports.make({ kind: 'layout', format: 'csv' });
    expect(file?.name).toBe('glove-10k-pca-layout.csv');
    const { source, format } = tables[0];
    expect(format).toBe('csv');
    expect(source.rows).toBeNull();
    expect(source.coords).toBe(store.getState().explore.layout!.coords);
    expect(source.provenance).toMatchObject({ dataset: 'GloVe 10k', method: 'PCA', rows: 'all 4 rows' });
    expect(store.getState().exports.last).toEqual({ name: 'glove-10k-pca-layout.csv', bytes: 1 });
  });

  it('while isolated, layout and bundle exports write the isolated rows', async () => {
    const { store, tables, bundles } = await setup();
    store.getState().actions.explore.isolateRows(Uint32Array.from([1, 3]), 'lasso');
    await store.getState().actions.exports.make({ kind: 'layout', format: 'json' });
    expect(Array.from(tables[0].source.rows!)).toEqual([1, 3]);
    expect(tables[0].source.provenance?.rows).toBe('2 of 4 rows (lasso)');
    await store.getState().actions.exports.make({ kind: 'bundle' });
    expect(Array.from(bundles[0]!)).toEqual([1, 3]);
  });

  it('selection exports write the lit rows (labels and metadata, or vectors from the worker)', async () => {
    const { store, tables, vectors } = await setup();
    expect(await store.getState().actions.exports.make({ kind: 'selection', format: 'tsv' })).toBeNull();
    store.getState().actions.explore.setSearch('/[bd]/');
    await store.getState().actions.exports.make({ kind: 'selection', format: 'tsv' });
    expect(Array.from(tables[0].source.rows!)).toEqual([1, 3]);
    expect(tables[0].source.coords).toBeNull();
    await store.getState().actions.exports.make({ kind: 'selection-vectors' });
    expect(Array.from(vectors[0]!)).toEqual([1, 3]);
  });

  it('a failed export is reported and the menu is free again', async () => {
    const store = createAppStore(fakeJobs({ pca: async () => ({ components: 2, scores: new Float32Array(8), explainedRatio: [1, 0] }), exportBundle: async () => Promise.reject(new Error('disk full')) }));
    await store.getState().actions.data.show(ds);
    expect(await store.getState().actions.exports.make({ kind: 'bundle' })).toBeNull();
    expect(store.getState().exports).toMatchObject({ busy: null, error: 'disk full' });
  });
});

describe('export helpers', () => {
  it('names files after the dataset and method in any script', () => {
    expect(slug('GloVe 10k')).toBe('glove-10k');
    expect(slug('  我的 数据!! ')).toBe('我的-数据');
    expect(slug('<>')).toBe('sprout');
    expect(fileName(ds, 'map', '2x.png', 't-SNE')).toBe('glove-10k-t-sne-map.2x.png');
  });

  it('describes which rows were written', () => {
    expect(rowsText(10, null, null)).toBe('all 10 rows');
    expect(rowsText(10, Uint32Array.from([1]), 'category')).toBe('1 of 10 rows (legend pick)');
  });

  it('the rows shown are a subset layout’s rows within the isolation', () => {
    const layout = { coords: new Float32Array(8), datasetVersion: 1, method: 'UMAP', version: 1, running: false, rows: Uint32Array.from([0, 1, 2]) };
    const isolation = { rows: Uint32Array.from([1, 2, 3]), mask: new Uint8Array(4), what: 'lasso' as const, fullLayout: null };
    expect(Array.from(shownRows({ layout, isolation })!)).toEqual([1, 2]);
    expect(shownRows({ layout: { ...layout, rows: undefined }, isolation: null })).toBeNull();
  });
});
