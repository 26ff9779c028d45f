/**
 * What a rare word's row is made of, measured rather than called "noisy": a word seen in
 * one or two sentences gets updates only from the few words around it there, so its
 * row stays short and its nearest neighbours are mostly those very words — its one
 * context — rather than words of the same meaning. For a sample of the rarest words we
 * keep the words they share a sentence with ("mates"), and report the share of their
 * nearest neighbours that are mates, beside the share a random word would get (chance).
 */
import type { EncodedCorpus } from './encode';
import { nearestNeighbors, normalizeRows } from './metrics';
import { UNK_ID, type Vocab } from './vocab';

/** Rare words measured (the rarest first): enough for a stable share, few enough to measure each frame. */
export const RARE_SAMPLE = 48;
const NEIGHBORS = 5;

export interface RareWords {
  /** The rare words measured, rarest first. */
  readonly ids: Int32Array;
  /** The most uses among them. */
  readonly maxCount: number;
  /** Per measured word, the words sharing a sentence with it. */
  readonly mates: readonly ReadonlySet<number>[];
  /** Mean share of the vocabulary that is a mate: what a random neighbour list would score. */
  readonly chance: number;
}

/** The rarest words (at most `maxCount` uses, at most RARE_SAMPLE of them) and their sentence mates. */
export function rareWordMates(corpus: EncodedCorpus, vocab: Vocab, maxCount: number): RareWords {
  const V = vocab.words.length;
  const candidates: number[] = [];
  for (let id = 1; id < V; id++) if (vocab.counts[id] <= maxCount) candidates.push(id);
  candidates.sort((a, b) => vocab.counts[a] - vocab.counts[b] || a - b);
  const ids = Int32Array.from(candidates.slice(0, RARE_SAMPLE));
  const slot = new Int32Array(V).fill(-1);
  ids.forEach((id, i) => (slot[id] = i));
  const mates = Array.from(ids, () => new Set<number>());
  const { ids: tokens, offsets } = corpus;
  for (let s = 0; s + 1 < offsets.length; s++) {
    for (let p = offsets[s]; p < offsets[s + 1]; p++) {
      const i = slot[tokens[p]];
      if (i < 0) continue;
      for (let q = offsets[s]; q < offsets[s + 1]; q++) {
        const w = tokens[q];
        if (w !== UNK_ID && w !== ids[i]) mates[i].add(w);
      }
    }
  }
  let chance = 0;
  for (const m of mates) chance += m.size / Math.max(1, V - 2);
  let most = 0;
  for (const id of ids) most = Math.max(most, vocab.counts[id]);
  return { ids, maxCount: most, mates, chance: ids.length ? chance / ids.length : NaN };
}

/** Mean share of each measured word's nearest neighbours (cosine, in `table`) that are its sentence mates. */
export function rareNeighborShare(table: Float32Array, dim: number, rare: RareWords): number {
  if (rare.ids.length === 0) return NaN;
  const unit = normalizeRows(table, dim);
  let sum = 0;
  rare.ids.forEach((id, i) => {
    const nn = nearestNeighbors(table, dim, id, NEIGHBORS, { normalized: unit });
    let hits = 0;
    for (const j of nn.ids) if (rare.mates[i].has(j)) hits++;
    sum += hits / NEIGHBORS;
  });
  return sum / rare.ids.length;
}

/** Multiply-adds of one rareNeighborShare call (the run loop throttles expensive metrics). */
export function rareShareCost(rare: RareWords, V: number, dim: number): number {
  return (rare.ids.length + 1) * V * dim;
}
