/**
 * The tied model's O(V·D) work in WebAssembly SIMD (wasm/tied.wat): logits over the
 * whole vocabulary, the softmax, and the fused update of every row and bias. E and b
 * live in the kernel's memory (sized once, never grown) and the trainer uses views on
 * them, as the skip-gram kernel does with W and C; they must not be transferred.
 * Null where the engine lacks SIMD or D is not a multiple of 4: tiedlm.ts then runs
 * its JS loop.
 */
import { compiledKernel } from '../simd/support';
import { TIED_WASM_BASE64 } from './wasm/tiedKernel.generated';

export interface TiedKernel {
  readonly E: Float32Array;
  readonly b: Float32Array;
  /** The step's hidden vector h (input), and dh = Σ_v g_v·E_v (output). */
  readonly h: Float32Array;
  readonly dh: Float32Array;
  /**
   * Logits, softmax, loss −log p[target], and the update E_v −= lr·g_v·h, b_v −= lr·g_v
   * for every v (g = p − onehot(target)), dh from the rows before their update.
   */
  step(target: number, lr: number): number;
}

/** Whether createTiedKernel can run for width D here. */
export function tiedKernelSupported(D: number): boolean {
  return D % 4 === 0 && compiledKernel(TIED_WASM_BASE64) !== null;
}

export function createTiedKernel(E: Float32Array, b: Float32Array, V: number, D: number): TiedKernel | null {
  if (D % 4 !== 0 || V < 1) return null;
  const module = compiledKernel(TIED_WASM_BASE64);
  if (!module) return null;
  const Vp = (V + 3) & ~3;
  let at = 64;
  const take = (bytes: number): number => {
    const p = at;
    at += Math.ceil(bytes / 16) * 16;
    return p;
  };
  const pE = take(V * D * 4), pB = take(Vp * 4), pH = take(D * 4), pDh = take(D * 4), pX = take(Vp * 4);
  const pages = Math.ceil(at / 65536);
  let memory: WebAssembly.Memory;
  try {
    memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  } catch {
    return null; // the engine would not give the memory: the JS loop needs none
  }
  const x = new WebAssembly.Instance(module, { env: { memory } }).exports as Record<string, (...a: number[]) => number>;
  const buf = memory.buffer;
  const kernel = {
    E: new Float32Array(buf, pE, V * D),
    b: new Float32Array(buf, pB, V),
    h: new Float32Array(buf, pH, D),
    dh: new Float32Array(buf, pDh, D),
  };
  kernel.E.set(E);
  kernel.b.set(b);
  const logits = new Float32Array(buf, pX, Vp);
  return {
    ...kernel,
    step(target, lr) {
      x.logits(pE, V, D, pH, pB, pX);
      const max = x.maxOf(pX, V);
      const logitTarget = logits[target];
      const sum = x.expSum(pX, V, max);
      kernel.dh.fill(0);
      x.update(pE, pB, V, D, pX, 1 / sum, target, pH, lr, pDh);
      // −log p = log Σ e^(l − max) + max − l_target, in f64 from the f32 logits.
      return Math.min(Math.log(sum) + max - logitTarget, -Math.log(1e-30));
    },
  };
}
