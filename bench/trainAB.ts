/**
 * A/B of two skip-gram kernels (two source trees), back to back, each run in its own
 * process: the bench's settings (dim 64, window 5, 5 noise words, lr 0.025, C-matched
 * sub-sampling, one thread), on the teaching corpus (10 epochs) and SOTU (1 epoch).
 *
 *   node --import tsx bench/trainAB.ts A_ROOT B_ROOT [--repeats=3] [--seeds=1,2,3] [--kernel=wasm]
 *
 * A_ROOT / B_ROOT are checkouts (their src/ is imported; e.g. `git archive main src |
 * tar -x -C /tmp/base`). Runs alternate A, B, A, B… so load drifts hit both alike. Prints,
 * per tree and corpus, the median CPU time and words per CPU-second over seeds × repeats,
 * the % of SIMD peak (bench/trainPeak.ts), and quality: teaching purity / translation
 * hit rate / joy-vs-sorrow margin; SOTU mean 10-NN overlap of each tree's vectors with
 * A's at the same seed, beside A's own overlap across seeds (the noise floor), and with
 * `--c=BIN` (a word2vec C binary) each run's overlap with C's vectors (per-pair noise
 * words, the reference), as bench/train.ts's nnOverlapWithC.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseSotu, splitSentences } from '../src/compute/train/corpora';
import { tokenizeSentences } from '../src/compute/train/encode';
import { vocabOf } from './trainCorpus';
import { simdPeakFigure } from './trainPeak';

const DIM = 64;
const NEGATIVE = 5;

interface ChildReport {
  readonly cpuMs: number;
  readonly ms: number;
  readonly pairs: number;
  readonly words: number;
  readonly quality: Record<string, number>;
}

type CorpusName = 'teaching' | 'sotu';

async function child(root: string, corpusName: CorpusName, seed: number, kernel: 'wasm' | 'js', out: string): Promise<void> {
  const src = (p: string) => join(root, 'src', 'compute', p);
  const { encodeSentences, knownTokens, tokenizeSentences } = await import(src('train/encode.ts'));
  const { createSkipGram } = await import(src('train/skipgram.ts'));
  const { runToEnd } = await import(src('task.ts'));
  const { teachingCorpus } = await import(src('train/teachingCorpus.ts'));
  const { parseSotu, splitSentences } = await import(src('train/corpora.ts'));
  const { groupPurity, translationHitRate, normalizeRows } = await import(src('train/metrics.ts'));
  const { vocabOf } = await import('./trainCorpus');

  let sentences: string[][];
  let minCount = 1;
  let iter = 10;
  const tc = teachingCorpus({ seed: 1 });
  if (corpusName === 'teaching') {
    sentences = tokenizeSentences(tc.sentences, { dictionary: tc.dictionary });
  } else {
    const file = join(resolve('.'), 'public', 'data', 'sotu.tsv');
    sentences = [];
    for (const s of parseSotu(readFileSync(file, 'utf8'))) sentences.push(...tokenizeSentences(splitSentences(s.text)));
    minCount = 5;
    iter = 1;
  }
  const vocab = vocabOf(sentences, minCount);
  const corpus = encodeSentences(sentences, vocab);
  const known = knownTokens(corpus);
  const sample = (1e-3 * (known + sentences.length)) / known;
  const opts = { dim: DIM, window: 5, negative: NEGATIVE, sample, lr: 0.025, epochs: iter, seed, batchWords: 10_000, kernel };
  // Warm-up (JIT, WebAssembly tier-up), as bench/cases/train.ts does.
  createSkipGram(encodeSentences(sentences.slice(0, 200), vocab), vocab, { ...opts, epochs: 1 }).step(1000);
  const sg = createSkipGram(corpus, vocab, opts);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  runToEnd(sg, 1000);
  const ms = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const quality: Record<string, number> = {};
  if (corpusName === 'teaching') {
    quality.purity = groupPurity(sg.input, DIM, vocab, tc.groups).purity;
    const t = translationHitRate(sg.input, DIM, vocab, tc.pairs, { groups: tc.groups });
    quality.translation = t.hitRate;
    quality.translationGroup = t.groupHitRate;
    // Cosine margin: mean within joy (高兴/开心/快乐…) minus mean joy × sorrow (伤心/痛苦…).
    const unit: Float32Array = normalizeRows(sg.input, DIM);
    const ids = (name: string) => (tc.groups as { name: string; words: string[] }[]).find((g) => g.name === name)!.words.map((w) => vocab.index.get(w) as number);
    const cos = (a: number, b: number) => { let s = 0; for (let k = 0; k < DIM; k++) s += unit[a * DIM + k] * unit[b * DIM + k]; return s; };
    const mean = (xs: number[], ys: number[], same: boolean) => {
      let s = 0, n = 0;
      for (const x of xs) for (const y of ys) if (!same || x !== y) { s += cos(x, y); n++; }
      return s / n;
    };
    const joy = ids('joy'), sorrow = ids('sorrow'), uni = ids('universities');
    quality.joyMargin = mean(joy, joy, true) - mean(joy, sorrow, false);
    quality.uniMargin = mean(uni, uni, true) - mean(uni, joy, false);
  }
  writeFileSync(out, Buffer.from(sg.input.buffer, sg.input.byteOffset, sg.input.byteLength));
  writeFileSync(`${out}.vocab`, JSON.stringify(vocab.words));
  const report: ChildReport = { cpuMs: (c.user + c.system) / 1000, ms, pairs: sg.examplesTrained?.() ?? NaN, words: known * iter, quality };
  console.log(JSON.stringify(report));
}

/** word2vec C on SOTU with bench/train.ts's settings; its vectors in our vocabulary's row order. */
function trainC(bin: string, dir: string): Float32Array {
  const sentences: string[][] = [];
  for (const s of parseSotu(readFileSync(join(resolve('.'), 'public', 'data', 'sotu.tsv'), 'utf8'))) sentences.push(...tokenizeSentences(splitSentences(s.text)));
  const vocab = vocabOf(sentences, 5);
  const input = join(dir, 'sotu.txt'), output = join(dir, 'c.txt');
  writeFileSync(input, sentences.map((x) => x.join(' ')).join('\n') + '\n');
  const r = spawnSync(bin, ['-train', input, '-output', output, '-cbow', '0', '-size', String(DIM), '-window', '5', '-negative', String(NEGATIVE),
    '-hs', '0', '-sample', '1e-3', '-threads', '1', '-iter', '1', '-min-count', '5', '-binary', '0'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`word2vec failed: ${r.stderr}`);
  const out = new Float32Array(vocab.words.length * DIM);
  for (const line of readFileSync(output, 'utf8').split('\n').slice(1)) {
    const parts = line.trim().split(' ');
    const id = vocab.index.get(parts[0]);
    if (parts.length !== DIM + 1 || id === undefined) continue;
    for (let k = 0; k < DIM; k++) out[id * DIM + k] = Number(parts[k + 1]);
  }
  return out;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** Mean share of 10-NN two tables agree on, over the 1000 most frequent words (cosine). */
function overlap(a: Float32Array, b: Float32Array, n: number): number {
  const unit = (v: Float32Array) => {
    const u = new Float32Array(v.length);
    for (let i = 0; i < v.length / DIM; i++) {
      let s = 0;
      for (let k = 0; k < DIM; k++) s += v[i * DIM + k] ** 2;
      const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
      for (let k = 0; k < DIM; k++) u[i * DIM + k] = v[i * DIM + k] * inv;
    }
    return u;
  };
  const ua = unit(a), ub = unit(b), V = a.length / DIM;
  const knn = (u: Float32Array, id: number) => {
    const sims: [number, number][] = [];
    for (let j = 1; j < V; j++) {
      if (j === id) continue;
      let s = 0;
      for (let k = 0; k < DIM; k++) s += u[id * DIM + k] * u[j * DIM + k];
      sims.push([s, j]);
    }
    sims.sort((x, y) => y[0] - x[0]);
    return new Set(sims.slice(0, 10).map((x) => x[1]));
  };
  let sum = 0;
  const m = Math.min(n, V - 1);
  for (let id = 1; id <= m; id++) {
    const na = knn(ua, id);
    let same = 0;
    for (const j of knn(ub, id)) if (na.has(j)) same++;
    sum += same / 10;
  }
  return sum / m;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    await child(args[1], args[2] as CorpusName, Number(args[3]), args[4] as 'wasm' | 'js', args[5]);
    return;
  }
  const flag = (name: string, d: string) => args.find((a) => a.startsWith(`--${name}=`))?.split('=')[1] ?? d;
  const roots = args.filter((a) => !a.startsWith('--')).map((r) => resolve(r));
  const repeats = Number(flag('repeats', '3'));
  const seeds = flag('seeds', '1,2,3').split(',').map(Number);
  const kernel = flag('kernel', 'wasm') as 'wasm' | 'js';
  const corpora = flag('corpora', 'teaching,sotu').split(',') as CorpusName[];
  const dir = mkdtempSync(join(tmpdir(), 'sprout-train-ab-'));
  const self = new URL(import.meta.url).pathname;
  const cBin = flag('c', '');
  try {
    const cVectors = cBin && corpora.includes('sotu') ? trainC(cBin, dir) : null;
    for (const corpus of corpora) {
      const runs = roots.map(() => [] as (ChildReport & { seed: number; file: string; load: number })[]);
      for (const seed of seeds) {
        for (let r = 0; r < repeats; r++) {
          roots.forEach((root, i) => {
            const file = join(dir, `${corpus}-${i}-${seed}.f32`);
            const load = loadavg()[0];
            const p = spawnSync(process.execPath, ['--import', 'tsx', self, '--child', root, corpus, String(seed), kernel, file], { encoding: 'utf8', maxBuffer: 64 << 20 });
            if (p.status !== 0) throw new Error(`child failed (${root}): ${p.stderr.slice(-2000)}`);
            const rep = JSON.parse(p.stdout.trim().split('\n').pop() ?? '{}') as ChildReport;
            runs[i].push({ ...rep, seed, file, load });
          });
        }
      }
      console.log(`\n== ${corpus} (${kernel}; ${seeds.length} seeds × ${repeats} repeats; load ${runs.flat().map((x) => x.load.toFixed(1)).join(' ')} → now ${loadavg()[0].toFixed(2)})`);
      const a0 = (seed: number) => new Float32Array(readFileSync(runs[0].find((x) => x.seed === seed)!.file).buffer.slice(0));
      roots.forEach((root, i) => {
        const rs = runs[i];
        const cpu = median(rs.map((x) => x.cpuMs)), wall = median(rs.map((x) => x.ms));
        const pairs = median(rs.map((x) => x.pairs));
        const words = rs[0].words;
        const peak = simdPeakFigure(cpu, pairs, DIM, NEGATIVE);
        const q: Record<string, string> = {};
        for (const key of Object.keys(rs[0].quality)) {
          const bySeed = seeds.map((s) => median(rs.filter((x) => x.seed === s).map((x) => x.quality[key])));
          q[key] = bySeed.map((v) => v.toFixed(3)).join('/');
        }
        if (corpus === 'sotu') {
          // Overlap with A at the same seed; for A itself, with A at the next seed (the noise floor).
          const o = seeds.map((s, j) => {
            const mine = new Float32Array(readFileSync(rs.find((x) => x.seed === s)!.file).buffer.slice(0));
            return overlap(mine, a0(i === 0 ? seeds[(j + 1) % seeds.length] : s), 1000);
          });
          q[i === 0 ? 'nnOverlapAcrossSeeds' : 'nnOverlapWithA'] = o.map((v) => v.toFixed(3)).join('/');
          if (cVectors) {
            q.nnOverlapWithC = seeds.map((s) => overlap(new Float32Array(readFileSync(rs.find((x) => x.seed === s)!.file).buffer.slice(0)), cVectors, 1000).toFixed(3)).join('/');
          }
        }
        console.log(`${i === 0 ? 'A' : 'B'} ${root}`);
        console.log(`  CPU ${cpu.toFixed(0)} ms (runs ${rs.map((x) => x.cpuMs.toFixed(0)).join(' ')}), wall ${wall.toFixed(0)} ms, ${(words / cpu).toFixed(0)}k words/CPU-s, pairs ${pairs.toFixed(0)} (${(pairs / words).toFixed(3)}/word)`);
        if (peak) console.log(`  ${peak.cyclesPerPair.toFixed(0)} cycles/pair at ${peak.mhz} MHz; ${peak.opsPerPair} f32x4 ops/pair → ${(peak.ofPeak * 100).toFixed(1)} % of 128-bit SIMD peak`);
        console.log(`  quality (per seed): ${JSON.stringify(q)}`);
      });
    }
  } finally {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true });
  }
}

await main();
