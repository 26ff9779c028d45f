import { describe, expect, it } from 'vitest';
import { encodeSproutBin } from '../compute/formats/sproutBin';
import type { Dataset } from '../compute/dataset';
import { createRng } from '../compute/random';
import { Transferred } from './protocol';
import { datasetBuffers, handlers } from './handlers';

function blobs(n: number, dim: number, seed = 1): Dataset {
  const rng = createRng(seed);
  const vectors = new Float32Array(n * dim);
  // Two clusters along the first axis so PCA's first component is obvious.
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) vectors[i * dim + d] = (d === 0 ? (i % 2 ? 5 : -5) : 0) + rng.gaussian() * 0.1;
  return { id: 't', name: 'blobs', n, dim, vectors, labels: Array.from({ length: n }, (_, i) => `p${i}`), columns: [], metric: 'euclidean' };
}

const ctx = () => {
  const progress: unknown[] = [];
  return { progress, ctx: { signal: new AbortController().signal, progress: (p: unknown) => progress.push(p) } };
};

const dataUrl = (bytes: Uint8Array) => `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}`;

describe('compute worker handlers', () => {
  it('loadBuiltin downloads and decodes a .sprout file and transfers its buffers', async () => {
    const ds = blobs(20, 3);
    const { progress, ctx: c } = ctx();
    const out = await handlers.loadBuiltin({ url: dataUrl(encodeSproutBin(ds)), id: 'builtin:x' }, c);
    expect(out).toBeInstanceOf(Transferred);
    const { value, transfer } = out as Transferred<Dataset>;
    expect(value.n).toBe(20);
    expect(Array.from(value.vectors)).toEqual(Array.from(ds.vectors));
    expect(transfer).toEqual(datasetBuffers(value));
    expect(progress.length).toBeGreaterThan(0);
  });

  it('loadBuiltin names a damaged file instead of failing obscurely', async () => {
    const bytes = encodeSproutBin(blobs(20, 3)).slice(0, 100);
    await expect(handlers.loadBuiltin({ url: dataUrl(bytes), id: 'x' }, ctx().ctx)).rejects.toThrow(/is damaged: .*expected/);
  });

  it('pca returns scores whose first component separates the two clusters', async () => {
    const ds = blobs(200, 8);
    const out = (await handlers.pca({ vectors: ds.vectors, n: ds.n, dim: ds.dim, components: 3 }, ctx().ctx)) as Transferred<{
      components: number;
      scores: Float32Array;
      explainedRatio: number[];
    }>;
    const { scores, components, explainedRatio } = out.value;
    expect(components).toBe(3);
    expect(explainedRatio[0]).toBeGreaterThan(0.95);
    for (let i = 0; i < ds.n; i++) expect(Math.sign(scores[i * components])).toBe(Math.sign(ds.vectors[i * ds.dim]));
  });

  it('neighbors lists the nearest rows of the same cluster', async () => {
    const ds = blobs(50, 4);
    const nb = (await handlers.neighbors({ vectors: ds.vectors, n: ds.n, dim: ds.dim, index: 0, k: 5, metric: 'euclidean' }, ctx().ctx)) as { index: number }[];
    expect(nb).toHaveLength(5);
    for (const { index } of nb) expect(index % 2).toBe(0);
  });
});
