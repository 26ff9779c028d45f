import { describe, expect, it } from 'vitest';
import type { Dataset } from './dataset';
import { packDataset, packedBuffers, unpackDataset } from './packedDataset';

const dataset = (labels: string[]): Dataset => ({
  id: 't',
  name: 't',
  n: labels.length,
  dim: 2,
  metric: 'euclidean',
  labels,
  columns: [
    { name: 'note', type: 'text', values: labels.map((l) => `${l}!`) },
    { name: 'kind', type: 'category', codes: Uint32Array.from(labels.map((_, i) => i % 2)), categories: ['a', 'b'] },
  ],
});

describe('packDataset / unpackDataset', () => {
  it('gives back the same labels and text columns, empty strings and non-Latin text included', async () => {
    const labels = ['the', '', 'zygote', '词', 'naïve', '', '🙂 face', 'a\nb'];
    const ds = dataset(labels);
    const packed = packDataset(ds);
    expect(typeof packed.labels.text).toBe('string');
    expect(packedBuffers(packed)).toHaveLength(2);
    let pauses = 0;
    const back = await unpackDataset(packed, async () => void pauses++, 3);
    expect(back).toEqual(ds);
    // 8 rows in slices of 3: two pauses per string array, one before the text column.
    expect(pauses).toBe(5);
  });

  it('handles a dataset without rows', async () => {
    const ds = dataset([]);
    expect(await unpackDataset(packDataset(ds), async () => undefined)).toEqual(ds);
  });

  it('survives a structured clone with its ends transferred', async () => {
    const ds = dataset(Array.from({ length: 1000 }, (_, i) => `w${i}`));
    const packed = packDataset(ds);
    const copy = structuredClone(packed, { transfer: packedBuffers(packed) });
    expect(await unpackDataset(copy, async () => undefined, 128)).toEqual(ds);
  });
});
