import { unzipSync, strFromU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Column } from '../dataset';
import { parseProjectorConfig } from '../formats/projectorConfig';
import { BUNDLE_FILES, metadataTsvChunks, projectorBundle, tensorBytes, vectorsTsvChunks } from './projector';

const vectors = Float32Array.from([0.1, 0.2, 1, 2, -3.5, 1e-7, 7, 8]);
const table = { vectors, n: 4, dim: 2, rows: null };
const labels = ['king', 'a\tb', '<img src=x onerror=alert(1)>', '=1+1'];
const columns: Column[] = [{ name: 'label', type: 'category', codes: new Uint32Array([0, 0, 1, 1]), categories: ['x', 'y'] }];

describe('projector files', () => {
  it('writes vectors as projector TSV that reads back as the same float32 values', () => {
    const lines = [...vectorsTsvChunks(table)].join('').trimEnd().split('\n');
    expect(lines).toHaveLength(4);
    expect(Float32Array.from(lines.flatMap((l) => l.split('\t').map(Number)))).toEqual(vectors);
  });

  it('gathers only the chosen rows, in order', () => {
    const rows = Uint32Array.from([3, 1]);
    expect([...vectorsTsvChunks({ ...table, rows })].join('')).toBe('7\t8\n1\t2\n');
    expect(new Float32Array(tensorBytes({ ...table, rows }).buffer)).toEqual(Float32Array.from([7, 8, 1, 2]));
  });

  it('writes labels alone without a header, and a header row when there are metadata columns', () => {
    expect([...metadataTsvChunks({ n: 4, labels, columns: [], rows: null })].join('')).toBe('king\na b\n<img src=x onerror=alert(1)>\n=1+1\n');
    const lines = [...metadataTsvChunks({ n: 4, labels, columns, rows: Uint32Array.from([0, 3]) })].join('').trimEnd().split('\n');
    expect(lines).toEqual(['label\tlabel (2)', 'king\tx', '=1+1\ty']);
  });

  it('zips a config our loader accepts, a pbtxt for TensorBoard, the tensor and the metadata', () => {
    const files = unzipSync(projectorBundle({ name: 'GloVe "10k"', vectors: table, metadata: { n: 4, labels, columns: [], rows: null } }));
    expect(Object.keys(files).sort()).toEqual(Object.values(BUNDLE_FILES).sort());
    const config = parseProjectorConfig(strFromU8(files[BUNDLE_FILES.config]));
    expect(config.embeddings[0]).toMatchObject({ tensorName: 'GloVe "10k"', tensorShape: [4, 2], tensorPath: 'tensors.bytes', metadataPath: 'metadata.tsv', tensorFormat: 'bytes' });
    expect(new Float32Array(files[BUNDLE_FILES.tensor].slice().buffer)).toEqual(vectors);
    const pbtxt = strFromU8(files[BUNDLE_FILES.pbtxt]);
    expect(pbtxt).toContain('tensor_name: "GloVe \\"10k\\""');
    expect(pbtxt).toMatch(/tensor_shape: 4\s+tensor_shape: 2/);
    expect(strFromU8(files[BUNDLE_FILES.metadata]).split('\n')[2]).toBe('<img src=x onerror=alert(1)>');
  });
});
