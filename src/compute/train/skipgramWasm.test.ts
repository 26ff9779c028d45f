import { describe, expect, it } from 'vitest';
import { runToEnd } from '../task';
import { prepareCorpus } from './encode';
import { createSkipGram } from './skipgram';
import type { SkipGramOptions } from './skipgramTypes';
import { wasmKernelUnsupported, wasmSimdSupported } from './skipgramWasm';
import { teachingCorpus } from './teachingCorpus';

const teaching = teachingCorpus({ seed: 1 });
const small = prepareCorpus(teaching.sentences.slice(0, 400), { dictionary: teaching.dictionary });

describe('kernel choice', () => {
  it('Node has WebAssembly SIMD, so auto picks the WASM kernel', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(createSkipGram(small.corpus, small.vocab, { dim: 16 }).kernel).toBe('wasm');
  });

  it('a width that is not a multiple of 4 falls back to JS; asking for wasm then throws', () => {
    expect(wasmKernelUnsupported(small.corpus, small.vocab, { dim: 13 })).toMatch(/multiple of 4/);
    expect(createSkipGram(small.corpus, small.vocab, { dim: 13 }).kernel).toBe('js');
    expect(() => createSkipGram(small.corpus, small.vocab, { dim: 13, kernel: 'wasm' })).toThrow(/multiple of 4/);
    expect(createSkipGram(small.corpus, small.vocab, { dim: 16, kernel: 'js' }).kernel).toBe('js');
  });
});

describe('WASM kernel', () => {
  it('without noise words it walks the corpus exactly as the JS kernel: same touched rows, same counters, W equal to f32 rounding', () => {
    // negative: 0 leaves only the draws both kernels share (sub-sampling, window shrink),
    // so every step must touch the same rows and every weight must agree closely.
    // dim 16 runs the kernel's whole 16- and 32-byte steps, dim 12 its 4-float tails.
    for (const [cbow, dim] of [[false, 16], [true, 16], [false, 12], [true, 12]] as const) {
      const opts: SkipGramOptions = { dim, epochs: 2, seed: 4, batchWords: 120, negative: 0, cbow };
      const js = createSkipGram(small.corpus, small.vocab, { ...opts, kernel: 'js' });
      const wasm = createSkipGram(small.corpus, small.vocab, { ...opts, kernel: 'wasm' });
      let doneJs = false;
      let doneWasm = false;
      while (!doneJs) {
        doneJs = js.step(3);
        doneWasm = wasm.step(3);
        expect(doneWasm).toBe(doneJs);
        expect(Array.from(wasm.lastTouched())).toEqual(Array.from(js.lastTouched()));
        expect(Array.from(wasm.lastTouchedOutput())).toEqual(Array.from(js.lastTouchedOutput()));
        const a = js.stats(), b = wasm.stats();
        expect([b.step, b.epoch, b.wordsProcessed]).toEqual([a.step, a.epoch, a.wordsProcessed]);
        expect(b.lr).toBeCloseTo(a.lr, 12);
        expect(b.loss).toBeCloseTo(a.loss, 4);
      }
      let maxDiff = 0;
      for (let i = 0; i < js.input.length; i++) maxDiff = Math.max(maxDiff, Math.abs(js.input[i] - wasm.input[i]));
      for (let i = 0; i < js.output.length; i++) maxDiff = Math.max(maxDiff, Math.abs(js.output[i] - wasm.output[i]));
      expect(maxDiff).toBeLessThan(1e-4);
    }
  });

  it('W and C are views on memory that never grows: they stay attached and are the tables the result hands out', () => {
    const sg = createSkipGram(small.corpus, small.vocab, { dim: 8, epochs: 2, seed: 1 });
    const { input, output } = sg;
    runToEnd(sg, 3);
    expect(input.byteLength).toBe(small.vocab.words.length * 8 * 4);
    expect(sg.input).toBe(input);
    expect(sg.result().context).toBe(output);
    expect(output.some((x) => x !== 0)).toBe(true);
    expect(input.every(Number.isFinite)).toBe(true);
  });

  it('two trainers in one thread keep separate memories', () => {
    const a = createSkipGram(small.corpus, small.vocab, { dim: 8, epochs: 1, seed: 1 });
    const b = createSkipGram(small.corpus, small.vocab, { dim: 8, epochs: 1, seed: 1 });
    expect(a.input.buffer).not.toBe(b.input.buffer);
    runToEnd(a);
    expect(b.output.every((x) => x === 0)).toBe(true);
    runToEnd(b);
    expect(new Uint8Array(b.input.slice().buffer)).toEqual(new Uint8Array(a.input.slice().buffer));
  });
});
