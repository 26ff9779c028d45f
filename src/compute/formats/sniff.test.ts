import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from './errors';
import { sniffFormat } from './sniff';
import { npyBytes, parseErrorOf, seededVectors, utf16, utf8, word2vecBinaryBytes } from './testing';

const fmt = (name: string, s: string | Uint8Array) => sniffFormat(name, typeof s === 'string' ? utf8(s) : s).format;

describe('sniffFormat', () => {
  it('trusts magic bytes over the extension', () => {
    expect(fmt('data.txt', npyBytes([1, 1], '<f4', [1]))).toBe('npy');
    expect(fmt('x', new Uint8Array([0x50, 0x41, 0x52, 0x31, 0, 0]))).toBe('parquet');
    expect(fmt('x.zip', new Uint8Array([0x50, 0x4b, 3, 4, 0]))).toBe('npz');
    expect(fmt('x', utf8('SPRT....'))).toBe('sprout');
  });

  it('tells projector vectors TSV from a TSV table with a header and from metadata', () => {
    expect(fmt('v.tsv', '0.1\t0.2\n0.3\t0.4\n')).toBe('projector-tsv');
    expect(fmt('v.tsv', 'cat\t0.1\t0.2\n')).toBe('projector-tsv');
    expect(fmt('t.tsv', 'word\tx\ty\ncat\t1\t2\n')).toBe('csv');
    expect(fmt('m.tsv', 'word\tpos\ncat\tnoun\n')).toBe('metadata-tsv');
    expect(fmt('labels.txt', 'cat\ndog\n')).toBe('metadata-tsv');
  });

  it('recognises word2vec text (header), fastText .vec, GloVe and word2vec binary', () => {
    expect(fmt('w.txt', '2 3\na 1 2 3\n')).toBe('word2vec-text');
    expect(fmt('w.vec', '2 3 \na 1 2 3 \n')).toBe('word2vec-text');
    expect(fmt('glove.6B.50d.txt', 'the 0.418 0.24968 -0.41242\n, 0.013441 0.23682\n')).toBe('word2vec-text');
    expect(fmt('GoogleNews.bin', word2vecBinaryBytes(['a', 'b'], seededVectors(2, 50), 50))).toBe('word2vec-binary');
    expect(fmt('noext', word2vecBinaryBytes(['a', 'b'], seededVectors(2, 50), 50))).toBe('word2vec-binary');
  });

  it('recognises CSV, JSON, JSON Lines and projector configs', () => {
    expect(fmt('e.csv', 'a,b\n1,2\n')).toBe('csv');
    expect(fmt('e', 'a,b\n1,2\n')).toBe('csv');
    expect(fmt('e.json', '[[1,2]]')).toBe('json');
    expect(fmt('e.json', '{"a": [1]}\n{"a": [2]}\n')).toBe('jsonl');
    expect(fmt('e.jsonl', '{"a": [1]}')).toBe('jsonl');
    expect(fmt('projector_config.json', '{"embeddings": [{"tensorPath": "t.bytes"}]}')).toBe('projector-config');
    expect(fmt('e.csv', utf16('a,b\r\n1,2\r\n'))).toBe('csv');
  });

  it('says what was tried when nothing fits, and names the file', () => {
    const e = parseErrorOf(() => sniffFormat('mystery.dat', new Uint8Array([1, 2, 3, 0, 255, 7])));
    expect(e.message).toMatch(/^mystery\.dat: unknown format: the file is binary but not NumPy \(\.npy\/\.npz\), Parquet, word2vec binary or Sprout/);
    expect(parseErrorOf(() => sniffFormat('e.dat', utf8('hello world\nfoo, bar baz\n'))).message).toMatch(/^e\.dat: unknown format: tried NumPy, Parquet.*starts with "hello world/);
    expect(parseErrorOf(() => sniffFormat('x.gz', new Uint8Array([0x1f, 0x8b, 8]))).message).toMatch(/gzip-compressed/);
  });

  it('random bytes either get a format or a ParseError, never another exception', () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array({ maxLength: 200 }), (name, b) => {
        try {
          sniffFormat(name, b);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
        }
      }),
    );
  });
});

describe('files that are not data say what they are', () => {
  const codeOf = (name: string, bytes: Uint8Array): string | null => {
    try {
      sniffFormat(name, bytes);
    } catch (e) {
      return (e as ParseError).code;
    }
    return null;
  };

  it('a fastText model (.bin) by its magic number, with how to export a .vec', () => {
    const head = new Uint8Array([0xba, 0x16, 0x4f, 0x2f, 12, 0, 0, 0, 0, 0, 0, 0]);
    expect(codeOf('cc.en.300.bin', head)).toBe('fastTextModel');
    expect(() => sniffFormat('cc.en.300.bin', head)).toThrow(/fastText model.*save_word2vec_format\("vectors\.vec"\)/);
  });

  it('a Python pickle such as a gensim model', () => {
    expect(codeOf('word2vec.model', new Uint8Array([0x80, 0x04, 0x95, 0x10, 0, 0, 0]))).toBe('pythonPickle');
    expect(codeOf('w.pkl', new Uint8Array([0x80, 0x02, 0x63, 0x67]))).toBe('pythonPickle');
  });

  it('a web page', () => {
    expect(codeOf('vectors.tsv', new TextEncoder().encode('\n  <!DOCTYPE html>\n<html lang="en"><head>'))).toBe('webPage');
  });

  it('a word2vec binary file is still word2vec', () => {
    const bin = new Uint8Array([...new TextEncoder().encode('2 2\nab '), 0, 0, 0x80, 0x3f, 0, 0, 0, 0]);
    expect(sniffFormat('w.bin', bin).format).toBe('word2vec-binary');
  });
});
