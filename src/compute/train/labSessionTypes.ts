/**
 * The lab session's vocabulary: its config (and the checks on it), the frame it reports,
 * and the session interface. Split from labSession.ts (the implementation), which
 * re-exports everything here.
 */
import type { Frame2D } from './frame';
import type { LabExampleReport } from './labExamples';
import type { NonlinearMethod } from './nonlinearFrame';
import type { PretrainedVectors } from './skipgramTypes';
import type { Probe, ProbeRequest } from './probe';
import type { TranslationPair, WordGroup } from './teachingCorpus';
import type { TimelineNews, TimelineReframe } from './timeline';
import type { Vocab } from './vocab';

/**
 * skip-gram (a word's row predicts its neighbours), CBOW (the neighbours' rows predict
 * the word), both with negative sampling and two tables W and C; or the tiny next-token
 * model whose one table is both its input and its output layer (the article's §5).
 */
export type LabModel = 'skipgram' | 'cbow' | 'tied';
export const LAB_MODELS: readonly LabModel[] = ['skipgram', 'cbow', 'tied'];

/**
 * How the table is drawn in 2D: 'pca' — a linear frame fitted once and held until
 * Re-fit (the default); 'umap' / 'tsne' — a nonlinear layout re-computed from time to
 * time, warm-started from the previous picture and rotated onto it (nonlinearFrame.ts).
 */
export type LabFrameMode = 'pca' | NonlinearMethod;
export const LAB_FRAME_MODES: readonly LabFrameMode[] = ['pca', 'umap', 'tsne'];

export interface LabConfig {
  readonly model: LabModel;
  /** Embedding width (forced to the pretrained vectors' width when `pretrained`). */
  readonly dim: number;
  /** Skip-gram: maximum distance to a context word. Tied model: previous tokens averaged. */
  readonly window: number;
  /** Skip-gram noise words per positive pair (unused by the tied model, whose softmax is full). */
  readonly negative: number;
  readonly lr: number;
  readonly epochs: number;
  /** Words seen fewer times become `<unk>` (ID 0). */
  readonly minCount: number;
  readonly seed: number;
  /** Corpus tokens per batch (one Step). */
  readonly batchWords: number;
  /** Skip-gram / CBOW: keep the embedding table W fixed (only the output table C learns). */
  readonly freeze: boolean;
  /** Start from pretrained (GloVe) rows for words both vocabularies share. */
  readonly pretrained: boolean;
}

export const DEFAULT_LAB_CONFIG: LabConfig = {
  model: 'skipgram',
  dim: 32,
  window: 5,
  negative: 5,
  lr: 0.05,
  epochs: 10,
  minCount: 1,
  seed: 1,
  batchWords: 500,
  freeze: false,
  pretrained: false,
};

/**
 * Each model's own window, learning rate, batch and noise words (the lab switches to
 * them with the model). CBOW averages its context, so each update carries less news
 * than a skip-gram pair: with 5 noise words its group purity on the teaching corpus
 * sagged to 0.87 after peaking at 0.92; with 10 it ends at 0.99.
 */
export const MODEL_DEFAULTS: Record<LabModel, Pick<LabConfig, 'window' | 'lr' | 'batchWords' | 'negative'>> = {
  skipgram: { window: 5, lr: 0.05, batchWords: 500, negative: 5 },
  cbow: { window: 5, lr: 0.05, batchWords: 500, negative: 10 },
  tied: { window: 2, lr: 0.1, batchWords: 200, negative: 5 },
};

/** Width of the built-in GloVe vectors used for pretrained initialisation. */
export const PRETRAINED_DIM = 100;
/**
 * The tied model's full softmax costs O(V·D) per token. Its SIMD kernel takes ~0.5 ms a
 * token at V = 20,000, D = 32 (the JS loop 6.7 ms), so above TIED_MAX_VOCAB words (the
 * JS loop's cost at 5,000) it is too slow to watch; without SIMD or with a width that is
 * not a multiple of 4 the JS loop runs and the limit is TIED_MAX_VOCAB_JS.
 */
export const TIED_MAX_VOCAB = 50_000;
export const TIED_MAX_VOCAB_JS = 5_000;

export interface LabFrame {
  readonly sessionId: string;
  /** Batches trained so far. */
  readonly step: number;
  readonly epoch: number;
  readonly epochs: number;
  readonly wordsProcessed: number;
  /** Moving average of the training loss (NaN before the first batch). */
  readonly loss: number;
  readonly lr: number;
  /** 0..1 */
  readonly progress: number;
  readonly finished: boolean;
  readonly dim: number;
  /** Copy of the embedding table (skip-gram / CBOW: the input table W; tied: its one table), V × dim. */
  readonly vectors: Float32Array;
  /** Copy of the output table C (skip-gram / CBOW), V × dim; null for the tied model, whose output layer is `vectors` itself. */
  readonly output: Float32Array | null;
  /** Every row in the current 2D frame, V × 2. */
  readonly coords: Float32Array;
  /** Increments when the 2D frame is re-fitted or its mode changes. */
  readonly frameVersion: number;
  /** Where `coords` come from. In 'umap' / 'tsne' they are not a linear projection: `frame` does not produce them. */
  readonly frameMode: LabFrameMode;
  /**
   * The PCA frame (a few hundred numbers): lets the timeline re-project old snapshots
   * after a re-fit. Always the PCA frame, also when `frameMode` is nonlinear.
   */
  readonly frame: Frame2D;
  /** Rows of the table (`vectors`) changed since the previous frame. */
  readonly touched: Int32Array;
  /** Rows of the output table C changed since the previous frame (empty for the tied model). */
  readonly touchedOut: Int32Array;
  /** Loss of the unfrozen twin trained beside a frozen table (same seed, same batches); null when not frozen. */
  readonly twinLoss: number | null;
  /** Examples trained one at a time ("Next pair") so far; they are not batches and do not move `step`. */
  readonly examples: number;
  /** Group purity (share of each group word's 5 nearest neighbours in its own group); null without group words. */
  readonly purity: number | null;
  /** Translation hit rate (bilingual corpus only). */
  readonly hitRate: number | null;
  /** How much rows still look like their step-0 selves (see movement.ts). */
  readonly movement: LabMovement;
  readonly probe: Probe | null;
  /** Which snapshots the timeline keeps now (the main thread follows it). */
  readonly timeline: TimelineNews;
  /** The neighbours of the row asked for (FrameOptions.focus), or null when not asked. */
  readonly neighbors: { readonly focus: number; readonly list: readonly LabNeighbor[] | null } | null;
  /** Set on the first frame after the 2D frame changed into PCA: how the saved pictures move into it. */
  readonly reframe: TimelineReframe | null;
}

/** A row near the focused one in the embedding table: its ID and cosine similarity. */
export interface LabNeighbor {
  readonly id: number;
  readonly sim: number;
}

/** Neighbours listed for the focused row. */
export const LAB_NEIGHBORS = 10;

export interface LabMovement {
  /** Mean row length of the most frequent 10% of words, of the rarest 10%, and of all rows at step 0. */
  readonly frequent: number;
  readonly rare: number;
  readonly start: number;
  /** The band limits, for the labels ("≥ 120 uses", "≤ 3 uses"). */
  readonly frequentMinCount: number;
  readonly rareMaxCount: number;
  /** Mean cosine similarity of the GloVe-initialised rows to their GloVe vectors; null without. */
  readonly pretrained: number | null;
  /** The rare words measured (rareWords.ts): how many, and how many uses at most. */
  readonly rareWords: number;
  readonly rareWordsMaxCount: number;
  /** Share of those words' nearest neighbours that share a sentence with them (null before they can be measured). */
  readonly rareNeighborShare: number | null;
  /** The same share for a random word of the vocabulary (chance). */
  readonly rareChance: number | null;
}

/** The probe's example update ("Train once"). */
export interface LabExample {
  readonly before: Probe;
  readonly after: Probe;
  /** Loss of this example before the update. */
  readonly loss: number;
  readonly lr: number;
  /** Rows it changed in the input table (or the tied model's one table) and in the output table. */
  readonly touchedIn: Int32Array;
  readonly touchedOut: Int32Array;
  readonly frame: LabFrame;
}

/** A "Next pair" step: the examples trained and the frame after them. */
export interface LabExampleStep extends LabExampleReport {
  readonly frame: LabFrame;
}

export interface LabSessionOptions {
  readonly init?: PretrainedVectors;
  /** Known word groups (purity, plot colours). */
  readonly groups?: readonly WordGroup[];
  /** Translation pairs (hit rate); only for the bilingual corpus. */
  readonly pairs?: readonly TranslationPair[];
}

export interface FrameOptions {
  readonly probe?: ProbeRequest | null;
  /** Recompute purity / hit rate (otherwise the last values are repeated). Default true. */
  readonly metrics?: boolean;
  /** List this row's neighbours in the frame (absent: none listed). */
  readonly focus?: number;
}

export interface LabSession {
  readonly id: string;
  readonly vocab: Vocab;
  readonly config: LabConfig;
  readonly dim: number;
  /** Rows copied from the pretrained vectors. */
  readonly initCopied: number;
  /** Their IDs, ascending. */
  readonly copiedIds: Int32Array;
  /** What runs the batches: the WebAssembly SIMD skip-gram kernel, or plain JS (its fallback, and the tied model). */
  readonly kernel: 'wasm' | 'js';
  /** Trains `batches` batches (fewer if the run ends). */
  step(batches: number): void;
  finished(): boolean;
  /** Batches trained so far. */
  batches(): number;
  /** About how many batches one pass over the corpus takes. */
  batchesPerEpoch(): number;
  /** Rough multiply-adds of one metrics computation (the worker throttles expensive ones). */
  metricsCost(): number;
  frame(opts?: FrameOptions): LabFrame;
  /**
   * Re-fits the 2D frame to the current table, aligned to the current picture. In a
   * nonlinear mode: starts a full layout from the current picture (see settleFrame).
   */
  refit(): void;
  frameMode(): LabFrameMode;
  /**
   * Switches how coords are computed; bumps frameVersion. A nonlinear mode starts a full
   * layout from the current picture (finished by advanceFrame / settleFrame, or by the
   * next frame()). Throws (and keeps the mode) when the table is too large for it.
   */
  setFrameMode(mode: LabFrameMode): void;
  /**
   * Nonlinear modes: starts a warm update of the layout from the current table, unless
   * one is running or the table has not changed since the last one. True when started.
   */
  startFrameUpdate(): boolean;
  /** Does about `budget` units of pending layout work; true when none is left. */
  advanceFrame(budget: number): boolean;
  /** Finishes any pending layout work at once. */
  settleFrame(): void;
  probe(req: ProbeRequest): Probe;
  /** One SGD step on the probe example (target right, wrong as the negative). */
  example(req: ProbeRequest, focus?: number): LabExample;
  /**
   * Trains the corpus's next `count` examples one at a time ("Next pair"), starting (the
   * first time) at the first sentence with `startWords` in a row; the frame lists their rows.
   */
  examples(count: number, startWords: readonly number[], opts?: FrameOptions): LabExampleStep;
  /**
   * The nearest rows to `focus` in the table saved at timeline step `step` (the live table
   * when `step` is null or its table was not kept); null for <unk> or a row out of range.
   */
  neighbors(focus: number, step: number | null): LabNeighbor[] | null;
  /** A copy of the table saved at timeline step `step`, or null when it was not kept. */
  snapshotTable(step: number): Float32Array | null;
  /** A copy of the live table, V × dim. */
  tableCopy(): Float32Array;
}

/** Checks a config and returns it with the pretrained width applied. */
export function normalizeConfig(c: LabConfig): LabConfig {
  const int = (v: number, name: string, min: number, max: number): number => {
    if (!Number.isFinite(v) || Math.floor(v) !== v || v < min || v > max) throw new Error(`${name} must be a whole number from ${min} to ${max}, got ${v}`);
    return v;
  };
  if (!LAB_MODELS.includes(c.model)) throw new Error(`unknown model "${String(c.model)}"`);
  if (!(c.lr > 0 && c.lr <= 10)) throw new Error(`learning rate must be above 0 and at most 10, got ${c.lr}`);
  return {
    ...c,
    dim: c.pretrained ? PRETRAINED_DIM : int(c.dim, 'dim', 1, 512),
    window: int(c.window, 'window', 1, 20),
    negative: int(c.negative, 'negatives', 0, 50),
    epochs: int(c.epochs, 'epochs', 1, 1000),
    minCount: int(c.minCount, 'min-count', 1, 1_000_000),
    seed: int(c.seed, 'seed', 0, 0xffffffff),
    batchWords: int(c.batchWords, 'batch size', 1, 1_000_000),
    freeze: c.model !== 'tied' && c.freeze,
  };
}
