import { describe, expect, it } from 'vitest';
import { matchPath, planLoad } from './loadPlan';

describe('planLoad(files)', () => {
  it('a projector config wins and names the other files', () => {
    const p = planLoad([
      { name: 'iris_tensors.bytes', format: 'tensor-bytes' },
      { name: 'projector_config.json', format: 'projector-config' },
      { name: 'iris_labels.tsv', format: 'csv' },
    ]);
    expect(p).toEqual({ kind: 'projector', config: 1, warnings: [] });
  });

  it('pairs a vectors TSV with a metadata TSV, even one whose numeric columns look like a table', () => {
    expect(planLoad([{ name: 'meta.tsv', format: 'metadata-tsv' }, { name: 'vecs.tsv', format: 'projector-tsv' }])).toEqual({
      kind: 'vectors',
      vectors: 1,
      metadata: 0,
      warnings: [],
    });
    expect(planLoad([{ name: 'vecs.tsv', format: 'projector-tsv' }, { name: 'iris_labels.tsv', format: 'csv' }])).toMatchObject({ vectors: 0, metadata: 1 });
  });

  it('pairs a .npy with a word list and a CSV table with a labels file', () => {
    expect(planLoad([{ name: 'words.txt', format: 'metadata-tsv' }, { name: 'emb.npy', format: 'npy' }])).toMatchObject({ vectors: 1, metadata: 0 });
    expect(planLoad([{ name: 'table.csv', format: 'csv' }, { name: 'labels.tsv', format: 'metadata-tsv' }])).toMatchObject({ vectors: 0, metadata: 1 });
  });

  it('a single file is the vectors file, whatever its name', () => {
    expect(planLoad([{ name: 'labels.csv', format: 'csv' }])).toMatchObject({ kind: 'vectors', vectors: 0, metadata: null });
  });

  it('refuses two vectors files and a metadata file alone, saying why', () => {
    expect(planLoad([{ name: 'a.npy', format: 'npy' }, { name: 'b.npy', format: 'npy' }])).toEqual({
      kind: 'none',
      message: 'several files hold vectors (a.npy, b.npy); load one at a time, together with its metadata file',
    });
    expect(planLoad([{ name: 'm.tsv', format: 'metadata-tsv' }])).toMatchObject({ kind: 'none', metadataOnly: true, message: expect.stringContaining('load it together with its vectors') });
    expect(planLoad([])).toMatchObject({ kind: 'none' });
  });

  it('roles from URL parameters override sniffing', () => {
    expect(planLoad([{ name: 'x.tsv', format: 'metadata-tsv', role: 'data' }, { name: 'y.tsv', format: 'csv', role: 'metadata' }])).toMatchObject({
      vectors: 0,
      metadata: 1,
    });
  });

  it('mentions files it did not use', () => {
    const p = planLoad([{ name: 'v.npy', format: 'npy' }, { name: 'm.tsv', format: 'metadata-tsv' }, { name: 'm2.tsv', format: 'metadata-tsv' }]);
    expect(p).toMatchObject({ vectors: 0, metadata: 1, warnings: ['m2.tsv was not used'] });
  });
});

describe('matchPath(path, names)', () => {
  it('matches the exact path, then the file name, then ignoring case', () => {
    expect(matchPath('a/b.bytes', ['b.bytes', 'a/b.bytes'])).toBe(1);
    expect(matchPath('data/vecs.bytes', ['meta.tsv', 'vecs.bytes'])).toBe(1);
    expect(matchPath('./Meta.TSV', ['meta.tsv'])).toBe(0);
    expect(matchPath('missing.tsv', ['meta.tsv'])).toBe(-1);
  });
});
