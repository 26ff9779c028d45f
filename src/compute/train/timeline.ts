/**
 * Bounded memory for a training run that may last minutes: the loss curve and the
 * saved snapshots the lab's timeline scrubber replays.
 *
 * Both keep at most `capacity` entries. When full, every other entry is dropped and
 * the spacing between kept entries doubles, so a long run is covered evenly from its
 * first step to its latest, in constant memory (the same trick as TensorBoard's
 * reservoir, but deterministic).
 *
 * The snapshots live on two threads. The train worker decides which steps are kept and
 * holds their tables (SnapshotTables), so it can list a snapshot's neighbours and
 * re-project old snapshots after a re-fit; every frame tells the main thread which steps
 * are kept, and the main thread keeps only what it draws of each (Timeline: coordinates
 * and figures), following the worker's list. Main-thread values are immutable: each
 * change returns a new object (or the same one when nothing changed), which suits a
 * zustand store.
 */
import { applyRigid, procrustes2D, type Rigid2D } from './frame';

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

/** Which steps the timeline keeps: at most `capacity`, spaced at least `every` batches apart. */
interface StepPolicy {
  readonly capacity: number;
  every: number;
}

/** Whether `step` is kept after `steps`; thins `steps` in place (and doubles `every`) when full. */
function admit(p: StepPolicy, steps: number[], step: number): boolean {
  const n = steps.length;
  if (n > 0 && step < steps[n - 1] + p.every) return false;
  steps.push(step);
  if (steps.length > p.capacity) {
    const kept = thin(steps);
    steps.length = 0;
    steps.push(...kept);
    p.every *= 2;
  }
  return true; // thinning always keeps the latest
}

/**
 * The train worker's side of the timeline: the kept steps, and their tables while
 * capacity × table size fits `budgetBytes` (default 48 MB). The worker alone decides
 * what is kept; frames carry `steps()` so the main thread follows.
 */
export class SnapshotTables {
  readonly keepsTables: boolean;
  private readonly policy: StepPolicy;
  private readonly kept: number[] = [];
  private readonly tables = new Map<number, Float32Array>();

  constructor(tableBytes: number, capacity = 60, budgetBytes = 48 * 1024 * 1024) {
    this.policy = { capacity: Math.max(4, capacity), every: 1 };
    this.keepsTables = tableBytes * this.policy.capacity <= budgetBytes;
  }

  /** Keeps `step` if the policy admits it; `copy` is called (once) only then. True when kept. */
  record(step: number, copy: () => Float32Array): boolean {
    if (!admit(this.policy, this.kept, step)) return false;
    if (this.keepsTables) {
      this.tables.set(step, copy());
      for (const s of [...this.tables.keys()]) if (!this.kept.includes(s)) this.tables.delete(s);
    }
    return true;
  }

  steps(): readonly number[] {
    return [...this.kept];
  }

  /** The table saved at `step`, or null (not kept, or tables are not kept for a table this large). */
  table(step: number): Float32Array | null {
    return this.tables.get(step) ?? null;
  }
}

/** What the timeline says in each frame: whether this frame's step was kept, and every kept step. */
export interface TimelineNews {
  readonly recorded: boolean;
  readonly steps: readonly number[];
  readonly keepsTables: boolean;
}

/** The main thread's side: the picture and figures of every kept step. */
export interface TimelineEntry {
  readonly step: number;
  readonly epoch: number;
  readonly loss: number;
  readonly purity: number | null;
  /** V × 2 projected coordinates (in the frame in force when it was saved, or re-projected since). */
  readonly coords: Float32Array;
}

export interface Timeline {
  readonly entries: readonly TimelineEntry[];
  /** Whether the worker keeps each snapshot's table (so the heatmap and neighbours can replay it). */
  readonly keepsTables: boolean;
}

export function createTimeline(keepsTables = false): Timeline {
  return { entries: [], keepsTables };
}

/** Adds `entry` when the worker kept its step, and drops the entries the worker no longer keeps. */
export function followTimeline(t: Timeline, entry: TimelineEntry | null, news: TimelineNews): Timeline {
  const keep = new Set(news.steps);
  const last = t.entries[t.entries.length - 1];
  const add = entry && news.recorded && keep.has(entry.step) && (!last || entry.step > last.step);
  const entries = t.entries.filter((e) => keep.has(e.step));
  if (!add && entries.length === t.entries.length && t.keepsTables === news.keepsTables) return t;
  return { entries: add ? [...entries, entry] : entries, keepsTables: news.keepsTables };
}

/**
 * How the saved pictures move into a new 2D frame after a Re-fit, so scrubbing back does
 * not jump between frames: steps whose table the worker kept are projected exactly; the
 * rest get the rigid map that best carries the old picture of the current table onto
 * its new one.
 */
export interface TimelineReframe {
  readonly exact: readonly { readonly step: number; readonly coords: Float32Array }[];
  readonly rigid: Rigid2D;
}

/** The worker's half: re-projects the kept tables with `project`, and measures the rigid map on the current table. */
export function timelineReframe(
  snapshots: SnapshotTables,
  project: (table: Float32Array) => Float32Array,
  oldCoords: Float32Array,
  newCoords: Float32Array,
): TimelineReframe {
  const exact: { step: number; coords: Float32Array }[] = [];
  for (const step of snapshots.steps()) {
    const table = snapshots.table(step);
    if (table) exact.push({ step, coords: project(table) });
  }
  return { exact, rigid: procrustes2D(oldCoords, newCoords, oldCoords.length / 2) };
}

/** The main thread's half: every entry in the new frame. */
export function reframeTimeline(t: Timeline, r: TimelineReframe): Timeline {
  if (t.entries.length === 0) return t;
  const exact = new Map(r.exact.map((e) => [e.step, e.coords]));
  return { ...t, entries: t.entries.map((e) => ({ ...e, coords: exact.get(e.step) ?? applyRigid(r.rigid, e.coords) })) };
}
