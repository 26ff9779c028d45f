/**
 * The memory meter of one load. Sizes known up front are checked before anything is
 * allocated (memory.ts), but a gzip stream, a zip member or a download without
 * Content-Length has no size until it ends: a 17.8 MB .tsv.gz that inflated to 4.6 GB
 * once grew a tab to 9.5 GB before the engine gave up. So every byte stream is metered as
 * it is read, and every table allocation is charged before it is made; reading stops with
 * a BudgetError the moment either total would pass the budget.
 *
 * - Decoded bytes are counted per layer (the file or download as read, what gzip inflates
 *   it to, what zip members inflate to), each against the budget: a bomb is stopped at
 *   the layer that explodes, and a plain file is not counted twice.
 * - Allocated bytes are what the table holds: float blocks (exact) and kept text (labels,
 *   metadata cells: an estimate of what a JS engine spends on a short string). Charged
 *   before the allocation, released when a block is let go, so the allocation never passes
 *   the budget; the stream adds at most the chunk in hand.
 */
import { ParseError } from './errors';

/** What a stream's bytes are: read as they are, or inflated by a decoder. */
export type StreamLayer = 'file' | 'download' | 'gzip' | 'zip';

export type BudgetErrorCode = 'inflatesPastBudget' | 'tableOverBudget';

/** Reading was stopped at the memory budget. `code` lets the UI word it (see loadErrors.ts). */
export class BudgetError extends ParseError {
  constructor(
    file: string,
    code: BudgetErrorCode,
    readonly budget: number,
    readonly layer: StreamLayer | null,
  ) {
    super(file, [{ line: 0, message: budgetMessage(code, budget, layer) }]);
    this.name = 'BudgetError';
    this.code = code;
    this.params = { budget, layer: layer ?? '' };
  }
}

function gib(bytes: number): string {
  const g = bytes / 2 ** 30;
  if (g >= 1) return `${Number.isInteger(g) ? g : g.toFixed(1)} GiB`;
  if (bytes >= 2 ** 20) return `${Math.round(bytes / 2 ** 20)} MiB`;
  return `${Math.round(bytes / 2 ** 10)} KiB`;
}

function budgetMessage(code: BudgetErrorCode, budget: number, layer: StreamLayer | null): string {
  if (code === 'inflatesPastBudget') {
    const how = layer === 'gzip' || layer === 'zip' ? 'inflates past' : 'is larger than';
    return `this file ${how} ${gib(budget)}, the memory this device allows a load; reading stopped there. Try a smaller file, or a sample of its rows.`;
  }
  return `the table would need more than ${gib(budget)} of memory, what this device allows a load; reading stopped there. Try a smaller file, fewer rows or fewer dimensions.`;
}

/** Rough cost of one kept string in a JS engine: header and array slot, plus up to two bytes a character. */
export const STRING_OVERHEAD = 24;

export class MemoryMeter {
  private readonly decodedBytes = new Map<StreamLayer, number>();
  /** Bytes the table holds now (floats and kept text). */
  allocated = 0;
  /** The most `allocated` ever was. */
  peak = 0;

  constructor(readonly budget: number) {}

  /** Bytes decoded so far in one layer. */
  decoded(layer: StreamLayer): number {
    return this.decodedBytes.get(layer) ?? 0;
  }

  /** Counts `bytes` coming out of a stream layer; throws BudgetError once the layer passes the budget. */
  addDecoded(file: string, layer: StreamLayer, bytes: number): void {
    const total = this.decoded(layer) + bytes;
    this.decodedBytes.set(layer, total);
    if (total > this.budget) throw new BudgetError(file, 'inflatesPastBudget', this.budget, layer);
  }

  /** Charges an allocation before it is made; throws BudgetError (allocating nothing) when it would pass the budget. */
  allocate(file: string, bytes: number): void {
    if (this.allocated + bytes > this.budget) throw new BudgetError(file, 'tableOverBudget', this.budget, null);
    this.allocated += bytes;
    if (this.allocated > this.peak) this.peak = this.allocated;
  }

  release(bytes: number): void {
    this.allocated = Math.max(0, this.allocated - bytes);
  }

  /** Charges `count` kept strings of `chars` characters in all. */
  keepText(file: string, chars: number, count = 1): void {
    this.allocate(file, 2 * chars + STRING_OVERHEAD * count);
  }
}

/** Passes chunks through, counting them against the meter (throws at the budget). */
export async function* metered(chunks: AsyncIterable<Uint8Array>, meter: MemoryMeter | undefined, file: string, layer: StreamLayer): AsyncGenerator<Uint8Array> {
  for await (const c of chunks) {
    meter?.addDecoded(file, layer, c.length);
    yield c;
  }
}

/**
 * The budget for this device: a quarter of its memory as the browser reports it
 * (`navigator.deviceMemory`, in GiB, which Chromium rounds and caps at 8), between 256 MiB
 * and 2 GiB. Where the browser does not say (Firefox, Safari), 1 GiB: enough for a
 * million 128-d vectors, and safe on a phone whose tab dies near 1.5 GB.
 */
export const DEFAULT_MEMORY_BUDGET = 2 ** 30;
export const MIN_MEMORY_BUDGET = 256 * 2 ** 20;
export const MAX_MEMORY_BUDGET = 2 * 2 ** 30;

export function memoryBudgetFor(deviceMemoryGiB: number | undefined | null): { bytes: number; fromDevice: boolean } {
  if (typeof deviceMemoryGiB !== 'number' || !Number.isFinite(deviceMemoryGiB) || deviceMemoryGiB <= 0) return { bytes: DEFAULT_MEMORY_BUDGET, fromDevice: false };
  const quarter = (deviceMemoryGiB * 2 ** 30) / 4;
  return { bytes: Math.round(Math.min(MAX_MEMORY_BUDGET, Math.max(MIN_MEMORY_BUDGET, quarter))), fromDevice: true };
}

/** Charges one kept string to the meter (when there is one) and returns it. */
export function kept(meter: MemoryMeter | undefined, file: string, s: string): string {
  meter?.keepText(file, s.length);
  return s;
}
