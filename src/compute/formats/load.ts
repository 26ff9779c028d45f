/**
 * A whole load: files and URLs → sources → sniff → plan (which file is what) → open
 * (stream through the format parsers) → join (metadata, sprites) → inspect (data that
 * cannot make a map is refused) → one FullDataset. Bytes are read chunk by chunk; nothing
 * reads a whole file at once (except Parquet from a URL, which needs random access, and
 * our own small .sprout files), and every stream and table allocation is metered against
 * the request's memory budget (meter.ts).
 *
 * The places that need a browser are behind small interfaces (LoadDeps): where bytes
 * come from (default: sources.ts, web-standard APIs Node has too), how a sprite sheet
 * is decoded (createImageBitmap + OffscreenCanvas, which the parse worker passes in) and
 * whether the page's security policy blocked a URL, so the pipeline runs in a Node test.
 * ParseErrors (and download failures) come back as a failure value; cancellation throws.
 */
import { validateDataset, type FullDataset } from '../dataset';
import { CancelledError } from '../task';
import { inspectTable } from './degenerate';
import { ParseError } from './errors';
import { datasetId, failureOf, isAbort, metricFor, ProgressTracker, type Job, type LoadDeps, type Read, type Where } from './loadJob';
import { planLoad } from './loadPlan';
import { readProjector } from './loadProjector';
import type { LoadProgress, LoadRequest, LoadResult } from './loadTypes';
import { MemoryMeter } from './meter';
import { arrayAsLayout, splitLayouts, type LayoutColumnsChoice, type SplitLayouts } from './layoutColumns';
import { joinMetadata } from './metadata';
import { parseFile, parseMetadataFile, type OpenOptions } from './open';
import { sniffFormat, type FormatId } from './sniff';
import { fileSource, urlSource, type Source, type SourceHooks } from './sources';
import { decodeSproutBin } from './sproutBin';
import { toDataset, type ParsedTable } from './table';

export { metricFor };

export type { LoadDeps, SpriteDecoder } from './loadJob';

export interface LoadContext {
  readonly signal: AbortSignal;
  readonly onProgress: (p: LoadProgress) => void;
}

/**
 * Reads `req` into a dataset whose id ends with `tag` (the caller makes it unique).
 */
export async function loadDataset(req: LoadRequest, tag: string, ctx: LoadContext, deps: LoadDeps = {}): Promise<LoadResult> {
  const { signal } = ctx;
  const first = req.inputs[0];
  const where: Where = { current: first?.kind === 'url' ? first.url : (first?.name ?? 'file'), format: null, formatWhy: null };
  const meter = new MemoryMeter(req.memoryBudget);
  const tracker = new ProgressTracker(ctx.onProgress);
  const hooks: SourceHooks = { meter, onStall: tracker.onStall, ...(req.stallMs !== undefined ? { stallMs: req.stallMs } : {}), ...(deps.policyBlocked ? { policyBlocked: deps.policyBlocked } : {}) };
  try {
    const sources: Source[] = [];
    for (const input of req.inputs) {
      where.current = input.kind === 'url' ? input.url : input.name;
      sources.push(input.kind === 'url' ? await (deps.openUrl ?? urlSource)(input.url, signal, hooks) : await (deps.openFile ?? fileSource)(input.name, input.file, hooks));
      if (signal.aborted) throw new CancelledError();
    }
    const sizes = sources.map((s) => s.size);
    tracker.totalBytes = sizes.every((x) => x !== null) ? (sizes as number[]).reduce((a, b) => a + b, 0) : null;
    const opts: OpenOptions = { nonFinite: req.nonFinite, memoryBudget: req.memoryBudget, meter, signal, onProgress: tracker.onProgress, ...(req.labelColumn !== undefined ? { labelColumn: req.labelColumn } : {}) };
    const job: Job = { req, sources, tracker, opts, signal, where, deps, meter, hooks, tag };
    const planned = await plan(job);
    if ('ok' in planned) return planned;
    if (signal.aborted) throw new CancelledError();
    const read = planned;
    const split = layoutsOf(read, where.format as FormatId, req.layoutColumns ?? 'auto');
    // A file of precomputed coordinates may carry no vectors at all: nothing to inspect then.
    const inspectAs = where.format === 'projector-config' ? 'projector-tsv' : (where.format as FormatId);
    const notes = split.layouts.length > 0 && split.table.dim === 0 ? [] : inspectTable(split.table, where.current, inspectAs, read.metric);
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
      notes,
      droppedRows: read.table.droppedRows,
      embeddings: read.embeddings ?? null,
      embedding: read.embedding ?? null,
      peakBytes: meter.peak,
      ...(read.table.labelChoice ? { labelChoice: read.table.labelChoice } : {}),
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
    const files = sources.map((s) => s.name).join(', ');
    throw bad ?? (p.metadataOnly ? ParseError.coded(files, 'metadataOnly', {}, p.message) : ParseError.whole(files, p.message));
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
    return { ok: true, dataset, format, formatWhy: where.formatWhy ?? '', files: [vs.name], warnings, notes: [], droppedRows: 0, embeddings: null, embedding: null, peakBytes: job.meter.peak };
  }
  const blob = format === 'parquet' ? await vs.randomAccess() : vs.blob();
  let table: ParsedTable = await parseFile(vs.name, blob, { ...opts, format, ...(vs.size === null ? { fileBytes: undefined } : {}) });
  const used = [vs];
  if (metadata !== null) {
    const ms = sources[metadata];
    where.current = ms.name;
    tracker.next(ms.name, ms.size);
    const meta = await parseMetadataFile(ms.name, ms.blob(), { signal: job.signal, onProgress: tracker.onProgress, meter: job.meter });
    table = joinMetadata(table, meta, ms.name);
    used.push(ms);
  }
  return { table, name: vs.name, used, warnings, metric: metricFor(format) };
}
