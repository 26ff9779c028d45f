/**
 * A whole load: files and URLs → sources → sniff → plan (which file is what) → open
 * (stream through the format parsers) → join (metadata, sprites) → one FullDataset.
 * Bytes are read chunk by chunk; nothing reads a whole file at once (except Parquet from
 * a URL, which needs random access, and our own small .sprout files).
 *
 * The places that need a browser are behind small interfaces (LoadDeps): where bytes
 * come from (default: sources.ts, web-standard APIs Node has too) and how a sprite sheet
 * is decoded (createImageBitmap + OffscreenCanvas, which the parse worker passes in), so
 * the pipeline runs in a Node test. ParseErrors (and download failures) come back as a
 * failure value; cancellation throws.
 */
import { validateDataset, type FullDataset, type Metric, type RowImages } from '../dataset';
import { CancelledError } from '../task';
import { ParseError } from './errors';
import { planLoad, matchPath } from './loadPlan';
import type { LoadFailure, LoadProgress, LoadRequest, LoadResult } from './loadTypes';
import { arrayAsLayout, splitLayouts, type LayoutColumnsChoice, type SplitLayouts } from './layoutColumns';
import { joinMetadata } from './metadata';
import { openProjector, parseFile, parseMetadataFile, type BlobLike, type OpenOptions } from './open';
import { sniffFormat, type FormatId } from './sniff';
import { fileSource, urlSource, type Source } from './sources';
import { decodeSproutBin } from './sproutBin';
import type { StreamProgress } from './stream';
import { toDataset, type ParsedTable } from './table';

/** Cuts a sprite sheet into one thumbnail per row. */
export type SpriteDecoder = (blob: BlobLike, rows: number, thumb: readonly [number, number]) => Promise<{ images: RowImages; warning: string | null }>;

export interface LoadDeps {
  readonly openFile?: (name: string, file: Blob) => Promise<Source>;
  readonly openUrl?: (url: string, signal: AbortSignal) => Promise<Source>;
  /** Absent where images cannot be decoded: a sprite is then skipped with a warning. */
  readonly decodeSprite?: SpriteDecoder;
}

export interface LoadContext {
  readonly signal: AbortSignal;
  readonly onProgress: (p: LoadProgress) => void;
}

const MAX_CONFIG_BYTES = 10 * 2 ** 20;

/** Word vectors are compared by angle; everything else by distance. */
export function metricFor(format: FormatId): Metric {
  return format === 'word2vec-text' || format === 'word2vec-binary' ? 'cosine' : 'euclidean';
}

/** Adds up bytes over the files read one after the other. */
class ProgressTracker {
  private base = 0;
  private currentSize = 0;
  private file = '';
  constructor(
    private readonly totalBytes: number | null,
    private readonly emit: (p: LoadProgress) => void,
  ) {}
  next(file: string, size: number | null): void {
    this.base += this.currentSize;
    this.currentSize = size ?? 0;
    this.file = file;
    this.emit({ file, bytes: this.base, totalBytes: this.totalBytes, rows: 0 });
  }
  readonly onProgress = (p: StreamProgress): void => {
    this.emit({ file: this.file, bytes: this.base + p.bytes, totalBytes: this.totalBytes, rows: p.rows });
  };
}

/** What the failure report names: the file being read, and the format once known. */
interface Where {
  current: string;
  format: FormatId | null;
  formatWhy: string | null;
}

function failureOf(e: unknown, where: Where): LoadFailure {
  const pe = e instanceof ParseError ? e : ParseError.whole(where.current, e instanceof Error ? e.message : String(e));
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
  };
}

const isAbort = (e: unknown): boolean => e instanceof CancelledError || (e instanceof Error && e.name === 'AbortError');

/** Drops the images of rows the parser dropped (NaN/Infinity), keeping the rest aligned. */
function dropImageRows(images: RowImages, dropped: readonly number[], total: number): RowImages {
  if (dropped.length === 0) return images;
  const size = images.width * images.height * images.channels;
  const skip = new Set(dropped);
  const pixels = new Uint8Array((total - dropped.length) * size);
  let w = 0;
  for (let i = 0; i < total; i++) {
    if (skip.has(i)) continue;
    pixels.set(images.pixels.subarray(i * size, (i + 1) * size), w * size);
    w++;
  }
  return { ...images, pixels };
}

/** The id of a loaded dataset: its files, plus the caller's tag that makes it unique per load. */
function datasetId(files: readonly { name: string; size: number | null }[], tag: string): string {
  return `file:${files.map((f) => `${f.name}:${f.size ?? '?'}`).join('+')}${tag}`;
}

/** What reading the planned files gave, before it becomes a dataset. */
interface Read {
  readonly table: ParsedTable;
  readonly name: string;
  readonly used: readonly Source[];
  readonly warnings: readonly string[];
  readonly images?: RowImages;
  readonly metric: Metric;
}

interface Job {
  readonly req: LoadRequest;
  readonly sources: readonly Source[];
  readonly tracker: ProgressTracker;
  readonly opts: OpenOptions;
  readonly signal: AbortSignal;
  readonly where: Where;
  readonly deps: LoadDeps;
  /** Makes the dataset id unique per load. */
  readonly tag: string;
}

/**
 * Reads `req` into a dataset whose id ends with `tag` (the caller makes it unique).
 */
export async function loadDataset(req: LoadRequest, tag: string, ctx: LoadContext, deps: LoadDeps = {}): Promise<LoadResult> {
  const { signal } = ctx;
  const first = req.inputs[0];
  const where: Where = { current: first?.kind === 'url' ? first.url : (first?.name ?? 'file'), format: null, formatWhy: null };
  try {
    const sources: Source[] = [];
    for (const input of req.inputs) {
      where.current = input.kind === 'url' ? input.url : input.name;
      sources.push(input.kind === 'url' ? await (deps.openUrl ?? urlSource)(input.url, signal) : await (deps.openFile ?? fileSource)(input.name, input.file));
      if (signal.aborted) throw new CancelledError();
    }
    const sizes = sources.map((s) => s.size);
    const total = sizes.every((x) => x !== null) ? (sizes as number[]).reduce((a, b) => a + b, 0) : null;
    const tracker = new ProgressTracker(total, ctx.onProgress);
    const opts: OpenOptions = { nonFinite: req.nonFinite, memoryBudget: req.memoryBudget, signal, onProgress: tracker.onProgress };
    const job: Job = { req, sources, tracker, opts, signal, where, deps, tag };
    const planned = await plan(job);
    if ('ok' in planned) return planned;
    if (signal.aborted) throw new CancelledError();
    const read = planned;
    const split = layoutsOf(read, where.format as FormatId, req.layoutColumns ?? 'auto');
    let dataset: FullDataset = toDataset(split.table, datasetId(read.used, tag), read.name, read.metric, split);
    if (read.images) {
      dataset = { ...dataset, images: read.images };
      validateDataset(dataset);
    }
    return {
      ok: true,
      dataset,
      format: where.format as FormatId,
      formatWhy: where.formatWhy ?? '',
      files: read.used.map((s) => s.name),
      warnings: [...read.warnings, ...read.table.warnings, ...split.warnings],
      droppedRows: read.table.droppedRows,
    };
  } catch (e) {
    if (isAbort(e) || signal.aborted) throw e;
    return { ok: false, failure: failureOf(e, where) };
  }
}

/** Coordinates in the table (named columns, or a bare n × 2 array) become layouts; see layoutColumns.ts. */
function layoutsOf(read: Read, format: FormatId, choice: LayoutColumnsChoice): SplitLayouts {
  const file = read.used[0]?.name ?? read.name;
  if (choice === 'auto' && (format === 'npy' || format === 'npz')) {
    const array = arrayAsLayout(read.table, file);
    if (array) return array;
  }
  return splitLayouts(read.table, choice, file);
}

/** Sniffs every source, decides which is what, and reads them; a .sprout file comes back whole. */
async function plan(job: Job): Promise<Read | LoadResult> {
  const { req, sources, where } = job;
  const guesses: ({ format: FormatId; why: string } | ParseError)[] = [];
  for (const s of sources) {
    where.current = s.name;
    try {
      guesses.push(req.format && sources.length === 1 ? { format: req.format, why: 'chosen by you' } : sniffFormat(s.name, await s.head()));
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      guesses.push(e);
    }
  }
  const roles = req.inputs.map((i) => (i.kind === 'url' ? i.role : undefined));
  const p = planLoad(sources.map((s, i) => {
    const g = guesses[i];
    return { name: s.name, format: g instanceof ParseError ? null : g.format, ...(roles[i] ? { role: roles[i] } : {}) };
  }));
  if (p.kind === 'none') {
    const bad = guesses.find((g): g is ParseError => g instanceof ParseError);
    throw bad ?? ParseError.whole(sources.map((s) => s.name).join(', '), p.message);
  }
  if (p.kind === 'projector') return readProjector(job, p.config, p.warnings);
  const guess = guesses[p.vectors];
  where.format = req.format ?? (guess instanceof ParseError ? null : guess.format);
  where.formatWhy = req.format ? 'chosen by you' : guess instanceof ParseError ? null : guess.why;
  if (where.format === null) throw guess as ParseError;
  return readVectors(job, p.vectors, p.metadata, p.warnings);
}

/** A vectors file (and maybe its metadata file). */
async function readVectors(job: Job, vectors: number, metadata: number | null, planWarnings: readonly string[]): Promise<Read | LoadResult> {
  const { sources, tracker, opts, where } = job;
  const format = where.format as FormatId;
  const vs = sources[vectors];
  const warnings = [...planWarnings];
  where.current = vs.name;
  tracker.next(vs.name, vs.size);
  if (format === 'sprout') {
    // Our own binary: small enough to decode whole (the built-in data files).
    const whole = await vs.randomAccess();
    const bytes = new Uint8Array(await whole.slice(0, whole.size).arrayBuffer());
    tracker.onProgress({ bytes: bytes.length, rows: 0 });
    let dataset: FullDataset;
    try {
      dataset = decodeSproutBin(bytes, datasetId([vs], job.tag));
    } catch (e) {
      throw ParseError.whole(vs.name, `is damaged: ${(e as Error).message}`);
    }
    if (metadata !== null) warnings.push(`${sources[metadata].name} was not used (a Sprout file carries its own labels)`);
    return { ok: true, dataset, format, formatWhy: where.formatWhy ?? '', files: [vs.name], warnings, droppedRows: 0 };
  }
  const blob = format === 'parquet' ? await vs.randomAccess() : vs.blob();
  let table: ParsedTable = await parseFile(vs.name, blob, { ...opts, format, ...(vs.size === null ? { fileBytes: undefined } : {}) });
  const used = [vs];
  if (metadata !== null) {
    const ms = sources[metadata];
    where.current = ms.name;
    tracker.next(ms.name, ms.size);
    const meta = await parseMetadataFile(ms.name, ms.blob(), { signal: job.signal, onProgress: tracker.onProgress });
    table = joinMetadata(table, meta, ms.name);
    used.push(ms);
  }
  return { table, name: vs.name, used, warnings, metric: metricFor(format) };
}

/** A projector config and the files it names (tensors, metadata, sprite). */
async function readProjector(job: Job, config: number, planWarnings: readonly string[]): Promise<Read> {
  const { req, sources, tracker, opts, signal, where, deps } = job;
  const cfgSource = sources[config];
  const cfgInput = req.inputs[config];
  where.current = cfgSource.name;
  where.format = 'projector-config';
  where.formatWhy = 'a projector config naming its files';
  tracker.next(cfgSource.name, cfgSource.size);
  if ((cfgSource.size ?? 0) > MAX_CONFIG_BYTES) throw ParseError.whole(cfgSource.name, 'too large for a projector config (over 10 MB)');
  const cfgText = await new Response((await cfgSource.randomAccess()) as unknown as Blob).text();
  const names = sources.map((s) => s.name);
  const openUrl = deps.openUrl ?? urlSource;
  const resolve = async (path: string): Promise<Source | null> => {
    if (cfgInput.kind === 'url') return openUrl(new URL(path, cfgInput.url).href, signal);
    const i = matchPath(path, names);
    if (i >= 0 && i !== config) return sources[i];
    if (/^https?:\/\//i.test(path)) return openUrl(path, signal);
    return null;
  };
  const used: Source[] = [cfgSource];
  const opened = await openProjector(
    cfgText,
    async (path) => {
      where.current = path;
      const s = await resolve(path);
      if (!s) return null;
      used.push(s);
      tracker.next(s.name, s.size);
      return s.blob();
    },
    { ...opts, configName: cfgSource.name },
  );
  const emb = opened.embedding;
  const name = emb.tensorName && !/^tensor \d+$/.test(emb.tensorName) ? emb.tensorName : cfgSource.name;
  const warnings = [...planWarnings];
  let images: RowImages | undefined;
  if (emb.sprite && req.sprites !== false) {
    try {
      if (!deps.decodeSprite) throw new Error('this environment cannot decode images');
      const s = await resolve(emb.sprite.imagePath);
      if (!s) throw new Error(`${emb.sprite.imagePath} was not found; add that file too`);
      const total = opened.n + opened.droppedRows;
      const sprite = await deps.decodeSprite(await s.randomAccess(), total, emb.sprite.singleImageDim);
      images = dropImageRows(sprite.images, opened.droppedIndices, total);
      if (sprite.warning) warnings.push(`${emb.sprite.imagePath}: ${sprite.warning}`);
    } catch (e) {
      if (isAbort(e) || signal.aborted) throw e;
      warnings.push(`sprite ${emb.sprite.imagePath}: not shown (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  return { table: opened, name, used, warnings, images, metric: metricFor('projector-tsv') };
}
