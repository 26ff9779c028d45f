import { describe, expect, it } from 'vitest';
import { createRng } from '../compute/random';
import { createProjectHandlers } from './projectHandlers';
import { Transferred } from './protocol';

const ctx = () => ({ signal: new AbortController().signal, progress: () => undefined });

describe('projection worker handlers', () => {
  it('hold a dataset once, then run a projection that names it and transfer its coordinates', async () => {
    const rng = createRng(3);
    const n = 60;
    const vectors = Float32Array.from({ length: n * 4 }, (_, i) => (i % 4 === (Math.floor(i / 4) % 2) * 2 ? 8 : 0) + rng.gaussian());
    const handlers = createProjectHandlers();
    expect(await handlers.projectHasTable({ id: 'd#1' }, ctx())).toBe(false);
    await handlers.projectPutTable({ id: 'd#1', n, dim: 4, metric: 'euclidean', vectors }, ctx());
    expect(await handlers.projectHasTable({ id: 'd#1' }, ctx())).toBe(true);
    const spec = { method: 'umap', seed: 1, preReduce: false, umap: { nNeighbors: 8, minDist: 0.1, spread: 1, epochs: 30 } } as const;
    const out = await handlers.projectRun({ sessionId: 1, mode: 'run', open: { datasetId: 'd#1', codes: null, spec } }, ctx());
    expect(out).toBeInstanceOf(Transferred);
    const { value, transfer } = out as Transferred<{ coords: Float32Array; finished: boolean }>;
    expect(value.finished).toBe(true);
    expect(transfer).toEqual([value.coords.buffer]);
    await handlers.projectReleaseTable({ id: 'd#1' }, ctx());
    expect(await handlers.projectHasTable({ id: 'd#1' }, ctx())).toBe(false);
  });
});
