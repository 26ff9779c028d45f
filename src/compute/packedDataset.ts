/**
 * A Dataset on its way from a worker to the main thread, with its per-row strings (the
 * labels and any text column) packed into one string and one Uint32Array of ends.
 *
 * Why: postMessage clones an array of a million short strings one string at a time, and
 * the main thread pays for it in one task when it reads the message (~300 ms and a
 * garbage collection at 1M rows, measured in the scale bench); one long string is a
 * single copy and the ends are transferred. The main thread then cuts the strings out in
 * slices (`unpackDataset`), yielding between them, so no task runs long.
 */
import type { Column, Dataset } from './dataset';

export interface PackedStrings {
  /** Every string, one after the other. */
  readonly text: string;
  /** End (exclusive, in UTF-16 units) of each string in `text`. */
  readonly ends: Uint32Array;
}

type PackedColumn = Exclude<Column, { type: 'text' }> | { readonly name: string; readonly type: 'packed-text'; readonly values: PackedStrings };

/** A Dataset with its labels and text columns packed (see the module comment). */
export interface PackedDataset extends Omit<Dataset, 'labels' | 'columns'> {
  readonly labels: PackedStrings;
  readonly columns: readonly PackedColumn[];
}

/** Rows cut per slice in `unpackDataset`: ~5–15 ms of work here. */
export const UNPACK_SLICE_ROWS = 50_000;

export function packStrings(values: readonly string[]): PackedStrings {
  const ends = new Uint32Array(values.length);
  let end = 0;
  for (let i = 0; i < values.length; i++) ends[i] = end += values[i].length;
  return { text: values.join(''), ends };
}

/** Strings [out.length, to) of `p` appended to `out` (a packed array, not a holey one). */
export function unpackStringsInto(p: PackedStrings, out: string[], to: number): void {
  const { text, ends } = p;
  let start = out.length > 0 ? ends[out.length - 1] : 0;
  for (let i = out.length; i < to; i++) {
    const end = ends[i];
    out.push(text.slice(start, end));
    start = end;
  }
}

export function packDataset(ds: Dataset): PackedDataset {
  return {
    ...ds,
    labels: packStrings(ds.labels),
    columns: ds.columns.map((c) => (c.type === 'text' ? { name: c.name, type: 'packed-text', values: packStrings(c.values) } : c)),
  };
}

/** The buffers of a packed dataset's strings, to transfer with it. */
export function packedBuffers(p: PackedDataset): ArrayBuffer[] {
  const ends = [p.labels.ends, ...p.columns.flatMap((c) => (c.type === 'packed-text' ? [c.values.ends] : []))];
  return ends.map((e) => e.buffer as ArrayBuffer);
}

/**
 * The Dataset back, its strings cut out `sliceRows` at a time with `pause()` between
 * slices (the caller's yield to the event loop; the main thread's input runs between).
 */
export async function unpackDataset(p: PackedDataset, pause: () => Promise<void>, sliceRows = UNPACK_SLICE_ROWS): Promise<Dataset> {
  const unpack = async (s: PackedStrings): Promise<string[]> => {
    const out: string[] = [];
    for (let from = 0; from < s.ends.length; from += sliceRows) {
      if (from > 0) await pause();
      unpackStringsInto(s, out, Math.min(s.ends.length, from + sliceRows));
    }
    return out;
  };
  const labels = await unpack(p.labels);
  const columns: Column[] = [];
  for (const c of p.columns) {
    if (c.type !== 'packed-text') {
      columns.push(c);
      continue;
    }
    await pause();
    columns.push({ name: c.name, type: 'text', values: await unpack(c.values) });
  }
  return { ...p, labels, columns };
}
