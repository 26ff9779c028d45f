/**
 * Refuse a file that will not fit before allocating for it: a tab that dies of
 * out-of-memory half-way through a 2 GB file tells the user nothing.
 */
import { ParseError } from './errors';
import type { MemoryMeter } from './meter';

export interface MemoryEstimate {
  /** Estimated data rows. */
  rows: number;
  /** Size of the final n × dim float32 array. */
  floatBytes: number;
  /** Estimated peak while parsing (growing blocks + the final joined array + labels). */
  peakBytes: number;
}

export interface MemoryHints {
  /** Named in the message. */
  file?: string;
  /** Exact row count, when a header gives it. */
  rows?: number;
  /** Bytes one row takes in the file (text: the first line's length + 1). */
  bytesPerRow?: number;
  /** Without rows or bytesPerRow: bytes one value takes in the file (text default 8, e.g. "-0.1234\t"). */
  bytesPerValue?: number;
  /** Peak ÷ final size: 2 for growing storage (blocks, then one joined copy), 1 when preallocated. */
  peakFactor?: number;
}

export function formatBytes(b: number): string {
  if (b >= 2 ** 30) return `${(b / 2 ** 30).toFixed(1)} GB`;
  if (b >= 2 ** 20) return `${(b / 2 ** 20).toFixed(0)} MB`;
  if (b >= 2 ** 10) return `${(b / 2 ** 10).toFixed(0)} KB`;
  return `${b} bytes`;
}

export function estimateMemory(fileBytes: number, dim: number, hints: MemoryHints = {}): MemoryEstimate {
  const d = Math.max(1, dim);
  const rows =
    hints.rows ?? Math.ceil(fileBytes / Math.max(1, hints.bytesPerRow ?? d * (hints.bytesPerValue ?? 8)));
  const floatBytes = rows * d * 4;
  // Labels and metadata strings cost roughly 40 bytes a row in a JS engine.
  const peakBytes = floatBytes * (hints.peakFactor ?? 2) + rows * 40;
  return { rows, floatBytes, peakBytes };
}

/**
 * Throws a ParseError saying what would be needed when the estimated peak exceeds
 * `budgetBytes`; returns the estimate otherwise.
 */
export function checkMemoryBudget(
  fileBytes: number,
  dimGuess: number,
  budgetBytes: number,
  hints: MemoryHints = {},
): MemoryEstimate {
  const est = estimateMemory(fileBytes, dimGuess, hints);
  if (est.peakBytes > budgetBytes) {
    const file = hints.file ?? 'file';
    throw ParseError.coded(
      file,
      'tableOverBudget',
      { budget: budgetBytes, rows: est.rows, dim: dimGuess, peak: est.peakBytes },
      `too large to open here: about ${est.rows.toLocaleString('en-US')} rows × ${dimGuess} dims would need ` +
        `${formatBytes(est.floatBytes)} as float32 (about ${formatBytes(est.peakBytes)} at peak while reading), ` +
        `more than the ${formatBytes(budgetBytes)} allowed. Try a smaller sample of the rows or fewer dimensions.`,
    );
  }
  return est;
}

/** Allocates n floats, turning an engine's RangeError (too big) into a clear ParseError. */
export function allocFloat32(count: number, file: string, meter?: MemoryMeter): Float32Array {
  if (!Number.isSafeInteger(count) || count < 0) throw ParseError.whole(file, `cannot hold ${count} values`);
  meter?.allocate(file, count * 4);
  try {
    return new Float32Array(count);
  } catch {
    throw ParseError.whole(file, `too large to open here: ${count.toLocaleString('en-US')} float32 values need ${formatBytes(count * 4)} in one block`);
  }
}
