/**
 * The parse worker's handler: files and URLs → sniff → pair (loadPlan) → stream
 * through the format parsers (src/compute/formats) → Dataset, transferred back.
 * Bytes are read chunk by chunk from File.stream() or the fetch body; nothing reads
 * a whole file at once (except Parquet from a URL, which needs random access).
 */
import { validateDataset, type Dataset, type Metric, type RowImages } from '../compute/dataset';
import { ParseError } from '../compute/formats/errors';
import { decodeSproutBin } from '../compute/formats/sproutBin';
import { blobChunks, openProjector, parseFile, parseMetadataFile, type BlobLike, type OpenOptions } from '../compute/formats/open';
import { joinMetadata } from '../compute/formats/metadata';
import { sniffFormat, SNIFF_BYTES, type FormatId } from '../compute/formats/sniff';
import type { StreamProgress } from '../compute/formats/stream';
import { toDataset, type ParsedTable } from '../compute/formats/table';
import { baseName, matchPath, planLoad } from '../compute/formats/loadPlan';
import { cutSprite } from '../compute/formats/sprite';
import { CancelledError } from '../compute/task';
import type { LoadFailure, ParseJobMap, ParseOutcome, ParseProgress, ParseRequest } from './parseJobs';
import { transfer, type Transferred } from './protocol';
import type { Handlers, JobContext } from './serve';

type ByteStream = ReadableStream<Uint8Array>;

/**
 * Something to read: its name, size when known, the first bytes (for sniffing) and
 * the whole content as a stream of chunks (read once).
 */
export interface Source {
  readonly name: string;
  readonly size: number | null;
  head(): Promise<Uint8Array>;
  /** The content as a BlobLike: a real Blob when there is one, else a streaming view. */
  blob(): BlobLike;
  /** A real Blob for random access (Parquet); collects a stream into memory. */
  randomAccess(): Promise<BlobLike>;
}

const GZIP = [0x1f, 0x8b];
const MAX_CONFIG_BYTES = 10 * 2 ** 20;

/** Largest piece handed to a parser at once: bounds the time between cancel checks. */
const MAX_CHUNK = 1 << 20;

async function* rechunk(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) {
    if (c.length <= MAX_CHUNK) yield c;
    else for (let i = 0; i < c.length; i += MAX_CHUNK) yield c.subarray(i, Math.min(c.length, i + MAX_CHUNK));
  }
}

/** The `stream()` shape BlobLike asks for, over an async generator. */
function readerOf(it: AsyncGenerator<Uint8Array>): ReturnType<BlobLike['stream']> {
  return {
    getReader: () => ({
      read: async () => {
        const r = await it.next();
        return r.done ? { done: true } : { done: false, value: r.value };
      },
      cancel: async () => void (await it.return(undefined)),
      releaseLock: () => undefined,
    }),
  };
}

/** A File/Blob: random access for free. */
class BlobSource implements Source {
  constructor(
    readonly name: string,
    private readonly file: Blob,
  ) {}
  get size(): number {
    return this.file.size;
  }
  async head(): Promise<Uint8Array> {
    return new Uint8Array(await this.file.slice(0, Math.min(this.file.size, SNIFF_BYTES)).arrayBuffer());
  }
  blob(): BlobLike {
    const file = this.file;
    return {
      size: file.size,
      slice: (start, end) => file.slice(start, end),
      // Re-cut big chunks (Node hands out a Blob in one piece) so cancel and progress stay prompt.
      stream: () => readerOf(rechunk(blobChunks(file as unknown as BlobLike))),
    };
  }
  async randomAccess(): Promise<BlobLike> {
    return this.file as unknown as BlobLike;
  }
}

/** A one-shot byte stream (a fetch body, a decompressing stream) whose first bytes can be peeked. */
export class StreamSource implements Source {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly buffered: Uint8Array[] = [];
  private bufferedBytes = 0;
  private ended = false;
  private taken = false;
  private whole: Promise<Blob> | null = null;

  constructor(
    readonly name: string,
    readonly size: number | null,
    stream: ByteStream,
  ) {
    this.reader = stream.getReader();
  }

  async head(): Promise<Uint8Array> {
    while (!this.ended && this.bufferedBytes < SNIFF_BYTES) {
      const { done, value } = await this.reader.read();
      if (done) this.ended = true;
      else if (value && value.length) {
        this.buffered.push(value);
        this.bufferedBytes += value.length;
      }
    }
    const out = new Uint8Array(Math.min(SNIFF_BYTES, this.bufferedBytes));
    let off = 0;
    for (const b of this.buffered) {
      if (off >= out.length) break;
      const part = b.subarray(0, out.length - off);
      out.set(part, off);
      off += part.length;
    }
    return out;
  }

  /** Every chunk from the start: the peeked ones, then the rest of the stream. */
  async *chunks(): AsyncGenerator<Uint8Array> {
    if (this.taken) throw new Error(`${this.name} can only be read once`);
    this.taken = true;
    let finished = false;
    try {
      while (this.buffered.length) yield this.buffered.shift() as Uint8Array;
      while (!this.ended) {
        const { done, value } = await this.reader.read();
        if (done) break;
        if (value && value.length) yield* rechunk([value]);
      }
      finished = true;
    } finally {
      if (!finished) await this.reader.cancel().catch(() => undefined);
    }
  }

  blob(): BlobLike {
    return {
      // Unknown sizes: not 0 (that means "empty"); the parsers then see the real length.
      size: this.size ?? Math.max(1, this.bufferedBytes),
      slice: (start, end) => ({ arrayBuffer: async () => (await this.randomAccess()).slice(start, end).arrayBuffer() }),
      stream: () => readerOf(this.chunks()),
    };
  }

  async randomAccess(): Promise<BlobLike> {
    if (!this.whole) {
      this.whole = (async () => {
        const parts: Uint8Array<ArrayBuffer>[] = [];
        for await (const c of this.chunks()) parts.push(c as Uint8Array<ArrayBuffer>);
        return new Blob(parts);
      })();
    }
    return (await this.whole) as unknown as BlobLike;
  }
}

/** A picked file, decompressed on the fly when it is gzip. */
export async function fileSource(name: string, file: Blob): Promise<Source> {
  const magic = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (magic[0] === GZIP[0] && magic[1] === GZIP[1] && typeof DecompressionStream === 'function') {
    const inner = name.replace(/\.gz$/i, '');
    return new StreamSource(inner, null, file.stream().pipeThrough(new DecompressionStream('gzip')) as ByteStream);
  }
  return new BlobSource(name, file);
}

/** Opens a URL as a stream (errors name the URL and the HTTP status). */
export async function urlSource(url: string, signal: AbortSignal): Promise<Source> {
  const name = decodeURIComponent(baseName(url)) || url;
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (e) {
    if (signal.aborted) throw new CancelledError();
    throw ParseError.whole(url, `could not be downloaded (network error: ${(e as Error).message}); is the address right, and does the server allow cross-origin requests?`);
  }
  if (!response.ok) throw ParseError.whole(url, `could not be downloaded: HTTP ${response.status} ${response.statusText}`.trim());
  const header = response.headers.get('content-length');
  const size = header && !response.headers.get('content-encoding') ? Number(header) : null;
  const body = response.body ?? new Blob([await response.arrayBuffer()]).stream();
  const source = new StreamSource(name, size, body as ByteStream);
  if (/\.gz$/i.test(name) || response.headers.get('content-type') === 'application/gzip') {
    const head = await source.head();
    if (head[0] === GZIP[0] && head[1] === GZIP[1] && typeof DecompressionStream === 'function') {
      const chunks = source.chunks();
      const raw = new ReadableStream<Uint8Array<ArrayBuffer>>({
        async pull(controller) {
          const r = await chunks.next();
          if (r.done) controller.close();
          else controller.enqueue(r.value as Uint8Array<ArrayBuffer>);
        },
        cancel: async () => void (await chunks.return(undefined)),
      });
      return new StreamSource(name.replace(/\.gz$/i, ''), null, raw.pipeThrough(new DecompressionStream('gzip')) as ByteStream);
    }
  }
  return source;
}

/** Adds up bytes over the files read one after the other. */
class ProgressTracker {
  private base = 0;
  private currentSize = 0;
  private file = '';
  constructor(
    private readonly totalBytes: number | null,
    private readonly emit: (p: ParseProgress) => void,
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

/** Word vectors are compared by angle; everything else by distance. */
export function metricFor(format: FormatId): Metric {
  return format === 'word2vec-text' || format === 'word2vec-binary' ? 'cosine' : 'euclidean';
}

function failureOf(e: unknown, fallbackFile: string, format: FormatId | null, formatWhy: string | null): LoadFailure {
  const pe = e instanceof ParseError ? e : ParseError.whole(fallbackFile, e instanceof Error ? e.message : String(e));
  return {
    file: pe.file,
    message: pe.message,
    problems: pe.problems.map((p) => ({ line: p.line, ...(p.column !== undefined ? { column: p.column } : {}), message: p.message })),
    totalProblems: pe.totalProblems,
    truncated: pe.truncated,
    unit: pe.unit,
    nonFinite: pe.problems.some((p) => / is (NaN|-?Infinity)\b/.test(p.message)),
    format,
    formatWhy,
  };
}

const isAbort = (e: unknown): boolean => e instanceof CancelledError || (e instanceof Error && e.name === 'AbortError');

/** The ArrayBuffers behind a dataset, each once (transferring one twice throws). */
export function datasetTransferables(ds: Dataset): ArrayBuffer[] {
  const set = new Set<ArrayBuffer>([ds.vectors.buffer as ArrayBuffer]);
  if (ds.images) set.add(ds.images.pixels.buffer as ArrayBuffer);
  for (const c of ds.columns) {
    if (c.type === 'category') set.add(c.codes.buffer as ArrayBuffer);
    else if (c.type === 'number') set.add(c.values.buffer as ArrayBuffer);
  }
  return [...set];
}

/** Decodes a sprite sheet into per-row thumbnails (needs createImageBitmap + OffscreenCanvas: browsers only). */
async function decodeSprite(blob: BlobLike, rows: number, thumb: [number, number]): Promise<{ images: RowImages; warning: string | null }> {
  if (typeof createImageBitmap !== 'function' || typeof OffscreenCanvas !== 'function') throw new Error('this environment cannot decode images');
  const bitmap = await createImageBitmap(blob as unknown as Blob);
  try {
    const canvas = new OffscreenCanvas(bitmap.width, bitmap.height);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas in this worker');
    ctx.drawImage(bitmap, 0, 0);
    const { data, width, height } = ctx.getImageData(0, 0, bitmap.width, bitmap.height);
    return cutSprite({ width, height, data }, rows, thumb);
  } finally {
    bitmap.close();
  }
}

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

function datasetId(files: readonly { name: string; size: number | null }[]): string {
  return `file:${files.map((f) => `${f.name}:${f.size ?? '?'}`).join('+')}`;
}

/**
 * Reads the request's inputs into a dataset. ParseErrors (and download failures)
 * come back as a failure value; cancellation throws.
 */
export async function parseRequest(req: ParseRequest, ctx: JobContext<ParseProgress>): Promise<ParseOutcome> {
  const { signal } = ctx;
  let format: FormatId | null = null;
  let formatWhy: string | null = null;
  let current = req.inputs[0]?.kind === 'url' ? req.inputs[0].url : (req.inputs[0]?.name ?? 'file');
  try {
    const sources: Source[] = [];
    for (const input of req.inputs) {
      current = input.kind === 'url' ? input.url : input.name;
      sources.push(input.kind === 'url' ? await urlSource(input.url, signal) : await fileSource(input.name, input.file));
      if (signal.aborted) throw new CancelledError();
    }
    const roles = req.inputs.map((i) => (i.kind === 'url' ? i.role : undefined));
    const guesses: ({ format: FormatId; why: string } | ParseError)[] = [];
    for (const s of sources) {
      current = s.name;
      try {
        guesses.push(req.format && sources.length === 1 ? { format: req.format, why: 'chosen by you' } : sniffFormat(s.name, await s.head()));
      } catch (e) {
        if (!(e instanceof ParseError)) throw e;
        guesses.push(e);
      }
    }
    const plan = planLoad(sources.map((s, i) => {
      const g = guesses[i];
      return { name: s.name, format: g instanceof ParseError ? null : g.format, ...(roles[i] ? { role: roles[i] } : {}) };
    }));
    if (plan.kind === 'none') {
      const bad = guesses.find((g): g is ParseError => g instanceof ParseError);
      throw bad ?? ParseError.whole(sources.map((s) => s.name).join(', '), plan.message);
    }
    const sizes = sources.map((s) => s.size);
    const total = sizes.every((x) => x !== null) ? (sizes as number[]).reduce((a, b) => a + b, 0) : null;
    const tracker = new ProgressTracker(total, (p) => ctx.progress(p));
    const opts: OpenOptions = { nonFinite: req.nonFinite, memoryBudget: req.memoryBudget, signal, onProgress: tracker.onProgress };
    let table: ParsedTable;
    let name: string;
    const used: Source[] = [];
    const warnings: string[] = [...plan.warnings];
    let images: RowImages | undefined;

    if (plan.kind === 'projector') {
      const cfgSource = sources[plan.config];
      const cfgInput = req.inputs[plan.config];
      current = cfgSource.name;
      format = 'projector-config';
      formatWhy = 'a projector config naming its files';
      tracker.next(cfgSource.name, cfgSource.size);
      if ((cfgSource.size ?? 0) > MAX_CONFIG_BYTES) throw ParseError.whole(cfgSource.name, 'too large for a projector config (over 10 MB)');
      const cfgText = await new Response((await cfgSource.randomAccess()) as unknown as Blob).text();
      const names = sources.map((s) => s.name);
      const resolveSource = async (path: string): Promise<Source | null> => {
        if (cfgInput.kind === 'url') return urlSource(new URL(path, cfgInput.url).href, signal);
        const i = matchPath(path, names);
        if (i >= 0 && i !== plan.config) return sources[i];
        if (/^https?:\/\//i.test(path)) return urlSource(path, signal);
        return null;
      };
      const opened = await openProjector(
        cfgText,
        async (path) => {
          current = path;
          const s = await resolveSource(path);
          if (!s) return null;
          used.push(s);
          tracker.next(s.name, s.size);
          return s.blob();
        },
        { ...opts, configName: cfgSource.name },
      );
      table = opened;
      const emb = opened.embedding;
      name = emb.tensorName && !/^tensor \d+$/.test(emb.tensorName) ? emb.tensorName : cfgSource.name;
      used.unshift(cfgSource);
      if (emb.sprite && req.sprites !== false) {
        try {
          const s = await resolveSource(emb.sprite.imagePath);
          if (!s) throw new Error(`${emb.sprite.imagePath} was not found; add that file too`);
          const total = table.n + table.droppedRows;
          const sprite = await decodeSprite(await s.randomAccess(), total, emb.sprite.singleImageDim);
          images = dropImageRows(sprite.images, table.droppedIndices, total);
          if (sprite.warning) warnings.push(`${emb.sprite.imagePath}: ${sprite.warning}`);
        } catch (e) {
          if (isAbort(e) || signal.aborted) throw e;
          warnings.push(`sprite ${emb.sprite.imagePath}: not shown (${e instanceof Error ? e.message : String(e)})`);
        }
      }
    } else {
      const vs = sources[plan.vectors];
      const guess = guesses[plan.vectors];
      format = req.format ?? (guess instanceof ParseError ? null : guess.format);
      formatWhy = req.format ? 'chosen by you' : guess instanceof ParseError ? null : guess.why;
      if (format === null) throw guess as ParseError;
      current = vs.name;
      tracker.next(vs.name, vs.size);
      if (format === 'sprout') {
        // Our own binary: small enough to decode whole (the built-in data files).
        const whole = await vs.randomAccess();
        const bytes = new Uint8Array(await whole.slice(0, whole.size).arrayBuffer());
        tracker.onProgress({ bytes: bytes.length, rows: 0 });
        let dataset: Dataset;
        try {
          dataset = decodeSproutBin(bytes, datasetId([vs]));
        } catch (e) {
          throw ParseError.whole(vs.name, `is damaged: ${(e as Error).message}`);
        }
        if (plan.metadata !== null) warnings.push(`${sources[plan.metadata].name} was not used (a Sprout file carries its own labels)`);
        return { ok: true, dataset, format, formatWhy: formatWhy ?? '', files: [vs.name], warnings, droppedRows: 0 };
      }
      const blob = format === 'parquet' ? await vs.randomAccess() : vs.blob();
      table = await parseFile(vs.name, blob, { ...opts, format, ...(vs.size === null ? { fileBytes: undefined } : {}) });
      used.push(vs);
      name = vs.name;
      if (plan.metadata !== null) {
        const ms = sources[plan.metadata];
        current = ms.name;
        tracker.next(ms.name, ms.size);
        const meta = await parseMetadataFile(ms.name, ms.blob(), { signal, onProgress: tracker.onProgress });
        table = joinMetadata(table, meta, ms.name);
        used.push(ms);
      }
    }
    if (signal.aborted) throw new CancelledError();
    const fmt = format as FormatId;
    let dataset = toDataset(table, datasetId(used), name, metricFor(plan.kind === 'projector' ? 'projector-tsv' : fmt));
    if (images) {
      dataset = { ...dataset, images };
      validateDataset(dataset);
    }
    return {
      ok: true,
      dataset,
      format: fmt,
      formatWhy: formatWhy ?? '',
      files: used.map((s) => s.name),
      warnings: [...warnings, ...table.warnings],
      droppedRows: table.droppedRows,
    };
  } catch (e) {
    if (isAbort(e) || signal.aborted) throw e;
    return { ok: false, failure: failureOf(e, current, format, formatWhy) };
  }
}

export const parseHandlers: Handlers<ParseJobMap> = {
  async parse(req, ctx): Promise<ParseOutcome | Transferred<ParseOutcome>> {
    const out = await parseRequest(req, ctx);
    return out.ok ? transfer(out, datasetTransferables(out.dataset)) : out;
  },
};
