/**
 * Where the bytes of a load come from: a picked/dropped File, a URL (streamed with
 * fetch), or a stream that decompresses either. Each is a Source: its name, its size when
 * known, the first bytes (for sniffing), and the content as a stream of chunks, read
 * once. Only web-standard APIs (Blob, fetch, ReadableStream, DecompressionStream), which
 * workers and Node both have, so the whole load pipeline runs in a Node test.
 */
import { CancelledError } from '../task';
import { ParseError } from './errors';
import { baseName } from './loadPlan';
import { blobChunks, type BlobLike } from './open';
import { SNIFF_BYTES } from './sniff';

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
class StreamSource implements Source {
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

