/**
 * Subsets of a dataset: the rows a user isolates (a lasso, a search, a legend category, a
 * sample) and what it takes to project them alone. A subset is named by its parent's id
 * and a hash of its rows, so the same rows always get the same id (a worker that holds
 * it already need not derive it again, and a layout cache keyed by it stays right), and
 * different rows practically never share one.
 */

/** Sorted, distinct row indices of the rows marked 1. */
export function rowsOfMask(mask: Uint8Array): Uint32Array {
  let count = 0;
  for (let i = 0; i < mask.length; i++) if (mask[i]) count++;
  const rows = new Uint32Array(count);
  for (let i = 0, j = 0; i < mask.length; i++) if (mask[i]) rows[j++] = i;
  return rows;
}

/** A 0/1 mask of n rows with `rows` marked. */
export function maskOfRows(rows: ArrayLike<number>, n: number): Uint8Array {
  const mask = new Uint8Array(n);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j];
    if (i >= 0 && i < n) mask[i] = 1;
  }
  return mask;
}

/** The id of the subset `rows` (sorted) of dataset `parentId`: "parent|subset:count:hash". */
export function subsetId(parentId: string, rows: Uint32Array): string {
  // Two independent 32-bit FNV-1a-style hashes of the row indices: 64 bits in all.
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ rows.length;
  for (let j = 0; j < rows.length; j++) {
    const r = rows[j];
    a = Math.imul(a ^ r, 16777619);
    b = Math.imul(b ^ (r + j), 0x5bd1e995);
    b ^= b >>> 15;
  }
  const hex = (v: number): string => (v >>> 0).toString(16).padStart(8, '0');
  return `${parentId}|subset:${rows.length}:${hex(a)}${hex(b)}`;
}

/** The rows' vectors, gathered into a new m × dim table (row j = parent row rows[j]). */
export function gatherRows(vectors: Float32Array, dim: number, rows: Uint32Array): Float32Array {
  const n = vectors.length / dim;
  const out = new Float32Array(rows.length * dim);
  for (let j = 0; j < rows.length; j++) {
    const i = rows[j];
    if (i >= n) throw new Error(`Row ${i} is out of range 0..${n - 1}`);
    out.set(vectors.subarray(i * dim, i * dim + dim), j * dim);
  }
  return out;
}

/** Checks that every row is below n. */
export function checkRange(rows: Uint32Array, n: number): void {
  for (let j = 0; j < rows.length; j++) if (rows[j] >= n) throw new Error(`Row ${rows[j]} is out of range 0..${n - 1}`);
}

/** Checks that rows are sorted, distinct and below n (what subsets and their ids assume). */
export function checkRows(rows: Uint32Array, n: number): void {
  for (let j = 0; j < rows.length; j++) {
    if (rows[j] >= n) throw new Error(`Row ${rows[j]} is out of range 0..${n - 1}`);
    if (j > 0 && rows[j] <= rows[j - 1]) throw new Error('Subset rows must be sorted and distinct');
  }
}

/**
 * A subset's m × 2 layout as a layout of all n rows: the subset's rows at their
 * coordinates, every other row NaN (not drawn, not hit, not fitted).
 */
export function expandSubsetCoords(coords: Float32Array, rows: Uint32Array, n: number): Float32Array {
  if (coords.length !== rows.length * 2) throw new Error(`expected ${rows.length} × 2 coordinates, got ${coords.length}`);
  const out = new Float32Array(n * 2).fill(NaN);
  for (let j = 0; j < rows.length; j++) {
    out[2 * rows[j]] = coords[2 * j];
    out[2 * rows[j] + 1] = coords[2 * j + 1];
  }
  return out;
}

/** A layout with only the rows in `mask` kept (the others NaN): what Isolate shows. */
export function keepRows(coords: Float32Array, mask: Uint8Array): Float32Array {
  const out = coords.slice();
  const n = Math.min(mask.length, coords.length >> 1);
  for (let i = 0; i < n; i++) {
    if (!mask[i]) {
      out[2 * i] = NaN;
      out[2 * i + 1] = NaN;
    }
  }
  return out;
}

/** Values of the parent's per-row array at the subset's rows (category codes for the accuracy figure). */
export function gatherValues(values: Uint32Array, rows: Uint32Array): Uint32Array {
  const out = new Uint32Array(rows.length);
  for (let j = 0; j < rows.length; j++) out[j] = values[rows[j]];
  return out;
}
