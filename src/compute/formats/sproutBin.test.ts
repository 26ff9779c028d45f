import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MISSING_CODE, type Column, type FullDataset } from '../dataset';
import { decodeSproutBin, encodeSproutBin } from './sproutBin';

function makeDataset(overrides: Partial<FullDataset> = {}): FullDataset {
  return {
    id: 'test',
    name: 'Test set',
    n: 3,
    dim: 2,
    vectors: new Float32Array([0.5, -1.25, 3e-8, 1e30, NaN, -0]),
    labels: ['alpha', 'béta', '高兴 🌱'],
    columns: [],
    metric: 'cosine',
    ...overrides,
  };
}

/** Every error the decoder raises on purpose names the file format or the dataset. */
const deliberateError = /^(Not a Sprout file|Sprout file|FullDataset)/;

describe('encodeSproutBin / decodeSproutBin', () => {
  it('round-trips f32 vectors bit for bit, including NaN and -0', () => {
    const ds = makeDataset();
    const back = decodeSproutBin(encodeSproutBin(ds), 'builtin:test');
    expect(back.id).toBe('builtin:test');
    expect(back.name).toBe('Test set');
    expect([back.n, back.dim, back.metric]).toEqual([3, 2, 'cosine']);
    expect(new Uint8Array(back.vectors.buffer)).toEqual(new Uint8Array(ds.vectors.buffer));
    expect(Object.is(back.vectors[5], -0)).toBe(true);
  });

  it('round-trips unicode labels and an empty name', () => {
    const labels = ['', '"quoted"\n', 'naïve', '清华', '👩‍👩‍👧', '\u0000nul'];
    const ds = makeDataset({ name: '', n: labels.length, dim: 1, vectors: new Float32Array(labels.length), labels });
    expect(decodeSproutBin(encodeSproutBin(ds), 'x').labels).toEqual(labels);
  });

  it('starts with the SPRT magic, version 1, and a 4-byte aligned payload', () => {
    const bytes = encodeSproutBin(makeDataset());
    expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('SPRT');
    const view = new DataView(bytes.buffer);
    expect(view.getUint32(4, true)).toBe(1);
    const headerLength = view.getUint32(8, true);
    const payloadOffset = bytes.length - 3 * 2 * 4;
    expect(payloadOffset % 4).toBe(0);
    expect(payloadOffset - (12 + headerLength)).toBeLessThan(4);
    expect(JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + headerLength))).dtype).toBe('f32');
  });

  it('round-trips category, number and text columns with missing values', () => {
    const columns: Column[] = [
      { name: 'party', type: 'category', categories: ['red', 'blue'], codes: new Uint32Array([1, MISSING_CODE, 0]) },
      { name: 'year', type: 'number', values: new Float64Array([1999.5, NaN, -Infinity]) },
      { name: 'note', type: 'text', values: ['', 'a, b', 'ünïcödé'] },
    ];
    const back = decodeSproutBin(encodeSproutBin(makeDataset({ columns })), 'x');
    expect(back.columns).toHaveLength(3);
    const [cat, num, text] = back.columns;
    expect(cat).toEqual(columns[0]);
    expect(num.type === 'number' && Array.from(num.values)).toEqual([1999.5, NaN, -Infinity]);
    expect(text).toEqual(columns[2]);
  });

  it('stores u8 vectors as one byte per value and decodes them as byte × scale', () => {
    const bytesPerValue = [0, 1, 128, 255];
    const scale = 1 / 255;
    const vectors = Float32Array.from(bytesPerValue, (b) => b * scale);
    const ds = makeDataset({ n: 2, dim: 2, vectors, labels: ['a', 'b'], metric: 'euclidean' });
    const u8 = encodeSproutBin(ds, { dtype: 'u8', scale });
    const headerLength = new DataView(u8.buffer).getUint32(8, true);
    expect(u8.length - Math.ceil((12 + headerLength) / 4) * 4).toBe(4); // 4 values, 4 payload bytes
    expect(Array.from(u8.subarray(u8.length - 4))).toEqual(bytesPerValue);
    const back = decodeSproutBin(u8, 'x');
    expect(Array.from(back.vectors)).toEqual(Array.from(Float32Array.from(bytesPerValue, (b) => b * scale)));
    expect(back.metric).toBe('euclidean');
  });

  it('stores pixels once when MNIST-like images equal the u8 payload', () => {
    const n = 4, side = 8, dim = side * side;
    const pixels = Uint8Array.from({ length: n * dim }, (_, i) => (i * 37) % 256);
    const vectors = Float32Array.from(pixels, (b) => b / 255);
    const ds = makeDataset({ n, dim, vectors, labels: ['0 #0', '1 #0', '2 #0', '3 #0'], images: { width: side, height: side, channels: 1, pixels } });
    const withImages = encodeSproutBin(ds, { dtype: 'u8', scale: 1 / 255 });
    const withoutImages = encodeSproutBin({ ...ds, images: undefined }, { dtype: 'u8', scale: 1 / 255 });
    // Only the small JSON "images" entry is added; no second copy of the 36 pixel bytes.
    expect(withImages.length - withoutImages.length).toBeLessThan(n * dim);
    const back = decodeSproutBin(withImages, 'x');
    expect(back.images).toEqual({ width: side, height: side, channels: 1, pixels });
    expect(back.images!.pixels.buffer).not.toBe(back.vectors.buffer);
    expect(back.vectors[5]).toBeCloseTo(pixels[5] / 255, 6);
  });

  it('round-trips stored PCA scores after the payload, aligned even after a u8 payload of odd length', () => {
    const pca = { components: 2, scores: Float32Array.from([1, 2, 3, 4, 5, -6]), explainedRatio: [0.7, 0.2] };
    const f32 = decodeSproutBin(encodeSproutBin(makeDataset(), { pca }), 'x');
    expect(f32.pca).toEqual(pca);
    // 3 × 1 bytes of u8 payload: the scores must still start on a 4-byte boundary.
    const u8 = makeDataset({ dim: 1, vectors: Float32Array.from([0, 1, 2]) });
    const back = decodeSproutBin(encodeSproutBin(u8, { dtype: 'u8', scale: 1, pca: { ...pca, components: 1, scores: Float32Array.from([9, 8, 7]), explainedRatio: [1] } }), 'x');
    expect([...back.pca!.scores]).toEqual([9, 8, 7]);
    expect(() => encodeSproutBin(makeDataset(), { pca: { ...pca, scores: new Float32Array(5) } })).toThrow(/PCA scores need 3 × 2/);
  });

  it('round-trips stored layouts after the PCA scores, with their specs, as version 2', () => {
    const pca = { components: 1, scores: Float32Array.from([1, 2, 3]), explainedRatio: [0.5] };
    const spec = { method: 'umap', seed: 42, preReduce: false, umap: { nNeighbors: 15, minDist: 0.1, spread: 1, epochs: 'auto' } } as const;
    const layouts = [
      { name: 'UMAP', coords: Float32Array.from([0, 1, 2, 3, 4, 5]), spec },
      { name: 'tsne', coords: Float32Array.from([-1, -2, -3, -4, -5, -6]) },
    ];
    const bytes = encodeSproutBin(makeDataset({ layouts }), { pca });
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(2);
    const back = decodeSproutBin(bytes, 'x');
    expect(back.pca).toEqual(pca);
    expect(back.layouts).toEqual(layouts);
    // Without PCA the layouts follow the (aligned) payload directly.
    const u8 = makeDataset({ dim: 1, vectors: Float32Array.from([0, 1, 2]), layouts });
    expect(decodeSproutBin(encodeSproutBin(u8, { dtype: 'u8', scale: 1 }), 'x').layouts).toEqual(layouts);
  });

  it('holds a layout without any vectors (dim 0), which version 1 never allowed', () => {
    const ds = makeDataset({ dim: 0, vectors: new Float32Array(0), layouts: [{ name: 'umap', coords: Float32Array.from([1, 2, 3, 4, 5, 6]) }] });
    const back = decodeSproutBin(encodeSproutBin(ds), 'x');
    expect([back.n, back.dim, back.vectors.length]).toEqual([3, 0, 0]);
    expect([...back.layouts![0].coords]).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => encodeSproutBin(makeDataset({ dim: 0, vectors: new Float32Array(0) }))).toThrow(/or 0 when the data carries a layout/);
  });

  it('still writes version 1 when nothing needs version 2, and reads version 1 files', () => {
    const bytes = encodeSproutBin(makeDataset());
    expect(new DataView(bytes.buffer).getUint32(4, true)).toBe(1);
    expect(decodeSproutBin(bytes, 'x').layouts).toBeUndefined();
  });

  it('can decode the vectors into a buffer the caller allocates (a SharedArrayBuffer)', () => {
    const back = decodeSproutBin(encodeSproutBin(makeDataset()), 'x', { allocate: (bytes) => new SharedArrayBuffer(bytes) });
    expect(back.vectors.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(back.vectors[0]).toBe(0.5);
  });

  it('stores images separately when they differ from the vectors', () => {
    const pixels = Uint8Array.from({ length: 3 * 2 * 2 * 3 }, (_, i) => 255 - i);
    const ds = makeDataset({ images: { width: 2, height: 2, channels: 3, pixels } });
    const back = decodeSproutBin(encodeSproutBin(ds), 'x');
    expect(back.images).toEqual({ width: 2, height: 2, channels: 3, pixels });
  });

  it('refuses u8 values a byte cannot hold instead of clamping them', () => {
    expect(() => encodeSproutBin(makeDataset({ vectors: new Float32Array([0, 1, 2, 3, 4, -1]) }), { dtype: 'u8', scale: 1 })).toThrow(/does not fit u8/);
  });

  it('picks a u8 scale from the largest value when none is given', () => {
    const ds = makeDataset({ n: 1, dim: 3, vectors: new Float32Array([0, 2, 10]), labels: ['a'] });
    expect(Array.from(decodeSproutBin(encodeSproutBin(ds, { dtype: 'u8' }), 'x').vectors)).toEqual([0, Math.fround(51 * (10 / 255)), 10]);
  });

  it('round-trips an empty dataset', () => {
    const ds = makeDataset({ n: 0, dim: 5, vectors: new Float32Array(0), labels: [] });
    expect(decodeSproutBin(encodeSproutBin(ds), 'x').n).toBe(0);
  });
});

describe('decodeSproutBin rejects broken files with clear errors', () => {
  const good = encodeSproutBin(makeDataset());

  it('names bad magic bytes', () => {
    const bad = good.slice();
    bad[0] = 0x50; // "PPRT"
    expect(() => decodeSproutBin(bad, 'x')).toThrow(/Not a Sprout file: bad magic/);
    expect(() => decodeSproutBin(new TextEncoder().encode('word 0.1 0.2\n'), 'x')).toThrow(/bad magic/);
  });

  it('names an unsupported version', () => {
    const bad = good.slice();
    new DataView(bad.buffer).setUint32(4, 3, true);
    expect(() => decodeSproutBin(bad, 'x')).toThrow(/version 3 is not supported \(this build reads versions 1 to 2\)/);
    new DataView(bad.buffer).setUint32(4, 0, true);
    expect(() => decodeSproutBin(bad, 'x')).toThrow(/version 0 is not supported/);
  });

  it('says how many bytes a truncated payload needed and got', () => {
    expect(() => decodeSproutBin(good.subarray(0, good.length - 1), 'x')).toThrow(`expected ${good.length} bytes, got ${good.length - 1}`);
  });

  it('reports truncation inside the prefix and the header', () => {
    expect(() => decodeSproutBin(good.subarray(0, 7), 'x')).toThrow(/truncated: expected at least 12 bytes, got 7/);
    expect(() => decodeSproutBin(good.subarray(0, 20), 'x')).toThrow(/truncated: .* for the header, got 20/);
  });

  it('rejects trailing bytes after the payload', () => {
    const longer = new Uint8Array(good.length + 4);
    longer.set(good);
    expect(() => decodeSproutBin(longer, 'x')).toThrow(/4 unexpected trailing bytes/);
  });

  it('reports invalid header JSON', () => {
    const bad = good.slice();
    bad[12] = 0x7d; // '}' where '{' was
    expect(() => decodeSproutBin(bad, 'x')).toThrow(/header JSON is invalid/);
  });

  it('reports header fields that disagree', () => {
    const withHeader = (header: object): Uint8Array => {
      const json = new TextEncoder().encode(JSON.stringify(header));
      const out = new Uint8Array(12 + json.length);
      out.set([0x53, 0x50, 0x52, 0x54]);
      new DataView(out.buffer).setUint32(4, 1, true);
      new DataView(out.buffer).setUint32(8, json.length, true);
      out.set(json, 12);
      return out;
    };
    const base = { name: 'h', n: 1, dim: 1, metric: 'cosine', dtype: 'f32', scale: 1, labels: ['a'], columns: [] };
    expect(() => decodeSproutBin(withHeader({ ...base, labels: [] }), 'x')).toThrow(/1 rows but 0 labels/);
    expect(() => decodeSproutBin(withHeader({ ...base, metric: 'manhattan' }), 'x')).toThrow(/unknown metric "manhattan"/);
    expect(() => decodeSproutBin(withHeader({ ...base, columns: [{ name: 'c', type: 'category', categories: ['x'], codes: [1] }] }), 'x')).toThrow(/code 1 is not an index/);
    expect(() => decodeSproutBin(withHeader({ ...base, n: 1e9, labels: ['a'] }), 'x')).toThrow(/1000000000 rows but 1 labels/);
    expect(() => decodeSproutBin(withHeader({ ...base, dim: 1e12 }), 'x')).toThrow(/truncated: expected 4000000000\d{3} bytes, got \d+$/);
    expect(() => decodeSproutBin(withHeader({ ...base, pca: { components: 2, explainedRatio: [0.5, 0.5] } }), 'x')).toThrow(/"pca.components" must be an integer from 1 to 1/);
    expect(() => decodeSproutBin(withHeader({ ...base, pca: { components: 1, explainedRatio: [2] } }), 'x')).toThrow(/between 0 and 1/);
    // A file whose header promises PCA scores but that ends after the vectors.
    const head = withHeader({ ...base, pca: { components: 1, explainedRatio: [0.5] } });
    const noScores = new Uint8Array(((head.length + 3) & ~3) + 4);
    noScores.set(head);
    expect(() => decodeSproutBin(noScores, 'x')).toThrow(`truncated: expected ${noScores.length + 4} bytes, got ${noScores.length}`);
    // Layouts: version 2 only, named, with a spec this build knows.
    const layout = (l: object, version = 2): Uint8Array => {
      const bytes = withHeader({ ...base, dim: 0, layouts: [l] });
      new DataView(bytes.buffer).setUint32(4, version, true);
      return bytes;
    };
    expect(() => decodeSproutBin(layout({ name: 'u' }, 1), 'x')).toThrow(/"dim" must be a positive integer/);
    expect(() => decodeSproutBin(withHeader({ ...base, layouts: [{ name: 'u' }] }), 'x')).toThrow(/"layouts" needs format version 2/);
    expect(() => decodeSproutBin(layout({ name: '' }), 'x')).toThrow(/layout 0 needs a non-empty "name"/);
    expect(() => decodeSproutBin(layout({ name: 'u', spec: { method: 'magic', seed: 1, preReduce: false } }), 'x')).toThrow(/unknown method "magic"/);
    expect(() => decodeSproutBin(layout({ name: 'u', spec: { method: 'umap', seed: -1, preReduce: false } }), 'x')).toThrow(/"seed" must be an unsigned/);
    expect(() => decodeSproutBin(layout({ name: 'u', spec: { method: 'umap', seed: 1, preReduce: false, umap: { nNeighbors: 'x' } } }), 'x')).toThrow(/"nNeighbors" must be/);
    expect(() => decodeSproutBin(layout({ name: 'u' }), 'x')).toThrow(/truncated: expected \d+ bytes/);
  });

  it('never fails on random bytes with anything but a deliberate Error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), fc.boolean(), (random, withMagic) => {
        const bytes = withMagic ? Uint8Array.from([0x53, 0x50, 0x52, 0x54, 1, 0, 0, 0, ...random]) : random;
        try {
          decodeSproutBin(bytes, 'fuzz');
        } catch (e) {
          expect(e).toBeInstanceOf(Error);
          expect((e as Error).message).toMatch(deliberateError);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('never fails on corrupted valid files with anything but a deliberate Error', () => {
    const columns: Column[] = [
      { name: 'k', type: 'category', categories: ['a', 'b'], codes: new Uint32Array([0, 1, MISSING_CODE]) },
      { name: 'v', type: 'number', values: new Float64Array([1, NaN, 3]) },
    ];
    const valid = encodeSproutBin(makeDataset({ columns }));
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.integer({ min: 1, max: valid.length }),
        (edits, keep) => {
          const bytes = valid.slice(0, keep);
          for (const [at, value] of edits) if (at < bytes.length) bytes[at] = value;
          try {
            decodeSproutBin(bytes, 'fuzz');
          } catch (e) {
            expect((e as Error).message).toMatch(deliberateError);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('round-trips random small datasets (property)', () => {
    const datasetArb = fc
      .record({ n: fc.nat(6), dim: fc.integer({ min: 1, max: 5 }) })
      .chain(({ n, dim }) =>
        fc.record({
          n: fc.constant(n),
          dim: fc.constant(dim),
          vectors: fc.float32Array({ minLength: n * dim, maxLength: n * dim }),
          labels: fc.array(fc.string({ unit: 'grapheme' }), { minLength: n, maxLength: n }),
          numbers: fc.array(fc.double(), { minLength: n, maxLength: n }),
        }),
      );
    fc.assert(
      fc.property(datasetArb, ({ n, dim, vectors, labels, numbers }) => {
        const ds = makeDataset({ n, dim, vectors, labels, columns: [{ name: 'x', type: 'number', values: Float64Array.from(numbers) }] });
        const back = decodeSproutBin(encodeSproutBin(ds), 'p');
        expect(new Uint8Array(back.vectors.buffer)).toEqual(new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength));
        expect(back.labels).toEqual(labels);
        const col = back.columns[0];
        expect(col.type === 'number' && Array.from(col.values)).toEqual(numbers.map((v) => (Object.is(v, -0) ? 0 : v)));
      }),
      { numRuns: 300 },
    );
  });
});
