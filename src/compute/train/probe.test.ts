import { describe, expect, it } from 'vitest';
import { outputExampleUpdate, outputScores, summarizeDistribution, tiedExampleUpdate, tiedNextToken } from './probe';
import { initTiedParams } from './tiedlm';

describe('probe', () => {
  it('summarizeDistribution lists the top candidates (never <unk>) with ranks, and the target and wrong answer', () => {
    const p = [0.5, 0.1, 0.3, 0.2];
    const s = summarizeDistribution('next-token', p, { context: [0, 1], target: 3, wrong: 1, top: 2 });
    expect(s.top.map((e) => e.id)).toEqual([2, 3]);
    expect(s.target).toEqual({ id: 3, p: 0.2, score: 0.2, rank: 2 });
    expect(s.wrong?.rank).toBe(3);
    expect(s.context).toEqual([1]);
  });

  it('skip-gram / CBOW scores are h·C[w], the context\'s mean input row dotted with each output row: all 0 while C is zero', () => {
    const W = new Float32Array([0, 0, 1, 2, 3, 4, 5, 6]);
    const zero = outputScores(W, new Float32Array(8), 2, [1]);
    expect(zero.p[0]).toBe(0);
    for (let v = 1; v < 4; v++) {
      expect(zero.p[v]).toBeCloseTo(1 / 3, 10);
      expect(zero.scores[v]).toBe(0);
    }
    // h = mean(W[1], W[2]) = (2, 3); C[3] = (1, -1) → score −1.
    const C = new Float32Array([0, 0, 0, 0, 0, 0, 1, -1]);
    expect(outputScores(W, C, 2, [1, 2]).scores[3]).toBeCloseTo(-1, 10);
  });

  for (const cbow of [false, true]) {
    it(`one ${cbow ? 'CBOW' : 'skip-gram'} example step raises the target's score h·C[t] and lowers the wrong answer's`, () => {
      const dim = 4, V = 5;
      const W = Float32Array.from({ length: V * dim }, (_, i) => Math.sin(i * 1.7) * 0.3);
      const C = Float32Array.from({ length: V * dim }, (_, i) => Math.cos(i * 0.9) * 0.3);
      const req = { context: [1, 2], target: 3, wrong: 4 };
      const before = outputScores(W, C, dim, req.context).scores;
      const [t0, w0] = [before[3], before[4]];
      outputExampleUpdate(W, C, dim, req, 0.1, cbow);
      const after = outputScores(W, C, dim, req.context).scores;
      expect(after[3]).toBeGreaterThan(t0);
      expect(after[4]).toBeLessThan(w0);
    });
  }

  it('freeze leaves W alone in the example step', () => {
    const W = Float32Array.from({ length: 12 }, (_, i) => i / 10);
    const C = Float32Array.from({ length: 12 }, (_, i) => 1 - i / 10);
    const w0 = W.slice();
    outputExampleUpdate(W, C, 3, { context: [1], target: 2, wrong: 3 }, 0.5, false, true);
    expect(Array.from(W)).toEqual(Array.from(w0));
  });

  it('one tied-model example step raises p(target | context)', () => {
    const P = initTiedParams(6, 4, true, 3);
    // <unk> is left out of the next-token distribution and the rest renormalised.
    const p = tiedNextToken(() => Float32Array.from([0.5, 0.25, 0.25]), [1]);
    expect(Array.from(p)).toEqual([0, 0.5, 0.5]);
    const req = { context: [1, 2], target: 4, wrong: 5 };
    const l0 = tiedExampleUpdate(P, req, 0.5);
    const l1 = tiedExampleUpdate(P, req, 0.5);
    expect(l1).toBeLessThan(l0);
  });
});

describe('summarizeDistribution', () => {
  it('lists the same top and ranks as a full sort, ties broken by lower ID', () => {
    const p = [0.9, 0.1, 0.3, 0.3, 0.05, 0.2, 0.02];
    const s = summarizeDistribution('next-token', p, { context: [], target: 3, wrong: 6, top: 3 });
    expect(s.top.map((e) => [e.id, e.rank])).toEqual([[2, 1], [3, 2], [5, 3]]);
    expect(s.target?.rank).toBe(2);
    expect(s.wrong?.rank).toBe(6);
  });
});
