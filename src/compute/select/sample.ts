/**
 * Seeded row sampling for datasets too large to show whole: a uniform random
 * sample, or one stratified by a metadata column (each group keeps its share of
 * the rows, so rare groups are not lost). Indices come back sorted, so a sample
 * keeps the file's order, and the same seed gives the same rows.
 */
import { cellText, MISSING_CODE, type Column, type FullDataset, type RowImages } from '../dataset';
import { createRng } from '../random';

/** k distinct indices out of 0..n-1, uniformly at random, sorted ascending. */
export function randomSampleIndices(n: number, k: number, seed: number): Uint32Array {
  const m = Math.max(0, Math.min(n, Math.floor(k)));
  if (m === n) return identity(n);
  const rng = createRng(seed);
  let out: Uint32Array;
  if (m * 4 < n) {
    // Sparse: Floyd's algorithm needs memory for the sample only.
    const chosen = new Set<number>();
    for (let j = n - m; j < n; j++) {
      const t = rng.int(j + 1);
      chosen.add(chosen.has(t) ? j : t);
    }
    out = Uint32Array.from(chosen);
  } else {
    // Dense: a partial Fisher–Yates shuffle of all indices.
    const all = identity(n);
    for (let i = 0; i < m; i++) {
      const j = i + rng.int(n - i);
      const t = all[i];
      all[i] = all[j];
      all[j] = t;
    }
    out = all.slice(0, m);
  }
  return out.sort();
}

/**
 * About k indices stratified by `strata` (one group code per row): every group gets
 * its proportional share (largest remainders round it to exactly k), and at least one
 * row when k allows, so a group with few rows stays visible. Sorted ascending.
 */
export function stratifiedSampleIndices(strata: Uint32Array, k: number, seed: number): Uint32Array {
  const n = strata.length;
  const m = Math.max(0, Math.min(n, Math.floor(k)));
  if (m === n) return identity(n);
  // Group the rows: counting sort by code (codes are remapped to 0..g-1 first).
  const codeOf = new Map<number, number>();
  const counts: number[] = [];
  const dense = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    let g = codeOf.get(strata[i]);
    if (g === undefined) {
      g = counts.length;
      codeOf.set(strata[i], g);
      counts.push(0);
    }
    dense[i] = g;
    counts[g]++;
  }
  const groups = counts.length;
  const start = new Uint32Array(groups + 1);
  for (let g = 0; g < groups; g++) start[g + 1] = start[g] + counts[g];
  const fill = start.slice(0, groups);
  const byGroup = new Uint32Array(n);
  for (let i = 0; i < n; i++) byGroup[fill[dense[i]]++] = i;

  const quota = allocate(counts, m);
  const rng = createRng(seed);
  const out = new Uint32Array(m);
  let w = 0;
  for (let g = 0; g < groups; g++) {
    const pick = randomSampleIndices(counts[g], quota[g], rng.uint32());
    for (let j = 0; j < pick.length; j++) out[w++] = byGroup[start[g] + pick[j]];
  }
  return out.subarray(0, w).sort();
}

/**
 * Splits m among groups of the given sizes in proportion (largest remainder), then
 * moves single rows from the biggest shares to empty groups, so every group gets at
 * least one when m allows. Never gives a group more than it has.
 */
export function allocate(counts: readonly number[], m: number): number[] {
  const total = counts.reduce((a, b) => a + b, 0);
  const quota = counts.map(() => 0);
  if (total === 0 || m <= 0) return quota;
  const take = Math.min(m, total);
  const exact = counts.map((c) => (c * take) / total);
  let given = 0;
  for (let g = 0; g < counts.length; g++) {
    quota[g] = Math.floor(exact[g]);
    given += quota[g];
  }
  const byRemainder = counts.map((_, g) => g).sort((a, b) => exact[b] - quota[b] - (exact[a] - quota[a]) || a - b);
  for (let i = 0; given < take && i < byRemainder.length; i++) {
    const g = byRemainder[i];
    if (quota[g] < counts[g]) {
      quota[g]++;
      given++;
    }
  }
  // Rare groups: one row each, taken from the largest shares.
  const empty = counts.map((_, g) => g).filter((g) => counts[g] > 0 && quota[g] === 0).sort((a, b) => counts[b] - counts[a]);
  for (const g of empty) {
    let donor = -1;
    for (let h = 0; h < counts.length; h++) if (quota[h] > 1 && (donor < 0 || quota[h] > quota[donor])) donor = h;
    if (donor < 0) break;
    quota[donor]--;
    quota[g]++;
  }
  return quota;
}

/** One group code per row from a metadata column (missing values form their own group). */
export function strataOf(column: Column, n: number): Uint32Array {
  if (column.type === 'category') return column.codes;
  const codes = new Uint32Array(n);
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const text = cellText(column, i);
    let c = seen.get(text);
    if (c === undefined) {
      c = text === '' ? MISSING_CODE : seen.size;
      seen.set(text, c);
    }
    codes[i] = c;
  }
  return codes;
}

/** The rows `indices` of a dataset (vectors, labels, metadata, images) as a new dataset. */
export function takeRows(ds: FullDataset, indices: Uint32Array, rename?: { id?: string; name?: string }): FullDataset {
  const k = indices.length;
  const dim = ds.dim;
  const vectors = new Float32Array(k * dim);
  const labels = new Array<string>(k);
  for (let j = 0; j < k; j++) {
    const i = indices[j];
    vectors.set(ds.vectors.subarray(i * dim, (i + 1) * dim), j * dim);
    labels[j] = ds.labels[i];
  }
  const columns = ds.columns.map((c): Column => {
    switch (c.type) {
      case 'category': {
        const codes = new Uint32Array(k);
        for (let j = 0; j < k; j++) codes[j] = c.codes[indices[j]];
        return { name: c.name, type: 'category', codes, categories: c.categories };
      }
      case 'number': {
        const values = new Float64Array(k);
        for (let j = 0; j < k; j++) values[j] = c.values[indices[j]];
        return { name: c.name, type: 'number', values };
      }
      case 'text': {
        const values = new Array<string>(k);
        for (let j = 0; j < k; j++) values[j] = c.values[indices[j]];
        return { name: c.name, type: 'text', values };
      }
    }
  });
  let images: RowImages | undefined;
  if (ds.images) {
    const { width, height, channels } = ds.images;
    const size = width * height * channels;
    const pixels = new Uint8Array(k * size);
    for (let j = 0; j < k; j++) pixels.set(ds.images.pixels.subarray(indices[j] * size, (indices[j] + 1) * size), j * size);
    images = { width, height, channels, pixels };
  }
  // Layouts that came with the file keep their chosen rows (a stored PCA does not: it would no longer be the sample's PCA).
  const layouts = (ds.layouts ?? []).map((l) => {
    const coords = new Float32Array(2 * k);
    for (let j = 0; j < k; j++) {
      coords[2 * j] = l.coords[2 * indices[j]];
      coords[2 * j + 1] = l.coords[2 * indices[j] + 1];
    }
    return { name: l.name, coords }; // a spec would claim this is what the method gives for the sample: it is not
  });
  return {
    id: rename?.id ?? ds.id,
    name: rename?.name ?? ds.name,
    n: k,
    dim,
    vectors,
    labels,
    columns,
    ...(images ? { images } : {}),
    ...(layouts.length > 0 ? { layouts } : {}),
    metric: ds.metric,
  };
}

function identity(n: number): Uint32Array {
  const a = new Uint32Array(n);
  for (let i = 0; i < n; i++) a[i] = i;
  return a;
}

/** How many rows to show of a dataset too large to show whole. */
export type SampleChoice =
  | { readonly rows: 'all' }
  | { readonly rows: 'random'; readonly size: number; readonly seed: number }
  | { readonly rows: 'stratified'; readonly column: string; readonly size: number; readonly seed: number };

/** What the status line says about a sample ("showing 100,000 of 150,000 · random sample, seed 1"). */
export interface SampleInfo {
  readonly shown: number;
  readonly total: number;
  readonly how: string;
}

const count = (v: number): string => v.toLocaleString('en-US');

/** The rows to show for a choice (the dataset itself for 'all'), and the words that say so. */
export function sampleDataset(ds: FullDataset, choice: SampleChoice): { dataset: FullDataset; sample: SampleInfo | null } {
  if (choice.rows === 'all' || choice.size >= ds.n) return { dataset: ds, sample: null };
  let indices: Uint32Array;
  let how: string;
  if (choice.rows === 'stratified') {
    const column = ds.columns.find((c) => c.name === choice.column);
    if (!column) throw new Error(`there is no column "${choice.column}" to stratify by`);
    indices = stratifiedSampleIndices(strataOf(column, ds.n), choice.size, choice.seed);
    how = `stratified by ${choice.column}, seed ${choice.seed}`;
  } else {
    indices = randomSampleIndices(ds.n, choice.size, choice.seed);
    how = `random sample, seed ${choice.seed}`;
  }
  const shown = indices.length;
  const name = `${ds.name} — showing ${count(shown)} of ${count(ds.n)}`;
  return { dataset: takeRows(ds, indices, { id: `${ds.id}/${choice.rows}:${shown}:${choice.seed}`, name }), sample: { shown, total: ds.n, how } };
}
