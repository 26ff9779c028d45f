import { describe, expect, it } from 'vitest';
import { createRng } from '../random';
import { runToEnd } from '../task';
import { encodeSentences, prepareCorpus } from './encode';
import { createTiedLm, initTiedParams, tiedLossAndGradient, type TiedParams } from './tiedlm';
import { teachingCorpus } from './teachingCorpus';
import { tokenizeWords } from './tokenize';
import { buildVocab, encode } from './vocab';

/** Random parameters with a non-identity hidden layer and non-zero biases, so every path is exercised. */
function randomParams(V: number, D: number, hidden: boolean, seed: number): TiedParams {
  const P = initTiedParams(V, D, hidden, seed);
  const rng = createRng(seed + 100);
  for (const arr of [P.E, P.b, P.A, P.a]) for (let i = 0; i < arr.length; i++) arr[i] = rng.gaussian() * 0.5;
  return P;
}

function checkGradient(hidden: boolean): void {
  const P = randomParams(7, 4, hidden, 1);
  // Context repeats a row and contains the target, so E[3] gets both uses at once.
  const ctx = [3, 5, 3];
  const target = 3;
  const g = tiedLossAndGradient(P, ctx, target);
  const eps = 1e-3;
  let checked = 0;
  for (const [name, arr, grad] of [['E', P.E, g.E], ['b', P.b, g.b], ['A', P.A, g.A], ['a', P.a, g.a]] as const) {
    for (let i = 0; i < arr.length; i++) {
      const x = arr[i];
      arr[i] = x + eps;
      const up = tiedLossAndGradient(P, ctx, target).loss;
      arr[i] = x - eps;
      const down = tiedLossAndGradient(P, ctx, target).loss;
      arr[i] = x;
      // The perturbed value is stored in float32: use the step actually taken.
      const step = Math.fround(x + eps) - Math.fround(x - eps);
      const numeric = (up - down) / step;
      expect(Math.abs(numeric - grad[i]), `${name}[${i}]: numeric ${numeric} vs analytic ${grad[i]}`).toBeLessThan(1e-4 + 1e-3 * Math.abs(numeric));
      checked++;
    }
  }
  expect(checked).toBe(7 * 4 + 7 + (hidden ? 16 + 4 : 0));
}

describe('tied next-token model', () => {
  it('the analytic gradient matches finite differences, with the hidden layer', () => checkGradient(true));
  it('the analytic gradient matches finite differences, without the hidden layer', () => checkGradient(false));

  it('the output gradient reaches every row of E, the input gradient adds to the context rows', () => {
    const P = randomParams(6, 3, false, 2);
    const g = tiedLossAndGradient(P, [1], 2);
    for (let v = 0; v < 6; v++) expect(Math.hypot(...g.E.subarray(v * 3, v * 3 + 3))).toBeGreaterThan(0);
  });

  for (const [dim, kernel] of [[5, 'js'], [8, 'auto']] as const) {
  it(`one training step moves every parameter by −lr × its gradient (dim ${dim}, ${kernel === 'js' ? 'JS loop' : 'SIMD kernel'})`, () => {
    const vocab = buildVocab([['x', 'y', 'z', 'w']]);
    const corpus = encodeSentences([['x', 'y']], vocab); // exactly one example: x → y
    const lm = createTiedLm(corpus, vocab, { dim, lr: 0.3, epochs: 1, batchWords: 1, seed: 4, kernel });
    const before: TiedParams = {
      ...lm.params,
      E: lm.params.E.slice(), b: lm.params.b.slice(), A: lm.params.A.slice(), a: lm.params.a.slice(),
    };
    const x = vocab.index.get('x') as number;
    const y = vocab.index.get('y') as number;
    const g = tiedLossAndGradient(before, [x], y);
    expect(lm.step(1)).toBe(true);
    for (const key of ['E', 'b', 'A', 'a'] as const) {
      const now = lm.params[key];
      for (let i = 0; i < now.length; i++) expect(now[i]).toBeCloseTo(before[key][i] - 0.3 * g[key][i], 6);
    }
    expect(lm.stats().loss).toBeCloseTo(g.loss, 6);
  });
  }

  it('the SIMD kernel and the JS loop train the same table (within 1e-5 relative) on the teaching corpus', () => {
    const tc = teachingCorpus({ seed: 2, sentences: 300 });
    const { vocab, corpus } = prepareCorpus(tc.sentences, { dictionary: tc.dictionary });
    const train = (kernel: 'auto' | 'js'): Float32Array => {
      const lm = createTiedLm(corpus, vocab, { dim: 16, epochs: 1, seed: 3, kernel, batchWords: 50 });
      for (let s = 0; s < 4; s++) lm.step(1);
      return lm.params.E.slice();
    };
    const simd = train('auto');
    const js = train('js');
    let worst = 0;
    let scale = 0;
    for (let i = 0; i < js.length; i++) {
      worst = Math.max(worst, Math.abs(simd[i] - js[i]));
      scale = Math.max(scale, Math.abs(js[i]));
    }
    expect(worst / scale).toBeLessThan(1e-5);
  });

  it('predict returns a probability distribution over the vocabulary', () => {
    const { vocab, corpus } = prepareCorpus(['a b c', 'b c a']);
    const lm = createTiedLm(corpus, vocab, { dim: 4 });
    const p = lm.predict([1, 2]);
    expect(p).toHaveLength(vocab.words.length);
    expect(p.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5);
    expect(p.every((x) => x > 0)).toBe(true);
  });

  it('after training on the teaching corpus, "他很" predicts an emotion word', () => {
    const tc = teachingCorpus({ seed: 1, sentences: 2000 });
    const { vocab, corpus } = prepareCorpus(tc.sentences, { dictionary: tc.dictionary });
    const lm = createTiedLm(corpus, vocab, { dim: 16, epochs: 2, seed: 1 });
    const probe = (): Float32Array => lm.predict(encode(vocab, tokenizeWords('他很')));
    const emotions = [...tc.groups[0].words, ...tc.groups[1].words].map((w) => vocab.index.get(w) as number);
    const mass = (p: Float32Array): number => emotions.reduce((s, id) => s + p[id], 0);
    const untrained = mass(probe());
    runToEnd(lm, 20);
    const p = probe();
    expect(mass(p)).toBeGreaterThan(0.4);
    expect(mass(p)).toBeGreaterThan(untrained * 5);
    const best = p.indexOf(Math.max(...p));
    expect(emotions).toContain(best);
    expect(p[vocab.index.get('高兴') as number]).toBeGreaterThan(p[vocab.index.get('猫') as number]);
  });

  it('is deterministic for a seed and reports rows used as context or target', () => {
    const { vocab, corpus } = prepareCorpus(['a b c d', 'b c a'], {});
    const run = (): Float32Array => {
      const lm = createTiedLm(corpus, vocab, { dim: 4, epochs: 3, seed: 9 });
      runToEnd(lm);
      return lm.params.E;
    };
    expect(Array.from(run())).toEqual(Array.from(run()));
    const lm = createTiedLm(corpus, vocab, { dim: 4, epochs: 1, batchWords: 1 });
    lm.step(1); // predicts b from a
    expect(Array.from(lm.lastTouched()).sort()).toEqual([vocab.index.get('a'), vocab.index.get('b')].sort());
  });
});
