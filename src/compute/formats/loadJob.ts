/**
 * The parts of one load that the pipeline's steps share (load.ts reads vectors files,
 * loadProjector.ts reads projector configs): the job, its progress, where it is (for the
 * failure report), and what reading gave.
 */
import type { Metric, RowImages } from '../dataset';
import { CancelledError } from '../task';
import { ParseError } from './errors';
import type { LoadFailure, LoadProgress, LoadRequest, StallNotice } from './loadTypes';
import type { MemoryMeter } from './meter';
import type { BlobLike, OpenOptions } from './open';
import type { FormatId } from './sniff';
import type { Source, SourceHooks } from './sources';
import type { StreamProgress } from './stream';
import type { ParsedTable } from './table';

/** Cuts a sprite sheet into one thumbnail per row. */
export type SpriteDecoder = (blob: BlobLike, rows: number, thumb: readonly [number, number]) => Promise<{ images: RowImages; warning: string | null }>;

/** Where bytes come from and what needs a browser, behind small interfaces (tests and Node pass their own). */
export interface LoadDeps {
  readonly openFile?: (name: string, file: Blob, hooks: SourceHooks) => Promise<Source>;
  readonly openUrl?: (url: string, signal: AbortSignal, hooks: SourceHooks) => Promise<Source>;
  /** Absent where images cannot be decoded: a sprite is then skipped with a warning. */
  readonly decodeSprite?: SpriteDecoder;
  /** True when the page's security policy blocked a fetch of `url` (see sources.ts). */
  readonly policyBlocked?: (url: string) => boolean | Promise<boolean>;
}

/** Adds up bytes over the files read one after the other, and carries a stalled download's notice. */
export class ProgressTracker {
  private base = 0;
  private currentSize = 0;
  private file = '';
  private last: StreamProgress = { bytes: 0, rows: 0 };
  stalled: StallNotice | null = null;
  totalBytes: number | null = null;

  constructor(private readonly emit: (p: LoadProgress) => void) {}

  next(file: string, size: number | null): void {
    this.base += this.currentSize;
    this.currentSize = size ?? 0;
    this.file = file;
    this.last = { bytes: 0, rows: 0 };
    this.send();
  }

  readonly onProgress = (p: StreamProgress): void => {
    this.last = p;
    this.send();
  };

  /** A download went silent (`silentMs` > 0) or recovered (0). */
  readonly onStall = (url: string, silentMs: number): void => {
    this.stalled = silentMs > 0 ? { url, silentMs } : null;
    this.send();
  };

  private send(): void {
    this.emit({ file: this.file, bytes: this.base + this.last.bytes, totalBytes: this.totalBytes, rows: this.last.rows, stalled: this.stalled });
  }
}

/** What the failure report names: the file being read, and the format once known. */
export interface Where {
  current: string;
  format: FormatId | null;
  formatWhy: string | null;
}

export function failureOf(e: unknown, where: Where): LoadFailure {
  let pe: ParseError;
  if (e instanceof ParseError) pe = e;
  else {
    pe = ParseError.whole(where.current, e instanceof Error ? e.message : String(e));
    pe.internal = e instanceof Error ? e.name : typeof e;
  }
  return {
    file: pe.file,
    message: pe.message,
    problems: pe.problems.map((p) => ({ line: p.line, ...(p.column !== undefined ? { column: p.column } : {}), message: p.message })),
    totalProblems: pe.totalProblems,
    truncated: pe.truncated,
    unit: pe.unit,
    nonFinite: pe.problems.some((p) => / is (NaN|-?Infinity)\b/.test(p.message)),
    format: where.format,
    formatWhy: where.formatWhy,
    code: pe.code,
    params: pe.params,
    ...(pe.internal !== null ? { internal: pe.internal } : {}),
  };
}

export const isAbort = (e: unknown): boolean => e instanceof CancelledError || (e instanceof Error && e.name === 'AbortError');

/** Word vectors are compared by angle; everything else by distance. */
export function metricFor(format: FormatId): Metric {
  return format === 'word2vec-text' || format === 'word2vec-binary' ? 'cosine' : 'euclidean';
}

/** The id of a loaded dataset: its files, plus the caller's tag that makes it unique per load. */
export function datasetId(files: readonly { name: string; size: number | null }[], tag: string): string {
  return `file:${files.map((f) => `${f.name}:${f.size ?? '?'}`).join('+')}${tag}`;
}

/** What reading the planned files gave, before it becomes a dataset. */
export interface Read {
  readonly table: ParsedTable;
  readonly name: string;
  readonly used: readonly Source[];
  readonly warnings: readonly string[];
  readonly images?: RowImages;
  readonly metric: Metric;
  /** Every embedding of a projector config, when it has several. */
  readonly embeddings?: readonly string[];
  readonly embedding?: string;
}

export interface Job {
  readonly req: LoadRequest;
  readonly sources: readonly Source[];
  readonly tracker: ProgressTracker;
  readonly opts: OpenOptions;
  readonly signal: AbortSignal;
  readonly where: Where;
  readonly deps: LoadDeps;
  readonly meter: MemoryMeter;
  /** Passed to every source the job opens. */
  readonly hooks: SourceHooks;
  /** Makes the dataset id unique per load. */
  readonly tag: string;
}

/** Reads a whole small text (a config) from a source, refusing past `max` bytes even when its size is unknown. */
export async function readSmallText(source: Source, max: number, what: string): Promise<string> {
  if ((source.size ?? 0) > max) throw ParseError.whole(source.name, `too large for ${what} (over ${Math.round(max / 2 ** 20)} MB)`);
  const reader = source.blob().stream().getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (!value) continue;
    total += value.length;
    if (total > max) {
      await reader.cancel().catch(() => undefined);
      throw ParseError.whole(source.name, `too large for ${what} (over ${Math.round(max / 2 ** 20)} MB)`);
    }
    parts.push(value);
  }
  return new TextDecoder().decode(await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer());
}
