/**
 * The one in-memory shape every part of Sprout agrees on: n rows of dim float32
 * values in a single row-major buffer, plus one label and any number of metadata
 * columns per row. Point identity is the row index (labels may repeat).
 *
 * Struct-of-arrays on purpose: one Float32Array moves between threads by transfer,
 * and nothing allocates an object per point.
 */

/** A metadata column. Categories are dictionary-encoded so colouring is a lookup. */
export type Column =
  | { readonly name: string; readonly type: 'category'; readonly codes: Uint32Array; readonly categories: readonly string[] }
  | { readonly name: string; readonly type: 'number'; readonly values: Float64Array }
  | { readonly name: string; readonly type: 'text'; readonly values: readonly string[] };

/** Code used in a category column for a missing value. */
export const MISSING_CODE = 0xffffffff;

/** Optional per-row images (MNIST digits, projector sprites): `channels` bytes per pixel. */
export interface RowImages {
  readonly width: number;
  readonly height: number;
  readonly channels: 1 | 3 | 4;
  /** n × height × width × channels bytes, row after row. */
  readonly pixels: Uint8Array;
}

export interface Dataset {
  /** Stable identity for caches (e.g. "builtin:glove-10k" or a file name + size). */
  readonly id: string;
  readonly name: string;
  readonly n: number;
  readonly dim: number;
  /** n × dim, row-major. */
  readonly vectors: Float32Array;
  readonly labels: readonly string[];
  readonly columns: readonly Column[];
  readonly images?: RowImages;
  /** The metric that makes sense for this data's neighbours (cosine for word vectors). */
  readonly metric: Metric;
  /**
   * PCA scores computed when the file was made (built-in data: by our own PCA, at
   * `npm run data`), so the first plot needs no PCA at run time. Absent for user data.
   */
  readonly pca?: PrecomputedPca;
}

export interface PrecomputedPca {
  readonly components: number;
  /** n × components, row-major. */
  readonly scores: Float32Array;
  readonly explainedRatio: readonly number[];
}

export type Metric = 'cosine' | 'euclidean';

/** Throws a clear error when the parts of a dataset disagree about its size. */
export function validateDataset(ds: Dataset): void {
  if (!Number.isInteger(ds.n) || ds.n < 0) throw new Error(`Dataset "${ds.name}": n must be a non-negative integer, got ${ds.n}`);
  if (!Number.isInteger(ds.dim) || ds.dim < 1) throw new Error(`Dataset "${ds.name}": dim must be a positive integer, got ${ds.dim}`);
  if (ds.vectors.length !== ds.n * ds.dim) {
    throw new Error(`Dataset "${ds.name}": expected ${ds.n} × ${ds.dim} = ${ds.n * ds.dim} values, got ${ds.vectors.length}`);
  }
  if (ds.labels.length !== ds.n) throw new Error(`Dataset "${ds.name}": ${ds.n} rows but ${ds.labels.length} labels`);
  for (const c of ds.columns) {
    const len = c.type === 'category' ? c.codes.length : c.values.length;
    if (len !== ds.n) throw new Error(`Dataset "${ds.name}": column "${c.name}" has ${len} values for ${ds.n} rows`);
  }
  if (ds.pca && ds.pca.scores.length !== ds.n * ds.pca.components) {
    throw new Error(`Dataset "${ds.name}": PCA scores need ${ds.n} × ${ds.pca.components} values, got ${ds.pca.scores.length}`);
  }
  if (ds.images) {
    const { width, height, channels, pixels } = ds.images;
    if (pixels.length !== ds.n * width * height * channels) {
      throw new Error(`Dataset "${ds.name}": images need ${ds.n * width * height * channels} bytes, got ${pixels.length}`);
    }
  }
}

/**
 * Turns raw string cells into a typed column: numbers when every present cell parses
 * as a finite number, categories when there are few distinct values, text otherwise.
 * Empty cells are missing values.
 */
export function inferColumn(name: string, cells: readonly string[], maxCategories = 256): Column {
  let numeric = true;
  let present = 0;
  const distinct = new Map<string, number>();
  for (const cell of cells) {
    if (cell === '') continue;
    present++;
    if (numeric && !Number.isFinite(Number(cell))) numeric = false;
    if (distinct.size <= maxCategories && !distinct.has(cell)) distinct.set(cell, distinct.size);
  }
  if (present > 0 && numeric && distinct.size > Math.min(maxCategories, 20)) {
    const values = new Float64Array(cells.length);
    cells.forEach((c, i) => (values[i] = c === '' ? NaN : Number(c)));
    return { name, type: 'number', values };
  }
  if (distinct.size <= maxCategories) {
    const categories = [...distinct.keys()];
    const codes = new Uint32Array(cells.length);
    cells.forEach((c, i) => (codes[i] = c === '' ? MISSING_CODE : (distinct.get(c) as number)));
    return { name, type: 'category', codes, categories };
  }
  return { name, type: 'text', values: [...cells] };
}

/** The display text of row i in a column ('' when missing). */
export function cellText(col: Column, i: number): string {
  switch (col.type) {
    case 'category': {
      const code = col.codes[i];
      return code === MISSING_CODE ? '' : (col.categories[code] ?? '');
    }
    case 'number': {
      const v = col.values[i];
      return Number.isNaN(v) ? '' : String(v);
    }
    case 'text':
      return col.values[i] ?? '';
  }
}
