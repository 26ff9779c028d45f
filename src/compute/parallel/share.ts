/** This thread's part [from, to) of [a, b) split in `threads` near-equal contiguous runs (thread 0 first). */
export function shareOf(a: number, b: number, thread: number, threads: number): [number, number] {
  const len = b - a;
  return [a + Math.floor((len * thread) / threads), a + Math.floor((len * (thread + 1)) / threads)];
}
