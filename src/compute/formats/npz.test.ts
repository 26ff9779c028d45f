import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { Zip, ZipDeflate, ZipPassThrough, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { npyArrayParser, npyParser } from './npy';
import { npzParser } from './npz';
import { parseBytes } from './stream';
import { cutsArb, npyBytes, npyStrings, onlyParseErrors, parseErrorOf, runCut, summary } from './testing';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(fixtures, name)));
const emb = Array.from({ length: 15 }, (_, i) => i / 4 - 1);
const words = ['alpha', 'beta', 'γάμμα', 'delta', '😀'];

/** A ZIP written in streaming mode (sizes in data descriptors after each member). */
function streamedZip(files: Record<string, Uint8Array>, deflate: boolean): Uint8Array {
  const parts: Uint8Array[] = [];
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    parts.push(chunk);
  });
  for (const [name, data] of Object.entries(files)) {
    const f = deflate ? new ZipDeflate(name, { level: 6 }) : new ZipPassThrough(name);
    zip.add(f);
    f.push(data, true);
  }
  zip.end();
  const out = new Uint8Array(parts.reduce((a, p) => a + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

describe('NumPy files written by NumPy itself', () => {
  it('reads np.save output: float32, Fortran-order float64 and a unicode label array', () => {
    expect(Array.from(parseBytes(fixture('real_f4.npy'), npyParser()).vectors)).toEqual(emb);
    expect(Array.from(parseBytes(fixture('real_f8_fortran.npy'), npyParser()).vectors)).toEqual(emb);
    const w = parseBytes(fixture('real_words.npy'), npyArrayParser());
    expect(w.kind === 'strings' && w.values).toEqual(words);
  });

  it('refuses a pickled object array from np.save(allow_pickle=True)', () => {
    expect(parseErrorOf(() => parseBytes(fixture('real_object.npy'), npyParser({ fileName: 'o.npy' }))).message).toMatch(/o\.npy: it holds Python objects/);
  });

  it.each(['real_savez.npz', 'real_compressed.npz'])('reads %s (ZIP64 headers, stored or deflated) with labels from the text array', (name) => {
    const t = parseBytes(fixture(name), npzParser({ fileName: name }), 37);
    expect([t.n, t.dim]).toEqual([5, 3]);
    expect(Array.from(t.vectors)).toEqual(emb);
    expect(t.labels).toEqual(words);
    expect(t.warnings).toContain('vectors read from emb.npy');
    expect(t.warnings).toContain('labels read from words.npy');
  });

  it('names skipped arrays in a warning', () => {
    expect(parseBytes(fixture('real_savez.npz'), npzParser()).warnings).toContain('skipped counts.npy: shape (5) is not rows × dims');
  });
});

describe('.npz', () => {
  const a = npyBytes([2, 2], '<f4', [1, 2, 3, 4]);
  const b = npyBytes([3, 1], '<f8', [5, 6, 7]);
  const labels = npyStrings(['x', 'y']);

  it('reads archives with data descriptors (streamed ZIPs), stored and deflated', () => {
    for (const deflate of [false, true]) {
      const t = parseBytes(streamedZip({ 'vecs.npy': a, 'labels.npy': labels }, deflate), npzParser());
      expect([Array.from(t.vectors), t.labels]).toEqual([[1, 2, 3, 4], ['x', 'y']]);
    }
  });

  it('uses the array the caller names, and lists the members when it is missing', () => {
    const zip = zipSync({ 'a.npy': a, 'b.npy': b });
    expect(Array.from(parseBytes(zip, npzParser({ array: 'b' })).vectors)).toEqual([5, 6, 7]);
    expect(Array.from(parseBytes(zip, npzParser()).vectors)).toEqual([1, 2, 3, 4]);
    expect(parseErrorOf(() => parseBytes(zip, npzParser({ array: 'c', fileName: 'z.npz' }))).message).toMatch(/z\.npz: no array named "c"; it holds a\.npy \(another numeric array\), b\.npy/);
  });

  it('gives the same table whatever chunk sizes the stream is cut into', () => {
    const zip = zipSync({ 'labels.npy': labels, 'v.npy': a }, { level: 9 });
    const want = summary(parseBytes(zip, npzParser()));
    fc.assert(
      fc.property(cutsArb(zip.length), (cuts) => {
        expect(summary(runCut(zip, cuts, npzParser()))).toEqual(want);
      }),
      { numRuns: 60 },
    );
  });

  it('random bytes, raw or spliced into a real archive, produce only ParseError', () => {
    const real = fixture('real_compressed.npz');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), (junk, at) => {
        onlyParseErrors(() => parseBytes(junk, npzParser()));
        const pos = at % real.length;
        const spliced = new Uint8Array([...real.subarray(0, pos), ...junk, ...real.subarray(pos + junk.length)]);
        onlyParseErrors(() => parseBytes(spliced, npzParser()));
      }),
      { numRuns: 200 },
    );
  });
});
