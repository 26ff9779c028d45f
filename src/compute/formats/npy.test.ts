import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { npyArrayParser, npyParser } from './npy';
import { parseBytes } from './stream';
import { cutsArb, npyBytes, npyStrings, onlyParseErrors, parseErrorOf, runCut, runOneByteChunks, utf8 } from './testing';

const parse = (b: Uint8Array, opts = {}) => parseBytes(b, npyParser({ fileName: 'x.npy', ...opts }));
const vals = [0.5, -2, 1.25, 3, 0, 65504];

describe('NumPy .npy', () => {
  it('reads <f4 rows × dims in C order', () => {
    const t = parse(npyBytes([2, 3], '<f4', vals));
    expect([t.n, t.dim]).toEqual([2, 3]);
    expect(Array.from(t.vectors)).toEqual(vals);
  });

  it.each(['<f8', '>f8', '<f2', '>f4', '<i4', '>i2', '<i8', '<u2', '<u8', '|u1', '|i1'])('converts %s to float32', (descr) => {
    const ints = /[iu]/.test(descr);
    const data = ints ? [1, 2, 3, 4, 5, descr.includes('u') ? 200 : -6] : vals;
    const t = parse(npyBytes([3, 2], descr, data));
    expect(Array.from(t.vectors)).toEqual(data);
  });

  it('reads header versions 2 and 3', () => {
    expect(Array.from(parse(npyBytes([1, 2], '<f4', [1, 2], { version: 2 })).vectors)).toEqual([1, 2]);
    expect(Array.from(parse(npyBytes([1, 2], '<f4', [1, 2], { version: 3 })).vectors)).toEqual([1, 2]);
  });

  it('puts Fortran-order data back into row-major rows', () => {
    const t = parse(npyBytes([2, 3], '<f8', vals, { fortran: true }));
    expect(Array.from(t.vectors)).toEqual(vals);
  });

  it('flattens each row of a higher-rank array, with a warning', () => {
    const t = parse(npyBytes([2, 1, 3], '<f4', vals));
    expect([t.n, t.dim]).toEqual([2, 3]);
    expect(t.warnings[0]).toMatch(/read as 2 rows × 3 dims/);
  });

  it('refuses object arrays with the reason', () => {
    const b = npyBytes([2], '|O', [], { headerText: "{'descr': '|O', 'fortran_order': False, 'shape': (2,), }" });
    expect(parseErrorOf(() => parse(b)).message).toMatch(/^x\.npy: it holds Python objects.*unpickling — unsafe/);
  });

  it('refuses a 1-D numeric array, saying how to reshape it', () => {
    expect(parseErrorOf(() => parse(npyBytes([3], '<f4', [1, 2, 3]))).message).toMatch(/expected a 2-D array.*\(3,\).*reshape/);
  });

  it('says when the data is shorter than the header promises', () => {
    const b = npyBytes([2, 3], '<f4', vals);
    expect(parseErrorOf(() => parse(b.subarray(0, b.length - 4))).message).toMatch(/shape \(2, 3\) of '<f4' = 24 bytes of data, but the file has 20/);
  });

  it('lists NaN rows by row number, or drops them when asked', () => {
    const b = npyBytes([3, 2], '<f4', [1, NaN, 2, 3, Infinity, 4]);
    const e = parseErrorOf(() => parse(b));
    expect(e.problems.map((p) => p.line)).toEqual([1, 3]);
    expect(e.message).toMatch(/row 1: value 2 is NaN/);
    const t = parse(b, { nonFinite: 'drop' });
    expect([t.n, t.droppedRows, Array.from(t.vectors)]).toEqual([1, 2, [2, 3]]);
  });

  it('reads a 1-D unicode array as strings (labels)', () => {
    const a = parseBytes(npyStrings(['cat', 'dög', '😀']), npyArrayParser());
    expect(a.kind === 'strings' && a.values).toEqual(['cat', 'dög', '😀']);
  });

  it('gives the same values however the bytes are cut, for every conversion path', () => {
    for (const [descr, fortran] of [['<f4', false], ['<f8', true], ['>f4', false], ['<f2', false]] as const) {
      const bytes = npyBytes([2, 3], descr, vals, { fortran });
      expect(Array.from(runOneByteChunks(bytes, npyParser()).vectors)).toEqual(vals);
      fc.assert(
        fc.property(cutsArb(bytes.length), (cuts) => {
          expect(Array.from(runCut(bytes, cuts, npyParser()).vectors)).toEqual(vals);
        }),
        { numRuns: 50 },
      );
    }
  });

  it('says a file without the magic is not .npy', () => {
    expect(parseErrorOf(() => parse(utf8('hello world, this is text'))).message).toMatch(/not a NumPy \.npy file/);
  });

  it('random bytes (raw or after a valid magic) produce only ParseError', () => {
    const magic = new Uint8Array([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]);
    fc.assert(
      fc.property(fc.boolean(), fc.uint8Array({ maxLength: 200 }), (withMagic, rest) => {
        const b = withMagic ? new Uint8Array([...magic, ...rest]) : rest;
        onlyParseErrors(() => parseBytes(b, npyArrayParser()));
      }),
    );
    const hdr = fc.tuple(fc.constantFrom('<f4', '|O', '<c8', 'x', '<U3', '>i8', ''), fc.constantFrom('True', 'False', 'maybe'), fc.array(fc.integer({ min: -2, max: 1e12 }), { maxLength: 4 }));
    fc.assert(
      fc.property(hdr, fc.uint8Array({ maxLength: 64 }), ([d, f, shape], data) => {
        const head = npyBytes([], '<f4', [], { headerText: `{'descr': '${d}', 'fortran_order': ${f}, 'shape': (${shape.join(',')}), }` });
        onlyParseErrors(() => parseBytes(new Uint8Array([...head, ...data]), npyArrayParser({ memoryBudget: 2 ** 28 })));
      }),
    );
  });
});
