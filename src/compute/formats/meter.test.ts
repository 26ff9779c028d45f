import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { createGzip, gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { loadDataset, type LoadDeps } from './load';
import type { LoadFailure, LoadInput, LoadRequest } from './loadTypes';
import { MAX_MEMORY_BUDGET, memoryBudgetFor, MemoryMeter, MIN_MEMORY_BUDGET } from './meter';
import type { BlobLike } from './open';
import { fileSource, GZIP_PIECE, urlSource, type Source } from './sources';
import { npyBytes } from './testing';

const MiB = 2 ** 20;
/** The largest chunk a source hands a parser (sources.ts MAX_CHUNK). */
const CHUNK = MiB;

// A real collector, so the measurement below counts live memory, not garbage not yet collected.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Live ArrayBuffer bytes (every float block and byte chunk is one), after a full collection. */
function liveArrayBuffers(): number {
  gc();
  return process.memoryUsage().arrayBuffers;
}

/**
 * Wraps a source so the live memory is measured before every chunk a parser receives:
 * the peak over the whole read, independent of the meter's own accounting.
 */
function measuring(source: Source, peak: { bytes: number }, every = 16): Source {
  const inner = source.blob();
  let count = 0;
  const stream = (): ReturnType<BlobLike['stream']> => {
    const reader = inner.stream().getReader();
    return {
      getReader: () => ({
        read: async () => {
          if (count++ % every === 0) peak.bytes = Math.max(peak.bytes, liveArrayBuffers());
          return reader.read();
        },
        cancel: (r?: unknown) => reader.cancel(r),
        releaseLock: () => reader.releaseLock(),
      }),
    };
  };
  return { name: source.name, size: source.size, head: () => source.head(), randomAccess: () => source.randomAccess(), blob: () => ({ ...inner, stream }) };
}

/** A gzip file of `rows` identical text lines: megabytes that inflate to far more. */
async function gzipBomb(line: string, rows: number): Promise<Uint8Array> {
  const gz = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gz.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<void>((resolve) => gz.on('end', () => resolve()));
  const block = Buffer.from(line.repeat(Math.max(1, Math.floor(MiB / line.length))));
  const perBlock = Math.max(1, Math.floor(MiB / line.length));
  for (let written = 0; written < rows; written += perBlock) {
    if (!gz.write(block)) await new Promise((r) => gz.once('drain', r));
  }
  gz.end();
  await done;
  return new Uint8Array(Buffer.concat(parts));
}

const request = (inputs: LoadInput[], budget: number): LoadRequest => ({ inputs, nonFinite: 'error', memoryBudget: budget });

async function failure(inputs: LoadInput[], budget: number, deps: LoadDeps = {}): Promise<LoadFailure> {
  const out = await loadDataset(request(inputs, budget), '#m', { signal: new AbortController().signal, onProgress: () => undefined }, deps);
  if (out.ok) throw new Error(`expected the budget to stop the load; it read ${out.dataset.n} rows`);
  return out.failure;
}

describe('the memory meter', () => {
  it('refuses an allocation that would pass the budget before it is made, and tracks the peak', () => {
    const m = new MemoryMeter(100);
    m.allocate('f', 60);
    m.release(20);
    m.allocate('f', 50);
    expect([m.allocated, m.peak]).toEqual([90, 90]);
    expect(() => m.allocate('f', 11)).toThrow(/more than/);
    expect(m.allocated).toBe(90);
  });

  it('counts each stream layer against the budget on its own', () => {
    const m = new MemoryMeter(100);
    m.addDecoded('f', 'download', 80);
    m.addDecoded('f', 'gzip', 80);
    try {
      m.addDecoded('f', 'gzip', 30);
      expect.unreachable();
    } catch (e) {
      expect((e as { code: string }).code).toBe('inflatesPastBudget');
      expect((e as Error).message).toMatch(/this file inflates past 100 bytes|inflates past/);
    }
  });

  it('takes a quarter of the device memory, between 256 MiB and 2 GiB, and 1 GiB where the browser does not say', () => {
    expect(memoryBudgetFor(8)).toEqual({ bytes: 2 * 2 ** 30, fromDevice: true });
    expect(memoryBudgetFor(4)).toEqual({ bytes: 2 ** 30, fromDevice: true });
    expect(memoryBudgetFor(0.5).bytes).toBe(MIN_MEMORY_BUDGET);
    expect(memoryBudgetFor(64).bytes).toBe(MAX_MEMORY_BUDGET);
    expect(memoryBudgetFor(undefined)).toEqual({ bytes: 2 ** 30, fromDevice: false });
  });
});

describe('a gzip bomb', () => {
  const BUDGET = 12 * MiB;

  it('of long numbers is stopped the moment it inflates past the budget, with peak memory below budget + one chunk', async () => {
    // 13 bytes of text per float: the text passes the budget long before the table does.
    const bomb = await gzipBomb(`${'0.0000000001\t'.repeat(15)}0.0000000001\n`, 200_000); // ~40 MB inflated
    expect(bomb.length).toBeLessThan(2 * MiB);
    const peak = { bytes: 0 };
    const baseline = liveArrayBuffers();
    const f = await failure([{ kind: 'file', name: 'bomb.tsv.gz', file: new Blob([bomb as Uint8Array<ArrayBuffer>]) }], BUDGET, {
      openFile: async (name, file, hooks) => measuring(await fileSource(name, file, hooks), peak, 8),
    });
    expect(f.code).toBe('inflatesPastBudget');
    expect(f.message).toMatch(/this file inflates past 12 MiB/);
    expect(peak.bytes - baseline).toBeLessThan(BUDGET + CHUNK);
  });

  it('of short numbers is stopped when its table would pass the budget, before allocating that block', async () => {
    // 2 bytes of text per float (4 bytes in the table): the table passes the budget first.
    const bomb = await gzipBomb(`${'0\t'.repeat(63)}0\n`, 300_000); // ~38 MB inflated
    const peak = { bytes: 0 };
    const baseline = liveArrayBuffers();
    const f = await failure([{ kind: 'file', name: 'zeros.tsv.gz', file: new Blob([bomb as Uint8Array<ArrayBuffer>]) }], BUDGET, {
      openFile: async (name, file, hooks) => measuring(await fileSource(name, file, hooks), peak, 8),
    });
    expect(f.code).toBe('tableOverBudget');
    expect(peak.bytes - baseline).toBeLessThan(BUDGET + CHUNK);
  });
  it('is fed to the decompressor in small pieces, so one input chunk cannot inflate to hundreds of megabytes at once', async () => {
    // Chromium's DecompressionStream inflates each input chunk whole before backpressure acts
    // (Node's does not, so this checks what the decompressor is given rather than memory).
    const Real = globalThis.DecompressionStream;
    const inputs: number[] = [];
    class Spy {
      readonly readable: ReadableStream<Uint8Array>;
      readonly writable: WritableStream<Uint8Array>;
      constructor(format: CompressionFormat) {
        const real = new Real(format);
        const spy = new TransformStream<Uint8Array, Uint8Array>({ transform: (c, ctl) => (inputs.push(c.length), ctl.enqueue(c)) });
        void spy.readable.pipeTo(real.writable as WritableStream<Uint8Array>).catch(() => undefined);
        this.writable = spy.writable;
        this.readable = real.readable;
      }
    }
    vi.stubGlobal('DecompressionStream', Spy);
    try {
      const text = Array.from({ length: 40_000 }, (_, i) => `${i}\t${Math.sin(i)}\t${Math.cos(i)}\n`).join('');
      const gz = new Uint8Array(gzipSync(text));
      expect(gz.length).toBeGreaterThan(4 * GZIP_PIECE);
      // One chunk, as a Blob stream may hand out.
      const source = await fileSource('b.tsv.gz', new Blob([gz]));
      let inflated = 0;
      const reader = source.blob().stream().getReader();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        inflated += value?.length ?? 0;
      }
      expect(inflated).toBe(text.length);
      expect(Math.max(...inputs)).toBeLessThanOrEqual(GZIP_PIECE);
      expect(inputs.reduce((a, b) => a + b, 0)).toBe(gz.length);
    } finally {
      vi.unstubAllGlobals();
    }
  });
});

describe('a zip bomb', () => {
  it('inside an .npz is stopped at the budget as a member inflates, even a member that is skipped', async () => {
    // Small real vectors, then a 1-D member (not vectors, so skipped) of 64 MB of zeros deflated to kilobytes.
    const vectors = npyBytes([2, 2], '<f4', [1, 0, 0, 1]);
    const junk = npyBytes([8 * MiB], '<f4', new Float32Array(8 * MiB));
    const zip = zipSync({ 'vectors.npy': [vectors, { level: 9 }], 'junk.npy': [junk, { level: 9 }] });
    expect(zip.length).toBeLessThan(MiB);
    const f = await failure([{ kind: 'file', name: 'bomb.npz', file: new Blob([zip as Uint8Array<ArrayBuffer>]) }], 8 * MiB);
    expect(f.code).toBe('inflatesPastBudget');
    expect(f.message).toMatch(/inflates past 8 MiB/);
  });

  it('whose header claims more than the budget is refused before anything is allocated', async () => {
    const npy = npyBytes([MiB, 4], '<f4', new Float32Array(4 * MiB));
    const zip = zipSync({ 'vectors.npy': [npy, { level: 9 }] });
    const f = await failure([{ kind: 'file', name: 'big.npz', file: new Blob([zip as Uint8Array<ArrayBuffer>]) }], 8 * MiB);
    expect(f.message).toMatch(/too large to open here/);
    expect(f.code).toBe('tableOverBudget');
    expect(f.message).toMatch(/too large to open here/);
  });
});

describe('a download without Content-Length', () => {
  let server: Server;
  let base = '';
  let closedEarly = 0;

  beforeAll(async () => {
    server = createServer((_req, res) => {
      // An endless chunked body of numbers: only the budget can end it.
      res.writeHead(200, { 'content-type': 'text/tab-separated-values', 'access-control-allow-origin': '*' });
      const line = Buffer.from(`${'0.123456789\t'.repeat(31)}0.123456789\n`.repeat(1000));
      let open = true;
      res.on('close', () => {
        open = false;
        closedEarly++;
      });
      const pump = (): void => {
        while (open && res.write(line)) {
          /* fill the socket */
        }
        if (open) res.once('drain', pump);
      };
      pump();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  it('is stopped at the budget and the connection is closed, with peak memory below budget + one chunk', async () => {
    const BUDGET = 8 * MiB;
    const peak = { bytes: 0 };
    const baseline = liveArrayBuffers();
    const f = await failure([{ kind: 'url', url: `${base}endless.tsv`, role: 'data' }], BUDGET, {
      openUrl: async (url, signal, hooks) => measuring(await urlSource(url, signal, hooks), peak, 8),
    });
    expect(f.code).toBe('inflatesPastBudget');
    expect(f.message).toMatch(/is larger than 8 MiB/);
    expect(peak.bytes - baseline).toBeLessThan(BUDGET + CHUNK);
    await expect.poll(() => closedEarly).toBe(1);
  });
});
