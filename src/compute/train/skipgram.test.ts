import { describe, expect, it } from 'vitest';
import { runToEnd } from '../task';
import { prepareCorpus } from './encode';
import { groupPurity, translationHitRate } from './metrics';
import { createSkipGram as create } from './skipgram';
import type { SkipGramOptions, SkipGramTrainer } from './skipgramTypes';
import type { EncodedCorpus } from './encode';
import type { Vocab } from './vocab';
import { teachingCorpus } from './teachingCorpus';

const teaching = teachingCorpus({ seed: 1 });
const { vocab, corpus } = prepareCorpus(teaching.sentences, { dictionary: teaching.dictionary });
// A small slice for the mechanical tests: fast, still every kind of sentence.
const small = prepareCorpus(teaching.sentences.slice(0, 400), { dictionary: teaching.dictionary });

function bytes(a: Float32Array): Uint8Array {
  return new Uint8Array(a.buffer.slice(a.byteOffset, a.byteOffset + a.byteLength));
}

// Every behaviour holds for both kernels: the WebAssembly SIMD one and the plain-JS fallback.
describe.each(['wasm', 'js'] as const)('createSkipGram, %s kernel', (kernel) => {
  const createSkipGram = (c: EncodedCorpus, v: Vocab, opts: SkipGramOptions = {}): SkipGramTrainer => {
    const sg = create(c, v, { ...opts, kernel });
    expect(sg.kernel).toBe(kernel);
    return sg;
  };

  it('groups the teaching words: purity ≥ 0.9 over the whole vocabulary after 10 epochs (seed 1, dim 32)', () => {
    const sg = createSkipGram(corpus, vocab, { dim: 32, epochs: 10, lr: 0.05, seed: 1, batchWords: 5000 });
    runToEnd(sg, 10);
    const p = groupPurity(sg.input, sg.dim, vocab, teaching.groups);
    expect(p.missing).toEqual([]);
    expect(p.purity).toBeGreaterThanOrEqual(0.9);
    // Chinese and English meet: a word's nearest word in the other language is at least in its group.
    const t = translationHitRate(sg.input, sg.dim, vocab, teaching.pairs);
    expect(t.groupHitRate).toBeGreaterThanOrEqual(0.9);
    expect(t.hitRate).toBeGreaterThan(0.4);
  });

  it('random W is not grouped (the purity above is learned, not built in)', () => {
    const sg = createSkipGram(corpus, vocab, { dim: 32, epochs: 1, seed: 1 });
    expect(groupPurity(sg.input, sg.dim, vocab, teaching.groups).purity).toBeLessThan(0.3);
  });

  it('CBOW groups the teaching words too', () => {
    const sg = createSkipGram(corpus, vocab, { dim: 32, epochs: 10, cbow: true, seed: 1, batchWords: 5000 });
    runToEnd(sg, 10);
    expect(groupPurity(sg.input, sg.dim, vocab, teaching.groups, { among: 'groups' }).purity).toBeGreaterThanOrEqual(0.9);
  });

  it('starts with W uniform in (−0.5/D, 0.5/D) and C at zero', () => {
    const sg = createSkipGram(small.corpus, small.vocab, { dim: 16, seed: 3 });
    expect(sg.input.every((x) => x > -0.5 / 16 && x < 0.5 / 16)).toBe(true);
    expect(sg.input.some((x) => x !== 0)).toBe(true);
    expect(sg.output.every((x) => x === 0)).toBe(true);
  });

  it('the same seed gives bit-identical tables; another seed does not', () => {
    const run = (seed: number, cbow = false): Float32Array => {
      const sg = createSkipGram(small.corpus, small.vocab, { dim: 16, epochs: 2, seed, cbow });
      runToEnd(sg, 3);
      return sg.input;
    };
    expect(bytes(run(7))).toEqual(bytes(run(7)));
    expect(bytes(run(7, true))).toEqual(bytes(run(7, true)));
    expect(bytes(run(7))).not.toEqual(bytes(run(8)));
  });

  it('the result does not depend on how the work is sliced into steps', () => {
    const a = createSkipGram(small.corpus, small.vocab, { dim: 16, epochs: 2, seed: 5, batchWords: 100 });
    const b = createSkipGram(small.corpus, small.vocab, { dim: 16, epochs: 2, seed: 5, batchWords: 100 });
    runToEnd(a, 1);
    runToEnd(b, 7);
    expect(bytes(a.input)).toEqual(bytes(b.input));
  });

  it('freeze keeps W byte for byte while C learns', () => {
    const sg = createSkipGram(small.corpus, small.vocab, { dim: 16, epochs: 2, seed: 1, freeze: true });
    const before = bytes(sg.input);
    runToEnd(sg, 5);
    expect(bytes(sg.input)).toEqual(before);
    expect(sg.output.some((x) => x !== 0)).toBe(true);
    expect(sg.lastTouched()).toHaveLength(0);
  });

  it('init copies the pretrained rows of shared words, reports their IDs, and leaves other rows random', () => {
    const dim = 8;
    const words = ['高兴', 'nosuchword', 'happy', 'red'];
    const vectors = new Float32Array(words.length * dim);
    words.forEach((_, j) => vectors.fill(j + 1, j * dim, (j + 1) * dim));
    const sg = createSkipGram(small.corpus, small.vocab, { dim, seed: 1, init: { words, vectors, dim } });
    const expected = ['高兴', 'happy', 'red'].map((w) => small.vocab.index.get(w) as number).sort((x, y) => x - y);
    expect(Array.from(sg.initCopied)).toEqual(expected);
    expect(Array.from(sg.input.subarray(expected[0] * dim, expected[0] * dim + dim)).every((x) => x >= 1)).toBe(true);
    const happy = small.vocab.index.get('happy') as number;
    expect(Array.from(sg.input.subarray(happy * dim, happy * dim + dim))).toEqual(new Array(dim).fill(3));
    const other = small.vocab.index.get('他') as number;
    expect(Math.abs(sg.input[other * dim])).toBeLessThan(0.5 / dim);
  });

  it('init with a different width throws', () => {
    expect(() => createSkipGram(small.corpus, small.vocab, { dim: 8, init: { words: ['a'], vectors: new Float32Array(4), dim: 4 } })).toThrow(/dim 4/);
  });

  it('lastTouched lists exactly the W rows the last step changed', () => {
    const sg = createSkipGram(small.corpus, small.vocab, { dim: 16, epochs: 1, seed: 2, batchWords: 50 });
    sg.step(1);
    const before = sg.input.slice();
    sg.step(1);
    const D = sg.dim;
    const changed: number[] = [];
    for (let r = 0; r < small.vocab.words.length; r++) {
      for (let k = 0; k < D; k++) {
        if (sg.input[r * D + k] !== before[r * D + k]) {
          changed.push(r);
          break;
        }
      }
    }
    const touched = Array.from(sg.lastTouched()).sort((a, b) => a - b);
    expect(touched.length).toBeGreaterThan(0);
    expect(touched).toEqual(changed);
  });

  it('counts steps, epochs and words, reaches progress 1, decays the learning rate and lowers the loss', () => {
    const sg = createSkipGram(small.corpus, small.vocab, { dim: 16, epochs: 3, seed: 1, batchWords: 200, lr: 0.05 });
    sg.step(1);
    const first = sg.stats();
    expect(first.step).toBe(1);
    expect(first.loss).toBeGreaterThan(0);
    expect(first.wordsProcessed).toBeGreaterThanOrEqual(200);
    let steps = 1;
    while (!sg.step(1)) steps++;
    const last = sg.stats();
    expect(sg.progress()).toBe(1);
    expect(last.epoch).toBe(3);
    expect(last.wordsProcessed).toBe(3 * small.corpus.ids.length);
    expect(last.lr).toBeLessThan(first.lr);
    expect(last.loss).toBeLessThan(first.loss);
    expect(steps).toBeGreaterThan(5);
  });

  it('snapshot copies W; result hands out the live tables', () => {
    const sg = createSkipGram(small.corpus, small.vocab, { dim: 8, epochs: 1, seed: 1 });
    const snap = sg.snapshot();
    expect(snap.vectors).not.toBe(sg.input);
    expect(bytes(snap.vectors)).toEqual(bytes(sg.input));
    runToEnd(sg);
    expect(sg.result().vectors).toBe(sg.input);
    expect(sg.result().context).toBe(sg.output);
  });

  it('an empty corpus finishes at once', () => {
    const empty = prepareCorpus([]);
    const sg = createSkipGram(empty.corpus, empty.vocab, { dim: 4 });
    expect(sg.step(1)).toBe(true);
  });
});
