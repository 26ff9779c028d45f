/**
 * UMAP's layout SGD: the pruned edge list and its sampling schedule, the gradient
 * coefficient tables, and the loop over one slice of an epoch — in WebAssembly
 * (umapSgd.wat: no bounds checks, one instruction to read a float's bits, a point's
 * x and y as one SIMD pair) or in JS where WebAssembly SIMD is missing. Both are the
 * same loop operation for operation and give bit-identical layouts.
 */
import { createRng } from '../random';
import { compiledKernel } from '../simd/support';
import type { CsrGraph } from './umapGraph';
import { UMAP_SGD_WASM_BASE64 } from './umapSgdKernel.generated';

export type SgdKernelChoice = 'auto' | 'wasm' | 'js';

/** What buildSgd needs of the UMAP parameters. */
export interface SgdSettings {
  negativeSampleRate: number;
  repulsionStrength: number;
  seed: number;
}

export interface SgdState {
  readonly kernel: 'wasm' | 'js';
  /** Threads the epochs run on (more than one: private layouts merged, see umapSgdParallel.ts). */
  readonly threads: number;
  /** The layout (n×2) the epochs move; in WebAssembly memory for the wasm kernel. */
  readonly Y: Float32Array;
  /** One slice of one epoch over rows [r0, r1) at learning rate alpha. */
  run(r0: number, r1: number, epoch: number, alpha: number): void;
  /** Edges per row, for slicing epochs (CSR row pointers). */
  readonly rowPtr: Int32Array;
  /** Lets go of the kernel threads (the layout stays readable). */
  dispose(): void;
}

// d² in [2^-12, 2^14) with 8 mantissa bits: 26·256 entries, 26 KB per table, so the
// repulsion table stays in L1 (a 10-bit, wider table measured ~25 % slower overall).
const MANTISSA_BITS = 8;
const EXP_MIN = -12;
const EXP_MAX = 14;
const KEY0 = (127 + EXP_MIN) << MANTISSA_BITS;
const TABLE_SIZE = (EXP_MAX - EXP_MIN) << MANTISSA_BITS;
const SHIFT = 23 - MANTISSA_BITS;

/** Scratch for reading a float's bits while building tables (same-width views). */
const f32 = new Float32Array(1);
const i32 = new Int32Array(f32.buffer);

export function attractCoef(d2: number, a: number, b: number): number {
  const pb = Math.pow(d2, b);
  return (-2 * a * b * (pb / d2)) / (a * pb + 1);
}

export function repelCoef(d2: number, a: number, b: number, gamma: number): number {
  return (2 * gamma * b) / ((0.001 + d2) * (a * Math.pow(d2, b) + 1));
}

function coefTables(a: number, b: number, gamma: number): { attract: Float32Array; repel: Float32Array } {
  const attract = new Float32Array(TABLE_SIZE);
  const repel = new Float32Array(TABLE_SIZE);
  for (let key = 0; key < TABLE_SIZE; key++) {
    // The middle of the bucket of floats that share these top bits.
    i32[0] = ((key + KEY0) << SHIFT) | (1 << (SHIFT - 1));
    const d2 = f32[0];
    attract[key] = attractCoef(d2, a, b);
    repel[key] = repelCoef(d2, a, b, gamma);
  }
  return { attract, repel };
}

/** The layout SGD state: CSR edges (pruned), their sampling schedule, and the RNG. */
export interface SgdArrays {
  n: number;
  Y: Float32Array;
  rowPtr: Int32Array;
  cols: Int32Array;
  epochsPerSample: Float32Array;
  nextSample: Float32Array;
  epochsPerNeg: Float32Array;
  nextNeg: Float32Array;
  attract: Float32Array;
  repel: Float32Array;
  a: number;
  b: number;
  gamma: number;
  rng: Int32Array;
}

/**
 * ⌊u·n / 2³²⌋ for the 32 bits of rs as unsigned (u): a uniform index below n, exactly as
 * the kernel's 64-bit multiply gives it. One float product is exact while u·n < 2⁵³
 * (n < 2²¹); beyond, the product in two 16-bit halves keeps every step exact.
 */
export function sampleIndex(rs: number, n: number): number {
  const u = rs >>> 0;
  if (n < 0x200000) return Math.floor((u * n) / 4294967296);
  return Math.floor(((u >>> 16) * n + Math.floor(((u & 0xffff) * n) / 65536)) / 65536);
}

/**
 * One slice of one epoch over rows [r0, r1). A free function with everything passed
 * in, so V8 optimises it once and nothing is captured by closure in the hot loop.
 * umapSgd.wat is the same loop, operation for operation.
 */
function sgdRowsJs(s: SgdArrays, r0: number, r1: number, epoch: number, alpha: number): void {
  const { n, Y, rowPtr, cols, epochsPerSample, nextSample, epochsPerNeg, nextNeg, attract, repel, a, b, gamma } = s;
  // Local views for reading float bits: V8 keeps these in registers, whereas the
  // module-level pair costs a context load per use (measured: ~35 % of the loop).
  const bitsF = new Float32Array(1);
  const bitsI = new Int32Array(bitsF.buffer);
  let rs = s.rng[0];
  for (let i = r0; i < r1; i++) {
    const e1 = rowPtr[i + 1];
    let e = rowPtr[i];
    // Skip the row when none of its edges is due this epoch.
    let due = false;
    for (let t = e; t < e1; t++) {
      if (nextSample[t] <= epoch) {
        due = true;
        e = t;
        break;
      }
    }
    if (!due) continue;
    let x0 = Y[2 * i];
    let y0 = Y[2 * i + 1];
    // Where this edge's gradients are taken: the head as it was before the row's current
    // pair of due edges (see below).
    let hx = x0;
    let hy = y0;
    let done = 0;
    for (; e < e1; e++) {
      if (nextSample[e] > epoch) continue;
      if ((done++ & 1) === 0) {
        hx = x0;
        hy = y0;
      }
      const j = cols[e];
      const j2 = 2 * j;
      const dx = hx - Y[j2];
      const dy = hy - Y[j2 + 1];
      const d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        bitsF[0] = d2;
        const key = (bitsI[0] >> SHIFT) - KEY0;
        const c = key >= 0 && key < TABLE_SIZE ? attract[key] : attractCoef(d2, a, b);
        let gx = c * dx;
        let gy = c * dy;
        gx = gx > 4 ? 4 : gx < -4 ? -4 : gx;
        gy = gy > 4 ? 4 : gy < -4 ? -4 : gy;
        gx *= alpha;
        gy *= alpha;
        x0 += gx;
        y0 += gy;
        Y[j2] -= gx;
        Y[j2 + 1] -= gy;
      }
      nextSample[e] += epochsPerSample[e];

      // Negative samples: their gradients are taken at the same head position as the
      // attraction's, and summed, rather than moving the head after each one as umap-learn
      // does; and that position is refreshed every second due edge of the row, not after
      // every edge. The head moves by at most 4·alpha per sample either way, and gradients
      // independent of each other let the CPU overlap two edges' work instead of waiting
      // on a chain of dependent loads: per edge, 12 % less SGD time (GloVe 10k) than
      // negatives at the post-attraction head, recall@10 the same (GloVe 10k 0.2490 →
      // 0.2491, MNIST 10k 0.2650 → 0.2665).
      const nNeg = Math.floor((epoch - nextNeg[e]) / epochsPerNeg[e]);
      let sx = 0;
      let sy = 0;
      for (let p = 0; p < nNeg; p++) {
        rs ^= rs << 13;
        rs ^= rs >>> 17;
        rs ^= rs << 5;
        const k = sampleIndex(rs, n);
        if (k === i) continue;
        const k2 = 2 * k;
        const ex = hx - Y[k2];
        const ey = hy - Y[k2 + 1];
        const q2 = ex * ex + ey * ey;
        if (!(q2 > 0)) continue;
        bitsF[0] = q2;
        const key = (bitsI[0] >> SHIFT) - KEY0;
        const c = key >= 0 && key < TABLE_SIZE ? repel[key] : repelCoef(q2, a, b, gamma);
        let gx = c * ex;
        let gy = c * ey;
        gx = gx > 4 ? 4 : gx < -4 ? -4 : gx;
        gy = gy > 4 ? 4 : gy < -4 ? -4 : gy;
        sx += gx;
        sy += gy;
      }
      x0 += sx * alpha;
      y0 += sy * alpha;
      if (nNeg > 0) nextNeg[e] += nNeg * epochsPerNeg[e];
    }
    Y[2 * i] = x0;
    Y[2 * i + 1] = y0;
  }
  s.rng[0] = rs;
}

/** Keeps edges with weight ≥ max/nEpochs (the rest would never be sampled) and schedules them. */
export function buildArrays(g: CsrGraph, Y: Float32Array, nEpochs: number, p: SgdSettings, ab: { a: number; b: number }): SgdArrays {
  const { n, rowPtr: rp, cols: cs, vals } = g;
  let wMax = 0;
  for (let t = 0; t < vals.length; t++) if (vals[t] > wMax) wMax = vals[t];
  const cut = wMax / nEpochs;
  const rowPtr = new Int32Array(n + 1);
  let kept = 0;
  for (let i = 0; i < n; i++) {
    for (let t = rp[i]; t < rp[i + 1]; t++) if (vals[t] >= cut && vals[t] > 0) kept++;
    rowPtr[i + 1] = kept;
  }
  const cols = new Int32Array(kept);
  const epochsPerSample = new Float32Array(kept);
  let o = 0;
  for (let i = 0; i < n; i++) {
    for (let t = rp[i]; t < rp[i + 1]; t++) {
      if (!(vals[t] >= cut && vals[t] > 0)) continue;
      cols[o] = cs[t];
      epochsPerSample[o++] = wMax / vals[t];
    }
  }
  const epochsPerNeg = new Float32Array(kept);
  for (let t = 0; t < kept; t++) epochsPerNeg[t] = epochsPerSample[t] / p.negativeSampleRate;
  const { attract, repel } = coefTables(ab.a, ab.b, p.repulsionStrength);
  const rng = xorshiftStates(p.seed, 1);
  return {
    n,
    Y,
    rowPtr,
    cols,
    epochsPerSample,
    nextSample: epochsPerSample.slice(),
    epochsPerNeg,
    nextNeg: epochsPerNeg.slice(),
    attract,
    repel,
    a: ab.a,
    b: ab.b,
    gamma: p.repulsionStrength,
    rng,
  };
}


/**
 * `count` xorshift32 states drawn from the seeded generator (never 0, where xorshift
 * would stay): the first is the one-thread SGD's, the others the extra threads'.
 */
export function xorshiftStates(seed: number, count: number): Int32Array {
  const states = new Int32Array(count);
  const seeder = createRng((seed ^ 0x5bd1e995) >>> 0);
  for (let t = 0; t < count; t++) {
    do states[t] = seeder.uint32() | 0;
    while (states[t] === 0);
  }
  return states;
}

/** The SGD arrays the kernel reads, in kernel-memory order (byte offsets come from this order). */
export function kernelArrays(s: SgdArrays): readonly (Float32Array | Int32Array)[] {
  return [s.Y, s.rowPtr, s.cols, s.epochsPerSample, s.nextSample, s.epochsPerNeg, s.nextNeg, s.attract, s.repel];
}

/** Byte offsets of the arrays laid out one after another from byte 64, 16-aligned, and the end. */
export function layoutOffsets(arrays: readonly { byteLength: number }[], extra: readonly number[] = []): { offsets: number[]; end: number } {
  const offsets: number[] = [];
  let at = 64;
  for (const bytes of [...arrays.map((a) => a.byteLength), ...extra]) {
    offsets.push(at);
    at += Math.ceil(bytes / 16) * 16;
  }
  return { offsets, end: at };
}

/**
 * The SGD for a fuzzy graph, starting from layout Y (copied). 'auto' takes the
 * WebAssembly loop when the engine has WebAssembly.
 */
export function buildSgd(g: CsrGraph, Y: Float32Array, nEpochs: number, p: SgdSettings, ab: { a: number; b: number }, kernel: SgdKernelChoice = 'auto'): SgdState {
  const s = buildArrays(g, Y.slice(), nEpochs, p, ab);
  const module = kernel === 'js' ? null : compiledKernel(UMAP_SGD_WASM_BASE64);
  if (!module) {
    if (kernel === 'wasm') throw new Error('the WebAssembly UMAP kernel is not available in this engine');
    return { kernel: 'js', threads: 1, Y: s.Y, rowPtr: s.rowPtr, run: (r0, r1, epoch, alpha) => sgdRowsJs(s, r0, r1, epoch, alpha), dispose() {} };
  }
  const arrays = kernelArrays(s);
  const { offsets, end: at } = layoutOffsets(arrays);
  const memory = new WebAssembly.Memory({ initial: Math.ceil(at / 65536), maximum: Math.ceil(at / 65536) });
  arrays.forEach((a, t) => new Uint8Array(memory.buffer, offsets[t], a.byteLength).set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength)));
  const { a, b, gamma } = s;
  const instance = new WebAssembly.Instance(module, {
    env: { memory, attract: (d2: number) => attractCoef(d2, a, b), repel: (d2: number) => repelCoef(d2, a, b, gamma) },
  });
  const sgdRows = instance.exports.sgdRows as (...args: number[]) => number;
  const [pY, pRowPtr, pCols, pEps, pNext, pEpn, pNextNeg, pAttract, pRepel] = offsets;
  const n = s.n;
  return {
    kernel: 'wasm',
    threads: 1,
    Y: new Float32Array(memory.buffer, pY, 2 * n),
    rowPtr: s.rowPtr,
    run(r0, r1, epoch, alpha) {
      s.rng[0] = sgdRows(pY, pRowPtr, pCols, pEps, pNext, pEpn, pNextNeg, pAttract, pRepel, n, r0, r1, epoch, alpha, s.rng[0]);
    },
    dispose() {},
  };
}
