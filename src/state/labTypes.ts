import type { Dataset } from '../compute/dataset';
import type { LabCorpusInfo, LabOpenProgress } from '../compute/train/labCorpus';
import type { LabExampleReport } from '../compute/train/labExamples';
import type { LabProblem } from '../compute/train/labProblems';
import { DEFAULT_LAB_CONFIG, type LabConfig, type LabExample, type LabExampleStep, type LabFrame, type LabFrameMode, type LabNeighbor } from '../compute/train/labSession';
import type { LabResumed } from '../compute/train/labResume';
import type { Probe, ProbeRequest } from '../compute/train/probe';
import { createLossHistory, createTimeline, type LossHistory, type Timeline, type TimelineEntry } from '../compute/train/timeline';
import type { LabOpened, LabOpenParams, LabRunParams } from '../workers/trainJobs';
import { DEFAULT_SPEED, type LabHeatScale, type LabLessonId, type LabPanel, type LabUrlState } from './labLessons';

/**
 * The training lab slice's types, constants and initial state (the slice itself is in
 * lab.ts and labCore.ts): what the lab shows, the actions it offers, and the door to the
 * train worker. Everything here is plain data (the lab's settings serialise to a link:
 * labUrl.ts), and every message is data too — a LabNote the lab writes in the
 * interface's language — never an English sentence.
 */

/** The door to the train worker (implemented in jobs.ts, faked in tests). */
export interface LabJobs {
  labOpen(params: LabOpenParams, opts?: { signal?: AbortSignal; onProgress?: (p: LabOpenProgress) => void }): Promise<LabOpened>;
  labRun(params: LabRunParams, opts?: { signal?: AbortSignal; onFrame?: (f: LabFrame) => void }): Promise<LabFrame>;
  labRefit(sessionId: string, probe: ProbeRequest | null): Promise<LabFrame>;
  labProbe(sessionId: string, probe: ProbeRequest): Promise<Probe>;
  /** The probe's example update; its frame lists `focus`'s neighbours. */
  labExample(sessionId: string, probe: ProbeRequest, focus: number): Promise<LabExample>;
  /** The corpus's next `count` examples, trained one at a time. */
  labExamples(params: { sessionId: string; count: number; startWords: readonly number[]; probe: ProbeRequest | null; focus: number }): Promise<LabExampleStep>;
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
  | { readonly kind: 'file'; readonly file: Blob; readonly name: string }
  | { readonly kind: 'text'; readonly text: string; readonly name: string };

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
  /** The rows copied from GloVe (the words it covers), ascending. */
  readonly copiedIds: Int32Array;
  /** About how many batches one pass over the corpus takes. */
  readonly batchesPerEpoch: number;
  readonly kernel: 'wasm' | 'js';
  /** Per row: index into TEACHING_GROUPS, or -1. */
  readonly group: Int16Array;
}

export type LabPhase = 'idle' | 'opening' | 'ready' | 'running' | 'busy';

/** What the lab did or could not do, as data; the lab writes it in the interface's language (lab/notes.ts). */
export type LabNote =
  | { readonly kind: 'restarted' }
  | { readonly kind: 'truncated'; readonly name: string; readonly tokens: number }
  | { readonly kind: 'minCountRaised' }
  | { readonly kind: 'finished'; readonly epochs: number; readonly steps: number }
  | { readonly kind: 'alreadyFinished'; readonly epochs: number }
  | { readonly kind: 'failed'; readonly what: LabTask; readonly detail: string; readonly problem: LabProblem | null }
  | { readonly kind: 'openFailed'; readonly corpus: LabCorpusName; readonly detail: string; readonly problem: LabProblem | null; readonly kept: boolean }
  | { readonly kind: 'badParams'; readonly detail: string }
  | { readonly kind: 'notInVocab'; readonly word: string }
  /** A run re-created after a reload: the step reached and how far its table is from the saved one. */
  | ({ readonly kind: 'resumed' } & LabResumed);

/** The corpus a message is about: a built-in one, or the user's text by its name. */
export type LabCorpusName = { readonly kind: 'teaching' | 'sotu' } | { readonly kind: 'named'; readonly name: string };

/** What failed (for LabNote 'failed'). */
export type LabTask = 'neighbours' | 'probe' | 'training' | 'sync' | 'step' | 'refit' | 'frame' | 'example' | 'examples';

/** The rows the last single update changed, outlined in the tables: a Next-pair step, the probe's update, or one Step. */
export interface LabOutline {
  readonly source: 'examples' | 'probe' | 'step';
  /** Rows of the input table W (the tied model's one table). */
  readonly rowsIn: Int32Array;
  /** Rows of the output table C. */
  readonly rowsOut: Int32Array;
}

/** The last Next-pair step's report (its frame went into `frame`). */
export type LabExampleInfo = LabExampleReport;

export interface LabData {
  /** The settings the open session was opened with, or the next one opens with (plain data: links and saved sessions keep them). */
  readonly config: LabConfig;
  readonly corpus: LabCorpusChoice;
  readonly phase: LabPhase;
  /** What the worker is doing while opening. */
  readonly progress: LabOpenProgress | null;
  readonly error: LabNote | null;
  readonly info: readonly LabNote[];
  readonly session: LabSessionInfo | null;
  /** The latest frame from the worker. */
  readonly frame: LabFrame | null;
  readonly losses: LossHistory;
  /** The unfrozen twin's loss beside a frozen table (empty otherwise). */
  readonly twinLosses: LossHistory;
  readonly timeline: Timeline;
  /** Index into timeline.entries being replayed, or null for live. */
  readonly scrub: number | null;
  /** The table saved at the replayed step (from the worker, for the heatmap); null when live or not kept. */
  readonly scrubTable: Float32Array | null;
  /** Batches per second; 0 = as fast as possible. */
  readonly speed: number;
  /** Frames received since Play was last pressed (how much of a run a learner saw). */
  readonly runFrames: number;
  readonly text: string;
  readonly tokens: readonly LabToken[];
  /** Row whose neighbours are listed, or -1. */
  readonly focus: number;
  /** Row under the pointer — a point of the map, a token, a row of the tables — lit in each table and on the map; -1 for none. */
  readonly hovered: number;
  readonly neighbors: readonly LabNeighbor[] | null;
  readonly probeText: string;
  readonly probeTarget: string;
  readonly probeWrong: string;
  readonly probe: Probe | null;
  /** The probe before the last Step / example update (null when there was none). */
  readonly probeBefore: Probe | null;
  /** The last Next-pair step, for its caption and bar chart. */
  readonly examples: LabExampleInfo | null;
  readonly outline: LabOutline | null;
  readonly heatScale: LabHeatScale;
  /** How the plot's 2D frame is computed: the worker's mode, as reported by the latest frame. */
  readonly frameMode: LabFrameMode;
  /** The guided lesson's step on screen, or null. */
  readonly lesson: LabLessonId | null;
  /** Panels the lesson step hides ("Show all controls" clears it). */
  readonly hidden: readonly LabPanel[];
}

export interface LabActions {
  /** Opens the default session (or the one a link asked for) the first time the lab is shown. */
  init(): Promise<void>;
  /** Opens another corpus (keeping the current parameters). */
  setCorpus(choice: LabCorpusChoice): Promise<void>;
  /** Applies new parameters: a fresh session from the seed. */
  applyConfig(config: LabConfig): Promise<void>;
  reset(): Promise<void>;
  play(): void;
  pause(): Promise<void>;
  step(): Promise<void>;
  /** Trains the corpus's next `count` examples one at a time ("Next pair"). */
  trainExamples(count: number): Promise<void>;
  setSpeed(batchesPerSecond: number): void;
  refit(): Promise<void>;
  /** Switches the plot's frame (PCA fixed, or UMAP / t-SNE warm-started); a new frame version. */
  setFrameMode(mode: LabFrameMode): Promise<void>;
  setText(text: string): void;
  focus(id: number): void;
  /** The row under the pointer (-1: none). */
  hover(id: number): void;
  /** Focuses the row of a typed word; false when it is not in the vocabulary. */
  focusWord(word: string): boolean;
  scrub(index: number | null): void;
  setProbe(p: { text?: string; target?: string; wrong?: string }): void;
  trainExample(): Promise<void>;
  setHeatScale(scale: LabHeatScale): void;
  /** Puts the lab in a lesson step's state (a new session only when its settings differ). */
  openLesson(id: LabLessonId): Promise<void>;
  /** Takes the settings a link carried (before the lab opens, or while it is open). */
  applyUrlState(state: LabUrlState): Promise<void>;
  showAllPanels(): void;
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

/** The steps a Next-pair button offers (examples at a time). */
export const EXAMPLE_STEPS = [1, 20, 100, 500] as const;

export type ProbeTexts = Pick<LabData, 'probeText' | 'probeTarget' | 'probeWrong'>;
export const ZH_PROBE: ProbeTexts = { probeText: '他很', probeTarget: '高兴', probeWrong: '伤心' };
export const EN_PROBE: ProbeTexts = { probeText: 'the united', probeTarget: 'states', probeWrong: 'kingdom' };
export const DEFAULT_TEXT = '他很高兴';

export const initialLabData: LabData = {
  config: DEFAULT_LAB_CONFIG,
  corpus: { kind: 'teaching' },
  phase: 'idle',
  progress: null,
  error: null,
  info: [],
  session: null,
  frame: null,
  losses: createLossHistory(),
  twinLosses: createLossHistory(),
  timeline: createTimeline(),
  scrub: null,
  scrubTable: null,
  speed: DEFAULT_SPEED,
  runFrames: 0,
  text: DEFAULT_TEXT,
  tokens: [],
  focus: -1,
  hovered: -1,
  neighbors: null,
  ...ZH_PROBE,
  probe: null,
  probeBefore: null,
  examples: null,
  outline: null,
  heatScale: 'fixed',
  frameMode: 'pca',
  lesson: null,
  hidden: [],
};
