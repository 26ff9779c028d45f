/**
 * The Projection slice's types, settings and pure helpers (the slice itself is in
 * project.ts): a run's record, finished layouts, the
 * settings and how they become a spec (the layout's identity), and the spec in words.
 */
import type { Dataset } from '../compute/dataset';
import {
  PRE_REDUCE_ABOVE_DIM,
  PRE_REDUCE_DIMS,
  methodInfo,
  type DruidSettings,
  type ProjectionMethodId,
  type ProjectMethodId,
  type ProjectSpec,
  type TsneSettings,
  type UmapSettings,
} from '../compute/project/methods';
import type { GraphInfo, ProjectPhase, ProjectProgress, ProjectQuality, ProjectRunParams, ProjectRunResult, ProjectTimings } from '../compute/project/session';
import type { Layout } from './types';

/** The projection worker's jobs; state/jobs.ts implements them, tests pass fakes. */
export interface ProjectJobs {
  projectRun(params: ProjectRunParams, opts?: { signal?: AbortSignal; onProgress?: (p: ProjectProgress) => void }): Promise<ProjectRunResult>;
  projectQuality(sessionId: number, opts?: { signal?: AbortSignal }): Promise<ProjectQuality>;
  /** Starts and warms the kernel threads projections will use, in the background (once; nothing on one thread). */
  warmKernelThreads?(): void;
}

export interface ProjectionSettings {
  readonly seed: number;
  /** PCA → 50 dims first; null = automatic (on above PRE_REDUCE_ABOVE_DIM dimensions). */
  readonly preReduce: boolean | null;
  readonly tsne: TsneSettings;
  readonly umap: UmapSettings;
  readonly druid: DruidSettings;
}

export interface ProjectionSettingsPatch {
  readonly seed?: number;
  readonly preReduce?: boolean | null;
  readonly tsne?: Partial<TsneSettings>;
  readonly umap?: Partial<UmapSettings>;
  readonly druid?: Partial<DruidSettings>;
}

export type ProjectionStatus = 'running' | 'stepping' | 'paused' | 'done' | 'cancelled' | 'lost' | 'error';

export interface ProjectionRun {
  readonly sessionId: number;
  readonly datasetVersion: number;
  readonly spec: ProjectSpec;
  /** Method name shown on the layout, e.g. "t-SNE". */
  readonly label: string;
  /** The spec in words: method, parameters, seed. */
  readonly identity: string;
  readonly status: ProjectionStatus;
  readonly phase: ProjectPhase | null;
  /** 0..1 within the phase. */
  readonly progress: number;
  readonly timings: ProjectTimings | null;
  readonly graph: GraphInfo | null;
  /** Main-thread wall time while a job ran (pauses excluded), ms. */
  readonly wallMs: number;
  readonly quality: ProjectQuality | null;
  readonly qualityStatus: 'none' | 'measuring' | 'done' | 'failed';
  /** Category column the 10-NN accuracy is about, or null. */
  readonly accuracyColumn: string | null;
  /** Shown from the result cache instead of recomputed. */
  readonly reused: boolean;
  readonly message: string | null;
  /** The isolated rows it projects (a subset dataset in the workers), or null for every row. */
  readonly subset: RunSubset | null;
}

/** A run on some rows only: the subset's id in the workers and its rows (sorted). */
export interface RunSubset {
  readonly id: string;
  readonly rows: Uint32Array;
}

/** A finished layout kept for instant re-display and for the Compare view. */
export interface FinishedLayout {
  /** (dataset version, spec) as a string: the layout's identity. */
  readonly key: string;
  readonly datasetVersion: number;
  readonly spec: ProjectSpec;
  /** The isolated rows it was made of (their subset's id), or null for every row. */
  readonly subsetId: string | null;
  readonly label: string;
  readonly identity: string;
  readonly layout: Layout;
  readonly timings: ProjectTimings | null;
  readonly graph: GraphInfo | null;
  readonly wallMs: number;
  readonly quality: ProjectQuality | null;
}

export interface ProjectionData {
  readonly method: ProjectionMethodId;
  readonly settings: ProjectionSettings;
  readonly run: ProjectionRun | null;
  /** Set when the method is slow for this data: Run waits for a confirmation. */
  readonly confirm: string | null;
  /** Finished layouts of the current dataset, oldest first (at most RESULT_CACHE_SIZE). */
  readonly finished: readonly FinishedLayout[];
}

export interface ProjectionActions {
  /** Picks the method; picking PCA stops any run and shows the PCA layout again. */
  setMethod(method: ProjectionMethodId): void;
  updateSettings(patch: ProjectionSettingsPatch): void;
  /** Starts a run of the current method and settings (restarting any other). */
  run(opts?: { allowSlow?: boolean }): Promise<void>;
  dismissConfirm(): void;
  pause(): void;
  resume(): Promise<void>;
  /** One iteration / epoch: continues a paused run, or starts a new one paused after one unit. */
  step(): Promise<void>;
  /** Stops the run for good; the last frame stays on screen. */
  cancel(): void;
  /** Isolates a seeded random sample small enough for the method (SAMPLE_SIZE) and runs it. */
  runOnSample(): Promise<void>;
  /** Isolates the lit rows (lasso, pick, search, neighbours) and runs the method on them. */
  runOnSelection(): Promise<void>;
  /**
   * Keeps layouts of the current dataset computed earlier (a restored session) as
   * finished ones, so running their spec shows them at once and Compare offers them.
   * Layouts whose size does not match the dataset are ignored.
   */
  adoptFinished(layouts: readonly SavedLayout[]): void;
}

/** A finished layout as a saved session keeps it. */
export interface SavedLayout {
  readonly spec: ProjectSpec;
  readonly coords: Float32Array;
  readonly wallMs: number;
  readonly quality: ProjectQuality | null;
}

/** Rows "run on a sample" takes for a method too slow or refused at this size: as many as run quickly. */
export function sampleSize(method: ProjectMethodId, n: number): number {
  const info = methodInfo(method);
  return Math.min(n, Number.isFinite(info.slowAbove) ? info.slowAbove : n, info.maxPoints);
}

export const DEFAULT_PROJECTION_SETTINGS: ProjectionSettings = {
  seed: 42,
  preReduce: null,
  tsne: { perplexity: 30, learningRate: 'auto', iterations: 750, earlyExaggeration: 12, exaggeration: 1 },
  umap: { nNeighbors: 15, minDist: 0.1, spread: 1, epochs: 'auto' },
  druid: { iterations: null, nNeighbors: 15 },
};


export function effectivePreReduce(settings: ProjectionSettings, dim: number): boolean {
  return settings.preReduce ?? dim > PRE_REDUCE_ABOVE_DIM;
}

/** The spec (identity) of running `method` with `settings` on `dataset`. */
export function specFor(method: ProjectMethodId, settings: ProjectionSettings, dataset: Pick<Dataset, 'dim'>): ProjectSpec {
  const info = methodInfo(method);
  const base = { method, seed: settings.seed >>> 0, preReduce: effectivePreReduce(settings, dataset.dim) && dataset.dim > PRE_REDUCE_DIMS };
  if (info.params === 'tsne') return { ...base, tsne: settings.tsne };
  if (info.params === 'umap') return { ...base, umap: settings.umap };
  if (info.params === 'druid-iterative') return { ...base, druid: { iterations: settings.druid.iterations, nNeighbors: settings.druid.nNeighbors } };
  if (info.params === 'druid-neighbors') return { ...base, druid: { iterations: null, nNeighbors: settings.druid.nNeighbors } };
  return { ...base, druid: { iterations: null, nNeighbors: 15 } };
}

/** JSON with every object's keys sorted, so two equal specs give one string whatever order their keys were written in. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

/** A finished layout's identity: the dataset version, the spec (a stored layout's spec, read from a file, included) and the subset it lays out (none: every row). */
export function finishedKey(datasetVersion: number, spec: ProjectSpec, subsetId?: string | null): string {
  return canonicalJson([datasetVersion, spec, subsetId ?? null]);
}

/** The spec in words, e.g. "t-SNE · perplexity 30 · learning rate auto · … · seed 42". */
export function describeSpec(spec: ProjectSpec): string {
  const info = methodInfo(spec.method);
  const parts: string[] = [info.label];
  if (spec.tsne) {
    const t = spec.tsne;
    parts.push(`perplexity ${t.perplexity}`, `learning rate ${t.learningRate}`, `${t.iterations} iterations`, `early exaggeration ${t.earlyExaggeration}`);
    if (t.exaggeration !== 1) parts.push(`exaggeration ${t.exaggeration}`);
  }
  if (spec.umap) {
    const u = spec.umap;
    parts.push(`${u.nNeighbors} neighbours`, `min dist ${u.minDist}`, `spread ${u.spread}`, `${u.epochs} epochs`);
  }
  if (spec.druid) {
    if (info.params === 'druid-iterative') parts.push(`${spec.druid.iterations ?? 'default'} iterations`);
    if (info.params === 'druid-iterative' && (spec.method === 'pacmap' || spec.method === 'localmap')) parts.push(`${spec.druid.nNeighbors} neighbours`);
    if (info.params === 'druid-neighbors') parts.push(`${spec.druid.nNeighbors} neighbours`);
  }
  parts.push(`seed ${spec.seed}`);
  if (spec.preReduce) parts.push(`PCA → ${PRE_REDUCE_DIMS} dims first`);
  return parts.join(' · ');
}

/** The category column the accuracy figure uses: the colouring one, else the first. */
export function categoryColumn(dataset: Dataset, colorBy: string | null) {
  const cats = dataset.columns.filter((c) => c.type === 'category');
  const pick = cats.find((c) => c.name === colorBy) ?? cats[0];
  return pick && pick.type === 'category' ? pick : null;
}

export const initialProjectionData: ProjectionData = {
  method: 'pca',
  settings: DEFAULT_PROJECTION_SETTINGS,
  run: null,
  confirm: null,
  finished: [],
};

/** A saved session's finished layout as the projection slice's cache keeps it (shown again at once). */
export function adoptedLayout(l: SavedLayout, version: number): FinishedLayout {
  const label = methodInfo(l.spec.method).label;
  return {
    key: finishedKey(version, l.spec, null),
    datasetVersion: version,
    spec: l.spec,
    subsetId: null,
    label,
    identity: describeSpec(l.spec),
    layout: { coords: l.coords, datasetVersion: version, method: label, version: 1, running: false, ms: l.wallMs },
    timings: null,
    graph: null,
    wallMs: l.wallMs,
    quality: l.quality,
  };
}
