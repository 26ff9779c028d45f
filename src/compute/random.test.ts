import { describe, expect, it } from 'vitest';
import { createRng } from './random';

// A seed must give the same numbers in every version: saved views and shared links
// replay projections and training runs from their seeds. These are sfc32's outputs
// (seeded through splitmix32, 12 discarded draws) as the first version produced them.
describe('createRng', () => {
  it('gives the stream it always gave for a seed', () => {
    const r = createRng(42);
    expect(Array.from({ length: 4 }, () => r.uint32())).toEqual([1028872839, 2516511472, 400437680, 853279530]);
    expect(Array.from({ length: 3 }, () => r.next())).toEqual([0.44710162095725536, 0.8355816230177879, 0.8486008339095861]);
    expect(Array.from({ length: 4 }, () => r.int(1000))).toEqual([929, 464, 991, 218]);
    expect(Array.from({ length: 3 }, () => r.gaussian())).toEqual([-0.4842691621276581, -0.17412874551871146, 0.10294384349477904]);
    expect(r.shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual([2, 5, 9, 7, 1, 8, 0, 6, 4, 3]);
  });

  it('takes any number as a seed, as its unsigned 32 bits', () => {
    expect(createRng(0).uint32()).toBe(4205396811);
    expect(createRng(1).uint32()).toBe(1828152527);
    expect(createRng(-7).uint32()).toBe(4242807802);
    expect(createRng(2 ** 32 + 5).uint32()).toBe(2829050452);
    expect(createRng(2 ** 32 + 5).uint32()).toBe(createRng(5).uint32());
  });

  // NN-descent and the trees make new generators in every run; as objects of their own
  // closures each was a new call target for V8's optimised loops (see dense.ts's Arena).
  it('gives every generator the same methods', () => {
    const a = createRng(1);
    const b = createRng(2);
    expect(a.uint32).toBe(b.uint32);
    expect(a.int).toBe(b.int);
    expect(a.next).toBe(b.next);
  });

  it('keeps separate generators apart', () => {
    const first = createRng(7).uint32();
    const a = createRng(7);
    const b = createRng(7);
    a.uint32();
    a.uint32();
    expect(b.uint32()).toBe(first);
  });
});
