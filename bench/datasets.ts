/**
 * The bench's data: the app's built-in sets (written by `npm run data`), optionally their
 * first m rows, each also written once as raw float32 to the temp directory for the
 * peers in other languages (and for our own child processes, which load the same bytes).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metric } from '../src/compute/dataset';
import { loadBuiltin } from './data';

export const WORK_DIR = join(tmpdir(), 'sprout-bench');
mkdirSync(WORK_DIR, { recursive: true });

export type DataName = 'glove10k' | 'glove50k' | 'mnist10k';

const FILES: Record<DataName, { file: string; label: string }> = {
  glove10k: { file: 'glove-10k.sprout', label: 'GloVe' },
  glove50k: { file: 'glove-50k.sprout', label: 'GloVe' },
  mnist10k: { file: 'mnist-10k.sprout', label: 'MNIST' },
};

/** A bench input: vectors (and labels where the set has them) in memory and on disk. */
export interface BenchData {
  readonly key: string;
  /** "GloVe 10k×100", "MNIST 2k×784". */
  readonly label: string;
  readonly n: number;
  readonly dim: number;
  readonly metric: Metric;
  readonly vectors: Float32Array;
  /** Class codes (MNIST's digit), or null. */
  readonly codes: Uint32Array | null;
  /** The vectors as raw little-endian float32, n × dim. */
  readonly path: string;
}

const cache = new Map<string, BenchData>();

function size(n: number): string {
  return n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

/** The named set, or its first `rows` rows. */
export function benchData(name: DataName, rows?: number): BenchData {
  const key = rows ? `${name}-${rows}` : name;
  const hit = cache.get(key);
  if (hit) return hit;
  const ds = loadBuiltin(FILES[name].file, `builtin:${name}`);
  const n = Math.min(ds.n, rows ?? ds.n);
  const vectors = ds.vectors.subarray(0, n * ds.dim);
  const col = ds.columns.find((c) => c.type === 'category' && c.name === 'digit');
  const codes = col && col.type === 'category' ? col.codes.subarray(0, n) : null;
  const path = join(WORK_DIR, `${key}.f32`);
  if (!existsSync(path) || readFileSync(path).byteLength !== vectors.byteLength) writeFileSync(path, Buffer.from(vectors.buffer, vectors.byteOffset, vectors.byteLength));
  const data: BenchData = { key, label: `${FILES[name].label} ${size(n)}×${ds.dim}`, n, dim: ds.dim, metric: ds.metric, vectors, codes, path };
  cache.set(key, data);
  return data;
}

/** Reads a child's result file: float32, as many as it wrote. */
export function readF32(path: string): Float32Array {
  const b = readFileSync(path);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
}

/** A data set's file in a child process (the same bytes the parent wrote). */
export function loadF32(path: string, n: number, dim: number): Float32Array {
  const x = readF32(path);
  if (x.length !== n * dim) throw new Error(`expected ${n}×${dim} values in ${path}, got ${x.length}`);
  return x;
}
