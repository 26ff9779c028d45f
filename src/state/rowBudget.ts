/**
 * How many rows a file may bring before loading asks about a sample: as many as fit the
 * device's memory budget for data, not a fixed count. A million 64-d rows (~380 MB with
 * everything around them) load whole; a million 768-d rows (~3.2 GB) ask first.
 */
import type { LayoutColumnsChoice } from '../compute/formats/layoutColumns';

/**
 * What the tab holds per row besides its vectors, in bytes: the label and metadata (~40),
 * the layout and PCA scores on the main thread (8 + 40), colours, sizes and the hover index
 * (~30). An estimate on the safe side, not a measurement of any one file.
 */
export const BYTES_PER_ROW = 120;

/** Bytes a dataset of n rows × dim float32 values costs the tab, all told. */
export function tabBytes(n: number, dim: number): number {
  return n * (dim * 4 + BYTES_PER_ROW);
}

const GiB = 2 ** 30;

/**
 * The data budget for a device with `deviceMemoryGiB` of memory (navigator.deviceMemory:
 * Chromium reports 0.25–8, other browsers nothing): a quarter of it, between 256 MiB and
 * 1.5 GiB (a tab past ~2 GB risks being killed), 1 GiB when unknown.
 */
export function dataBudget(deviceMemoryGiB: number | undefined): number {
  if (deviceMemoryGiB === undefined || !(deviceMemoryGiB > 0)) return GiB;
  return Math.min(1.5 * GiB, Math.max(GiB / 4, (deviceMemoryGiB * GiB) / 4));
}

/** Whether a dataset loads whole by default (else the sampling dialog asks first). */
export function fitsWhole(n: number, dim: number, budget: number): boolean {
  return tabBytes(n, dim) <= budget;
}

/**
 * The load dialog's "layout columns" text: empty (or "auto") finds them by name, "none"
 * finds none, "x, y; umap_1, umap_2" names pairs. Null when it cannot be read.
 */
export function parseLayoutColumns(text: string): LayoutColumnsChoice | null {
  const t = text.trim();
  if (t === '' || t.toLowerCase() === 'auto') return 'auto';
  if (t.toLowerCase() === 'none') return 'none';
  const pairs = t.split(';').map((p) => p.split(',').map((c) => c.trim()));
  if (!pairs.every((p) => p.length === 2 && p[0] !== '' && p[1] !== '')) return null;
  return pairs.map((p) => [p[0], p[1]] as const);
}
