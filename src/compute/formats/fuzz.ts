/**
 * The fuzz campaign's cases (scripts/fuzz.ts runs them for minutes; fuzz.test.ts runs a
 * few thousand per format in the unit suite): for every format, a small valid file made
 * from the seed, then one hostile change — random bytes (behind the format's magic half
 * the time, so the parser is reached), a truncation, single-byte flips, a spliced
 * chunk, a number replaced by a huge one or a NaN/Infinity spelling, JSON nested
 * thousands deep, a header that lies about its size, a gzip or zip bomb.
 *
 * runCase loads the case through the real pipeline (loadDataset, a small memory budget)
 * and classifies it: read, refused with one of our ParseErrors, or a failure — anything
 * else thrown, or a ParseError that only wraps an engine error (a TypeError…) from our
 * own code. Seeded: the same seed gives the same cases.
 */
import { Gzip, gzipSync, zipSync } from 'fflate';
import { createRng, type Rng } from '../random';
import { loadDataset } from './load';
import type { LoadInput } from './loadTypes';
import { writeTestParquet } from './parquetTestWriter';
import { encodeSproutBin } from './sproutBin';
import { npyBytes, npyStrings, word2vecBinaryBytes } from './testing';

export const FUZZ_FORMATS = [
  'projector-tsv',
  'metadata-tsv',
  'word2vec-text',
  'word2vec-binary',
  'npy',
  'npz',
  'csv',
  'json',
  'jsonl',
  'parquet',
  'tensor-bytes',
  'projector-config',
  'sprout',
  'gzip',
] as const;
export type FuzzFormat = (typeof FUZZ_FORMATS)[number];

export interface FuzzCase {
  readonly format: FuzzFormat;
  readonly mutation: string;
  readonly inputs: LoadInput[];
}

export type FuzzOutcome = 'read' | 'refused' | 'failed';

export interface FuzzResult {
  readonly outcome: FuzzOutcome;
  readonly ms: number;
  /** What failed (for the report), or the refusal's message. */
  readonly detail: string;
}

/** Every way a number has been written to mean NaN or Infinity, and numbers too big for float32 or float64. */
export const HOSTILE_NUMBERS = [
  'NaN', 'nan', 'NAN', '-nan', '+nan', 'Infinity', '-Infinity', '+Infinity', 'inf', '-inf', '+inf', 'INF', 'Inf', 'infinity', '-infinity',
  '1.#INF', '-1.#IND', '1.#QNAN', '#N/A', 'null', 'None', 'undefined', '', '-', '+', '.', 'e', '1e', '1e+', '--1', '0x1p3', '0x10', '1_000',
  '1e39', '-1e39', '3.5e38', '1e309', '-1e309', '1e-400', '9'.repeat(400), `0.${'0'.repeat(400)}1`, '٣', '１', '1,5', ' 1', '1 ', '\u00a01',
];

const WORDS = ['king', 'queen', 'paris', '<img src=x onerror=alert(1)>', 'naïve', '北京', 'a b', '"q"', 'tab\there', ''];
const enc = (s: string): Uint8Array => new TextEncoder().encode(s);
const pick = <T>(rng: Rng, xs: readonly T[]): T => xs[rng.int(xs.length)];
const num = (rng: Rng): string => (rng.next() < 0.1 ? pick(rng, HOSTILE_NUMBERS) : (rng.gaussian() * 2).toFixed(1 + rng.int(6)));

function vectors(rng: Rng, n: number, dim: number): number[][] {
  return Array.from({ length: n }, () => Array.from({ length: dim }, () => Math.round(rng.gaussian() * 1000) / 1000));
}

/** A small valid file of `format` (textual numbers sometimes hostile already). */
function seedFile(format: FuzzFormat, rng: Rng): { name: string; bytes: Uint8Array } {
  const n = 2 + rng.int(12);
  const dim = 1 + rng.int(6);
  const v = vectors(rng, n, dim);
  const words = Array.from({ length: n }, (_, i) => `${pick(rng, WORDS)}${i}`);
  const row = (r: number[]): string[] => r.map((x) => (rng.next() < 0.05 ? num(rng) : String(x)));
  switch (format) {
    case 'projector-tsv':
      return { name: 'v.tsv', bytes: enc(v.map((r) => row(r).join('\t')).join('\n') + '\n') };
    case 'metadata-tsv':
      return { name: 'meta.tsv', bytes: enc(`word\tgroup\n${words.map((w, i) => `${w}\tg${i % 3}`).join('\n')}\n`) };
    case 'word2vec-text':
      return { name: 'w.vec', bytes: enc(`${n} ${dim}\n${v.map((r, i) => `${words[i].replace(/\s/g, '_')} ${row(r).join(' ')}`).join('\n')}\n`) };
    case 'word2vec-binary':
      return { name: 'w.bin', bytes: word2vecBinaryBytes(words.map((w) => w.replace(/\s/g, '_') || 'x'), Float32Array.from(v.flat()), dim) };
    case 'npy':
      return { name: 'v.npy', bytes: npyBytes([n, dim], pick(rng, ['<f4', '<f8', '>f4', '<f2', '<i4', '|u1']), v.flat().map((x) => Math.abs(x) * 10)) };
    case 'npz':
      return { name: 'v.npz', bytes: zipSync({ 'emb.npy': npyBytes([n, dim], '<f4', v.flat()), 'words.npy': npyStrings(words) }, { level: rng.next() < 0.5 ? 0 : 6 }) };
    case 'csv':
      return { name: 't.csv', bytes: enc(`word,${v[0].map((_, d) => `x${d}`).join(',')}\n${v.map((r, i) => `"${words[i].replace(/"/g, '""')}",${row(r).join(',')}`).join('\n')}\n`) };
    case 'json':
      return { name: 'r.json', bytes: enc(JSON.stringify(v.map((r, i) => ({ word: words[i], embedding: r })))) };
    case 'jsonl':
      return { name: 'r.jsonl', bytes: enc(v.map((r, i) => JSON.stringify({ word: words[i], vector: r })).join('\n')) };
    case 'parquet':
      return { name: 'r.parquet', bytes: writeTestParquet({ vectors: { name: 'embedding', rows: v }, strings: [{ name: 'word', rows: words }] }, 1 + rng.int(n)) };
    case 'tensor-bytes':
      return { name: 't.bytes', bytes: new Uint8Array(Float32Array.from(vectors(rng, CONFIG_ROWS, 2).flat()).buffer) };
    case 'projector-config':
      return { name: 'projector_config.json', bytes: configBytes() };
    case 'sprout':
      return { name: 'd.sprout', bytes: encodeSproutBin({ id: 'x', name: 'x', n, dim, vectors: Float32Array.from(v.flat()), labels: words, columns: [], metric: 'cosine' }) };
    case 'gzip': {
      const inner = seedFile(pick(rng, ['projector-tsv', 'word2vec-text', 'csv', 'json', 'npy'] as const), rng);
      return { name: `${inner.name}.gz`, bytes: gzipSync(inner.bytes) };
    }
  }
}

function randomBytes(rng: Rng, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = 0; i < len; i++) out[i] = rng.int(256);
  return out;
}

const TEXTUAL = new Set<FuzzFormat>(['projector-tsv', 'metadata-tsv', 'word2vec-text', 'csv', 'json', 'jsonl', 'projector-config']);

/** One hostile change to a valid file. */
function mutate(format: FuzzFormat, seed: Uint8Array, rng: Rng): { bytes: Uint8Array; mutation: string } {
  const r = rng.next();
  if (r < 0.12) {
    const junk = randomBytes(rng, rng.int(2048));
    // Behind the format's first bytes half the time, so its own parser is reached.
    const keep = rng.next() < 0.5 ? Math.min(seed.length, 8 + rng.int(64)) : 0;
    const out = new Uint8Array(keep + junk.length);
    out.set(seed.subarray(0, keep));
    out.set(junk, keep);
    return { bytes: out, mutation: 'random bytes' };
  }
  if (r < 0.3) return { bytes: seed.slice(0, rng.int(seed.length + 1)), mutation: 'truncated' };
  if (r < 0.5) {
    const out = seed.slice();
    const flips = 1 + rng.int(3);
    for (let k = 0; k < flips && out.length; k++) out[rng.int(out.length)] = rng.int(256);
    return { bytes: out, mutation: `${flips} byte flip${flips > 1 ? 's' : ''}` };
  }
  if (r < 0.6) {
    const at = rng.int(seed.length + 1);
    const piece = rng.next() < 0.5 ? randomBytes(rng, 1 + rng.int(32)) : seed.subarray(rng.int(seed.length + 1));
    const out = new Uint8Array(seed.length + piece.length);
    out.set(seed.subarray(0, at));
    out.set(piece, at);
    out.set(seed.subarray(at), at + piece.length);
    return { bytes: out, mutation: 'spliced' };
  }
  if (r < 0.8 && TEXTUAL.has(format)) {
    const text = new TextDecoder().decode(seed);
    let count = 0;
    const out = text.replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/g, (m) => (rng.next() < 0.3 && ++count ? pick(rng, HOSTILE_NUMBERS) : m));
    return { bytes: enc(out), mutation: `${count} hostile numbers` };
  }
  if (r < 0.87 && (format === 'json' || format === 'jsonl' || format === 'projector-config')) {
    const depth = 1000 + rng.int(200_000);
    const open = rng.next() < 0.5 ? '[' : '{"a":';
    return { bytes: enc(open.repeat(depth) + (rng.next() < 0.5 ? '1' : '') + (open === '[' ? ']' : '}').repeat(rng.int(depth))), mutation: `JSON ${depth} deep` };
  }
  if (r < 0.93) return { bytes: headerLie(format, seed, rng), mutation: 'a header that lies about its size' };
  return { bytes: seed, mutation: 'unchanged' };
}

/** The format's size fields set to something huge or wrong. */
function headerLie(format: FuzzFormat, seed: Uint8Array, rng: Rng): Uint8Array {
  const huge = pick(rng, ['2147483647', '4294967296', '99999999999999', '0', '-1', '1e9']);
  if (format === 'npy') return npyBytes([Number(huge) || 1, 4], '<f4', [1, 2, 3, 4], { headerText: `{'descr': '<f4', 'fortran_order': False, 'shape': (${huge}, 4), }` });
  if (format === 'word2vec-text' || format === 'word2vec-binary') {
    const text = new TextDecoder('latin1').decode(seed);
    const nl = text.indexOf('\n');
    const out = `${huge} ${pick(rng, ['3', huge])}${text.slice(nl < 0 ? text.length : nl)}`;
    return Uint8Array.from(out, (c) => c.charCodeAt(0) & 0xff);
  }
  if (format === 'projector-config') return enc(JSON.stringify({ embeddings: [{ tensorName: 'T', tensorShape: [Number(huge), 1 + rng.int(1000)], tensorPath: 't.bytes' }] }));
  const out = seed.slice();
  if (out.length > 12) new DataView(out.buffer).setUint32(4 + rng.int(out.length - 8), rng.uint32(), true);
  return out;
}

/** A gzip file whose few kilobytes inflate to `mb` megabytes of numbers (deflated a megabyte at a time). */
export function gzipBombBytes(mb: number): Uint8Array {
  const line = enc(`${'0.000000001\t'.repeat(15)}0.000000001\n`);
  const block = new Uint8Array(1 << 20);
  for (let i = 0; i < block.length; i++) block[i] = line[i % line.length];
  const parts: Uint8Array[] = [];
  const gz = new Gzip({ level: 9 }, (chunk) => parts.push(chunk));
  for (let i = 0; i < mb; i++) gz.push(block, i === mb - 1);
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** A zip (.npz) whose member inflates to `mb` megabytes. */
export function zipBombBytes(mb: number): Uint8Array {
  return zipSync({ 'a.npy': [npyBytes([2, 2], '<f4', [1, 0, 0, 1]), {}], 'junk.npy': [npyBytes([(mb << 20) / 4], '<f4', new Float32Array((mb << 20) / 4)), { level: 9 }] });
}

/** The projector cases' shape: a config naming CONFIG_ROWS × 2 float32 tensors and a labels file. */
const CONFIG_ROWS = 5;
function configBytes(): Uint8Array {
  return enc(JSON.stringify({ embeddings: [{ tensorName: 'T', tensorShape: [CONFIG_ROWS, 2], tensorPath: 't.bytes', metadataPath: 'm.tsv' }] }));
}

const file = (name: string, bytes: Uint8Array): LoadInput => ({ kind: 'file', name, file: new Blob([bytes as Uint8Array<ArrayBuffer>]) });

/** The files a case loads: the mutated file, with the partners its format needs. */
function inputsFor(format: FuzzFormat, name: string, bytes: Uint8Array, rng: Rng): LoadInput[] {
  if (format === 'metadata-tsv') return [file('v.tsv', seedFile('projector-tsv', rng).bytes), file(name, bytes)];
  if (format === 'tensor-bytes' || format === 'projector-config') {
    const tensors = new Uint8Array(Float32Array.from({ length: CONFIG_ROWS * 2 }, (_, i) => i * (i % 3)).buffer);
    const meta = enc(`${Array.from({ length: CONFIG_ROWS }, (_, i) => `w${i}`).join('\n')}\n`);
    return format === 'tensor-bytes'
      ? [file('projector_config.json', configBytes()), file(name, bytes), file('m.tsv', meta)]
      : [file(name, bytes), file('t.bytes', tensors), file('m.tsv', meta)];
  }
  return [file(name, bytes)];
}

/**
 * Case number `index` of `format` under `seed`: the same numbers give the same case. Every
 * `bombEvery`-th gzip or npz case is a bomb of `bombMb` megabytes (pass a budget below it).
 */
export function fuzzCase(format: FuzzFormat, seed: number, index: number, bombs: { every: number; mb: number } = { every: 97, mb: 48 }): FuzzCase {
  const rng = createRng((seed ^ Math.imul(index + 1, 0x9e3779b1) ^ Math.imul(FUZZ_FORMATS.indexOf(format) + 1, 0x85ebca6b)) >>> 0);
  // Now and then a bomb: a few kilobytes that inflate far past the budget.
  const bomb = index % bombs.every === 5;
  if (format === 'gzip' && bomb) return { format, mutation: 'gzip bomb', inputs: [file('bomb.tsv.gz', gzipBombBytes(bombs.mb))] };
  if (format === 'npz' && bomb) return { format, mutation: 'zip bomb', inputs: [file('bomb.npz', zipBombBytes(bombs.mb))] };
  const seedFileOf = seedFile(format, rng);
  const { bytes, mutation } = mutate(format, seedFileOf.bytes, rng);
  return { format, mutation, inputs: inputsFor(format, seedFileOf.name, bytes, rng) };
}

/** Third-party decoders whose own errors (wrapped in our ParseError) are not bugs of ours. */
const WRAPS_LIBRARY = new Set<FuzzFormat>(['parquet', 'npz', 'gzip']);
/** Engine errors that mean a bug when they come out of our own code. */
const BUG_ERRORS = new Set(['TypeError', 'ReferenceError', 'RangeError', 'SyntaxError', 'InternalError']);

/** Loads a case through the real pipeline and says how it ended. */
export async function runCase(c: FuzzCase, memoryBudget = 32 * 2 ** 20): Promise<FuzzResult> {
  const t0 = performance.now();
  try {
    const out = await loadDataset({ inputs: c.inputs, nonFinite: c.mutation.length % 2 ? 'drop' : 'error', memoryBudget }, '#fuzz', {
      signal: new AbortController().signal,
      onProgress: () => undefined,
    });
    const ms = performance.now() - t0;
    if (out.ok) return { outcome: 'read', ms, detail: `${out.dataset.n} × ${out.dataset.dim}` };
    const f = out.failure;
    if (f.internal && BUG_ERRORS.has(f.internal) && !WRAPS_LIBRARY.has(c.format)) return { outcome: 'failed', ms, detail: `${f.internal} inside a parser: ${f.message}` };
    return { outcome: 'refused', ms, detail: f.message };
  } catch (e) {
    return { outcome: 'failed', ms: performance.now() - t0, detail: `threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}` };
  }
}
