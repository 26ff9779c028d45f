/**
 * `npm run bench -- train`: our two skip-gram kernels (row "sprout": the WebAssembly
 * SIMD kernel the app uses; row "sprout JS kernel": the plain-JS fallback) beside the
 * original word2vec C tool, on the same token stream (our tokenizer's output, one sentence per line) with the
 * same settings (-cbow 0 -size 64 -window 5 -negative 5 -sample 1e-3 -threads 1).
 *
 * Speed is words per CPU-second of training, for both: word2vec prints its own figure
 * from clock() (which excludes reading the vocabulary but counts one "</s>" per line;
 * we correct for that), and we time our training loop with process.cpuUsage. CPU time
 * rather than wall time because the machine is shared and wall time swings with load.
 * The `ms` column is that training CPU time, so run.ts's ratio compares like with like.
 *
 * Sub-sampling is matched to C's: word2vec counts one "</s>" per line in the total that
 * -sample scales (t = sample · total), so with 1e-3 it keeps more of each frequent word
 * than we do with the same 1e-3 (on the teaching corpus, lines are a sixth of the
 * tokens). We pass sample · (words + lines) / words, so both train on the same share
 * of tokens: fairer for speed (we do as many pairs as C) and for purity.
 *
 * The C tool is built here into a temp dir (npm 11 skips the package's postinstall
 * `make`); without gcc the section says so instead of failing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runToEnd } from '../src/compute/task';
import { parseSotu, splitSentences, type Speech } from '../src/compute/train/corpora';
import { encodeSentences, knownTokens, tokenizeSentences } from '../src/compute/train/encode';
import { groupPurity, nearestNeighbors, normalizeRows, translationHitRate } from '../src/compute/train/metrics';
import { createSkipGram } from '../src/compute/train/skipgram';
import { teachingCorpus } from '../src/compute/train/teachingCorpus';
import { vocabFromCounts, type Vocab } from '../src/compute/train/vocab';
import { readSotuSpeeches, SOTU_OUT } from '../scripts/prepare-corpora';
import { measure } from './measure';
import type { BenchRow, BenchSection } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const W2V_SRC = join(here, '..', 'node_modules', 'word2vec', 'src', 'word2vec.c');
const DIM = 64;

interface Case {
  readonly name: string;
  readonly sentences: string[][];
  readonly minCount: number;
  readonly iter: number;
  readonly repeats: number;
  readonly groups?: ReturnType<typeof teachingCorpus>['groups'];
  readonly pairs?: ReturnType<typeof teachingCorpus>['pairs'];
}

interface Trained {
  readonly vectors: Float32Array;
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly wordsPerSec: number;
  readonly peakMB?: number;
}

function buildWord2vec(dir: string, opt: '-O3' | '-Ofast' = '-O3'): { bin: string } | { error: string } {
  if (!existsSync(W2V_SRC)) return { error: `word2vec source not found at ${W2V_SRC}` };
  const probe = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) return { error: 'gcc not found: cannot build the word2vec C tool' };
  const bin = join(dir, `w2v${opt}`);
  // The package makefile's flags (-O3), or the same with -Ofast (fast-math: what a
  // speed-minded user would build).
  const cc = spawnSync('gcc', [W2V_SRC, '-o', bin, '-lm', '-pthread', opt, '-march=native', '-funroll-loops', '-Wno-unused-result'], {
    encoding: 'utf8',
  });
  if (cc.status !== 0) return { error: `gcc failed: ${(cc.stderr || '').slice(0, 200)}` };
  return { bin };
}

function vocabOf(sentences: string[][], minCount: number): Vocab {
  const counts = new Map<string, number>();
  let total = 0;
  for (const s of sentences) {
    for (const t of s) counts.set(t, (counts.get(t) ?? 0) + 1);
    total += s.length;
  }
  return vocabFromCounts(counts, total, minCount);
}

type Kernel = 'wasm' | 'js';

async function trainOurs(c: Case, vocab: Vocab, kernel: Kernel, seed = 1): Promise<Trained> {
  const corpus = encodeSentences(c.sentences, vocab);
  const known = knownTokens(corpus);
  const words = known * c.iter;
  // C's sub-sampling total includes a "</s>" per line (see the top of the file).
  const sample = (1e-3 * (known + c.sentences.length)) / known;
  const cpu: number[] = [];
  let vectors: Float32Array = new Float32Array(0);
  const m = await measure(() => {
    const sg = createSkipGram(corpus, vocab, { dim: DIM, window: 5, negative: 5, sample, lr: 0.025, epochs: c.iter, seed, batchWords: 10_000, kernel });
    const c0 = process.cpuUsage();
    runToEnd(sg, 1000);
    const u = process.cpuUsage(c0);
    cpu.push((u.user + u.system) / 1000);
    vectors = sg.input;
  }, c.repeats);
  cpu.sort((a, b) => a - b);
  const cpuMs = cpu[Math.floor(cpu.length / 2)];
  return { vectors, cpuMs, wallMs: m.ms, wordsPerSec: words / (cpuMs / 1000), peakMB: m.peakMB };
}

function trainC(bin: string, dir: string, c: Case, vocab: Vocab): Trained | { error: string } {
  const input = join(dir, 'corpus.txt');
  const output = join(dir, 'vectors.txt');
  writeFileSync(input, c.sentences.map((s) => s.join(' ')).join('\n') + '\n');
  const args = ['-train', input, '-output', output, '-cbow', '0', '-size', String(DIM), '-window', '5', '-negative', '5', '-hs', '0',
    '-sample', '1e-3', '-threads', '1', '-iter', String(c.iter), '-min-count', String(c.minCount), '-binary', '0'];
  const rates: number[] = [];
  const walls: number[] = [];
  for (let r = 0; r < c.repeats; r++) {
    const t0 = performance.now();
    const run = spawnSync(bin, args, { encoding: 'utf8', timeout: 20 * 60_000, maxBuffer: 64 << 20 });
    walls.push(performance.now() - t0);
    if (run.status !== 0) return { error: `word2vec exited with ${run.status}: ${(run.stderr || '').slice(0, 200)}` };
    // Progress lines end in \r; the last one is the figure over the whole run.
    const all = [...run.stdout.matchAll(/Words\/thread\/sec:\s*([\d.]+)k/g)];
    if (all.length === 0) return { error: 'could not read words/s from word2vec output' };
    rates.push(Number(all[all.length - 1][1]) * 1000);
  }
  rates.sort((a, b) => a - b);
  walls.sort((a, b) => a - b);
  // word2vec counts a "</s>" token per line; scale to real words so both count the same.
  const known = c.sentences.reduce((s, x) => s + x.filter((t) => vocab.index.has(t)).length, 0);
  const wordsPerSec = rates[Math.floor(rates.length / 2)] * (known / (known + c.sentences.length));
  return { vectors: readCVectors(output, vocab), cpuMs: ((known * c.iter) / wordsPerSec) * 1000, wallMs: walls[Math.floor(walls.length / 2)], wordsPerSec };
}

/** word2vec's text output, rearranged into our vocabulary's row order (missing rows stay zero). */
function readCVectors(path: string, vocab: Vocab): Float32Array {
  const lines = readFileSync(path, 'utf8').split('\n');
  const out = new Float32Array(vocab.words.length * DIM);
  for (let i = 1; i < lines.length; i++) {
    const parts = lines[i].trim().split(' ');
    if (parts.length !== DIM + 1) continue;
    const id = vocab.index.get(parts[0]);
    if (id === undefined) continue;
    for (let k = 0; k < DIM; k++) out[id * DIM + k] = Number(parts[k + 1]);
  }
  return out;
}

/** Mean share of 10-NN that two tables agree on, over the 1000 most frequent words. */
function neighbourOverlap(a: Float32Array, b: Float32Array, vocab: Vocab): number {
  const ua = normalizeRows(a, DIM), ub = normalizeRows(b, DIM);
  const n = Math.min(1000, vocab.words.length - 1);
  let sum = 0;
  for (let id = 1; id <= n; id++) {
    const na = new Set(nearestNeighbors(a, DIM, id, 10, { normalized: ua }).ids);
    let same = 0;
    for (const j of nearestNeighbors(b, DIM, id, 10, { normalized: ub }).ids) if (na.has(j)) same++;
    sum += same / 10;
  }
  return sum / n;
}

function qualityMetrics(c: Case, vocab: Vocab, vectors: Float32Array): Record<string, number> {
  if (!c.groups || !c.pairs) return {};
  const p = groupPurity(vectors, DIM, vocab, c.groups);
  const t = translationHitRate(vectors, DIM, vocab, c.pairs, { groups: c.groups });
  return { purity: p.purity, translation: t.hitRate, translationGroup: t.groupHitRate };
}

function loadSotu(): Speech[] {
  return existsSync(SOTU_OUT) ? parseSotu(readFileSync(SOTU_OUT, 'utf8')) : readSotuSpeeches();
}

function sotuCase(quick: boolean): Case {
  const speeches = loadSotu();
  const sentences: string[][] = [];
  let tokens = 0;
  const limit = quick ? 300_000 : Infinity;
  for (const s of speeches) {
    for (const t of tokenizeSentences(splitSentences(s.text))) {
      sentences.push(t);
      tokens += t.length;
    }
    if (tokens >= limit) break;
  }
  return { name: `SOTU ${(tokens / 1e6).toFixed(2)}M words, 1 epoch`, sentences, minCount: 5, iter: 1, repeats: 1 };
}

export const trainSection: BenchSection = {
  name: 'train',
  async run({ quick, log }) {
    const rows: BenchRow[] = [];
    const dir = mkdtempSync(join(tmpdir(), 'sprout-w2v-'));
    try {
      const built = buildWord2vec(dir);
      if ('error' in built) log(built.error);
      const builtFast = buildWord2vec(dir, '-Ofast');
      const tc = teachingCorpus({ seed: 1 });
      const iter = quick ? 5 : 10;
      const cases: Case[] = [
        {
          name: `teaching ${tc.sentences.length} lines, ${iter} epochs`,
          sentences: tokenizeSentences(tc.sentences, { dictionary: tc.dictionary }),
          minCount: 1,
          iter,
          repeats: quick ? 1 : 3,
          groups: tc.groups,
          pairs: tc.pairs,
        },
        sotuCase(quick),
      ];
      for (const c of cases) {
        const vocab = vocabOf(c.sentences, c.minCount);
        log(`${c.name}: ${vocab.words.length - 1} words in vocabulary, dim ${DIM}`);
        const ours = await trainOurs(c, vocab, 'wasm');
        const oursQ = qualityMetrics(c, vocab, ours.vectors);
        log(`sprout WASM kernel: ${(ours.wordsPerSec / 1000).toFixed(0)}k words/CPU-s, ${ours.wallMs.toFixed(0)} ms wall`);
        const js = await trainOurs(c, vocab, 'js');
        const jsQ = qualityMetrics(c, vocab, js.vectors);
        log(`sprout JS kernel: ${(js.wordsPerSec / 1000).toFixed(0)}k words/CPU-s, ${js.wallMs.toFixed(0)} ms wall`);
        const theirs = 'error' in built ? built : trainC(built.bin, dir, c, vocab);
        if ('error' in theirs) {
          rows.push({ section: 'train', case: c.name, impl: 'sprout', ms: ours.cpuMs, peakMB: ours.peakMB, metrics: { kwordsPerSec: ours.wordsPerSec / 1000, ...oursQ } });
          rows.push({ section: 'train', case: c.name, impl: 'sprout JS kernel', ms: js.cpuMs, peakMB: js.peakMB, metrics: { kwordsPerSec: js.wordsPerSec / 1000, ...jsQ } });
          rows.push({ section: 'train', case: c.name, impl: 'word2vec C', ms: null, note: theirs.error });
          continue;
        }
        const ratio = ours.wordsPerSec / theirs.wordsPerSec;
        const jsRatio = js.wordsPerSec / theirs.wordsPerSec;
        log(`word2vec C: ${(theirs.wordsPerSec / 1000).toFixed(0)}k words/CPU-s, ${theirs.wallMs.toFixed(0)} ms wall (whole process); speed vs C: WASM ${ratio.toFixed(2)}, JS ${jsRatio.toFixed(2)}`);
        const fast = 'error' in builtFast ? builtFast : trainC(builtFast.bin, dir, c, vocab);
        if (!('error' in fast)) {
          log(`word2vec C -Ofast: ${(fast.wordsPerSec / 1000).toFixed(0)}k words/CPU-s; speed vs C -Ofast: WASM ${(ours.wordsPerSec / fast.wordsPerSec).toFixed(2)}`);
          rows.push({
            section: 'train', case: c.name, impl: 'word2vec C -Ofast', ms: fast.cpuMs,
            metrics: { kwordsPerSec: fast.wordsPerSec / 1000, sproutSpeedVsThis: ours.wordsPerSec / fast.wordsPerSec },
            note: `built with -Ofast; ms = training CPU time; wall ${fast.wallMs.toFixed(0)} ms incl. vocab + I/O`,
          });
        }
        const overlap = neighbourOverlap(ours.vectors, theirs.vectors, vocab);
        const jsOverlap = neighbourOverlap(js.vectors, theirs.vectors, vocab);
        // The yardstick for that overlap: how much two of our runs that differ only in seed agree.
        const reseeded = await trainOurs({ ...c, repeats: 1 }, vocab, 'wasm', 2);
        const seedOverlap = neighbourOverlap(ours.vectors, reseeded.vectors, vocab);
        log(`10-NN overlap with C: WASM ${overlap.toFixed(2)}, JS ${jsOverlap.toFixed(2)}; WASM seed 1 vs seed 2 ${seedOverlap.toFixed(2)}`);
        rows.push({
          section: 'train', case: c.name, impl: 'sprout', ms: ours.cpuMs, peakMB: ours.peakMB,
          metrics: { kwordsPerSec: ours.wordsPerSec / 1000, speedVsC: ratio, nnOverlapWithC: overlap, nnOverlapSeeds: seedOverlap, ...oursQ },
          note: `WASM SIMD kernel; ms = training CPU time; wall ${ours.wallMs.toFixed(0)} ms`,
        });
        rows.push({
          section: 'train', case: c.name, impl: 'sprout JS kernel', ms: js.cpuMs, peakMB: js.peakMB,
          metrics: { kwordsPerSec: js.wordsPerSec / 1000, speedVsC: jsRatio, nnOverlapWithC: jsOverlap, ...jsQ },
          note: `fallback kernel; ms = training CPU time; wall ${js.wallMs.toFixed(0)} ms`,
        });
        rows.push({
          section: 'train', case: c.name, impl: 'word2vec C', ms: theirs.cpuMs,
          metrics: { kwordsPerSec: theirs.wordsPerSec / 1000, ...qualityMetrics(c, vocab, theirs.vectors) },
          note: `ms = training CPU time; wall ${theirs.wallMs.toFixed(0)} ms incl. vocab + I/O`,
        });
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};
