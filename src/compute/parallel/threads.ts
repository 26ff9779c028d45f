/**
 * How many kernel threads a page asks for: every core but one (the page's own) when it
 * may share memory — it is cross-origin isolated — and one otherwise. Capped at 16: past
 * that the memory per thread (kNN heaps, NN-descent buffers) outgrows the gain here.
 */
export function kernelThreadCount(isolated: boolean, hardwareConcurrency: number | undefined): number {
  if (!isolated) return 1;
  return Math.max(1, Math.min(16, Math.floor(hardwareConcurrency ?? 1) - 1));
}
