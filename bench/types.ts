/** One measured line of `npm run bench`. */
export interface BenchRow {
  /** e.g. "PCA", "UMAP", "t-SNE", "kNN", "threads", "train", "render", "parse", "session" */
  readonly section: string;
  /** The data or setting, e.g. "GloVe 10k×100". */
  readonly case: string;
  /** Implementation, e.g. "sprout", "umap-learn", "druid.js". */
  readonly impl: string;
  /** Wall time of the run itself in ms (data already in memory, warmed up), or null when it did not run. */
  readonly ms: number | null;
  /** CPU time (user + system, every thread) of the run itself, ms. */
  readonly cpuMs?: number | null;
  /** The whole child process the case ran in (start-up, data loading and warm-up included), from /usr/bin/time. */
  readonly process?: ProcessFigures | null;
  /** 1-minute load average just before and just after the case. */
  readonly load?: readonly [number, number];
  /** Threads the implementation ran on. */
  readonly threads?: number;
  /**
   * Independent one-thread copies of our run started at once (2: what two busy cores give
   * this machine, with nothing shared in memory — the ceiling for a 2-thread speed-up
   * here); ms is the slower copy's run time, cpuMs the copies' sum.
   */
  readonly copies?: number;
  /** Every run's time (ms) when the row was run in several rounds (ms is then their median). */
  readonly rounds?: readonly number[];
  /** Peak extra memory in MB during an in-process run (render, parse), when measured. */
  readonly peakMB?: number | null;
  /** Quality and other figures, name → value (recall10, trust10, acc10, words/s, MB/s…). */
  readonly metrics?: Readonly<Record<string, number>>;
  /** Why it did not run, or a remark. */
  readonly note?: string;
}

export interface ProcessFigures {
  readonly wallMs: number;
  readonly cpuMs: number;
  readonly peakRssMB: number;
}

export interface BenchSection {
  readonly name: string;
  run(opts: BenchRunOptions): Promise<BenchRow[]>;
}

export interface BenchRunOptions {
  readonly quick: boolean;
  readonly log: (line: string) => void;
  /** Implementations not to run this time (`--skip=umap-js,druid.js`): their rows say so. */
  readonly skip?: readonly string[];
}
