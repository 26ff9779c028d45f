/**
 * The Load slice's types and constants (the slice is load.ts): "bring your own vectors".
 */
import type { Dataset } from '../compute/dataset';
import type { LoadFailure, LoadInput, LoadProgress, LoadRequest, StallNotice } from '../compute/formats/loadTypes';
import { memoryBudgetFor } from '../compute/formats/meter';
import type { FormatId } from '../compute/formats/sniff';
import type { SampleChoice, SampleInfo } from '../compute/select/sample';
import type { ParseOutcome, ParseSuccess } from '../workers/parseJobs';

/**
 * The door to the parse worker (implemented in jobs.ts, faked in tests). The parsed
 * table stays in the worker while the user reviews it; `takeParsed` samples it there and
 * hands the chosen rows' vectors to the data worker, returning what is drawn.
 */
export interface LoadJobs {
  parseData(request: LoadRequest, opts?: { signal?: AbortSignal; onProgress?: (p: LoadProgress) => void }): Promise<ParseOutcome>;
  takeParsed(id: string, choice: SampleChoice): Promise<{ dataset: Dataset; sample: SampleInfo | null }>;
  /** The review was closed: the parse worker may forget the table. */
  dropParsed(id: string): void;
}

/** With `sampling: 'ask'`, above this many rows loading asks whether to show a sample. */
export const SAMPLE_THRESHOLD = 100_000;
export const DEFAULT_SAMPLE_SIZE = 100_000;
/**
 * The memory a load may take (streams and table; compute/formats/meter.ts), from the
 * device where the browser says how much it has. The table is then held by the parse
 * worker during review, and by the data worker after.
 */
export interface MemoryBudget {
  readonly bytes: number;
  /** From navigator.deviceMemory; false when that is missing and the default applies. */
  readonly fromDevice: boolean;
}

/** The budget for this browser (Node and browsers without navigator.deviceMemory get the default). */
export function deviceMemoryBudget(): MemoryBudget {
  const nav = (globalThis as { navigator?: { deviceMemory?: number } }).navigator;
  return memoryBudgetFor(nav?.deviceMemory);
}

export type FormatChoice = FormatId | 'auto';
/** 'ask' reads NaN/Infinity rows as dropped and asks before showing the rest. */
export type NonFiniteChoice = 'ask' | 'drop' | 'error';

/**
 * 'fit': a file loads whole when it fits this device's data budget (rowBudget.ts) and the
 * sampling dialog asks only above it; 'ask': the dialog asks above SAMPLE_THRESHOLD rows.
 */
export type SamplingChoice = 'fit' | 'ask';

export interface LoadOptions {
  readonly format: FormatChoice;
  readonly nonFinite: NonFiniteChoice;
  readonly sampling: SamplingChoice;
  /** Columns of precomputed 2D coordinates, as typed: '' finds them by name (see rowBudget.ts parseLayoutColumns). */
  readonly layoutColumns: string;
}

export type FileLoad =
  | { readonly kind: 'idle' }
  | {
      readonly kind: 'reading';
      /** What is being loaded, for people ("words.vec + meta.tsv"). */
      readonly what: string;
      readonly file: string;
      readonly bytes: number;
      readonly totalBytes: number | null;
      readonly rows: number;
      /** A download that has sent nothing for a while, or null. */
      readonly stalled: StallNotice | null;
      /** The silence the user already agreed to wait through ("Keep waiting"): the notice returns after more. */
      readonly stallAccepted: number;
    }
  /** `failure` is null when the error was not about the files (a worker crash). */
  | { readonly kind: 'failed'; readonly what: string; readonly message: string; readonly failure: LoadFailure | null }
  | {
      readonly kind: 'review';
      readonly what: string;
      readonly result: ParseSuccess;
      /** Rows with NaN/Infinity were left out and the user has not agreed yet. */
      readonly askNonFinite: boolean;
      /** More rows than fit the data budget (or than SAMPLE_THRESHOLD, when the user asked to be asked). */
      readonly large: boolean;
      /** A Parquet file with several text columns: which gives the labels is the user's to confirm (result.labelChoice). */
      readonly askLabels: boolean;
    };

/** Where the data on screen came from and how it was read: enough to read it again the same way (a reload, a link). */
export interface LoadSource {
  /** The files (Blobs) or addresses, as given. */
  readonly inputs: readonly LoadInput[];
  readonly format: FormatChoice;
  /** Rows with NaN/Infinity were left out. */
  readonly droppedNonFinite: boolean;
  readonly choice: SampleChoice;
  /** The projector config's embedding that was shown (a config with several). */
  readonly embedding?: string | null;
}

/** What the last successful load was, for the status and the format picker. */
export interface LoadedInfo {
  readonly what: string;
  readonly format: FormatId;
  readonly formatWhy: string;
  readonly files: readonly string[];
  readonly warnings: readonly string[];
  /** Set when only a sample is shown. */
  readonly sample: SampleInfo | null;
  readonly source?: LoadSource;
  /** Every embedding of the projector config that was read, when it has several (null otherwise), and the one shown. */
  readonly embeddings: readonly string[] | null;
  readonly embedding: string | null;
}

/** How a load ended: on screen, failed (see fileLoad), cancelled, waiting in review, or replaced by a newer load. */
export type LoadOutcome = 'shown' | 'failed' | 'cancelled' | 'review' | 'superseded';

export interface LoadData {
  /** The load in progress, failed, or waiting for a decision. */
  readonly status: FileLoad;
  readonly options: LoadOptions;
  readonly loaded: LoadedInfo | null;
  readonly budget: MemoryBudget;
}

export interface LoadActions {
  /** Opens picked or dropped files (vectors + metadata, or a projector config + its files). */
  openFiles(files: readonly { readonly name: string; readonly file: Blob }[]): Promise<LoadOutcome>;
  /** Opens pasted text; the format is sniffed unless chosen. */
  openText(text: string): Promise<LoadOutcome>;
  /** Opens addresses (the ?config= / ?data= / &metadata= URL parameters). */
  openUrls(urls: { readonly config?: string; readonly data?: string; readonly metadata?: string; readonly embedding?: string }): Promise<LoadOutcome>;
  /** Reads the last projector config again, showing another of its embeddings. */
  openEmbedding(name: string): Promise<LoadOutcome>;
  /** Reads the file under review again with its labels from `column` (one of result.labelChoice.columns). */
  chooseLabels(column: string): Promise<LoadOutcome>;
  /** Hides the stalled-download notice; it returns if the silence goes on. */
  keepWaiting(): void;
  setOptions(options: Partial<LoadOptions>): void;
  /** Runs the last load again, with changed options (another format, dropping NaN rows). */
  retry(options?: Partial<LoadOptions>): Promise<LoadOutcome>;
  cancel(): void;
  /** Shows the dataset waiting in review, all of it or a sample. */
  confirm(choice: SampleChoice): Promise<LoadOutcome>;
  /** Closes an error or a review; the current dataset stays. */
  dismiss(): void;
}

export const initialLoadData: LoadData = {
  status: { kind: 'idle' },
  options: { format: 'auto', nonFinite: 'ask', sampling: 'fit', layoutColumns: '' },
  loaded: null,
  budget: memoryBudgetFor(undefined),
};

