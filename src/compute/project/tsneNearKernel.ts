/**
 * The near field's SIMD pair loop on one thread (tsneNear.wat over f32 copies of the
 * sorted points), the contract it shares with the threaded one (tsneNearParallel.ts),
 * and the costs tsneFft.ts weighs the split with.
 */
import { compiledKernel } from '../simd/support';
import { TSNE_NEAR_WASM_BASE64 } from './tsneNearKernel.generated';

/** Relative cost per candidate pair of the JS loop and of the SIMD kernel on one thread (tsneFft.ts's units). */
export const COST_PER_PAIR = { js: 6, wasm: 2.4 } as const;

/** Candidate pairs between yields of addSteps (~5 ms of work). */
export const QUANTUM = 1 << 19;

/**
 * A SIMD pair loop over f32 copies of the sorted points: one thread (here) or the kernel
 * pool's threads (tsneNearParallel.ts).
 */
export interface NearKernel {
  /** Sorted positions and the nx·ny cells' starts in; false when it cannot hold that many cells. */
  load(sx: Float64Array, sy: Float64Array, cellStart: Int32Array, cells: number): boolean;
  /** One pass over every cell row (rowPairs: candidate pairs per row, to size its slices): forces into fx/fy, returns Σ K_near over pairs counted once. */
  pass(nx: number, ny: number, rowPairs: Float64Array, rc2: number, inv2: number): Generator<void, number, void>;
  /** The forces of the last pass, in sorted order. */
  fx(): Float32Array;
  fy(): Float32Array;
  /** Per candidate pair, in tsneFft.ts's cost units. */
  readonly costPerPair: number;
  dispose(): void;
}

/** Cell rows [cy0, cy1) from cy0 holding about QUANTUM candidate pairs (at least one row). */
function sliceEnd(rowPairs: Float64Array, ny: number, cy0: number, quantum = QUANTUM): number {
  let cy1 = cy0;
  let work = 0;
  while (cy1 < ny && (cy1 === cy0 || work + rowPairs[cy1] <= quantum)) work += rowPairs[cy1++];
  return cy1;
}

export function createNearKernel(n: number): NearKernel | null {
  const module = compiledKernel(TSNE_NEAR_WASM_BASE64);
  if (!module) return null;
  // Four f32 arrays of n + 4 (the last quad's masked lanes read and write zeros there),
  // then cellStart, which grows with the cell count.
  const stride = (n + 4) * 4;
  const pSx = 0, pSy = stride, pFx = 2 * stride, pFy = 3 * stride, pCell = 4 * stride;
  const memory = new WebAssembly.Memory({ initial: Math.ceil((pCell + 4 * (4 * n + 64)) / 65536) });
  const nearRows = new WebAssembly.Instance(module, { env: { memory } }).exports.nearRows as (...a: number[]) => number;
  const f32 = (p: number) => new Float32Array(memory.buffer, p, n + 4);
  return {
    costPerPair: COST_PER_PAIR.wasm,
    load(sx, sy, cellStart, cells) {
      const need = pCell + 4 * (cells + 1);
      if (need > memory.buffer.byteLength) memory.grow(Math.ceil((need - memory.buffer.byteLength) / 65536));
      f32(pSx).set(sx.subarray(0, n));
      f32(pSy).set(sy.subarray(0, n));
      new Int32Array(memory.buffer, pCell, cells + 1).set(cellStart.subarray(0, cells + 1));
      return true;
    },
    *pass(nx, ny, rowPairs, rc2, inv2) {
      f32(pFx).fill(0);
      f32(pFy).fill(0);
      let z = 0;
      for (let cy0 = 0; cy0 < ny; ) {
        const cy1 = sliceEnd(rowPairs, ny, cy0);
        z += nearRows(pSx, pSy, pFx, pFy, pCell, nx, ny, cy0, cy1, rc2, inv2);
        cy0 = cy1;
        if (cy0 < ny) yield;
      }
      return z;
    },
    fx: () => f32(pFx),
    fy: () => f32(pFy),
    dispose() {},
  };
}

