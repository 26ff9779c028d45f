/**
 * Per-point sizes for the renderers. Each point's size (a multiple of the plot's
 * dot radius) is rounded to a quarter step, a "class"; the renderer draws one pass per
 * class with that class's precomputed disc, smallest first, so bigger (emphasised)
 * points land on top. A handful of classes costs a handful of cheap passes.
 */

/** Quarter steps: class c is a dot c/4 times the base radius. */
export const SIZE_STEPS = 4;
const MAX_CLASS = 32;

export interface SizeClasses {
  /** One class per point (1..MAX_CLASS). */
  readonly classes: Uint8Array;
  /** The classes that occur, ascending. */
  readonly present: readonly number[];
}

/** Classes for the first n sizes; a missing, non-finite or non-positive size counts as 1. */
export function sizeClasses(sizes: ArrayLike<number>, n: number): SizeClasses {
  const classes = new Uint8Array(n);
  const seen = new Set<number>();
  for (let i = 0; i < n; i++) {
    const s = i < sizes.length ? sizes[i] : 1;
    const c = Number.isFinite(s) && s > 0 ? Math.max(1, Math.min(MAX_CLASS, Math.round(s * SIZE_STEPS))) : SIZE_STEPS;
    classes[i] = c;
    seen.add(c);
  }
  return { classes, present: [...seen].sort((a, b) => a - b) };
}
