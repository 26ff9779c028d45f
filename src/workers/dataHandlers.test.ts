import { describe, expect, it } from 'vitest';
import { datasetBuffers, type FullDataset, type VectorTable } from '../compute/dataset';
import { packedBuffers, unpackDataset, type PackedDataset } from '../compute/packedDataset';
import { encodeSproutBin } from '../compute/formats/sproutBin';
import { createRng } from '../compute/random';
import { isSessionLost } from '../compute/task';
import { createDataHandlers } from './dataHandlers';
import { Transferred } from './protocol';

function blobs(n: number, dim: number, seed = 1): FullDataset {
  const rng = createRng(seed);
  const vectors = new Float32Array(n * dim);
  // Two clusters along the first axis so PCA's first component is obvious.
  for (let i = 0; i < n; i++) for (let d = 0; d < dim; d++) vectors[i * dim + d] = (d === 0 ? (i % 2 ? 5 : -5) : 0) + rng.gaussian() * 0.1;
  return { id: 't', name: 'blobs', n, dim, vectors, labels: Array.from({ length: n }, (_, i) => `p${i}`), columns: [], metric: 'euclidean' };
}

const table = (ds: FullDataset, id = ds.id): VectorTable => ({ id, n: ds.n, dim: ds.dim, metric: ds.metric, vectors: ds.vectors });

const ctx = () => {
  const progress: unknown[] = [];
  return { progress, ctx: { signal: new AbortController().signal, progress: (p: unknown) => progress.push(p) } };
};

const value = <T,>(out: T | Transferred<T>): T => (out instanceof Transferred ? out.value : out);
const dataUrl = (bytes: Uint8Array) => `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}`;

describe('data worker handlers', () => {
  it('loadBuiltin keeps the vectors under the id and returns the rest, its buffers transferred', async () => {
    const ds = blobs(20, 3);
    const handlers = createDataHandlers();
    const { progress, ctx: c } = ctx();
    const out = await handlers.loadBuiltin({ url: dataUrl(encodeSproutBin(ds)), id: 'builtin:x#1' }, c);
    expect(out).toBeInstanceOf(Transferred);
    const { value: packed, transfer } = out as Transferred<PackedDataset>;
    const drawn = await unpackDataset(packed, async () => undefined);
    expect([drawn.id, drawn.n, drawn.labels[3]]).toEqual(['builtin:x#1', 20, 'p3']);
    expect('vectors' in drawn).toBe(false);
    // The labels cross as one string with their ends transferred, not as 20 strings.
    expect(transfer).toEqual([...datasetBuffers(drawn), ...packedBuffers(packed)]);
    expect(progress.length).toBeGreaterThan(0);
    // The vectors stayed here: a job that names the id finds them.
    const nb = value(await handlers.neighbors({ id: 'builtin:x#1', index: 0, k: 3 }, c));
    expect(nb.map((x) => x.index % 2)).toEqual([0, 0, 0]);
  });

  it('loadBuiltin names a damaged file instead of failing obscurely', async () => {
    const bytes = encodeSproutBin(blobs(20, 3)).slice(0, 100);
    await expect(createDataHandlers().loadBuiltin({ url: dataUrl(bytes), id: 'x' }, ctx().ctx)).rejects.toThrow(/is damaged: .*expected/);
  });

  it('pca of a kept dataset returns scores whose first component separates the two clusters', async () => {
    const ds = blobs(200, 8);
    const handlers = createDataHandlers();
    await handlers.putTable(table(ds), ctx().ctx);
    const { scores, components, explainedRatio } = value(await handlers.pca({ id: 't', components: 3 }, ctx().ctx));
    expect(components).toBe(3);
    expect(explainedRatio[0]).toBeGreaterThan(0.95);
    for (let i = 0; i < ds.n; i++) expect(Math.sign(scores[i * components])).toBe(Math.sign(ds.vectors[i * ds.dim]));
  });

  it('neighbors lists the nearest rows of the same cluster', async () => {
    const handlers = createDataHandlers();
    await handlers.putTable(table(blobs(50, 4)), ctx().ctx);
    const nb = value(await handlers.neighbors({ id: 't', index: 0, k: 5 }, ctx().ctx));
    expect(nb).toHaveLength(5);
    for (const { index } of nb) expect(index % 2).toBe(0);
  });

  it('k-means of a kept dataset finds its two clusters', async () => {
    const handlers = createDataHandlers();
    await handlers.putTable(table(blobs(60, 4)), ctx().ctx);
    const r = value(await handlers.kmeans({ id: 't', k: 2, seed: 1 }, ctx().ctx));
    for (let i = 2; i < 60; i++) expect(r.codes[i]).toBe(r.codes[i % 2]);
    expect(r.codes[0]).not.toBe(r.codes[1]);
  });

  it('a job naming a dataset it never had, or one released, fails as lost', async () => {
    const handlers = createDataHandlers();
    await expect(handlers.neighbors({ id: 'nope', index: 0, k: 3 }, ctx().ctx)).rejects.toSatisfy(isSessionLost);
    await handlers.putTable(table(blobs(10, 2)), ctx().ctx);
    await handlers.releaseTable({ id: 't' }, ctx().ctx);
    await expect(handlers.kmeans({ id: 't', k: 2, seed: 1 }, ctx().ctx)).rejects.toSatisfy(isSessionLost);
  });

  it('shareTable hands out a copy to transfer, keeping its own vectors intact', async () => {
    const ds = blobs(10, 2);
    const handlers = createDataHandlers();
    await handlers.putTable(table(ds), ctx().ctx);
    const out = await handlers.shareTable({ id: 't' }, ctx().ctx);
    expect(out).toBeInstanceOf(Transferred);
    const shared = value(out);
    expect(shared.vectors).not.toBe(ds.vectors);
    expect(Array.from(shared.vectors)).toEqual(Array.from(ds.vectors));
    expect((out as Transferred<VectorTable>).transfer).toEqual([shared.vectors.buffer]);
  });

  it('when the page is cross-origin isolated, shareTable hands out the shared vectors themselves: no copy', async () => {
    const handlers = createDataHandlers({ share: true });
    await handlers.putTable(table(blobs(10, 2)), ctx().ctx);
    const a = value(await handlers.shareTable({ id: 't' }, ctx().ctx));
    const b = value(await handlers.shareTable({ id: 't' }, ctx().ctx));
    expect(a.vectors.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(b.vectors).toBe(a.vectors);
  });
});
