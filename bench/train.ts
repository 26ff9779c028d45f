/**
 * `npm run bench -- train`: our skip-gram (row "sprout": the WebAssembly SIMD kernel the
 * app uses; row "sprout JS kernel": the plain-JS fallback) beside the original word2vec C
 * tool built here at -O3 (the package's makefile) and at -Ofast, each in its own process,
 * on the same token stream (our tokenizer's output, one sentence per line, written once)
 * with the same settings (-cbow 0 -size 64 -window 5 -negative 5 -sample 1e-3 -threads 1).
 *
 * Speed is words per CPU-second of the training loop, for both: word2vec prints its own
 * figure from clock() (which excludes reading the vocabulary but counts one "</s>" per
 * line; we correct for that), our child times its loop with process.cpuUsage. The whole
 * processes' wall, CPU and peak RSS come from /usr/bin/time. The `ms` column is the
 * training loop's CPU time, so ratios compare like with like.
 *
 * Sub-sampling is matched to C's: word2vec counts one "</s>" per line in the total that
 * -sample scales (t = sample · total), so with 1e-3 it keeps more of each frequent word
 * than we do with the same 1e-3 (on the teaching corpus, lines are a sixth of the
 * tokens). We pass sample · (words + lines) / words, so both train on the same share
 * of tokens: fairer for speed (we do as many pairs as C) and for purity.
 *
 * Our rows also carry the kernel's share of the 128-bit SIMD peak (`ofSimdPeak`,
 * `cyclesPerPair`): vector ops a pair needs ÷ 4 a cycle, over the measured cycles a pair
 * (CPU time × /proc/cpuinfo MHz ÷ pairs trained); bench/trainPeak.ts spells the count out.
 *
 * The C tool is built here into a temp dir (npm 11 skips the package's postinstall
 * `make`); without gcc the section says so instead of failing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSotu, splitSentences, type Speech } from '../src/compute/train/corpora';
import { encodeSentences, knownTokens, tokenizeSentences } from '../src/compute/train/encode';
import { groupPurity, nearestNeighbors, normalizeRows, translationHitRate } from '../src/compute/train/metrics';
import { teachingCorpus } from '../src/compute/train/teachingCorpus';
import type { Vocab } from '../src/compute/train/vocab';
import { readSotuSpeeches, SOTU_OUT } from '../scripts/prepare-corpora';
import { runChild, timeChild, TSX } from './child';
import { readF32 } from './datasets';
import { TRAIN_DIM as DIM, vocabOf } from './trainCorpus';
import { simdPeakFigure } from './trainPeak';
import type { BenchRow, BenchSection, ProcessFigures } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const W2V_SRC = join(here, '..', 'node_modules', 'word2vec', 'src', 'word2vec.c');

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
  /** CPU time of the training loop. */
  readonly cpuMs: number;
  readonly wallMs: number;
  readonly wordsPerSec: number;
  readonly process: ProcessFigures | null;
  readonly load: readonly [number, number] | undefined;
  /** (context, word) pairs trained, where the trainer reports them (ours). */
  readonly pairs?: number;
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

type Kernel = 'wasm' | 'js';

/** Our trainer in its own process on the corpus file C reads too. */
function trainOurs(dir: string, c: Case, vocab: Vocab, kernel: Kernel): Trained | { error: string } {
  const known = knownTokens(encodeSentences(c.sentences, vocab));
  // C's sub-sampling total includes a "</s>" per line (see the top of the file).
  const sample = (1e-3 * (known + c.sentences.length)) / known;
  const out = join(dir, `ours-${kernel}.f32`);
  const r = runChild(TSX, [join(here, 'cases', 'train.ts'), corpusFile(dir, c), String(c.minCount), String(c.iter), String(sample), kernel, String(c.repeats), out]);
  if ('error' in r) return r;
  return {
    vectors: readF32(out), cpuMs: r.report.cpuMs, wallMs: r.report.ms, wordsPerSec: Number(r.report.wordsPerCpuSec), process: r.process, load: r.load,
    pairs: Number(r.report.pairs),
  };
}

/** The corpus as C reads it: one sentence per line, tokens separated by spaces (written once per case). */
function corpusFile(dir: string, c: Case): string {
  const path = join(dir, `${c.name.replace(/\W+/g, '_')}.txt`);
  if (!existsSync(path)) writeFileSync(path, c.sentences.map((s) => s.join(' ')).join('\n') + '\n');
  return path;
}

/** The C tool on the same corpus file, `repeats` times (its own words/s figure; median). */
function trainC(bin: string, dir: string, c: Case, vocab: Vocab): Trained | { error: string } {
  const input = corpusFile(dir, c);
  const output = join(dir, 'vectors.txt');
  const args = ['-train', input, '-output', output, '-cbow', '0', '-size', String(DIM), '-window', '5', '-negative', '5', '-hs', '0',
    '-sample', '1e-3', '-threads', '1', '-iter', String(c.iter), '-min-count', String(c.minCount), '-binary', '0'];
  const runs: { rate: number; process: ProcessFigures; load: readonly [number, number] }[] = [];
  for (let r = 0; r < c.repeats; r++) {
    const run = timeChild(bin, args, { timeoutMs: 20 * 60_000 });
    if ('error' in run) return { error: `word2vec failed: ${run.error}` };
    // Progress lines end in \r; the last one is the figure over the whole run.
    const all = [...run.stdout.matchAll(/Words\/thread\/sec:\s*([\d.]+)k/g)];
    if (all.length === 0) return { error: 'could not read words/s from word2vec output' };
    runs.push({ rate: Number(all[all.length - 1][1]) * 1000, process: run.process, load: run.load });
  }
  runs.sort((a, b) => a.rate - b.rate);
  const median = runs[Math.floor(runs.length / 2)];
  // word2vec counts a "</s>" token per line; scale to real words so both count the same.
  const known = c.sentences.reduce((s, x) => s + x.filter((t) => vocab.index.has(t)).length, 0);
  const wordsPerSec = median.rate * (known / (known + c.sentences.length));
  return {
    vectors: readCVectors(output, vocab),
    cpuMs: ((known * c.iter) / wordsPerSec) * 1000,
    wallMs: median.process.wallMs,
    wordsPerSec,
    process: median.process,
    load: median.load,
  };
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
        const runs: { impl: string; note: string; t: Trained | { error: string } }[] = [
          { impl: 'sprout', note: 'WebAssembly SIMD kernel (the app’s)', t: trainOurs(dir, c, vocab, 'wasm') },
          { impl: 'sprout JS kernel', note: 'fallback without SIMD', t: trainOurs(dir, c, vocab, 'js') },
          { impl: 'word2vec C -O3', note: 'the package’s makefile flags', t: 'error' in built ? built : trainC(built.bin, dir, c, vocab) },
          { impl: 'word2vec C -Ofast', note: 'fast-math', t: 'error' in builtFast ? builtFast : trainC(builtFast.bin, dir, c, vocab) },
        ];
        const ours = runs[0].t;
        const c3 = runs[2].t;
        for (const { impl, note, t } of runs) {
          if ('error' in t) {
            log(`${impl}: ${t.error}`);
            rows.push({ section: 'train', case: c.name, impl, threads: 1, ms: null, note: t.error });
            continue;
          }
          const metrics: Record<string, number> = { kwordsPerSec: t.wordsPerSec / 1000 };
          if (!('error' in c3)) metrics.speedVsC = t.wordsPerSec / c3.wordsPerSec;
          if (!('error' in c3) && !impl.startsWith('word2vec')) metrics.nnOverlapWithC = neighbourOverlap(t.vectors, c3.vectors, vocab);
          if (!('error' in ours) && impl.startsWith('word2vec')) metrics.sproutSpeedVsThis = ours.wordsPerSec / t.wordsPerSec;
          // The same 5 noise words a pair as the C run (see bench/trainPeak.ts for the count).
          const peak = t.pairs && impl === 'sprout' ? simdPeakFigure(t.cpuMs, t.pairs, DIM, 5) : null;
          if (peak) {
            metrics.cyclesPerPair = peak.cyclesPerPair;
            metrics.ofSimdPeak = peak.ofPeak;
          }
          const peakNote = peak
            ? `; ${peak.cyclesPerPair.toFixed(0)} cycles/pair at ${peak.mhz} MHz, ${peak.opsPerPair} f32x4 ops/pair → ${(peak.ofPeak * 100).toFixed(1)} % of 128-bit SIMD peak`
            : '';
          log(`${impl}: ${(t.wordsPerSec / 1000).toFixed(0)}k words/CPU-s${peakNote}`);
          rows.push({
            section: 'train', case: c.name, impl, threads: 1,
            ms: t.cpuMs, cpuMs: t.cpuMs, process: t.process, load: t.load,
            metrics: { ...metrics, ...qualityMetrics(c, vocab, t.vectors) },
            note: `${note}; ms = CPU time of the training loop`,
          });
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    return rows;
  },
};
