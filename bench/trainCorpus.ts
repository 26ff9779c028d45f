/** What bench/train.ts and its child (bench/cases/train.ts) share: the table width and how a vocabulary is built. */
import { vocabFromCounts, type Vocab } from '../src/compute/train/vocab';

export const TRAIN_DIM = 64;

/** Counts tokens in sentence order (so the parent and the child number words alike). */
export function vocabOf(sentences: readonly (readonly string[])[], minCount: number): Vocab {
  const counts = new Map<string, number>();
  let total = 0;
  for (const s of sentences) {
    for (const t of s) counts.set(t, (counts.get(t) ?? 0) + 1);
    total += s.length;
  }
  return vocabFromCounts(counts, total, minCount);
}
