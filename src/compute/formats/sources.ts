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
import type { MemoryMeter, StreamLayer } from './meter';
import { blobChunks, type BlobLike } from './open';
import { SNIFF_BYTES } from './sniff';

/** What a load tells its sources: the meter to charge, and whom to tell when a download stalls. */
export interface SourceHooks {
  readonly meter?: MemoryMeter;
  /**
   * A download has sent nothing for `silentMs` (called every `stallMs` while that lasts,
   * and once with 0 when bytes flow again).
   */
  readonly onStall?: (url: string, silentMs: number) => void;
  /** Silence that counts as a stall (default 30 s). */
  readonly stallMs?: number;
  /**
   * Asked when a fetch fails without an HTTP answer: true when the page's security policy
   * blocked it (the worker records securitypolicyviolation events; see policy.ts).
   */
  readonly policyBlocked?: (url: string) => boolean | Promise<boolean>;
}

export const DEFAULT_STALL_MS = 30_000;

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

/** A File/Blob: random access for free, and a size known up front (memory.ts checks it before reading). */
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

/**
 * Waits for `p`, calling `onStall(silentMs)` every `ms` while it has not settled, and
 * `onStall(0)` when it settles after a stall (the notice can go).
 */
export async function stallWatch<T>(p: Promise<T>, ms: number, onStall: (silentMs: number) => void): Promise<T> {
  let silent = 0;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const tick = (): void => {
    silent += ms;
    onStall(silent);
    timer = setTimeout(tick, ms);
  };
  timer = setTimeout(tick, ms);
  try {
    return await p;
  } finally {
    if (timer !== null) clearTimeout(timer);
    if (silent > 0) onStall(0);
  }
}

/** A one-shot byte stream (a fetch body, a decompressing stream) whose first bytes can be peeked; every byte read is metered. */
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
    private readonly layer: StreamLayer,
    private readonly meter?: MemoryMeter,
    /** Wraps each read (a stall watch for downloads). */
    private readonly watch: <T>(p: Promise<T>) => Promise<T> = (p) => p,
  ) {
    this.reader = stream.getReader();
  }

  private async read(): Promise<{ done: boolean; value?: Uint8Array }> {
    const r = await this.watch(this.reader.read());
    if (!r.done && r.value) this.meter?.addDecoded(this.name, this.layer, r.value.length);
    return r;
  }

  async head(): Promise<Uint8Array> {
    while (!this.ended && this.bufferedBytes < SNIFF_BYTES) {
      const { done, value } = await this.read();
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
        const { done, value } = await this.read();
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

  /** Collects the stream into memory (Parquet, configs): metered like any read, so a bomb stops at the budget. */
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

/** A stream of chunks as a ReadableStream (to pipe through a DecompressionStream). */
function readableOf(chunks: AsyncGenerator<Uint8Array>): ByteStream {
  return new ReadableStream<Uint8Array<ArrayBuffer>>({
    async pull(controller) {
      const r = await chunks.next();
      if (r.done) controller.close();
      else controller.enqueue(r.value as Uint8Array<ArrayBuffer>);
    },
    cancel: async () => void (await chunks.return(undefined)),
  }) as ByteStream;
}

/**
 * Compressed bytes are handed to the decompressor in pieces this small. A
 * DecompressionStream inflates each input chunk whole and queues all of its output before
 * backpressure can act: a Blob stream's chunks are hundreds of kilobytes, and at deflate's
 * ratio (up to 1032:1) one of them inflates to hundreds of megabytes at once, past any
 * meter (a 2.4 MB bomb grew the tab by ~500 MB this way). 16 KB in gives at most ~16 MB out.
 */
export const GZIP_PIECE = 16 * 1024;

async function* pieces(chunks: AsyncIterable<Uint8Array>, size: number): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) {
    if (c.length <= size) yield c;
    else for (let i = 0; i < c.length; i += size) yield c.subarray(i, Math.min(c.length, i + size));
  }
}

/** Inflates a gzip byte stream, feeding the decompressor small pieces on demand (see GZIP_PIECE). */
const gunzip = (chunks: AsyncGenerator<Uint8Array>): ByteStream => (readableOf(pieces(chunks, GZIP_PIECE)) as ReadableStream).pipeThrough(new DecompressionStream('gzip')) as ByteStream;

/** A picked file, decompressed on the fly when it is gzip (the inflated bytes are metered). */
export async function fileSource(name: string, file: Blob, hooks: SourceHooks = {}): Promise<Source> {
  const magic = new Uint8Array(await file.slice(0, 2).arrayBuffer());
  if (magic[0] === GZIP[0] && magic[1] === GZIP[1] && typeof DecompressionStream === 'function') {
    const inner = name.replace(/\.gz$/i, '');
    return new StreamSource(inner, null, gunzip(blobChunks(file as unknown as BlobLike)), 'gzip', hooks.meter);
  }
  return new BlobSource(name, file);
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Whether Sprout's own policy (vite.config.ts: connect-src 'self' blob: data: https:
 * http://localhost:* http://127.0.0.1:*) lets the page fetch `url`. Used to name the
 * cause when a fetch fails with no answer.
 */
export function allowedByConnectSrc(url: string, pageOrigin: string | null): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'https:' || u.protocol === 'data:' || u.protocol === 'blob:') return true;
  if (pageOrigin !== null && u.origin === pageOrigin) return true;
  return u.protocol === 'http:' && (u.hostname === 'localhost' || u.hostname === '127.0.0.1');
}

export const isLocalUrl = (url: string): boolean => {
  try {
    return LOCAL_HOSTS.has(new URL(url).hostname);
  } catch {
    return false;
  }
};

async function fetchFailure(url: string, e: unknown, hooks: SourceHooks): Promise<ParseError> {
  if (hooks.policyBlocked && (await hooks.policyBlocked(url))) {
    return ParseError.coded(url, 'cspBlocked', { url }, "blocked by this page's security policy: only https or localhost links can be opened");
  }
  const detail = e instanceof Error ? e.message : String(e);
  const local = isLocalUrl(url);
  return ParseError.coded(
    url,
    'network',
    { url, detail, local: local ? 1 : 0 },
    `could not be downloaded (network error: ${detail}); is the address right, is the server running, and does it allow cross-origin requests (CORS)?` +
      (local ? ' A local server must send Access-Control-Allow-Origin (python -m http.server does not; npx http-server --cors does).' : ''),
  );
}

/**
 * Opens a URL as a stream. Errors name the cause: the security policy, the network (or
 * CORS), an HTTP status, or a web page where data was expected (a static host that
 * answers a wrong path with its index.html). A download that goes silent is reported
 * through `hooks.onStall` and keeps waiting until the user cancels.
 */
export async function urlSource(url: string, signal: AbortSignal, hooks: SourceHooks = {}): Promise<Source> {
  const name = decodeURIComponent(baseName(url)) || url;
  const stallMs = hooks.stallMs ?? DEFAULT_STALL_MS;
  const onStall = hooks.onStall;
  const watch = onStall ? <T>(p: Promise<T>): Promise<T> => stallWatch(p, stallMs, (ms) => onStall(url, ms)) : <T>(p: Promise<T>): Promise<T> => p;
  let response: Response;
  try {
    response = await watch(fetch(url, { signal }));
  } catch (e) {
    if (signal.aborted) throw new CancelledError();
    throw await fetchFailure(url, e, hooks);
  }
  if (!response.ok) {
    const text = `HTTP ${response.status} ${response.statusText}`.trim();
    throw ParseError.coded(url, 'httpStatus', { url, status: response.status, statusText: response.statusText }, `could not be downloaded: ${text}`);
  }
  const contentType = (response.headers.get('content-type') ?? '').split(';')[0].trim().toLowerCase();
  if (contentType === 'text/html' || contentType === 'application/xhtml+xml') {
    void response.body?.cancel().catch(() => undefined);
    throw ParseError.coded(
      url,
      'htmlResponse',
      { url, status: response.status, contentType },
      `the server returned a web page (HTTP ${response.status}, ${contentType}) — is the path right?`,
    );
  }
  const header = response.headers.get('content-length');
  const size = header && !response.headers.get('content-encoding') ? Number(header) : null;
  const body = (response.body ?? new Blob([await response.arrayBuffer()]).stream()) as ByteStream;
  const source = new StreamSource(name, size, body, 'download', hooks.meter, watch);
  if (/\.gz$/i.test(name) || contentType === 'application/gzip') {
    const head = await source.head();
    if (head[0] === GZIP[0] && head[1] === GZIP[1] && typeof DecompressionStream === 'function') {
      return new StreamSource(name.replace(/\.gz$/i, ''), null, gunzip(source.chunks()), 'gzip', hooks.meter);
    }
  }
  return source;
}
