/**
 * Whether this engine runs WebAssembly SIMD, and compiling the generated kernels once
 * per thread. Every kernel has a plain-JS twin that runs when this says no.
 */
import { SIMD_PROBE_BASE64 } from './simdProbe.generated';

export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

let simd: boolean | undefined;

/** True when this engine validates a module with a v128 instruction. */
export function wasmSimdSupported(): boolean {
  if (simd === undefined) {
    try {
      simd = typeof WebAssembly === 'object' && WebAssembly.validate(fromBase64(SIMD_PROBE_BASE64));
    } catch {
      simd = false;
    }
  }
  return simd;
}

const modules = new Map<string, WebAssembly.Module | null>();

/**
 * The compiled module for a kernel's base64 bytes, or null when this engine cannot
 * compile it (or lacks SIMD, when the kernel needs it). Synchronous (the kernels are a
 * few KB: allowed under script-src 'wasm-unsafe-eval' and below Chrome's main-thread
 * limit for sync compiles).
 */
export function compiledKernel(base64: string, needsSimd = true): WebAssembly.Module | null {
  let m = modules.get(base64);
  if (m === undefined) {
    try {
      m = typeof WebAssembly === 'object' && (!needsSimd || wasmSimdSupported()) ? new WebAssembly.Module(fromBase64(base64)) : null;
    } catch {
      m = null;
    }
    modules.set(base64, m);
  }
  return m;
}
