/**
 * Bounded memory for a training run that may last minutes: the loss curve and the
 * saved snapshots the lab's timeline scrubber replays.
 *
 * Both keep at most `capacity` entries. When full, every other entry is dropped and
 * the spacing between kept entries doubles, so a long run is covered evenly from its
 * first step to its latest, in constant memory (the same trick as TensorBoard's
 * reservoir, but deterministic). Both are immutable values: each append returns a new
 * object (or the same one when nothing was kept), which suits a zustand store.
 */
import { applyRigid, procrustes2D, projectFrame, type Frame2D } from './frame';

export interface LossHistory {
  /** Batches done at each point. */
  readonly steps: readonly number[];
  readonly losses: readonly number[];
  /** Minimum step distance between kept points. */
  readonly every: number;
  readonly capacity: number;
}

export function createLossHistory(capacity = 1000): LossHistory {
  return { steps: [], losses: [], every: 1, capacity: Math.max(4, capacity) };
}

function thin<T>(items: readonly T[]): T[] {
  // Keep the first, every other one, and always the last.
  const out = items.filter((_, i) => i % 2 === 0);
  if (items.length % 2 === 0) out.push(items[items.length - 1]);
  return out;
}

/**
 * Appends (step, loss). The last point always holds the latest value: a step too close
 * to the point before it replaces the last point instead of adding one. NaN is ignored.
 */
export function appendLoss(h: LossHistory, step: number, loss: number): LossHistory {
  if (!Number.isFinite(loss)) return h;
  const n = h.steps.length;
  if (n > 0 && step < h.steps[n - 1]) return h; // out of order (a late frame)
  if (n > 0 && (step === h.steps[n - 1] || (n > 1 && step < h.steps[n - 2] + h.every))) {
    return { ...h, steps: [...h.steps.slice(0, -1), step], losses: [...h.losses.slice(0, -1), loss] };
  }
  let steps = [...h.steps, step];
  let losses = [...h.losses, loss];
  let every = h.every;
  if (steps.length > h.capacity) {
    steps = thin(steps);
    losses = thin(losses);
    every *= 2;
  }
  return { steps, losses, every, capacity: h.capacity };
}

export interface TimelineEntry {
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly purity: number | null;
  /** V × 2 projected coordinates (in the frame in force when it was saved). */
  readonly coords: Float32Array;
  /** V × dim table, or null when the timeline keeps coordinates only (large tables). */
  readonly vectors: Float32Array | null;
}

export interface Timeline {
  readonly entries: readonly TimelineEntry[];
  readonly every: number;
  readonly capacity: number;
  /** Whether tables are kept (decided once from the table size and the memory budget). */
  readonly keepTables: boolean;
}

/**
 * A timeline for tables of `tableBytes` bytes each: tables are kept only while
 * capacity × tableBytes fits `budgetBytes` (default 48 MB); coordinates always.
 */
export function createTimeline(tableBytes: number, capacity = 60, budgetBytes = 48 * 1024 * 1024): Timeline {
  const cap = Math.max(4, capacity);
  return { entries: [], every: 1, capacity: cap, keepTables: tableBytes * cap <= budgetBytes };
}

/** Records the entry if it is at least `every` steps after the last one (or the first). */
export function recordTimeline(t: Timeline, entry: TimelineEntry): Timeline {
  const n = t.entries.length;
  if (n > 0 && entry.step < t.entries[n - 1].step + t.every) return t;
  const kept: TimelineEntry = t.keepTables ? entry : { ...entry, vectors: null };
  let entries = [...t.entries, kept];
  let every = t.every;
  if (entries.length > t.capacity) {
    entries = thin(entries);
    every *= 2;
  }
  return { ...t, entries, every };
}

/**
 * The timeline re-expressed in a new 2D frame after a Re-fit, so scrubbing back does not
 * jump between frames. Entries that kept their table are projected into the new frame
 * exactly. The others only have old-frame coordinates; they get the rigid map that
 * best carries the old frame onto the new one, measured on a table both frames saw
 * (`table`, V × dim, drawn as `oldCoords` in the old frame).
 */
export function reframeTimeline(t: Timeline, frame: Frame2D, table: Float32Array, oldCoords: Float32Array): Timeline {
  if (t.entries.length === 0) return t;
  const V = oldCoords.length / 2;
  const oldToNew = procrustes2D(oldCoords, projectFrame(frame, table, V), V);
  const entries = t.entries.map((e) => ({
    ...e,
    coords: e.vectors ? projectFrame(frame, e.vectors, e.coords.length / 2) : applyRigid(oldToNew, e.coords),
  }));
  return { ...t, entries };
}
