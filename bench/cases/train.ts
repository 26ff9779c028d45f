/**
 * Sprout's skip-gram in its own process, like the word2vec C tool beside it:
 *   tsx bench/cases/train.ts CORPUS.txt MIN_COUNT ITER SAMPLE KERNEL REPEATS OUT.f32
 * CORPUS holds our tokenizer's output, one sentence per line, tokens separated by single
 * spaces — the very file word2vec C reads. The vocabulary is built as the parent builds
 * it (bench/train.ts), so rows line up. Settings as C's: dim 64, window 5, 5 negative
 * samples, lr 0.025, one thread. Times the training loop only (the vocabulary and
 * encoding are set up before), median of REPEATS; writes the vectors of the median run
 * and reports its (context, word) pair count, for the % of SIMD peak (bench/trainPeak.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { runToEnd } from '../../src/compute/task';
import { encodeSentences, knownTokens } from '../../src/compute/train/encode';
import { createSkipGram } from '../../src/compute/train/skipgram';
import { report, timed } from '../child';
import { TRAIN_DIM, vocabOf } from '../trainCorpus';

const [path, minCountArg, iterArg, sampleArg, kernelArg, repeatsArg, out] = process.argv.slice(2);
const sentences = readFileSync(path, 'utf8').split('\n').filter((l) => l.length > 0).map((l) => l.split(' '));
const vocab = vocabOf(sentences, Number(minCountArg));
const corpus = encodeSentences(sentences, vocab);
const iter = Number(iterArg);
const words = knownTokens(corpus) * iter;
const kernel = kernelArg as 'wasm' | 'js';

const train = () => {
  const sg = createSkipGram(corpus, vocab, { dim: TRAIN_DIM, window: 5, negative: 5, sample: Number(sampleArg), lr: 0.025, epochs: iter, seed: 1, batchWords: 10_000, kernel });
  runToEnd(sg, 1000);
  return { vectors: sg.input, pairs: sg.examplesTrained() };
};
// Warm-up (JIT, WebAssembly tier-up): one short run on the first sentences.
createSkipGram(encodeSentences(sentences.slice(0, 200), vocab), vocab, { dim: TRAIN_DIM, epochs: 1, seed: 1, kernel }).step(1000);
const runs = [];
for (let r = 0; r < Number(repeatsArg); r++) runs.push(await timed(train));
runs.sort((a, b) => a.cpuMs - b.cpuMs);
const median = runs[Math.floor(runs.length / 2)];
const v = median.result.vectors;
writeFileSync(out, Buffer.from(v.buffer, v.byteOffset, v.byteLength));
report({ ms: median.ms, cpuMs: median.cpuMs, threads: 1, words, wordsPerCpuSec: words / (median.cpuMs / 1000), pairs: median.result.pairs, kernel });
