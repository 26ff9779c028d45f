/**
 * One block of memory for the dense kernels (dense.wat, or their JS twins in
 * denseJs.ts), carved into the arrays a caller asks for, plus the kernels bound to it.
 *
 * Callers work with byte offsets and take typed-array views only for as long as they
 * need them: `extend` may move the memory (WebAssembly memory.grow detaches old views),
 * so a view must not be kept across it. The JS backend carves the same layout out of an
 * ArrayBuffer and runs the same calls, so callers are written once. Kernels take row
 * ranges, so the work can later be split across workers over one shared memory.
 */
import { DENSE_WASM_BASE64 } from './denseKernel.generated';
import { DENSE_SHARED_WASM_BASE64 } from './denseSharedKernel.generated';
import { JsKernels, viewsOf } from './denseJs';
import { compiledKernel } from './support';

export type DenseKernelKind = 'wasm' | 'js';
/** 'auto' = WebAssembly SIMD where the engine has it, JS otherwise. */
export type DenseKernelChoice = 'auto' | DenseKernelKind;

export interface DenseArena {
  readonly kind: DenseKernelKind;
  /** Byte offset of each requested block, in request order (16-byte aligned). */
  readonly ptr: readonly number[];
  /** Adds zeroed blocks (sizes in bytes) and returns their offsets. Invalidates earlier views. */
  extend(blockBytes: readonly number[]): number[];
  f32(ptr: number, length: number): Float32Array;
  f64(ptr: number, length: number): Float64Array;
  i32(ptr: number, length: number): Int32Array;
  u8(ptr: number, length: number): Uint8Array;
  /** out = A·Bᵀ over K (a multiple of 4); mode 0 stores f32, mode 1 adds into f64. */
  dots(pA: number, lda: number, m: number, pB: number, ldb: number, nb: number, K: number, pOut: number, ldo: number, mode: 0 | 1): void;
  /** Column sums (f64) and min/max (f32) over rows [r0, r1) of an ld-wide f32 matrix. */
  colstats(pX: number, ld: number, r0: number, r1: number, pSum: number, pMin: number, pMax: number): void;
  /** out[i][a] = X[i][idx[a]] − mean[a] (pIdx 0: identity, ld = ldo), pad columns zeroed. */
  centerPack(pX: number, ld: number, r0: number, r1: number, pIdx: number, D: number, pMean: number, pOut: number, ldo: number): void;
  /**
   * A centred panel for syrk8: column c < D of row k < rows is X[k][idx[c]] − mean[c]
   * (pIdx 0: the identity; then X's pad columns and mean past D must be zero), into
   * micro-panels of 8 columns, P[(c / 8)·K·8 + k·8 + c mod 8]; zero for D ≤ c <
   * padTo8(D) and for rows ≤ k < K.
   */
  pack8(pX: number, ld: number, rows: number, K: number, pP: number, pIdx: number, D: number, pMean: number): void;
  /** out[i·w + r] = Σ_{a<K} X[i·ld + a]·W[a·w + r] for i < m, r < w (w a multiple of 4, K of 1). */
  xw(pX: number, ld: number, m: number, pW: number, K: number, w: number, pOut: number): void;
  /** out[i·ldo + c] = X[i·ld + c] − bias[c] for i < rows, c < cols (f32). */
  compact(pX: number, ld: number, rows: number, cols: number, pBias: number, pOut: number, ldo: number): void;
  /**
   * C[a][b] += Σ_{k<K} P[a][k]·P[b][k] in f64 (row stride ldc) on a pack8 panel (K a
   * multiple of 4, ≥ 4): 4-row blocks a ∈ [a0, a1), 8-column blocks b ∈ [max(b0, a & ~7), b1).
   */
  syrk8(pP: number, K: number, a0: number, a1: number, b0: number, b1: number, pC: number, ldc: number): void;
  /** M[a][b] = M[b][a] = (M[a][b] − (f·d[a])·d[b])·scale for a ≤ b < D (f64, row stride ld). */
  symmetrise64(pM: number, ld: number, D: number, scale: number, pD: number, f: number): void;
  /** y[i] = Σ_{j<n} A[i·lda + j]·x[j] for i < m, all f64 (n even). */
  gemv64(pA: number, lda: number, m: number, n: number, pX: number, pY: number): void;
  /** out[c][r] = X[r0 + r][c]. */
  transpose(pX: number, ld: number, r0: number, rows: number, cols: number, pOut: number, ldo: number): void;
  /** A dot-product tile → kNN keys in place, listing the pairs that pass a heap's threshold (see dense.wat). */
  keyTile(pTile: number, m: number, nb: number, ldo: number, i0: number, j0: number, pTerm: number, pThr: number, metric: 0 | 1, pList: number): number;
  /**
   * For each pair keyTile listed (t = list[e]: row t / ldo of A, row t mod ldo of B, both
   * ld floats a row): out[e] = their dot product over ld, the same f32 value `dots` gives.
   */
  listDots(pA: number, pB: number, ld: number, pList: number, count: number, ldo: number, pOut: number): void;
  /** listDots, the same values, faster on lists where a row of A meets several rows of B in turn (keyTile's). */
  listDotsRuns(pA: number, pB: number, ld: number, pList: number, count: number, ldo: number, pOut: number): void;
  /**
   * out[s] (f64) = squared distance (mode 0) or dot product (mode 1) of the row at pA and
   * X row ids[s] (ld floats each), summed in a fixed lane order (denseJs.ts laneDot).
   */
  rowDist64(pA: number, pX: number, ld: number, pIds: number, count: number, mode: 0 | 1, pOut: number): void;
  /** out row r = X row ids[r] (ld floats each). */
  gather(pX: number, ld: number, pIds: number, m: number, pOut: number): void;
  /** out[r] = offset + X row ids[r] · v. */
  project(pX: number, ld: number, pIds: number, m: number, pV: number, offset: number, pOut: number): void;
}

const PAGE = 65536;
/** Kernels (plain and shared) already warmed up in this thread. */
const warmed = new Set<string>();
/**
 * The warm-up's arenas (one page each), kept for as long as the thread lives. V8 keeps
 * the hidden class of an arena (and of its store and calls) only while some arena has
 * it: once a run's arenas were collected, the next run's had new classes, and the
 * optimised loops that had learnt the old ones were thrown away and compiled again in
 * every run (see Arena).
 */
const kept: DenseArena[] = [];
/** Stay clear of 32-bit address wrap and of engines that cap memories at 2 GB. */
export const MAX_ARENA_BYTES = 2 ** 31 - PAGE;
/** Offset 0 stays unused so that 0 can mean "no array" (centerPack's pIdx). */
const RESERVED = 64;

/** Rounds a row length up to a multiple of 4 floats (one v128). */
export function padTo4(n: number): number {
  return (n + 3) & ~3;
}

/** Which kernel `choice` gives on this engine. */
export function denseKernelKind(choice: DenseKernelChoice = 'auto'): DenseKernelKind {
  if (choice === 'js') return 'js';
  const module = compiledKernel(DENSE_WASM_BASE64);
  if (module === null) {
    if (choice === 'wasm') throw new Error('the WebAssembly SIMD dense kernel is not available in this engine');
    return 'js';
  }
  return 'wasm';
}

interface Carver {
  carve(sizes: readonly number[]): number[];
  end(): number;
}

/** Carves 16-byte aligned blocks after `start`; throws past MAX_ARENA_BYTES. */
function carver(start: number): Carver {
  let at = start;
  return {
    carve(sizes) {
      const out: number[] = [];
      for (const bytes of sizes) {
        out.push(at);
        at += Math.ceil(Math.max(0, bytes) / 16) * 16;
      }
      if (at > MAX_ARENA_BYTES) throw new RangeError(`the dense kernels would need ${(at / 2 ** 30).toFixed(2)} GB, over the 2 GB limit`);
      return out;
    },
    end: () => at,
  };
}

/**
 * Allocates the blocks (sizes in bytes) in one zeroed memory and binds the kernels to
 * it. Throws a RangeError when the total would pass MAX_ARENA_BYTES.
 */
export function createDenseArena(blockBytes: readonly number[], choice: DenseKernelChoice = 'auto'): DenseArena {
  const kind = denseKernelKind(choice);
  const space = carver(RESERVED);
  const ptr = space.carve(blockBytes);
  const bytes = pagesFor(space.end()) * PAGE;
  if (kind === 'wasm') {
    const memory = new WebAssembly.Memory({ initial: bytes / PAGE, maximum: MAX_ARENA_BYTES / PAGE });
    return new Arena(kind, ptr, space, new WasmStore(memory, true), wasmKernels(DENSE_WASM_BASE64, memory));
  }
  const store = new JsStore(new ArrayBuffer(bytes));
  return new Arena(kind, ptr, space, store, store.kernels);
}

/** A dense arena whose memory several threads share (WebAssembly SIMD only), and that memory to hand them. */
export interface SharedDenseArena {
  readonly arena: DenseArena;
  readonly memory: WebAssembly.Memory;
}

/** Whether shared dense arenas can be made here (a shared WebAssembly memory and the SIMD kernel). */
export function sharedDenseAvailable(): boolean {
  return typeof SharedArrayBuffer === 'function' && compiledKernel(DENSE_SHARED_WASM_BASE64) !== null;
}

/**
 * Like createDenseArena, on a shared WebAssembly memory sized once (a shared memory is
 * never detached, but a grown one would need every thread's views remade, so it does
 * not grow: `extend` throws). Other threads bind to it with attachDenseArena.
 */
export function createSharedDenseArena(blockBytes: readonly number[]): SharedDenseArena {
  const space = carver(RESERVED);
  const ptr = space.carve(blockBytes);
  const pages = pagesFor(space.end());
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
  return { arena: new Arena('wasm', ptr, space, new WasmStore(memory, false), wasmKernels(DENSE_SHARED_WASM_BASE64, memory)), memory };
}

/** The dense kernels bound to a shared memory made by createSharedDenseArena (in any thread). */
export function attachDenseArena(memory: WebAssembly.Memory, ptr: readonly number[] = []): DenseArena {
  return new Arena('wasm', ptr, carver(memory.buffer.byteLength), new WasmStore(memory, false), wasmKernels(DENSE_SHARED_WASM_BASE64, memory));
}

function pagesFor(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / PAGE));
}

/** The kernels' calls, as dense.wat exports them (or JsKernels mirrors them). */
type KernelCalls = Omit<DenseArena, 'kind' | 'ptr' | 'extend' | 'f32' | 'f64' | 'i32' | 'u8'>;

/** Where an arena's bytes are, and how they grow. */
interface Store {
  readonly buffer: ArrayBufferLike;
  /** Makes the memory at least `bytes` long (zeroed past the old end). */
  growTo(bytes: number): void;
}

class WasmStore implements Store {
  constructor(
    private readonly memory: WebAssembly.Memory,
    private readonly growable: boolean,
  ) {}
  get buffer(): ArrayBufferLike {
    return this.memory.buffer;
  }
  growTo(bytes: number): void {
    if (!this.growable) throw new Error('a shared dense arena does not grow');
    this.memory.grow((bytes - this.memory.buffer.byteLength) / PAGE);
  }
}

class JsStore implements Store {
  readonly kernels: JsKernels;
  constructor(public buffer: ArrayBuffer) {
    this.kernels = new JsKernels(buffer);
  }
  growTo(bytes: number): void {
    const bigger = new ArrayBuffer(bytes);
    new Uint8Array(bigger).set(new Uint8Array(this.buffer));
    this.buffer = bigger;
    this.kernels.views = viewsOf(bigger);
  }
}

/**
 * A new instance of a dense kernel module on `memory`: its exports are the calls (every
 * instance's exports object has the same hidden class, so Arena's loads of them settle).
 */
function wasmKernels(base64: string, memory: WebAssembly.Memory): KernelCalls {
  const module = compiledKernel(base64);
  if (!module) throw new Error('the WebAssembly SIMD dense kernel is not available in this engine');
  if (!warmed.has(base64)) {
    warmed.add(base64);
    warmUp(base64);
  }
  return new WebAssembly.Instance(module, { env: { memory } }).exports as unknown as KernelCalls;
}

/**
 * An arena: one class, its methods on the prototype, for every memory and kernel, so
 * that the hot loops calling `arena.f32(…)` and `arena.dots(…)` are optimised once per
 * thread and stay so. With an object of closures per arena (as this was), V8's
 * optimised code named each run's closures and WebAssembly instance, so every new arena
 * deoptimised it ("wrong call target", "wrong map") and every collection of an old one
 * did too ("weak objects"). Each run then optimised its loops again, on a compiler
 * thread that, with every core computing, took CPU from the run: 2-thread exact kNN
 * graphs of MNIST 10k after the app's warm-up spent ~1.1 s of CPU where one thread
 * spent ~0.9 s, the projection step running at ~60 % of one thread's speed a thread.
 */
class Arena implements DenseArena {
  constructor(
    readonly kind: DenseKernelKind,
    readonly ptr: readonly number[],
    private readonly space: Carver,
    private readonly store: Store,
    private readonly k: KernelCalls,
  ) {}
  extend(blockBytes: readonly number[]): number[] {
    const out = this.space.carve(blockBytes);
    const need = pagesFor(this.space.end()) * PAGE;
    if (need > this.store.buffer.byteLength) this.store.growTo(need);
    return out;
  }
  f32(p: number, length: number): Float32Array {
    return new Float32Array(this.store.buffer, p, length);
  }
  f64(p: number, length: number): Float64Array {
    return new Float64Array(this.store.buffer, p, length);
  }
  i32(p: number, length: number): Int32Array {
    return new Int32Array(this.store.buffer, p, length);
  }
  u8(p: number, length: number): Uint8Array {
    return new Uint8Array(this.store.buffer, p, length);
  }
  dots(pA: number, lda: number, m: number, pB: number, ldb: number, nb: number, K: number, pOut: number, ldo: number, mode: 0 | 1): void {
    this.k.dots(pA, lda, m, pB, ldb, nb, K, pOut, ldo, mode);
  }
  colstats(pX: number, ld: number, r0: number, r1: number, pSum: number, pMin: number, pMax: number): void {
    this.k.colstats(pX, ld, r0, r1, pSum, pMin, pMax);
  }
  centerPack(pX: number, ld: number, r0: number, r1: number, pIdx: number, D: number, pMean: number, pOut: number, ldo: number): void {
    this.k.centerPack(pX, ld, r0, r1, pIdx, D, pMean, pOut, ldo);
  }
  pack8(pX: number, ld: number, rows: number, K: number, pP: number, pIdx: number, D: number, pMean: number): void {
    this.k.pack8(pX, ld, rows, K, pP, pIdx, D, pMean);
  }
  xw(pX: number, ld: number, m: number, pW: number, K: number, w: number, pOut: number): void {
    this.k.xw(pX, ld, m, pW, K, w, pOut);
  }
  compact(pX: number, ld: number, rows: number, cols: number, pBias: number, pOut: number, ldo: number): void {
    this.k.compact(pX, ld, rows, cols, pBias, pOut, ldo);
  }
  syrk8(pP: number, K: number, a0: number, a1: number, b0: number, b1: number, pC: number, ldc: number): void {
    this.k.syrk8(pP, K, a0, a1, b0, b1, pC, ldc);
  }
  symmetrise64(pM: number, ld: number, D: number, scale: number, pD: number, f: number): void {
    this.k.symmetrise64(pM, ld, D, scale, pD, f);
  }
  gemv64(pA: number, lda: number, m: number, n: number, pX: number, pY: number): void {
    this.k.gemv64(pA, lda, m, n, pX, pY);
  }
  transpose(pX: number, ld: number, r0: number, rows: number, cols: number, pOut: number, ldo: number): void {
    this.k.transpose(pX, ld, r0, rows, cols, pOut, ldo);
  }
  keyTile(pTile: number, m: number, nb: number, ldo: number, i0: number, j0: number, pTerm: number, pThr: number, metric: 0 | 1, pList: number): number {
    return this.k.keyTile(pTile, m, nb, ldo, i0, j0, pTerm, pThr, metric, pList);
  }
  listDots(pA: number, pB: number, ld: number, pList: number, count: number, ldo: number, pOut: number): void {
    this.k.listDots(pA, pB, ld, pList, count, ldo, pOut);
  }
  listDotsRuns(pA: number, pB: number, ld: number, pList: number, count: number, ldo: number, pOut: number): void {
    this.k.listDotsRuns(pA, pB, ld, pList, count, ldo, pOut);
  }
  rowDist64(pA: number, pX: number, ld: number, pIds: number, count: number, mode: 0 | 1, pOut: number): void {
    this.k.rowDist64(pA, pX, ld, pIds, count, mode, pOut);
  }
  gather(pX: number, ld: number, pIds: number, m: number, pOut: number): void {
    this.k.gather(pX, ld, pIds, m, pOut);
  }
  project(pX: number, ld: number, pIds: number, m: number, pV: number, offset: number, pOut: number): void {
    this.k.project(pX, ld, pIds, m, pV, offset, pOut);
  }
}

/**
 * V8 runs a new WebAssembly module in its baseline compiler (Liftoff, ~5× slower on this
 * SIMD code) and recompiles a function with TurboFan, in the background, only after it
 * has run for a while; a call already running never switches. So the first arena of a
 * thread calls every kernel a few hundred times on tiny data (~1 ms) to get the
 * optimised code queued before the real work starts.
 */
function warmUp(base64: string): void {
  const blocks = [16 * 16 * 4, 16 * 16 * 4, 16 * 8, 16 * 4, 16 * 4, 64, 64, 16 * 16 * 8];
  const a = base64 === DENSE_WASM_BASE64 ? createDenseArena(blocks, 'wasm') : createSharedDenseArena(blocks).arena;
  kept.push(a);
  const [pX, pT, pSum, pMin, pMax, pTerm, pList, pC] = a.ptr;
  for (let r = 0; r < 300; r++) {
    a.dots(pX, 16, 16, pX, 16, 16, 16, pT, 16, r & 1 ? 0 : 1);
    a.keyTile(pT, 4, 4, 4, 0, 4, pTerm, pTerm, (r & 1) as 0 | 1, pList);
    a.colstats(pX, 16, 0, 16, pSum, pMin, pMax);
    a.centerPack(pX, 16, 0, 16, 0, 16, pMin, pT, 16);
    a.transpose(pX, 16, 0, 16, 16, pT, 16);
    a.pack8(pX, 16, 12, 16, pT, r & 2 ? pList : 0, r & 2 ? 13 : 16, pMin);
    a.xw(pX, 16, 6, pX, 16, r & 1 ? 12 : 8, pT);
    a.compact(pX, 16, 16, 10, pMin, pT, 10);
    a.syrk8(pT, 16, 0, 16, 0, 16, pC, 16);
    a.gemv64(pC, 16, 7, 16, pC, pT);
    a.symmetrise64(pC, 16, 12, 0.5, pT, r & 1);
    a.gather(pX, 4, pList, 1, pT);
    a.project(pX, 4, pList, 1, pX, 0, pT);
    a.listDots(pX, pX, 4, pList, r & 1 ? 1 : 4, 4, pT);
    a.listDotsRuns(pX, pX, 4, pList, r % 3 === 0 ? 1 : 4, 4, pT);
    a.rowDist64(pX, pX, 4, pList, 1, (r & 1) as 0 | 1, pC);
  }
}

/**
 * Copies an n×dim row-major matrix into the arena at p with rows padded to
 * ld = padTo4(dim) (the pad columns must already be zero, as they are in a new arena).
 */
export function copyRowsPadded(arena: DenseArena, p: number, X: Float32Array, n: number, dim: number): void {
  const ld = padTo4(dim);
  if (ld === dim) {
    arena.f32(p, n * dim).set(X.subarray(0, n * dim));
    return;
  }
  const out = arena.f32(p, n * ld);
  for (let i = 0; i < n; i++) out.set(X.subarray(i * dim, (i + 1) * dim), i * ld);
}
