/**
 * The vocabulary of a load (files and URLs in; a dataset or a structured account of what
 * is wrong out), shared by the load pipeline (load.ts), the parse worker's jobs and the
 * store. Problems are data, not an Error, so the UI can list them line by line.
 */
import type { FullDataset } from '../dataset';
import type { LoadNote } from './degenerate';
import type { ErrorParams, LoadErrorCode } from './errors';
import type { LayoutColumnsChoice } from './layoutColumns';
import type { FormatId } from './sniff';
import type { LabelChoice, NonFinitePolicy } from './table';

/** One thing to read: a picked/dropped/pasted file, or a URL (from ?config= / ?data= / &metadata=). */
export type LoadInput =
  | { readonly kind: 'file'; readonly name: string; readonly file: Blob }
  | { readonly kind: 'url'; readonly url: string; readonly role: 'config' | 'data' | 'metadata' };

export interface LoadRequest {
  readonly inputs: readonly LoadInput[];
  /** Use this format for the vectors file instead of sniffing. */
  readonly format?: FormatId;
  readonly nonFinite: NonFinitePolicy;
  /** Refuse before allocating when the estimated peak exceeds this many bytes. */
  readonly memoryBudget: number;
  /** Decode projector sprites into per-row images (default true). */
  readonly sprites?: boolean;
  /** A projector config's embedding to open: its tensorName, or its 1-based number (default: the first). */
  readonly embedding?: string;
  /** Silence after which a download is reported as stalled (default 30 s; tests shorten it). */
  readonly stallMs?: number;
  /** Columns of precomputed 2D coordinates: found by name (default), none, or these x/y pairs. */
  readonly layoutColumns?: LayoutColumnsChoice;
  /** The column that gives the labels (Parquet, CSV): default the parser's pick (see LoadedFacts.labelChoice). */
  readonly labelColumn?: string;
}

/** A download that has sent nothing for a while (it goes on waiting until cancelled). */
export interface StallNotice {
  readonly url: string;
  readonly silentMs: number;
}

export interface LoadProgress {
  /** The file being read now. */
  readonly file: string;
  /** Bytes read so far, over all files. */
  readonly bytes: number;
  /** Bytes of all files, when every size is known. */
  readonly totalBytes: number | null;
  /** Rows parsed so far in the current file. */
  readonly rows: number;
  /** Set while a download sends nothing. */
  readonly stalled: StallNotice | null;
}

export interface LoadProblem {
  /** 1-based line (text) or row (binary); 0 when it concerns the whole file. */
  readonly line: number;
  readonly column?: number;
  readonly message: string;
}

/** What went wrong, file by file and line by line. */
export interface LoadFailure {
  readonly file: string;
  /** The whole message, as ParseError formats it. */
  readonly message: string;
  /** Up to the first 20 problems. */
  readonly problems: readonly LoadProblem[];
  readonly totalProblems: number;
  /** Reading stopped early because there were too many problems. */
  readonly truncated: boolean;
  readonly unit: 'line' | 'row';
  /** Some problems are NaN/Infinity values (so "drop those rows" can help). */
  readonly nonFinite: boolean;
  /** The vectors file's format as sniffed (or overridden), when it got that far. */
  readonly format: FormatId | null;
  readonly formatWhy: string | null;
  /** Set when the UI can word the failure itself (see LoadErrorCode); `message` is then its English text. */
  readonly code: LoadErrorCode | null;
  readonly params: ErrorParams;
  /** The engine or library error a failure wraps (TypeError…), when it was not one of ours. */
  readonly internal?: string;
}

/** What a successful load says about itself, whatever shape its dataset travels in. */
export interface LoadedFacts {
  readonly format: FormatId;
  readonly formatWhy: string;
  /** The files that went into the dataset, vectors first. */
  readonly files: readonly string[];
  readonly warnings: readonly string[];
  /** What is true of the data that the user should know (constant dimensions, zero rows), worded by the UI. */
  readonly notes: readonly LoadNote[];
  /** Rows left out because they held NaN/Infinity (under the 'drop' policy). */
  readonly droppedRows: number;
  /** Every embedding of a projector config that has several (null otherwise), and the one read. */
  readonly embeddings: readonly string[] | null;
  readonly embedding: string | null;
  /** The most memory the table took while it was read (the meter's account). */
  readonly peakBytes: number;
  /** Which columns could give the labels and which did, when the format offers a choice (Parquet, CSV). */
  readonly labelChoice?: LabelChoice;
}

export type LoadResult = ({ readonly ok: true; readonly dataset: FullDataset } & LoadedFacts) | { readonly ok: false; readonly failure: LoadFailure };
