/**
 * How rows change during training — the lab's evidence for two of the seed's lessons:
 *  - a word seen rarely gets few updates, so its row stays short and made of a few
 *    chance contexts (noise), while frequent words' rows grow long and consistent: the
 *    mean row length (L2 norm) by frequency band shows it (word2vec's known
 *    length–frequency relation; the random start is tiny, ±0.5/dim per value);
 *  - a row initialised from GloVe drifts as fine-tuning adapts it: the mean cosine
 *    similarity of those rows to their GloVe vectors falls from 1.
 */

export interface FrequencyBands {
  /** The most frequent rows (by corpus count), excluding `<unk>` (row 0). */
  readonly frequent: Int32Array;
  /** The rarest rows. */
  readonly rare: Int32Array;
  /** Fewest uses among the frequent rows, most among the rare ones (for the labels). */
  readonly frequentMinCount: number;
  readonly rareMaxCount: number;
}

/** The top and bottom `share` of rows 1..V−1 by count (at least one row each; ties by ID). */
export function frequencyBands(counts: ArrayLike<number>, share = 0.1): FrequencyBands {
  const ids = Array.from({ length: Math.max(0, counts.length - 1) }, (_, i) => i + 1);
  ids.sort((a, b) => counts[b] - counts[a] || a - b);
  const m = ids.length === 0 ? 0 : Math.max(1, Math.floor(ids.length * share));
  const frequent = Int32Array.from(ids.slice(0, m));
  const rare = Int32Array.from(ids.slice(ids.length - m));
  return {
    frequent,
    rare,
    frequentMinCount: m ? counts[frequent[m - 1]] : 0,
    rareMaxCount: m ? counts[rare[0]] : 0,
  };
}

/** Mean L2 length of `rows` (NaN without rows). */
export function meanRowLength(table: Float32Array, dim: number, rows: ArrayLike<number>): number {
  if (rows.length === 0) return NaN;
  let sum = 0;
  for (let r = 0; r < rows.length; r++) {
    const o = rows[r] * dim;
    let q = 0;
    for (let k = 0; k < dim; k++) q += table[o + k] * table[o + k];
    sum += Math.sqrt(q);
  }
  return sum / rows.length;
}

/** Mean cosine similarity of `rows` of `table` to the same rows of `start`; NaN without rows. Zero rows count as 0. */
export function meanCosineToStart(table: Float32Array, start: Float32Array, dim: number, rows: ArrayLike<number>): number {
  if (rows.length === 0) return NaN;
  let sum = 0;
  for (let r = 0; r < rows.length; r++) {
    const o = rows[r] * dim;
    let ab = 0, aa = 0, bb = 0;
    for (let k = 0; k < dim; k++) {
      const a = table[o + k], b = start[o + k];
      ab += a * b;
      aa += a * a;
      bb += b * b;
    }
    sum += aa > 0 && bb > 0 ? ab / Math.sqrt(aa * bb) : 0;
  }
  return sum / rows.length;
}
