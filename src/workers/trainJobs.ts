import type { Dataset, VectorTable } from '../compute/dataset';
import type { LabCorpusInfo, LabOpenProgress, LabOpenRequest } from '../compute/train/labCorpus';
import type { LabRunOptions } from '../compute/train/labRunner';
import type { LabResumed, LabResumeRequest } from '../compute/train/labResume';
import type { LabConfig, LabExample, LabExampleStep, LabFrame, LabFrameMode, LabNeighbor } from '../compute/train/labSession';
import type { Probe, ProbeRequest } from '../compute/train/probe';

/**
 * Every job the training lab's worker (train.worker.ts) runs: kind → { params,
 * progress, result }. The worker keeps ONE training session; jobs name it by id, so a
 * job for a session the worker no longer has (it was replaced, or the worker was
 * restarted) fails with a SessionLostError instead of training the wrong table. The
 * session's table and its timeline snapshots stay in the worker: neighbours, saved
 * tables and "Open in Explore" are jobs too. See trainHandlers.ts.
 */

export type LabOpenParams = LabOpenRequest & {
  /** Train the fresh session to a saved step first (a run resumed after a reload; see labResume.ts). */
  readonly resume?: LabResumeRequest;
};

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
  /** Their IDs, ascending (the words GloVe covers). */
  readonly copiedIds: Int32Array;
  /** About how many batches one pass over the corpus takes. */
  readonly batchesPerEpoch: number;
  /** What runs the batches (see LabSession.kernel). */
  readonly kernel: 'wasm' | 'js';
  readonly frame: LabFrame;
  /** Set when the session was resumed: where it got to, and how far its table is from the saved one. */
  readonly resumed?: LabResumed;
}

export interface LabRunParams extends LabRunOptions {
  readonly sessionId: string;
  /**
   * Switch the 2D frame to this mode first (bumps frameVersion; a nonlinear mode computes
   * its first layout before training starts). Absent or equal to the current mode: no change.
   * It rides on labRun (maxBatches 0 = switch and report).
   */
  readonly frameMode?: LabFrameMode;
}

// A type alias, not an interface: only aliases satisfy JobMap's string index implicitly.
export type TrainJobMap = {
  labOpen: { params: LabOpenParams; progress: LabOpenProgress; result: LabOpened };
  labRun: { params: LabRunParams; progress: LabFrame; result: LabFrame };
  labRefit: { params: { sessionId: string; probe: ProbeRequest | null }; progress: never; result: LabFrame };
  labProbe: { params: { sessionId: string; probe: ProbeRequest }; progress: never; result: Probe };
  labExample: { params: { sessionId: string; probe: ProbeRequest; focus: number }; progress: never; result: LabExample };
  /** Trains the corpus's next `count` examples one at a time ("Next pair"); the first time from the sentence with `startWords`. */
  labExamples: { params: { sessionId: string; count: number; startWords: readonly number[]; probe: ProbeRequest | null; focus: number }; progress: never; result: LabExampleStep };
  /** Neighbours of `focus` in the table saved at timeline step `step` (null: the live table). */
  labNeighbors: { params: { sessionId: string; focus: number; step: number | null }; progress: never; result: LabNeighbor[] | null };
  /** The table saved at timeline step `step` (for the heatmap while scrubbing), or null when not kept. */
  labSnapshotTable: { params: { sessionId: string; step: number }; progress: never; result: Float32Array | null };
  /** The live table as a dataset named `${label}, step N`, split for the data worker and the main thread. */
  labExport: { params: { sessionId: string; tag: string; label: string }; progress: never; result: { dataset: Dataset; table: VectorTable } };
};
