/**
 * Re-creating a saved training run (a reload mid-run): a fresh session from the same
 * corpus, config and seed is trained to the saved step again. Training is deterministic
 * for a seed and a kernel, so the replay reaches the same table, the same output table
 * and the same corpus cursor and random state — everything the saved W alone could not
 * give back — and the next batch is the one that would have come next. At each step the
 * timeline had kept, the replay keeps a snapshot too, so scrubbing back works as before.
 *
 * The saved W is the check: the replayed table is compared with it, and a mismatch (a
 * browser that runs the other kernel: the JS and WebAssembly kernels are equally good
 * but not bit-identical) is reported rather than hidden.
 */
import { pause, SliceBudget, type Pacing } from '../task';
import type { LabSession } from './labSessionTypes';

export interface LabResumeRequest {
  /** Batches to train again. */
  readonly step: number;
  /** Timeline steps to keep snapshots of on the way (ascending). */
  readonly keep: readonly number[];
  /** W as it was saved at `step` (V × dim), or null. */
  readonly table: Float32Array | null;
}

export interface LabResumed {
  /** The step reached (less than asked only when training finished first). */
  readonly step: number;
  /** Largest |difference| between the replayed W and the saved one; null when none was saved or their shapes differ. */
  readonly maxDiff: number | null;
}

export async function replayTo(
  s: LabSession,
  req: LabResumeRequest,
  pacing: Pacing & { signal: AbortSignal },
  onProgress: (done: number, total: number) => void,
): Promise<LabResumed> {
  const target = Math.max(0, Math.floor(req.step));
  const keep = req.keep.filter((k) => k > s.batches() && k <= target).sort((a, b) => a - b);
  const budget = new SliceBudget(30, pacing.now, 4096);
  let k = 0;
  while (s.batches() < target && !s.finished()) {
    const stop = keep[k] ?? target;
    budget.once((b) => s.step(Math.min(b, stop - s.batches())));
    if (s.batches() === stop && k < keep.length) {
      s.frame({ metrics: false }); // records the timeline's snapshot of this step
      k++;
    }
    onProgress(s.batches(), target);
    await pause(pacing);
  }
  const table = s.tableCopy();
  let maxDiff: number | null = null;
  if (req.table && req.table.length === table.length) {
    maxDiff = 0;
    for (let i = 0; i < table.length; i++) maxDiff = Math.max(maxDiff, Math.abs(table[i] - req.table[i]));
  }
  return { step: s.batches(), maxDiff };
}
