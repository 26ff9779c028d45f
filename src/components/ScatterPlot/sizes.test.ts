import { describe, expect, it } from 'vitest';
import { sizeClasses, SIZE_STEPS } from './sizes';

describe('sizeClasses', () => {
  it('rounds each size to a quarter step of the base radius and lists the classes present, smallest first', () => {
    const { classes, present } = sizeClasses(Float32Array.from([1, 1.5, 0.3, 1.1, 2]), 5);
    expect(Array.from(classes)).toEqual([4, 6, 1, 4, 8]);
    expect(present).toEqual([1, 4, 6, 8]);
  });

  it('treats missing, non-finite and non-positive sizes as the plain size', () => {
    const { classes } = sizeClasses(Float32Array.from([NaN, -2, 0]), 4);
    expect(Array.from(classes)).toEqual([SIZE_STEPS, SIZE_STEPS, SIZE_STEPS, SIZE_STEPS]);
  });

  it('caps huge sizes so a stray value cannot cover the plot', () => {
    expect(sizeClasses([1000], 1).classes[0]).toBe(32);
  });
});
