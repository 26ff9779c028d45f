import type { Dataset } from '../compute/dataset';
import type { LabCorpusInfo, LabOpenProgress } from '../compute/train/labCorpus';
import { DEFAULT_LAB_CONFIG, type LabConfig, type LabExample, type LabFrame, type LabFrameMode, type LabMove, type LabNeighbor } from '../compute/train/labSession';
import type { Probe, ProbeRequest } from '../compute/train/probe';
import { createLossHistory, createTimeline, type LossHistory, type Timeline, type TimelineEntry } from '../compute/train/timeline';
import type { LabOpened, LabOpenParams, LabRunParams } from '../workers/trainJobs';

/**
 * The training lab slice's types, constants and initial state (the slice itself is in
 * lab.ts): what the lab shows, the actions it offers, and the door to the train worker.
 */

/** The door to the train worker (implemented in jobs.ts, faked in tests). */
export interface LabJobs {
  labOpen(params: LabOpenParams, opts?: { signal?: AbortSignal; onProgress?: (p: LabOpenProgress) => void }): Promise<LabOpened>;
  labRun(params: LabRunParams, opts?: { signal?: AbortSignal; onFrame?: (f: LabFrame) => void }): Promise<LabFrame>;
  labRefit(sessionId: string, probe: ProbeRequest | null): Promise<LabFrame>;
  labProbe(sessionId: string, probe: ProbeRequest): Promise<Probe>;
  /** The example update; its frame lists `focus`'s neighbours. */
  labExample(sessionId: string, probe: ProbeRequest, focus: number): Promise<LabExample>;
  /** Neighbours of `focus` in the table saved at timeline step `step` (null: the live table). */
  labNeighbors(sessionId: string, focus: number, step: number | null): Promise<LabNeighbor[] | null>;
  /** The table saved at timeline step `step`, or null when the worker did not keep it. */
  labSnapshotTable(sessionId: string, step: number): Promise<Float32Array | null>;
  /** Hands the live table to the data worker as a dataset named `${label}, step N`; returns what Explore draws. */
  labToExplore(sessionId: string, label: string): Promise<Dataset>;
}

/** The GloVe file used for pretrained initialisation (relative to the site; jobs.ts resolves it). */
export const PRETRAINED_FILE = 'data/glove-10k.sprout';

export type LabCorpusChoice =
  | { readonly kind: 'teaching' }
  | { readonly kind: 'sotu' }
  | { readonly kind: 'file'; readonly file: Blob; readonly name: string };

export interface LabToken {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Vocabulary ID (0 = `<unk>`). */
  readonly id: number;
}

export interface LabSessionInfo {
  readonly id: string;
  readonly words: readonly string[];
  readonly index: ReadonlyMap<string, number>;
  readonly counts: Float64Array;
  readonly corpus: LabCorpusInfo;
  readonly corpusChoice: LabCorpusChoice;
  /** The config in force. */
  readonly config: LabConfig;
  readonly initCopied: number;
  readonly kernel: 'wasm' | 'js';
  /** Per row: index into TEACHING_GROUPS, or -1. */
  readonly group: Int16Array;
}

export type LabPhase = 'idle' | 'opening' | 'ready' | 'running' | 'busy';

/** What moved in the last update (Step or the probe example), for the plot's arrows. */
export interface LabArrows {
  readonly source: 'step' | 'example';
  readonly moves: readonly LabMove[];
  /** The context rows of the probe (highlighted). */
  readonly context: readonly number[];
  readonly frameVersion: number;
}

export interface LabData {
  /** The settings the open session was opened with, or the next one opens with (plain data: links and saved sessions keep them). */
  readonly config: LabConfig;
  readonly corpus: LabCorpusChoice;
  readonly phase: LabPhase;
  /** What the worker is doing while opening. */
  readonly progress: string | null;
  readonly error: string | null;
  readonly info: string | null;
  readonly session: LabSessionInfo | null;
  /** The latest frame from the worker. */
  readonly frame: LabFrame | null;
  readonly losses: LossHistory;
  readonly timeline: Timeline;
  /** Index into timeline.entries being replayed, or null for live. */
  readonly scrub: number | null;
  /** The table saved at the replayed step (from the worker, for the heatmap); null when live or not kept. */
  readonly scrubTable: Float32Array | null;
  /** Batches per second; 0 = as fast as possible. */
  readonly speed: number;
  readonly text: string;
  readonly tokens: readonly LabToken[];
  /** Row whose neighbours are listed, or -1. */
  readonly focus: number;
  readonly neighbors: readonly LabNeighbor[] | null;
  readonly probeText: string;
  readonly probeTarget: string;
  readonly probeWrong: string;
  readonly probe: Probe | null;
  /** The probe before the last Step / example update (null when there was none). */
  readonly probeBefore: Probe | null;
  readonly arrows: LabArrows | null;
  /** How the plot's 2D frame is computed: the worker's mode, as reported by the latest frame. */
  readonly frameMode: LabFrameMode;
}

export interface LabActions {
  /** Opens the default session the first time the lab is shown. */
  init(): Promise<void>;
  /** Opens another corpus (keeping the current parameters). */
  setCorpus(choice: LabCorpusChoice): Promise<void>;
  /** Applies new parameters: a fresh session from the seed. */
  applyConfig(config: LabConfig): Promise<void>;
  reset(): Promise<void>;
  play(): void;
  pause(): Promise<void>;
  step(): Promise<void>;
  setSpeed(batchesPerSecond: number): void;
  refit(): Promise<void>;
  /** Switches the plot's frame (PCA fixed, or UMAP / t-SNE warm-started); a new frame version. */
  setFrameMode(mode: LabFrameMode): Promise<void>;
  setText(text: string): void;
  focus(id: number): void;
  /** Focuses the row of a typed word; false when it is not in the vocabulary. */
  focusWord(word: string): boolean;
  scrub(index: number | null): void;
  setProbe(p: { text?: string; target?: string; wrong?: string }): void;
  trainExample(): Promise<void>;
  openInExplore(): void;
  exportFiles(kind: 'projector' | 'word2vec'): LabExportFile[];
  dismissMessage(): void;
  /**
   * Takes settings from a link or a saved session: with a session open, a changed corpus
   * or config opens a fresh one; before the lab is first shown they wait for init().
   */
  configure(next: { readonly config?: LabConfig; readonly corpus?: LabCorpusChoice; readonly speed?: number; readonly frameMode?: LabFrameMode }): Promise<void>;
  /** Re-creates a saved run in the worker (its settings, replayed from the seed to `step`) and its curves, and plays on if it was playing. */
  resume(saved: LabResume): Promise<void>;
}

/** A training run as a saved session keeps it (lab state saved with every kept snapshot). */
export interface LabResume {
  readonly config: LabConfig;
  readonly corpus: LabCorpusChoice;
  /** Batches trained when saved. */
  readonly step: number;
  /** W at `step`, to check the replay against. */
  readonly table: Float32Array | null;
  readonly running: boolean;
  readonly speed: number;
  readonly frameMode: LabFrameMode;
  readonly losses: LossHistory;
  readonly timeline: readonly TimelineEntry[];
}

export interface LabExportFile {
  readonly name: string;
  readonly type: string;
  readonly parts: readonly string[];
}

/** Frames streamed per second while playing. */
export const SNAPSHOT_MS = 100;

export type ProbeTexts = Pick<LabData, 'probeText' | 'probeTarget' | 'probeWrong'>;
export const ZH_PROBE: ProbeTexts = { probeText: '他很', probeTarget: '高兴', probeWrong: '伤心' };
export const EN_PROBE: ProbeTexts = { probeText: 'the united', probeTarget: 'states', probeWrong: 'kingdom' };

export const initialLabData: LabData = {
  config: DEFAULT_LAB_CONFIG,
  corpus: { kind: 'teaching' },
  phase: 'idle',
  progress: null,
  error: null,
  info: null,
  session: null,
  frame: null,
  losses: createLossHistory(),
  timeline: createTimeline(),
  scrub: null,
  scrubTable: null,
  speed: 20,
  text: '他很高兴',
  tokens: [],
  focus: -1,
  neighbors: null,
  ...ZH_PROBE,
  probe: null,
  probeBefore: null,
  arrows: null,
  frameMode: 'pca',
};
