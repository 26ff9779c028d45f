/**
 * One entry point for a worker: given a File/Blob (or anything with the same
 * shape), sniff the format, pick the parser, stream the bytes through it. Also the
 * multi-file case of the TensorBoard projector (config → tensor + metadata).
 */
import { CancelledError } from '../task';
import { asParseError, ParseError } from './errors';
import { csvParser, type CsvOptions } from './csv';
import { jsonlParser, jsonParser, type JsonOptions } from './json';
import { joinMetadata, metadataTsvParser, type ParsedMetadata } from './metadata';
import type { MemoryMeter } from './meter';
import { npyParser } from './npy';
import { npzParser, type NpzOptions } from './npz';
import { parseParquet, type ParquetOptions } from './parquet';
import { parseProjectorConfig, tensorBytesParser, type ProjectorConfig, type ProjectorEmbedding } from './projectorConfig';
import { projectorTsvParser } from './projectorTsv';
import { FORMAT_NAMES, sniffFormat, SNIFF_BYTES, type FormatId, type FormatGuess } from './sniff';
import { parseStream, type StreamOptions, type StreamParser } from './stream';
import type { ParseOptions, ParsedTable } from './table';
import { word2vecBinaryParser } from './word2vecBinary';
import { wordVectorsTextParser } from './wordVectorsText';

/** The slice of the Blob/File API we use (so Node tests can pass a Blob, workers a File). */
export interface BlobLike {
  readonly size: number;
  slice(start?: number, end?: number): { arrayBuffer(): Promise<ArrayBuffer> };
  stream(): { getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }>; cancel(reason?: unknown): Promise<void>; releaseLock(): void } };
}

export type OpenOptions = ParseOptions & CsvOptions & JsonOptions & NpzOptions & ParquetOptions & StreamOptions & {
  /** Skip sniffing and use this parser. */
  format?: FormatId;
  /** For 'tensor-bytes': [rows, dims]. */
  shape?: [number, number];
};

/** Reads a Blob's stream chunk by chunk (getReader works everywhere; async iteration of streams does not yet). */
export async function* blobChunks(blob: BlobLike): AsyncGenerator<Uint8Array> {
  const reader = blob.stream().getReader();
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        return;
      }
      if (value && value.length) yield value;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
    else reader.releaseLock();
  }
}

/** A streaming parser for every format that streams (all but Parquet, configs and Sprout). */
export function createParser(format: FormatId, opts: OpenOptions = {}): StreamParser<ParsedTable> {
  switch (format) {
    case 'projector-tsv':
      return projectorTsvParser(opts);
    case 'word2vec-text':
      return wordVectorsTextParser(opts);
    case 'word2vec-binary':
      return word2vecBinaryParser(opts);
    case 'npy':
      return npyParser(opts);
    case 'npz':
      return npzParser(opts);
    case 'csv':
      return csvParser(opts);
    case 'json':
      return jsonParser(opts);
    case 'jsonl':
      return jsonlParser(opts);
    case 'tensor-bytes':
      if (!opts.shape) throw ParseError.whole(opts.fileName ?? 'file', 'a raw .bytes tensor has no shape of its own; open it together with its projector_config.json');
      return tensorBytesParser(opts.shape, opts);
    case 'metadata-tsv':
      throw ParseError.whole(opts.fileName ?? 'file', 'this looks like a labels/metadata file (text, no vectors); open it together with a vectors file');
    case 'projector-config':
      throw ParseError.whole(opts.fileName ?? 'file', 'this is a TensorBoard projector config; open it together with the files it names (see openProjector)');
    case 'parquet':
      throw ParseError.whole(opts.fileName ?? 'file', 'Parquet needs random access; use parseFile (or parseParquet) rather than a stream');
    case 'sprout':
      throw ParseError.whole(opts.fileName ?? 'file', 'a Sprout binary file is read by sproutBin.ts, not by a stream parser');
  }
}

/** Sniffs a Blob's format from its name and first bytes. */
export async function sniffBlob(name: string, blob: BlobLike): Promise<FormatGuess> {
  const head = new Uint8Array(await blob.slice(0, Math.min(blob.size, SNIFF_BYTES)).arrayBuffer());
  return sniffFormat(name, head);
}

/**
 * Parses a whole file: sniffs (unless `format` is given), then streams it through
 * the right parser. Throws ParseError for bad input, CancelledError when aborted.
 */
export async function parseFile(name: string, blob: BlobLike, opts: OpenOptions = {}): Promise<ParsedTable & { format: FormatId }> {
  const o: OpenOptions = { fileName: name, fileBytes: blob.size, ...opts };
  try {
    if (blob.size === 0) throw ParseError.whole(name, 'the file is empty');
    const format = opts.format ?? (await sniffBlob(name, blob)).format;
    if (format === 'parquet') {
      // A damaged footer names any offsets: clamp them to the file (Node's Blob.slice
      // aborts the process on some out-of-range pairs); a short read is hyparquet's to report.
      const at = (x: number | undefined, fallback: number): number => (x === undefined ? fallback : Number.isFinite(x) ? Math.max(0, Math.min(blob.size, Math.floor(x))) : 0);
      const slice = async (s: number, e?: number): Promise<ArrayBuffer> => {
        const a = at(s, 0);
        const b = at(e, blob.size);
        return b > a ? blob.slice(a, b).arrayBuffer() : new ArrayBuffer(0);
      };
      const source = { byteLength: blob.size, slice };
      return { ...(await parseParquet(source, o)), format };
    }
    const table = await parseStream(blobChunks(blob), createParser(format, o), o);
    return { ...table, format };
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    throw asParseError(name, e);
  }
}

/** Parses a metadata/labels TSV blob. */
export async function parseMetadataFile(name: string, blob: BlobLike, opts: StreamOptions & { meter?: MemoryMeter } = {}): Promise<ParsedMetadata> {
  return parseStream(blobChunks(blob), metadataTsvParser({ fileName: name, meter: opts.meter }), { fileName: name, ...opts });
}

/**
 * Opens one embedding of a TensorBoard projector config. `resolve` maps a path from
 * the config (relative file name or URL) to its bytes — dropped files or a fetch.
 */
export async function openProjector(
  config: ProjectorConfig | string,
  resolve: (path: string) => Promise<BlobLike | null> | BlobLike | null,
  opts: OpenOptions & { embedding?: number; configName?: string } = {},
): Promise<ParsedTable & { embedding: ProjectorEmbedding }> {
  const cfg = typeof config === 'string' ? parseProjectorConfig(config, opts.configName) : config;
  const emb = cfg.embeddings[opts.embedding ?? 0];
  if (!emb) throw ParseError.whole(opts.configName ?? 'projector_config.json', `there is no embedding number ${(opts.embedding ?? 0) + 1}`);
  const need = async (path: string, what: string): Promise<BlobLike> => {
    const b = await resolve(path);
    if (!b) throw ParseError.whole(opts.configName ?? 'projector_config.json', `${what} ${JSON.stringify(path)} was not found; add that file too`);
    return b;
  };
  const tensor = await need(emb.tensorPath, 'the tensor file');
  const format: FormatId = emb.tensorFormat === 'tsv' ? 'projector-tsv' : 'tensor-bytes';
  let table: ParsedTable = await parseFile(emb.tensorPath, tensor, { ...opts, format, shape: emb.tensorShape ?? undefined });
  if (emb.tensorShape && format === 'projector-tsv' && (table.n + table.droppedRows !== emb.tensorShape[0] || table.dim !== emb.tensorShape[1])) {
    table.warnings.push(`tensorShape says ${emb.tensorShape[0]} × ${emb.tensorShape[1]}, the file has ${table.n + table.droppedRows} × ${table.dim}`);
  }
  if (emb.metadataPath) {
    const meta = await parseMetadataFile(emb.metadataPath, await need(emb.metadataPath, 'the metadata file'), opts);
    table = joinMetadata(table, meta, emb.metadataPath);
  }
  table.warnings = [...cfg.warnings, ...table.warnings];
  return { ...table, embedding: emb };
}

export { FORMAT_NAMES };
