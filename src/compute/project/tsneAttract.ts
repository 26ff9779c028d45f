/**
 * t-SNE's attractive forces in WebAssembly (tsneAttract.wat: scalar f64, the same
 * operations as tsneForces.ts `attractiveForces`, so the same bits), with that JS
 * function as the fallback where WebAssembly is missing. P's upper triangle is copied
 * into the kernel's memory once; y and the gradient go in (and the gradient back out)
 * around each pass — 2n doubles, a few µs beside ~nnz pair updates.
 */
import { compiledKernel } from '../simd/support';
import type { SparseMatrix } from './perplexity';
import { attractiveForces } from './tsneForces';
import { TSNE_ATTRACT_WASM_BASE64 } from './tsneAttractKernel.generated';

export interface AttractKernel {
  readonly kind: 'wasm' | 'js';
  /**
   * Adds the attractive forces of rows [from, to) to out. A pass over all rows may be
   * split into consecutive ranges (from 0 up to n) with y unchanged in between.
   */
  run(y: Float64Array, out: Float64Array, scale: number, from: number, to: number): void;
}

export function createAttractKernel(upper: SparseMatrix, kernel: 'auto' | 'js' = 'auto'): AttractKernel {
  const { n, rowPtr, cols, vals } = upper;
  const module = kernel === 'js' ? null : compiledKernel(TSNE_ATTRACT_WASM_BASE64, false);
  if (!module) return { kind: 'js', run: (y, out, scale, from, to) => attractiveForces(upper, y, out, scale, from, to) };
  let at = 64;
  const take = (bytes: number): number => {
    const p = at;
    at += Math.ceil(bytes / 16) * 16;
    return p;
  };
  const pRowPtr = take(rowPtr.byteLength), pCols = take(cols.byteLength), pVals = take(vals.byteLength);
  const pY = take(16 * n), pOut = take(16 * n);
  const pages = Math.ceil(at / 65536);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const buf = memory.buffer;
  new Int32Array(buf, pRowPtr, rowPtr.length).set(rowPtr);
  new Int32Array(buf, pCols, cols.length).set(cols);
  new Float64Array(buf, pVals, vals.length).set(vals);
  const y64 = new Float64Array(buf, pY, 2 * n);
  const out64 = new Float64Array(buf, pOut, 2 * n);
  const attract = new WebAssembly.Instance(module, { env: { memory } }).exports.attract as (...a: number[]) => void;
  return {
    kind: 'wasm',
    run(y, out, scale, from, to) {
      if (from === 0) {
        y64.set(y);
        out64.set(out);
      }
      attract(pRowPtr, pCols, pVals, pY, pOut, scale, from, to);
      if (to === n) out.set(out64);
    },
  };
}
