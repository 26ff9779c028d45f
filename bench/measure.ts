/** Timing and memory helpers shared by every bench section. */

declare const gc: undefined | (() => void);

export function collectGarbage(): void {
  if (typeof gc === 'function') gc();
}

/**
 * Runs fn `repeats` times and returns the median wall time and the peak rise in
 * resident memory above the baseline taken before the first run (sampled every 20 ms,
 * so short spikes can be missed; the figure is a floor, not exact).
 */
export async function measure<T>(
  fn: () => T | Promise<T>,
  repeats = 1,
): Promise<{ ms: number; peakMB: number; result: T }> {
  collectGarbage();
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 20);
  const times: number[] = [];
  let result: T | undefined;
  try {
    for (let i = 0; i < repeats; i++) {
      const t0 = performance.now();
      result = await fn();
      times.push(performance.now() - t0);
      peak = Math.max(peak, process.memoryUsage().rss);
    }
  } finally {
    clearInterval(timer);
  }
  times.sort((a, b) => a - b);
  return { ms: times[Math.floor(times.length / 2)], peakMB: (peak - base) / 2 ** 20, result: result as T };
}
