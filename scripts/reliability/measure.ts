/**
 * The Node-side measurements of `npm run reliability`: the largest file streamed (time,
 * CPU, peak memory), a gzip bomb's peak memory, and cancel latency, all through the real
 * load pipeline (loadDataset) on files read from disk as Blobs, as the parse worker
 * reads a user's file.
 */
import { createWriteStream, openAsBlob } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';
import { loadDataset } from '../../src/compute/formats/load';
import { createRng } from '../../src/compute/random';

export interface StreamRun {
  readonly file: string;
  readonly bytes: number;
  readonly outcome: string;
  readonly wallMs: number;
  readonly cpuMs: number;
  /** Peak of (RSS − RSS before), sampled every 10 ms. */
  readonly peakRssDeltaMb: number;
  /** Peak ArrayBuffer memory (what the budget meters), sampled every 10 ms. */
  readonly peakArrayBuffersMb: number;
}

const MB = 2 ** 20;

/** Writes `rows` lines of `dim` tab-separated numbers (a word first) to `path`. */
export async function writeTsv(path: string, rows: number, dim: number, seed = 1): Promise<number> {
  const rng = createRng(seed);
  const out = createWriteStream(path);
  let bytes = 0;
  for (let r = 0; r < rows; r += 1000) {
    const lines: string[] = [];
    for (let k = r; k < Math.min(rows, r + 1000); k++) {
      const v = Array.from({ length: dim }, () => rng.gaussian().toFixed(5));
      lines.push(`w${k}\t${v.join('\t')}`);
    }
    const text = `${lines.join('\n')}\n`;
    bytes += Buffer.byteLength(text);
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

/** A .tsv.gz of `mb` megabytes of numbers, deflated a megabyte at a time (zlib level 9). */
export async function writeGzipBomb(path: string, mb: number): Promise<void> {
  const line = `${'0.000000001\t'.repeat(15)}0.000000001\n`;
  // Whole lines per block, so the text stays well-formed and only the budget stops it.
  const block = Buffer.from(line.repeat(Math.floor(MB / line.length)));
  const gz = createGzip({ level: 9 });
  const out = gz.pipe(createWriteStream(path));
  for (let written = 0; written < mb * MB; written += block.length) if (!gz.write(block)) await once(gz, 'drain');
  gz.end();
  await once(out, 'finish');
}

function sampler(): { stop: () => { rss: number; ab: number } } {
  const rss0 = process.memoryUsage().rss;
  let rss = 0;
  let ab = 0;
  const tick = (): void => {
    const m = process.memoryUsage();
    rss = Math.max(rss, m.rss - rss0);
    ab = Math.max(ab, m.arrayBuffers);
  };
  const timer = setInterval(tick, 10);
  return {
    stop: () => {
      tick();
      clearInterval(timer);
      return { rss, ab };
    },
  };
}

const gc = (): void => (globalThis as { gc?: () => void }).gc?.();

/** Loads `path` through loadDataset and measures it. */
export async function streamFile(path: string, name: string, budget: number, signal = new AbortController().signal): Promise<StreamRun> {
  gc();
  const blob = await openAsBlob(path);
  const s = sampler();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const out = await loadDataset({ inputs: [{ kind: 'file', name, file: blob }], nonFinite: 'error', memoryBudget: budget }, '#reliability', { signal, onProgress: () => undefined });
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const peak = s.stop();
  const outcome = out.ok ? `read ${out.dataset.n} × ${out.dataset.dim}` : `refused: ${out.failure.message.slice(0, 120)}`;
  return { file: name, bytes: blob.size, outcome, wallMs, cpuMs: (cpu.user + cpu.system) / 1000, peakRssDeltaMb: peak.rss / MB, peakArrayBuffersMb: peak.ab / MB };
}

/** Starts `runs` loads of `path`, cancels each after a seeded delay, and times abort → settled. */
export async function cancelLatencies(path: string, name: string, budget: number, runs: number, seed: number): Promise<number[]> {
  const rng = createRng(seed);
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const ctrl = new AbortController();
    const delay = 50 + rng.int(400);
    let abortedAt = 0;
    const timer = setTimeout(() => {
      abortedAt = performance.now();
      ctrl.abort();
    }, delay);
    await streamFile(path, name, budget, ctrl.signal).catch(() => undefined);
    clearTimeout(timer);
    if (abortedAt) out.push(performance.now() - abortedAt);
  }
  return out;
}
