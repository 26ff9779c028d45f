import type { LabConfig, LabExample, LabFrame, LabFrameMode } from '../compute/train/labSession';
import type { Probe, ProbeRequest } from '../compute/train/probe';

/**
 * Every job the training lab's worker (train.worker.ts) runs: kind → { params,
 * progress, result }. The worker keeps ONE training session in its module state; jobs
 * name it by id, so a job for a session the worker no longer has (it was replaced, or
 * the worker was restarted) fails with a `SessionLostError` instead of training the
 * wrong table. See trainHandlers.ts for the design.
 */

/** Where the training text comes from. */
export type LabCorpusSource =
  | { readonly kind: 'teaching' }
  /** The prepared State of the Union file (absolute URL: workers resolve relative URLs against their own script). */
  | { readonly kind: 'sotu'; readonly url: string }
  /** The user's own text file, streamed in the worker (a File is a Blob). */
  | { readonly kind: 'file'; readonly file: Blob; readonly name: string };

export interface LabCorpusInfo {
  readonly name: string;
  readonly sentences: number;
  readonly tokens: number;
  /** Tokens below min-count, now `<unk>`. */
  readonly unkTokens: number;
  /** The memory budget was reached: only the start of the text is used. */
  readonly truncated: boolean;
  /** The bilingual teaching corpus (translation hit rate applies). */
  readonly bilingual: boolean;
}

export interface LabOpenParams {
  readonly sessionId: string;
  readonly corpus: LabCorpusSource;
  readonly config: LabConfig;
  /** Absolute URL of the GloVe .sprout file, when config.pretrained. */
  readonly pretrainedUrl: string | null;
}

export interface LabOpenProgress {
  readonly stage: 'download' | 'read' | 'tokenize' | 'pretrained' | 'model';
  readonly text: string;
  /** 0..1 when known. */
  readonly fraction: number | null;
}

export interface LabOpened {
  readonly sessionId: string;
  /** id → word; words[0] is `<unk>`. */
  readonly words: readonly string[];
  readonly counts: Float64Array;
  readonly corpus: LabCorpusInfo;
  /** The config in force (e.g. dim 100 with pretrained vectors). */
  readonly config: LabConfig;
  /** Rows copied from the pretrained vectors (0 without). */
  readonly initCopied: number;
  /** What runs the batches (see LabSession.kernel). */
  readonly kernel: 'wasm' | 'js';
  readonly frame: LabFrame;
}

export interface LabRunParams {
  readonly sessionId: string;
  /** Stop after this many batches (1 = Step, 0 = just report the current frame); null = until cancelled or finished. */
  readonly maxBatches: number | null;
  /** Rate limit; null = as fast as the worker can. */
  readonly batchesPerSecond: number | null;
  /** Minimum time between streamed frames. */
  readonly snapshotMs: number;
  readonly probe: ProbeRequest | null;
  /**
   * Switch the 2D frame to this mode first (bumps frameVersion; a nonlinear mode computes
   * its first layout before training starts). Absent or equal to the current mode: no change.
   * It rides on labRun (maxBatches 0 = switch and report) so the main thread's job door
   * (state/jobs.ts), which passes labRun params through, needs no new method.
   */
  readonly frameMode?: LabFrameMode;
}

// A type alias, not an interface: only aliases satisfy JobMap's string index implicitly.
export type TrainJobMap = {
  labOpen: { params: LabOpenParams; progress: LabOpenProgress; result: LabOpened };
  labRun: { params: LabRunParams; progress: LabFrame; result: LabFrame };
  labRefit: { params: { sessionId: string; probe: ProbeRequest | null }; progress: never; result: LabFrame };
  labProbe: { params: { sessionId: string; probe: ProbeRequest }; progress: never; result: Probe };
  labExample: { params: { sessionId: string; probe: ProbeRequest }; progress: never; result: LabExample };
};
