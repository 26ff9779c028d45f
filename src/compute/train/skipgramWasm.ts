/**
 * The WebAssembly SIMD kernel's adapter: lays out one WebAssembly.Memory (header,
 * σ tables, scratch, touched-row lists, sub-sampling thresholds, noise alias table, corpus,
 * W and C), then runs each batch as one call into wasm/sgns.wat. The memory is sized
 * once and never grows, so `input` and `output` are Float32Array views on it that stay
 * valid for the trainer's life. They must not be transferred (postMessage would detach
 * the whole memory); the lab copies W for its frames.
 *
 * The module is compiled synchronously (2.5 KB; allowed under script-src
 * 'wasm-unsafe-eval', and below Chrome's main-thread limit for sync compiles) once per
 * thread and instantiated per trainer. SIMD support is checked by validating a tiny
 * probe module; without it, or for a width that is not a multiple of 4, createSkipGram
 * uses the JS kernel.
 */
import type { EncodedCorpus } from './encode';
import type { SkipGramOptions } from './skipgramTypes';
import {
  EXP_TABLE_SIZE, MAX_EXP, MAX_SENTENCE, SkipGramBase, prepareTraining, type KernelTables, type TrainingSetup,
} from './skipgramCommon';
import type { Vocab } from './vocab';
import { fillAliasTable } from './wasm/aliasTable';
import { compiledKernel, wasmSimdSupported } from '../simd/support';
import { SGNS_WASM_BASE64 } from './wasm/sgnsKernel.generated';

// Header fields: byte offsets, as documented at the top of sgns.wat.
const H = {
  dim: 0, window: 4, negative: 8, nNoise: 12, nSent: 16, epochs: 20, flags: 24, batchWords: 28,
  rand: 32, epoch: 36, sentence: 40, nTouchedIn: 44, nTouchedOut: 48,
  pW: 52, pC: 56, pIds: 60, pOffsets: 64, pAlias: 68, pKeep: 72, pSen: 76, pNeu1: 80, pNeu1e: 84,
  pMarkIn: 88, pMarkOut: 92, pTouchedIn: 96, pTouchedOut: 100, pSig: 104, pLogSig: 108, pLog1m: 112, pTgt: 116,
  words: 128, lr0: 136, trainTotal: 144, lr: 152, lossSum: 160, lossPairs: 168,
} as const;
const HEADER_BYTES = 256;
const PAGE = 65536;
/** Stay clear of 32-bit address wrap and of engines that cap memories at 2 GB. */
const MAX_BYTES = 2 ** 31 - PAGE;
/** σ tables get one entry past EXP_TABLE_SIZE, for f = +MAX_EXP exactly. */
const SIG_ENTRIES = EXP_TABLE_SIZE + 1;

export { wasmSimdSupported };

/** The compiled kernel, or null when this engine cannot compile it (compiled once per thread). */
function kernelModule(): WebAssembly.Module | null {
  return compiledKernel(SGNS_WASM_BASE64);
}

interface Layout {
  readonly bytes: number;
  readonly pSig: number; readonly pLogSig: number; readonly pLog1m: number;
  readonly pSen: number; readonly pNeu1: number; readonly pNeu1e: number;
  readonly pMarkIn: number; readonly pMarkOut: number; readonly pTouchedIn: number; readonly pTouchedOut: number;
  readonly pKeep: number; readonly pAlias: number; readonly pOffsets: number; readonly pIds: number;
  readonly pW: number; readonly pC: number; readonly pTgt: number;
}

/** Byte offsets of every table, each 16-byte aligned (v128 rows, typed-array views). */
function layout(V: number, D: number, negative: number, corpus: EncodedCorpus): Layout {
  let at = HEADER_BYTES;
  const take = (bytes: number): number => {
    const p = at;
    at += Math.ceil(bytes / 16) * 16;
    return p;
  };
  const l = {
    pSig: take(SIG_ENTRIES * 4), pLogSig: take(SIG_ENTRIES * 8), pLog1m: take(SIG_ENTRIES * 8),
    pSen: take(MAX_SENTENCE * 4), pNeu1: take(D * 4), pNeu1e: take(D * 4), pTgt: take((negative + 3) * 8),
    pMarkIn: take(V), pMarkOut: take(V), pTouchedIn: take(V * 4), pTouchedOut: take(V * 4),
    pKeep: take(V * 4), pAlias: take(V * 8), pOffsets: take(corpus.offsets.length * 4), pIds: take(corpus.ids.length * 4),
    pW: take(V * D * 4), pC: take(V * D * 4),
  };
  return { ...l, bytes: at };
}

/** Why the WASM kernel cannot run these options here, or null when it can. */
export function wasmKernelUnsupported(corpus: EncodedCorpus, vocab: Vocab, opts: SkipGramOptions): string | null {
  const D = opts.dim ?? 64;
  if (!Number.isInteger(D) || D < 1 || D % 4 !== 0) return `dim ${D} is not a multiple of 4`;
  if (!wasmSimdSupported()) return 'this engine has no WebAssembly SIMD';
  if (kernelModule() === null) return 'the kernel module did not compile';
  const bytes = layout(vocab.words.length, D, Math.max(0, opts.negative ?? 5), corpus).bytes;
  if (bytes > MAX_BYTES) return `the tables need ${(bytes / 2 ** 30).toFixed(1)} GB, over the 2 GB a WebAssembly memory may hold`;
  return null;
}

/** The engine would not give us the memory: 'auto' then falls back to the JS kernel. */
export class WasmMemoryError extends Error {}

/** `module` replaces the shipped kernel (for micro-benchmarks of kernel variants). */
export function createWasmSkipGram(corpus: EncodedCorpus, vocab: Vocab, opts: SkipGramOptions, module = kernelModule()): WasmSkipGram {
  if (module === null) throw new Error('WebAssembly SIMD is not available');
  const setup = prepareTraining(corpus, vocab, opts);
  const { V, dim: D } = setup;
  if (D % 4 !== 0) throw new Error(`the WebAssembly kernel needs dim to be a multiple of 4, got ${D}`);
  const l = layout(V, D, setup.negative, corpus);
  const pages = Math.ceil(l.bytes / PAGE);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  } catch (e) {
    throw new WasmMemoryError(`could not allocate ${pages} pages of WebAssembly memory: ${(e as Error).message}`);
  }
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  const batch = instance.exports.batch as () => void;
  return new WasmSkipGram(vocab, setup, corpus, memory, l, batch, opts);
}

export class WasmSkipGram extends SkipGramBase {
  readonly kernel = 'wasm' as const;
  private readonly i32: Int32Array;
  private readonly f64: Float64Array;

  constructor(
    vocab: Vocab,
    setup: TrainingSetup,
    corpus: EncodedCorpus,
    memory: WebAssembly.Memory,
    l: Layout,
    private readonly batch: () => void,
    opts: SkipGramOptions,
  ) {
    const buf = memory.buffer;
    const { V, dim: D } = setup;
    const tables: KernelTables = {
      input: new Float32Array(buf, l.pW, V * D),
      output: new Float32Array(buf, l.pC, V * D),
      markIn: new Uint8Array(buf, l.pMarkIn, V),
      markOut: new Uint8Array(buf, l.pMarkOut, V),
      touchedIn: new Int32Array(buf, l.pTouchedIn, V),
      touchedOut: new Int32Array(buf, l.pTouchedOut, V),
    };
    super(vocab, setup, tables, opts.init);
    this.i32 = new Int32Array(buf, 0, HEADER_BYTES / 4);
    this.f64 = new Float64Array(buf, 0, HEADER_BYTES / 8);

    // σ and log σ on [−6, 6] as the JS kernel's tables, plus the entry for +6.
    const sig = new Float32Array(buf, l.pSig, SIG_ENTRIES);
    const logSig = new Float64Array(buf, l.pLogSig, SIG_ENTRIES);
    const log1m = new Float64Array(buf, l.pLog1m, SIG_ENTRIES);
    for (let i = 0; i < SIG_ENTRIES; i++) {
      const x = ((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP;
      const s = 1 / (1 + Math.exp(-x));
      sig[i] = s;
      logSig[i] = Math.log(s);
      log1m[i] = Math.log(1 - s);
    }
    // r ≤ keep (unsigned) ⇔ r < p·2^32 for integer r, and p = 1 becomes 2^32 − 1.
    const keep = new Uint32Array(buf, l.pKeep, V);
    for (let i = 0; i < V; i++) keep[i] = Math.ceil(setup.keepThreshold[i]) - 1;
    fillAliasTable(new Uint32Array(buf, l.pAlias, 2 * V), vocab.counts, 0.75);
    new Int32Array(buf, l.pOffsets, corpus.offsets.length).set(corpus.offsets);
    new Int32Array(buf, l.pIds, corpus.ids.length).set(corpus.ids);

    const h = this.i32;
    h[H.dim / 4] = D;
    h[H.window / 4] = setup.window;
    h[H.negative / 4] = setup.negative;
    h[H.nNoise / 4] = V - 1;
    h[H.nSent / 4] = corpus.offsets.length - 1;
    h[H.epochs / 4] = setup.epochs;
    h[H.flags / 4] = (setup.cbow ? 1 : 0) | (setup.freeze ? 2 : 0);
    h[H.batchWords / 4] = setup.batchWords;
    const pointers: Array<[number, number]> = [
      [H.pW, l.pW], [H.pC, l.pC], [H.pIds, l.pIds], [H.pOffsets, l.pOffsets], [H.pAlias, l.pAlias], [H.pKeep, l.pKeep],
      [H.pSen, l.pSen], [H.pNeu1, l.pNeu1], [H.pNeu1e, l.pNeu1e], [H.pMarkIn, l.pMarkIn], [H.pMarkOut, l.pMarkOut],
      [H.pTouchedIn, l.pTouchedIn], [H.pTouchedOut, l.pTouchedOut], [H.pSig, l.pSig], [H.pLogSig, l.pLogSig], [H.pLog1m, l.pLog1m],
      [H.pTgt, l.pTgt],
    ];
    for (const [field, p] of pointers) h[field / 4] = p;
    this.f64[H.lr0 / 8] = setup.lr0;
    this.f64[H.trainTotal / 8] = setup.epochs * setup.totalWords + 1;
  }

  protected runBatch(): void {
    const h = this.i32, f = this.f64;
    h[H.rand / 4] = this.rand;
    h[H.epoch / 4] = this.epoch;
    h[H.sentence / 4] = this.sentence;
    h[H.nTouchedIn / 4] = this.nTouchedIn;
    h[H.nTouchedOut / 4] = this.nTouchedOut;
    f[H.words / 8] = this.words;
    f[H.lr / 8] = this.lr;
    this.batch();
    this.rand = h[H.rand / 4];
    this.epoch = h[H.epoch / 4];
    this.sentence = h[H.sentence / 4];
    this.nTouchedIn = h[H.nTouchedIn / 4];
    this.nTouchedOut = h[H.nTouchedOut / 4];
    this.words = f[H.words / 8];
    this.lr = f[H.lr / 8];
    this.lossSum = f[H.lossSum / 8];
    this.lossPairs = f[H.lossPairs / 8];
  }
}
