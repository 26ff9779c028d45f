/**
 * The plain-JS kernel: the batch loop written for V8 (flat typed arrays, every field
 * copied into a local before the loops, no allocation inside them, an inline xorshift
 * generator, and the negatives drawn before any dot product so the vector loops run
 * uninterrupted — once per position, shared by its pairs; every target's dot product is
 * taken before any update, as in the WASM kernel). It runs any width, and is the fallback wherever the WebAssembly
 * SIMD kernel (skipgramWasm.ts) cannot: no SIMD, a width that is not a multiple of 4.
 */
import type { EncodedCorpus } from './encode';
import type { SkipGramOptions } from './skipgramTypes';
import {
  EXP_TABLE_SIZE, LOG_ONE_MINUS_SIG, LOG_SIG, MAX_EXP, MAX_SENTENCE, SIGMOID, SkipGramBase, prepareTraining, type TrainingSetup,
} from './skipgramCommon';
import { buildNoiseTable, UNK_ID, type Vocab } from './vocab';

export class JsSkipGram extends SkipGramBase {
  readonly kernel = 'js' as const;

  private readonly ids: Int32Array;
  private readonly offsets: Int32Array;
  private readonly window: number;
  private readonly negative: number;
  private readonly lr0: number;
  private readonly cbow: boolean;
  private readonly freeze: boolean;
  private readonly batchWords: number;
  private readonly noise: Int32Array;
  private readonly keepThreshold: Float64Array;

  // Scratch, allocated once.
  private readonly sen = new Int32Array(MAX_SENTENCE);
  private readonly neu1: Float64Array;
  private readonly neu1e: Float64Array;
  private readonly targets: Int32Array;
  /** Each target's g (already times the learning rate). */
  private readonly gs: Float64Array;

  constructor(corpus: EncodedCorpus, vocab: Vocab, opts: SkipGramOptions, setup: TrainingSetup = prepareTraining(corpus, vocab, opts)) {
    const V = setup.V;
    super(vocab, setup, {
      input: new Float32Array(V * setup.dim),
      output: new Float32Array(V * setup.dim),
      markIn: new Uint8Array(V),
      markOut: new Uint8Array(V),
      touchedIn: new Int32Array(V),
      touchedOut: new Int32Array(V),
    }, opts.init);
    this.ids = corpus.ids;
    this.offsets = corpus.offsets;
    ({ window: this.window, negative: this.negative, lr0: this.lr0, cbow: this.cbow, freeze: this.freeze } = setup);
    ({ batchWords: this.batchWords, keepThreshold: this.keepThreshold } = setup);
    this.noise = buildNoiseTable(vocab.counts, 0.75, setup.noiseTableSize);
    this.neu1 = new Float64Array(setup.dim);
    this.neu1e = new Float64Array(setup.dim);
    this.targets = new Int32Array(this.negative + 1);
    this.gs = new Float64Array(this.negative + 1);
  }

  protected runBatch(): void {
    // Locals: V8 keeps these in registers; field loads in the inner loop would not be.
    const ids = this.ids, offsets = this.offsets, nSent = offsets.length - 1;
    const W = this.input, C = this.output, D = this.dim;
    const sen = this.sen, neu1 = this.neu1, neu1e = this.neu1e, targets = this.targets, gs = this.gs;
    const noise = this.noise, noiseMask = noise.length - 1, keepT = this.keepThreshold;
    const window = this.window, negative = this.negative, cbow = this.cbow, freeze = this.freeze;
    const markIn = this.markIn, markOut = this.markOut, touchedIn = this.touchedIn, touchedOut = this.touchedOut;
    let nIn = this.nTouchedIn, nOut = this.nTouchedOut;
    const lr0 = this.lr0, minLr = lr0 * 1e-4, trainTotal = this.epochs * this.totalWords + 1;
    let r = this.rand;
    let lossSum = 0, lossPairs = 0;
    let consumed = 0;
    let alpha = this.lr;

    while (consumed < this.batchWords && this.epoch < this.epochs) {
      const from = offsets[this.sentence], to = offsets[this.sentence + 1];
      let p = from;
      while (p < to) {
        // Load up to MAX_SENTENCE kept words (word2vec splits longer sentences the same way).
        let len = 0;
        for (; p < to && len < MAX_SENTENCE; p++) {
          const w = ids[p];
          if (w === UNK_ID) continue;
          consumed++;
          r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
          if ((r >>> 0) < keepT[w]) sen[len++] = w;
        }
        alpha = lr0 * (1 - (this.words + consumed) / trainTotal);
        if (alpha < minLr) alpha = minLr;

        for (let pos = 0; pos < len; pos++) {
          const word = sen[pos];
          r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
          const b = (r >>> 0) % window;
          const lo = pos - window + b < 0 ? 0 : pos - window + b;
          const hi = pos + window - b >= len ? len - 1 : pos + window - b;

          // Targets: the word itself, then its negatives, drawn up front so the vector
          // loops below run uninterrupted (a noise draw equal to the word is skipped, as
          // in word2vec). Inlined twice on purpose: a closure would capture `r` and
          // move it off the stack.
          targets[0] = word;
          let nt = 1;

          if (cbow) {
            let cw = 0;
            for (let c = 0; c < D; c++) neu1[c] = 0;
            for (let c = lo; c <= hi; c++) {
              if (c === pos) continue;
              const l1 = sen[c] * D;
              for (let k = 0; k < D; k++) neu1[k] += W[l1 + k];
              cw++;
            }
            if (cw === 0) continue;
            for (let k = 0; k < D; k++) {
              neu1[k] /= cw;
              neu1e[k] = 0;
            }
            nt = 1;
            for (let d = 0; d < negative; d++) {
              r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
              const t = noise[r & noiseMask];
              if (t !== word) targets[nt++] = t;
            }
            // Every f before any update (as the WASM kernel does), then the updates.
            for (let t = 0; t < nt; t++) {
              const l2 = targets[t] * D;
              let f = 0;
              for (let k = 0; k < D; k++) f += neu1[k] * C[l2 + k];
              const label = t === 0 ? 1 : 0;
              let g: number;
              if (f > MAX_EXP) {
                g = label - 1;
                lossSum += label ? 0 : f;
              } else if (f < -MAX_EXP) {
                g = label;
                lossSum += label ? -f : 0;
              } else {
                const idx = ((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2)) | 0;
                g = label - SIGMOID[idx];
                lossSum -= label ? LOG_SIG[idx] : LOG_ONE_MINUS_SIG[idx];
              }
              gs[t] = g * alpha;
            }
            for (let t = 0; t < nt; t++) {
              const target = targets[t];
              const l2 = target * D;
              const g = gs[t];
              for (let k = 0; k < D; k++) {
                neu1e[k] += g * C[l2 + k];
                C[l2 + k] += g * neu1[k];
              }
              if (markOut[target] === 0) { markOut[target] = 1; touchedOut[nOut++] = target; }
            }
            lossPairs++;
            if (!freeze) {
              for (let c = lo; c <= hi; c++) {
                if (c === pos) continue;
                const last = sen[c], l1 = last * D;
                for (let k = 0; k < D; k++) W[l1 + k] += neu1e[k];
                if (markIn[last] === 0) { markIn[last] = 1; touchedIn[nIn++] = last; }
              }
            }
            continue;
          }

          // Skip-gram: every context word's W row predicts `word` through C. The noise
          // words are drawn once per position, at its first pair, and shared by all its
          // pairs (as in pWord2Vec: Ji et al. 2016); see sgns.wat for why.
          let drawn = false;
          for (let c = lo; c <= hi; c++) {
            if (c === pos) continue;
            const last = sen[c];
            const l1 = last * D;
            if (!drawn) {
              drawn = true;
              nt = 1;
              for (let d = 0; d < negative; d++) {
                r ^= r << 13; r ^= r >>> 17; r ^= r << 5;
                const t = noise[r & noiseMask];
                if (t !== word) targets[nt++] = t;
              }
            }
            if (!freeze) for (let k = 0; k < D; k++) neu1e[k] = 0;
            // Every f before any update (as the WASM kernel does), then the updates.
            for (let t = 0; t < nt; t++) {
              const l2 = targets[t] * D;
              let f0 = 0, f1 = 0, f2 = 0, f3 = 0, k = 0;
              for (; k + 3 < D; k += 4) {
                f0 += W[l1 + k] * C[l2 + k];
                f1 += W[l1 + k + 1] * C[l2 + k + 1];
                f2 += W[l1 + k + 2] * C[l2 + k + 2];
                f3 += W[l1 + k + 3] * C[l2 + k + 3];
              }
              for (; k < D; k++) f0 += W[l1 + k] * C[l2 + k];
              const f = f0 + f1 + f2 + f3;
              const label = t === 0 ? 1 : 0;
              let g: number;
              if (f > MAX_EXP) {
                g = label - 1;
                lossSum += label ? 0 : f;
              } else if (f < -MAX_EXP) {
                g = label;
                lossSum += label ? -f : 0;
              } else {
                const idx = ((f + MAX_EXP) * (EXP_TABLE_SIZE / MAX_EXP / 2)) | 0;
                g = label - SIGMOID[idx];
                lossSum -= label ? LOG_SIG[idx] : LOG_ONE_MINUS_SIG[idx];
              }
              gs[t] = g * alpha;
            }
            for (let t = 0; t < nt; t++) {
              const target = targets[t];
              const l2 = target * D;
              const g = gs[t];
              if (freeze) {
                for (let k = 0; k < D; k++) C[l2 + k] += g * W[l1 + k];
              } else {
                let k = 0;
                for (; k + 3 < D; k += 4) {
                  const c0 = C[l2 + k], c1 = C[l2 + k + 1], c2 = C[l2 + k + 2], c3 = C[l2 + k + 3];
                  C[l2 + k] = c0 + g * W[l1 + k];
                  C[l2 + k + 1] = c1 + g * W[l1 + k + 1];
                  C[l2 + k + 2] = c2 + g * W[l1 + k + 2];
                  C[l2 + k + 3] = c3 + g * W[l1 + k + 3];
                  neu1e[k] += g * c0;
                  neu1e[k + 1] += g * c1;
                  neu1e[k + 2] += g * c2;
                  neu1e[k + 3] += g * c3;
                }
                for (; k < D; k++) {
                  neu1e[k] += g * C[l2 + k];
                  C[l2 + k] += g * W[l1 + k];
                }
              }
              if (markOut[target] === 0) { markOut[target] = 1; touchedOut[nOut++] = target; }
            }
            lossPairs++;
            if (!freeze) {
              for (let k = 0; k < D; k++) W[l1 + k] += neu1e[k];
              if (markIn[last] === 0) { markIn[last] = 1; touchedIn[nIn++] = last; }
            }
          }
        }
      }
      this.sentence++;
      if (this.sentence >= nSent) {
        this.sentence = 0;
        this.epoch++;
      }
    }

    this.rand = r;
    this.words += consumed;
    this.lr = alpha;
    this.nTouchedIn = nIn;
    this.nTouchedOut = nOut;
    this.lossSum = lossSum;
    this.lossPairs = lossPairs;
  }
}
