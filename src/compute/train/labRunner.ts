/**
 * Drives a lab session while the lab plays: trains in ~30 ms slices (the shared
 * SliceBudget, so a cancel is seen within a slice), keeps to a batches-per-second rate
 * when asked, re-lays a nonlinear 2D frame from time to time, and streams frames.
 * Pure: the train worker passes its yield and clock; a Node test drives the same loop.
 */
import { CancelledError, pause, SliceBudget, type Pacing } from '../task';
import type { LabFrame, LabSession } from './labSessionTypes';
import type { ProbeRequest } from './probe';

export interface LabRunOptions {
  /** Stop after this many batches (1 = Step, 0 = just report the current frame); null = until cancelled or finished. */
  readonly maxBatches: number | null;
  /** Rate limit; null = as fast as the worker can. */
  readonly batchesPerSecond: number | null;
  /** Minimum time between streamed frames. */
  readonly snapshotMs: number;
  readonly probe: ProbeRequest | null;
  /** The row whose neighbours the frames list (-1: none). */
  readonly focus: number;
}

export interface LabPacing extends Pacing {
  readonly signal: AbortSignal;
  readonly sleep?: (ms: number) => Promise<void>;
}

/** Heavier metrics than this (multiply-adds) are computed at most once a second while training. */
const CHEAP_METRICS = 4e6;
/** Above this many table values, neighbours are listed at most once a second while training. */
const CHEAP_NEIGHBORS = 4_000_000;
/**
 * A nonlinear frame (UMAP / t-SNE) is re-laid at most this often while training, and
 * never sooner than twice its last cost after the previous one: the layout then takes
 * at most about a third of the worker, the rest stays training.
 */
export const LAYOUT_INTERVAL_MS = 400;
/** Time slice for layout work between training slices (a cancel is seen within one). */
const LAYOUT_SLICE_MS = 30;

const defaultSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Finishes the session's pending layout work in slices, yielding so a cancel gets in. */
export async function settleLayout(s: LabSession, pacing: LabPacing): Promise<void> {
  const budget = new SliceBudget(LAYOUT_SLICE_MS, pacing.now, 1 << 20);
  while (!budget.fill((b) => s.advanceFrame(b))) await pause(pacing);
}

/**
 * A nonlinear frame (UMAP / t-SNE) re-lays its picture from time to time while training:
 * each call does one layout slice, and starts a warm update when one is due (never sooner
 * than twice the last update's cost after it ended).
 */
function layoutRelayer(s: LabSession, now: () => number): () => void {
  const layout = new SliceBudget(LAYOUT_SLICE_MS, now, 1 << 20);
  let running = false;
  let busy = 0;
  let cost = 0;
  let last = now();
  return () => {
    if (s.frameMode() === 'pca') return;
    if (now() - last >= Math.max(LAYOUT_INTERVAL_MS, 2 * cost) && s.startFrameUpdate()) {
      running = true;
      busy = 0;
    }
    const b = now();
    const finished = layout.fill((units) => s.advanceFrame(units));
    busy += now() - b;
    if (finished && running) {
      cost = busy;
      last = now();
      running = false;
    }
  };
}

/**
 * Trains until cancelled (CancelledError), finished, or `maxBatches`, calling `onFrame`
 * with frames spaced by `snapshotMs` (and by their own cost), and returns the last frame.
 */
export async function runLab(s: LabSession, o: LabRunOptions, pacing: LabPacing, onFrame: (f: LabFrame) => void): Promise<LabFrame> {
  const now = pacing.now ?? (() => performance.now());
  const sleep = pacing.sleep ?? defaultSleep;
  // A nonlinear frame's first layout, before any training.
  await settleLayout(s, pacing);
  const batches = new SliceBudget(30, now, 4096);
  const relayLayout = layoutRelayer(s, now);
  const limit = o.maxBatches ?? Infinity;
  const rate = o.batchesPerSecond && o.batchesPerSecond > 0 ? o.batchesPerSecond : null;
  const cheapMetrics = s.metricsCost() < CHEAP_METRICS;
  const cheapNeighbors = s.vocab.words.length * s.dim <= CHEAP_NEIGHBORS;
  const t0 = now();
  let done = 0;
  let lastFrame = now();
  let lastMetrics = -Infinity;
  let lastNeighbors = -Infinity;
  // Frames of a big table cost real time (copy, projection, probe, metrics): space them
  // so that they take at most ~20% of the worker, whatever snapshotMs asks. At a
  // teaching rate the worker mostly sleeps between batches, and the frames are the
  // point: they may take up to ~2/3 of it.
  let frameCost = 0;
  let metricsCost = 0;
  const makeFrame = (): LabFrame => {
    const t = now();
    const metrics = cheapMetrics || t - lastMetrics >= Math.max(1000, 10 * metricsCost);
    if (metrics) lastMetrics = t;
    const listNeighbors = o.focus > 0 && (cheapNeighbors || t - lastNeighbors >= 1000);
    if (listNeighbors) lastNeighbors = t;
    const f = s.frame({ probe: o.probe, metrics, ...(listNeighbors ? { focus: o.focus } : {}) });
    const cost = now() - t;
    if (metrics && !cheapMetrics) metricsCost = cost;
    else frameCost = cost;
    return f;
  };
  while (done < limit && !s.finished()) {
    if (pacing.signal.aborted) throw new CancelledError();
    let most = limit - done;
    if (rate !== null) {
      // Batches due by now (the first one at once); sleep until the next is due.
      const due = Math.floor(((now() - t0) / 1000) * rate) + 1 - done;
      if (due <= 0) {
        await sleep(Math.min(50, Math.max(1, (done * 1000) / rate - (now() - t0))));
        continue;
      }
      most = Math.min(most, due);
    }
    done += batches.once((b) => {
      const n = Math.min(b, most);
      s.step(n);
      return n;
    });
    relayLayout();
    if (done < limit && now() - lastFrame >= Math.max(o.snapshotMs, (rate !== null ? 1.5 : 5) * frameCost)) {
      lastFrame = now();
      onFrame(makeFrame());
    }
    await pause(pacing);
  }
  // The paused (or finished) picture shows the table as it is: finish the layout under
  // way (it may have started from an older table), then re-lay if the table moved since.
  await settleLayout(s, pacing);
  if (s.startFrameUpdate()) await settleLayout(s, pacing);
  return s.frame({ probe: o.probe, metrics: true, ...(o.focus > 0 ? { focus: o.focus } : {}) });
}
