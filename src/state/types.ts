/** The built-in datasets the app can fetch from public/data (scripts/prepare-data.ts makes them). */
export type BuiltinId = 'glove-10k' | 'glove-50k' | 'glove-341k' | 'mnist-10k';

export interface BuiltinInfo {
  readonly id: BuiltinId;
  readonly title: string;
  readonly file: string;
  readonly description: string;
  /** What the rows are, for the line over the plot. */
  readonly kind: 'words' | 'digits';
  /** About the size of the download, in bytes, for sets large enough to say so in the picker. */
  readonly largeBytes?: number;
}

export const BUILTINS: readonly BuiltinInfo[] = [
  { id: 'glove-10k', title: 'GloVe 10k', file: 'data/glove-10k.sprout', kind: 'words', description: 'The 10,000 most frequent English words, 100-d GloVe vectors' },
  { id: 'glove-50k', title: 'GloVe 50k', file: 'data/glove-50k.sprout', kind: 'words', description: 'The 50,000 most frequent English words, 100-d GloVe vectors' },
  {
    id: 'glove-341k',
    title: 'GloVe 341k',
    file: 'data/glove-341k.sprout',
    kind: 'words',
    description: 'All 341,479 words of the GloVe vocabulary, 100-d vectors',
    // 341,479 × 100 float32 + 10 PCA scores a row + labels and metadata (checked against the file by e2e/scale.spec.ts).
    largeBytes: 157.5e6,
  },
  { id: 'mnist-10k', title: 'MNIST digits', file: 'data/mnist-10k.sprout', kind: 'digits', description: '10,000 handwritten digits, 28×28 = 784 pixels each' },
];

export type LayoutNote = 'with-data' | 'from-file';

/** A 2D layout of the current dataset: n × 2 coordinates, row-major. */
export interface Layout {
  readonly coords: Float32Array;
  /** The dataset version this layout belongs to. */
  readonly datasetVersion: number;
  readonly method: string;
  /** Increments whenever coords change (snapshots included), so renderers know to redraw. */
  readonly version: number;
  /** True while a job is still streaming snapshots into it. */
  readonly running: boolean;
  /** Wall time the layout took to compute (including the worker round trip), once known. */
  readonly ms?: number;
  /** Shown instead of a time: 'with-data' for a layout computed with the data (built-in PCA, UMAP), 'from-file' for one made elsewhere. */
  readonly note?: LayoutNote;
  /**
   * A layout of some rows only (a projection of isolated rows): their indices, sorted.
   * The other rows' coordinates are NaN. Absent: a layout of every row.
   */
  readonly rows?: Uint32Array;
  /** The method with its parameters and seed in words (exports write it as provenance). */
  readonly identity?: string;
  readonly seed?: number;
}

export interface PcaInfo {
  /** Explained-variance ratio of each of the first components (≤ 10). */
  readonly explainedRatio: readonly number[];
  readonly xComponent: number;
  readonly yComponent: number;
  /** How the PCA came about, for its layout's status: its time, or 'with-data' when the file carried it. */
  readonly ms?: number;
  readonly note?: LayoutNote;
}

export type LoadStatus =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading'; readonly what: string; readonly loadedBytes: number; readonly totalBytes: number | null }
  | { readonly kind: 'error'; readonly what: string; readonly message: string }
  | { readonly kind: 'ready' };

export interface SearchState {
  readonly query: string;
  /** 1 where the label matches; null when the query is empty. */
  readonly matches: Uint8Array | null;
  readonly count: number;
  /** Set when the query is an invalid /regex/. */
  readonly error: string | null;
}

