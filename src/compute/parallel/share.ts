/** This thread's part [from, to) of [a, b) split in `threads` near-equal contiguous runs (thread 0 first). */
export function shareOf(a: number, b: number, thread: number, threads: number): [number, number] {
  const len = b - a;
  return [a + Math.floor((len * thread) / threads), a + Math.floor((len * (thread + 1)) / threads)];
}

/**
 * `vectors` on a SharedArrayBuffer, where every thread can read them: themselves when
 * they already are (a table the data worker keeps on an isolated page), else a copy —
 * the one copy a shared table ever costs.
 */
export function onSharedMemory(vectors: Float32Array): Float32Array {
  if (typeof SharedArrayBuffer === 'function' && vectors.buffer instanceof SharedArrayBuffer) return vectors;
  const out = new Float32Array(new SharedArrayBuffer(vectors.byteLength));
  out.set(vectors);
  return out;
}
