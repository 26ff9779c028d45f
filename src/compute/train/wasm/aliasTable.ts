/**
 * Walker's alias method for the negative-sampling distribution (count^power over word
 * ids 1..V−1, never `<unk>`): exact, O(1) a draw, 8 bytes a word. The WASM kernel uses
 * it in place of the 2^20-entry table (4 MB) because it stays in cache.
 *
 * Entry i (word id i + 1) is two uint32s: [threshold, alias id]. A uniform uint32 r
 * picks i = floor(r·n / 2^32) with n = V − 1; the low 32 bits of r·n are a second
 * uniform number, independent of i, and the draw is i + 1 when they are below the
 * threshold, else the alias. aliasDraw() is that draw in JS, for tests.
 */

/** Fills `out` (2·(V−1) uint32s) with the alias table of counts[1..]^power. */
export function fillAliasTable(out: Uint32Array, counts: Float64Array, power: number): void {
  const n = counts.length - 1;
  if (n <= 0) return;
  const prob = new Float64Array(n);
  let norm = 0;
  for (let i = 0; i < n; i++) norm += prob[i] = Math.pow(counts[i + 1], power);
  // Scaled so the mean is 1: a column holds one unit of probability.
  for (let i = 0; i < n; i++) prob[i] = norm > 0 ? (prob[i] * n) / norm : 1;
  const alias = new Int32Array(n);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = n - 1; i >= 0; i--) {
    alias[i] = i;
    (prob[i] < 1 ? small : large).push(i);
  }
  // Vose: fill each short column from a tall one, which then shrinks by the same amount.
  while (small.length && large.length) {
    const s = small.pop() as number;
    const l = large.pop() as number;
    alias[s] = l;
    prob[l] += prob[s] - 1;
    (prob[l] < 1 ? small : large).push(l);
  }
  // What is left is 1 up to rounding.
  for (const i of small) prob[i] = 1;
  for (const i of large) prob[i] = 1;
  for (let i = 0; i < n; i++) {
    out[2 * i] = prob[i] >= 1 ? 0xffffffff : Math.floor(prob[i] * 4294967296);
    out[2 * i + 1] = alias[i] + 1;
  }
}

/** One draw from a filled table with a uniform uint32 r (the kernel's arithmetic, in JS). */
export function aliasDraw(table: Uint32Array, r: number): number {
  const n = table.length / 2;
  const prod = BigInt(r >>> 0) * BigInt(n);
  const i = Number(prod >> 32n);
  const coin = Number(prod & 0xffffffffn);
  return coin < table[2 * i] ? i + 1 : table[2 * i + 1];
}
