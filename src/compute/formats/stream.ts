/**
 * The streaming contract: a parser takes byte chunks in order (from File.stream(),
 * a fetch body, or a test that cuts a buffer anywhere) and produces its result at
 * the end. No parser ever needs the whole file as one string or buffer.
 */
import { CancelledError } from '../task';
import { asParseError } from './errors';

export interface StreamParser<T> {
  push(chunk: Uint8Array): void;
  /** Ends the stream; returns the result or throws ParseError. */
  finish(): T;
  /** Data rows accepted so far (for progress). */
  readonly rows: number;
}

export interface StreamProgress {
  bytes: number;
  rows: number;
}

export interface StreamOptions {
  signal?: AbortSignal;
  onProgress?: (p: StreamProgress) => void;
  /** Minimum milliseconds between progress calls (default 100). */
  progressMs?: number;
  /** For messages when a non-ParseError escapes a parser. */
  fileName?: string;
}

/**
 * Feeds every chunk to the parser, checking the signal between chunks (throws
 * CancelledError). Any other failure comes out as a ParseError.
 */
export async function parseStream<T>(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  parser: StreamParser<T>,
  opts: StreamOptions = {},
): Promise<T> {
  const { signal, onProgress } = opts;
  const every = opts.progressMs ?? 100;
  let bytes = 0;
  let last = 0;
  try {
    for await (const chunk of chunks) {
      if (signal?.aborted) throw new CancelledError();
      parser.push(chunk);
      bytes += chunk.length;
      if (onProgress) {
        const now = Date.now();
        if (now - last >= every) {
          last = now;
          onProgress({ bytes, rows: parser.rows });
        }
      }
    }
    if (signal?.aborted) throw new CancelledError();
    const result = parser.finish();
    onProgress?.({ bytes, rows: parser.rows });
    return result;
  } catch (e) {
    if (e instanceof CancelledError) throw e;
    throw asParseError(opts.fileName ?? 'file', e);
  }
}

/** Runs a parser over an in-memory buffer cut into the given chunk sizes (tests, small files). */
export function parseBytes<T>(bytes: Uint8Array, parser: StreamParser<T>, chunkSize = 65536): T {
  for (let i = 0; i < bytes.length; i += chunkSize) parser.push(bytes.subarray(i, Math.min(bytes.length, i + chunkSize)));
  return parser.finish();
}

/** Cuts bytes at the given positions (sorted or not, duplicates fine). */
export function splitAt(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const pts = [...new Set(cuts.map((c) => Math.max(0, Math.min(bytes.length, Math.floor(c)))))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of pts) {
    out.push(bytes.subarray(prev, p));
    prev = p;
  }
  out.push(bytes.subarray(prev));
  return out;
}
