/**
 * The parts of a saved session, each a Blob with a little JSON beside it: the user's data
 * files, finished layouts, the lab's run (its table and the timeline's pictures) and the
 * lab's own text file. Writing makes the Blob and its meta; reading checks the meta field
 * by field and the Blob's size against it — what comes back from IndexedDB is untrusted
 * (another version of Sprout, another tab, a damaged profile) and is dropped, not
 * trusted, when it does not add up.
 */
import type { LayoutQuality } from '../../compute/metrics/layoutQuality';
import { LAB_FRAME_MODES, type LabFrameMode } from '../../compute/train/labSessionTypes';
import type { LossHistory, TimelineEntry } from '../../compute/train/timeline';
import { readRunToken, runToken } from '../codec';
import type { ProjectionRef } from '../viewState';
import { PART_BYTES, type PartInfo } from './db';

/** A part to write: its description, and the Blob (made only when it is written). */
export interface PartWrite {
  readonly info: PartInfo;
  readonly blob: () => Blob;
  /** What it is, in words the "not saved" notice can use. */
  readonly what: { readonly kind: 'file'; readonly name: string } | { readonly kind: 'layout'; readonly method: string } | { readonly kind: 'lab' };
}

/** A typed array as a Blob part without a copy (a shared buffer is copied: Blobs take only plain ones). */
function bytesOf(a: Float32Array): BlobPart {
  return a.buffer instanceof ArrayBuffer ? (a as Float32Array<ArrayBuffer>) : a.slice();
}

type Json = Record<string, unknown>;
const isObj = (x: unknown): x is Json => typeof x === 'object' && x !== null && !Array.isArray(x);
const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
const isInt = (x: unknown, min = 0, max = Number.MAX_SAFE_INTEGER): x is number => Number.isInteger(x) && (x as number) >= min && (x as number) <= max;
const parse = (meta: string): Json | null => {
  try {
    const x: unknown = JSON.parse(meta);
    return isObj(x) ? x : null;
  } catch {
    return null;
  }
};

// ---- Data files ---------------------------------------------------------------------

export interface FileMeta {
  readonly index: number;
  readonly name: string;
  /** The whole file's size. */
  readonly size: number;
  readonly chunk: number;
  readonly chunks: number;
  readonly type: string;
}

/** A file as one part per PART_BYTES slice (slicing a Blob copies nothing). */
export function fileParts(index: number, name: string, file: Blob, prefix = 'file'): PartWrite[] {
  const chunks = Math.max(1, Math.ceil(file.size / PART_BYTES));
  return Array.from({ length: chunks }, (_, chunk) => {
    const slice = () => file.slice(chunk * PART_BYTES, Math.min(file.size, (chunk + 1) * PART_BYTES));
    const meta: FileMeta = { index, name, size: file.size, chunk, chunks, type: file.type };
    const bytes = Math.min(file.size, (chunk + 1) * PART_BYTES) - chunk * PART_BYTES;
    return { info: { key: `${prefix}:${index}:${chunk}`, kind: prefix === 'file' ? 'file' : 'labcorpus', bytes, meta: JSON.stringify(meta) }, blob: slice, what: { kind: 'file', name } };
  });
}

export function readFileMeta(meta: string): FileMeta | null {
  const m = parse(meta);
  if (!m || !isInt(m.index, 0, 1000) || typeof m.name !== 'string' || !isInt(m.size) || !isInt(m.chunks, 1, 1e6) || !isInt(m.chunk, 0, (m.chunks as number) - 1)) return null;
  return { index: m.index, name: m.name, size: m.size, chunk: m.chunk, chunks: m.chunks, type: typeof m.type === 'string' ? m.type : '' };
}

/** The files again from their parts, in order; a file with a missing or mis-sized chunk is left out. */
export function joinFiles(parts: readonly { meta: FileMeta; blob: Blob }[]): File[] {
  const byIndex = new Map<number, { meta: FileMeta; blob: Blob }[]>();
  for (const p of parts) byIndex.set(p.meta.index, [...(byIndex.get(p.meta.index) ?? []), p]);
  const files: File[] = [];
  for (const index of [...byIndex.keys()].sort((a, b) => a - b)) {
    const chunks = (byIndex.get(index) ?? []).sort((a, b) => a.meta.chunk - b.meta.chunk);
    const first = chunks[0].meta;
    const complete = chunks.length === first.chunks && chunks.every((c, i) => c.meta.chunk === i && c.meta.name === first.name && c.meta.size === first.size);
    const size = chunks.reduce((s, c) => s + c.blob.size, 0);
    if (complete && size === first.size) files.push(new File(chunks.map((c) => c.blob), first.name, { type: first.type }));
  }
  return files;
}

// ---- Layouts ----------------------------------------------------------------------------

export interface LayoutMeta {
  readonly run: ProjectionRef;
  readonly n: number;
  readonly wallMs: number;
  readonly quality: LayoutQuality | null;
}

export function layoutPart(key: string, meta: LayoutMeta, coords: Float32Array, method: string): PartWrite {
  const json = { run: runToken(meta.run), n: meta.n, wallMs: meta.wallMs, quality: meta.quality };
  return { info: { key, kind: 'layout', bytes: coords.byteLength, meta: JSON.stringify(json) }, blob: () => new Blob([bytesOf(coords)]), what: { kind: 'layout', method } };
}

export function readLayoutMeta(meta: string): LayoutMeta | null {
  const m = parse(meta);
  const run = m && typeof m.run === 'string' ? readRunToken(m.run) : null;
  if (!m || !run || !isInt(m.n, 1) || !isNum(m.wallMs) || m.wallMs < 0) return null;
  return { run, n: m.n, wallMs: m.wallMs, quality: readQuality(m.quality) };
}

function readQuality(q: unknown): LayoutQuality | null {
  if (!isObj(q)) return null;
  const share = (x: unknown) => isNum(x) && x >= -1 && x <= 1;
  const orNull = (x: unknown) => x === null || share(x);
  if (!share(q.recall) || !isInt(q.recallSample) || !orNull(q.trustworthiness) || !isInt(q.trustSample) || !orNull(q.accuracy) || !isNum(q.ms)) return null;
  return q as unknown as LayoutQuality;
}

/** A layout's coordinates from its Blob: exactly n × 2 finite-or-NaN float32 values, else null. */
export async function readCoords(blob: Blob, n: number): Promise<Float32Array | null> {
  if (blob.size !== n * 8) return null;
  return new Float32Array(await blob.arrayBuffer());
}

// ---- The lab's run -----------------------------------------------------------------------

export interface LabMeta {
  readonly step: number;
  readonly running: boolean;
  readonly speed: number;
  readonly frameMode: LabFrameMode;
  /** Rows and width of the table. */
  readonly rows: number;
  readonly dim: number;
  readonly losses: LossHistory;
  /** The timeline's entries without their pictures (those follow the table in the Blob). */
  readonly entries: readonly Omit<TimelineEntry, 'coords'>[];
}

export function labPart(meta: LabMeta, table: Float32Array, coords: readonly Float32Array[]): PartWrite {
  const bytes = table.byteLength + coords.reduce((s, c) => s + c.byteLength, 0);
  return {
    info: { key: 'lab', kind: 'lab', bytes, meta: JSON.stringify(meta) },
    blob: () => new Blob([bytesOf(table), ...coords.map(bytesOf)]),
    what: { kind: 'lab' },
  };
}

/** A loss not yet measured (the snapshot at step 0) is NaN, which JSON writes as null. */
const isLoss = (x: unknown): boolean => x === null || isNum(x);
const lossOf = (x: unknown): number => (typeof x === 'number' ? x : NaN);

export function readLabMeta(meta: string): LabMeta | null {
  const m = parse(meta);
  if (!m || !isInt(m.step) || typeof m.running !== 'boolean' || !isNum(m.speed) || m.speed < 0 || !isInt(m.rows, 1) || !isInt(m.dim, 1, 4096)) return null;
  if (!LAB_FRAME_MODES.includes(m.frameMode as LabFrameMode)) return null;
  const l = m.losses;
  if (!isObj(l) || !Array.isArray(l.steps) || !Array.isArray(l.losses) || l.steps.length !== l.losses.length || !l.steps.every((x) => isInt(x)) || !l.losses.every(isLoss)) return null;
  if (!isInt(l.every, 1) || !isInt(l.capacity, 4, 1e6)) return null;
  if (!Array.isArray(m.entries)) return null;
  const entries = m.entries.filter((e): e is Json => isObj(e) && isInt(e.step) && isInt(e.epoch) && isLoss(e.loss) && (e.purity === null || isNum(e.purity)));
  if (entries.length !== m.entries.length) return null;
  return {
    step: m.step,
    running: m.running,
    speed: m.speed,
    frameMode: m.frameMode as LabFrameMode,
    rows: m.rows,
    dim: m.dim,
    losses: { steps: l.steps as number[], losses: l.losses.map(lossOf), every: l.every, capacity: l.capacity },
    entries: entries.map((e) => ({ step: e.step as number, epoch: e.epoch as number, loss: lossOf(e.loss), purity: e.purity as number | null })),
  };
}

/** The table and the timeline's pictures back from the lab's Blob; null when its size does not match the meta. */
export async function readLabBlob(blob: Blob, meta: LabMeta): Promise<{ table: Float32Array; entries: TimelineEntry[] } | null> {
  const tableLen = meta.rows * meta.dim;
  const pictureLen = meta.rows * 2;
  if (blob.size !== 4 * (tableLen + pictureLen * meta.entries.length)) return null;
  const all = new Float32Array(await blob.arrayBuffer());
  const table = all.slice(0, tableLen);
  const entries = meta.entries.map((e, i) => ({ ...e, coords: all.slice(tableLen + i * pictureLen, tableLen + (i + 1) * pictureLen) }));
  return { table, entries };
}
