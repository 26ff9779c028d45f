/**
 * The in-memory shapes every part of Sprout agrees on: n rows of dim float32 values in
 * a single row-major buffer, plus one label and any number of metadata columns per row.
 * Point identity is the row index (labels may repeat).
 *
 * A decoded file is a FullDataset; it is split once (splitDataset): the vectors stay in a
 * worker as a VectorTable under the dataset's id, the main thread keeps the Dataset it
 * draws. Struct-of-arrays on purpose: buffers move between threads by transfer, and
 * nothing allocates an object per point.
 */
import type { ProjectSpec } from './project/methods';

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

/**
 * A 2D layout that came with the data: computed when the file was made (built-in data:
 * our own UMAP at `npm run data`) or by someone else (a file's `umap_x`/`umap_y`
 * columns, written by umap-learn or cuML where the data lives).
 */
export interface StoredLayout {
  /** What the pickers call it: "UMAP", or the file's column prefix ("umap", "projection"). */
  readonly name: string;
  /** n × 2, row-major. */
  readonly coords: Float32Array;
  /**
   * How it was computed, when it is exactly what this app computes for that spec (our
   * own method, seed and parameters): running the spec again shows it without recomputing.
   * Absent for layouts made elsewhere.
   */
  readonly spec?: ProjectSpec;
}

/**
 * Everything about a dataset except its vectors: what the main thread holds and draws
 * (labels, metadata columns, images, the stored PCA). The vectors stay in a worker,
 * which keeps them under `id` (see VectorTable); jobs name that id.
 */
export interface Dataset {
  /** The worker-side identity of the vectors; unique per load, so caches keyed by it never go stale. */
  readonly id: string;
  readonly name: string;
  readonly n: number;
  readonly dim: number;
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
  /** 2D layouts that came with the data, the first shown first. */
  readonly layouts?: readonly StoredLayout[];
}

/** A dataset with its vectors, as a file or a trained table decodes: split before it reaches the main thread. */
export interface FullDataset extends Dataset {
  /** n × dim, row-major. */
  readonly vectors: Float32Array;
}

/** What a worker keeps of a dataset to compute with: the vectors, their shape and their metric. */
export interface VectorTable {
  readonly id: string;
  readonly n: number;
  readonly dim: number;
  readonly metric: Metric;
  /** n × dim, row-major; on a SharedArrayBuffer when the page is cross-origin isolated. */
  readonly vectors: Float32Array;
}

/** The two halves of a decoded dataset: what the main thread draws, and what a worker computes with. */
export function splitDataset(full: FullDataset): { dataset: Dataset; table: VectorTable } {
  const { vectors, ...dataset } = full;
  return { dataset, table: { id: full.id, n: full.n, dim: full.dim, metric: full.metric, vectors } };
}

/**
 * The distinct ArrayBuffers behind every typed array of a dataset (or a table): what to
 * list when transferring it, each once (listing one twice throws). SharedArrayBuffers are
 * left out: they are shared, not transferred.
 */
export function datasetBuffers(ds: Dataset | FullDataset | VectorTable): ArrayBuffer[] {
  const buffers = new Set<ArrayBufferLike>();
  if ('vectors' in ds) buffers.add(ds.vectors.buffer);
  if ('labels' in ds) {
    if (ds.images) buffers.add(ds.images.pixels.buffer);
    if (ds.pca) buffers.add(ds.pca.scores.buffer);
    for (const l of ds.layouts ?? []) buffers.add(l.coords.buffer);
    for (const c of ds.columns) {
      if (c.type === 'category') buffers.add(c.codes.buffer);
      else if (c.type === 'number') buffers.add(c.values.buffer);
    }
  }
  return [...buffers].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

export interface PrecomputedPca {
  readonly components: number;
  /** n × components, row-major. */
  readonly scores: Float32Array;
  readonly explainedRatio: readonly number[];
}

export type Metric = 'cosine' | 'euclidean';

/**
 * Whether a dataset has vectors to compute with. A file of precomputed coordinates may
 * come without any (dim 0): it opens as its layouts, and neighbours in the original
 * space, PCA, projections and clusters are not available.
 */
export function hasVectors(ds: Pick<Dataset, 'dim'>): boolean {
  return ds.dim > 0;
}

/** Throws a clear error when the parts of a dataset disagree about its size. */
export function validateDataset(ds: Dataset | FullDataset): void {
  if (!Number.isInteger(ds.n) || ds.n < 0) throw new Error(`Dataset "${ds.name}": n must be a non-negative integer, got ${ds.n}`);
  const layouts = ds.layouts ?? [];
  if (!Number.isInteger(ds.dim) || ds.dim < 0 || (ds.dim === 0 && layouts.length === 0)) {
    throw new Error(`Dataset "${ds.name}": dim must be a positive integer (or 0 when the data carries a layout instead), got ${ds.dim}`);
  }
  if ('vectors' in ds && ds.vectors.length !== ds.n * ds.dim) {
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
  for (const l of layouts) {
    if (l.coords.length !== ds.n * 2) throw new Error(`Dataset "${ds.name}": layout "${l.name}" needs ${ds.n} × 2 values, got ${l.coords.length}`);
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
