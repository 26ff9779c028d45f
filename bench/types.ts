/** One measured line of `npm run bench`. Ratios are ours ÷ theirs (time) so < 1 means faster. */
export interface BenchRow {
  /** e.g. "PCA", "render", "parse", "UMAP", "train" */
  readonly section: string;
  /** The data or setting, e.g. "GloVe 10k×100". */
  readonly case: string;
  /** Implementation, e.g. "sprout", "ml-pca", "druid.js". */
  readonly impl: string;
  /** Median wall time in milliseconds (or null when it did not run). */
  readonly ms: number | null;
  /** Peak extra memory in MB during the run, when measured. */
  readonly peakMB?: number | null;
  /** Any quality figure (recall, accuracy, purity, MB/s, words/s), name → value. */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Why it did not run, or a remark. */
  readonly note?: string;
}

export interface BenchSection {
  readonly name: string;
  run(opts: { quick: boolean; log: (line: string) => void }): Promise<BenchRow[]>;
}
