import { describe, expect, it } from 'vitest';
import { datasetBuffers, splitDataset, validateDataset, type FullDataset } from './dataset';

/** A dataset with a buffer of every kind a dataset can hold. */
function everyBuffer(): FullDataset {
  const n = 3;
  return {
    id: 'x#1',
    name: 'every buffer',
    n,
    dim: 2,
    vectors: new Float32Array(n * 2).map((_, i) => i),
    labels: ['a', 'b', 'c'],
    columns: [
      { name: 'kind', type: 'category', codes: new Uint32Array([0, 1, 0]), categories: ['p', 'q'] },
      { name: 'size', type: 'number', values: new Float64Array([1, 2, 3]) },
      { name: 'note', type: 'text', values: ['x', 'y', 'z'] },
    ],
    images: { width: 1, height: 1, channels: 1, pixels: new Uint8Array(n) },
    metric: 'euclidean',
    pca: { components: 1, scores: new Float32Array(n), explainedRatio: [1] },
  };
}

/** Every ArrayBuffer reachable from a value through its properties. */
function reachableBuffers(value: unknown, out = new Set<ArrayBufferLike>()): Set<ArrayBufferLike> {
  if (ArrayBuffer.isView(value)) out.add(value.buffer);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) reachableBuffers(v, out);
  return out;
}

describe('datasetBuffers', () => {
  it('lists every buffer a dataset holds, so transferring the list detaches all of them', () => {
    const ds = everyBuffer();
    const listed = datasetBuffers(ds);
    expect(new Set(listed)).toEqual(reachableBuffers(ds));
    const moved = structuredClone(ds, { transfer: listed });
    for (const b of reachableBuffers(ds)) expect(b.byteLength).toBe(0);
    expect(Array.from(moved.vectors)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('lists a buffer shared by two arrays once (transferring one twice throws)', () => {
    const shared = new ArrayBuffer(24);
    const ds: FullDataset = { ...everyBuffer(), vectors: new Float32Array(shared, 0, 6), pca: { components: 1, scores: new Float32Array(shared, 0, 3), explainedRatio: [1] } };
    const listed = datasetBuffers(ds);
    expect(listed.filter((b) => b === shared)).toHaveLength(1);
    expect(() => structuredClone(ds, { transfer: listed })).not.toThrow();
  });

  it('leaves out SharedArrayBuffers, which are shared rather than transferred', () => {
    const ds: FullDataset = { ...everyBuffer(), vectors: new Float32Array(new SharedArrayBuffer(24)) };
    expect(datasetBuffers(ds)).not.toContain(ds.vectors.buffer);
  });

  it('lists the buffers of both halves of a split dataset, between them, exactly once', () => {
    const ds = everyBuffer();
    const { dataset, table } = splitDataset(ds);
    const drawn = datasetBuffers(dataset);
    const kept = datasetBuffers(table);
    expect(kept).toEqual([ds.vectors.buffer]);
    expect(new Set([...drawn, ...kept])).toEqual(reachableBuffers(ds));
    expect(drawn).not.toContain(ds.vectors.buffer);
  });
});

describe('splitDataset', () => {
  it('gives the main thread everything but the vectors, and the worker the vectors with their shape', () => {
    const ds = everyBuffer();
    const { dataset, table } = splitDataset(ds);
    expect('vectors' in dataset).toBe(false);
    expect(dataset.labels).toBe(ds.labels);
    expect(table).toEqual({ id: 'x#1', n: 3, dim: 2, metric: 'euclidean', vectors: ds.vectors });
    expect(() => validateDataset(dataset)).not.toThrow();
  });
});
