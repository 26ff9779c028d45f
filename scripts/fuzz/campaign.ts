/**
 * Runs the fuzz campaign (src/compute/formats/fuzz.ts) in a worker thread under a
 * watchdog: a case that runs past `hangMs` is a hang, a worker that dies (a fatal engine
 * error such as an array grown past V8's limit kills the thread, as it would kill a
 * browser tab) is a crash; either is recorded against its case, and a fresh worker goes
 * on from the next case. Used by `npm run fuzz` and `npm run reliability`.
 */
import { Worker } from 'node:worker_threads';
import { FUZZ_FORMATS, type FuzzFormat } from '../../src/compute/formats/fuzz';
import type { FuzzJob, FuzzMessage } from './fuzzWorker';

export interface FormatTally {
  cases: number;
  read: number;
  refused: number;
  failed: number;
  maxMs: number;
  totalMs: number;
}

export interface CampaignFailure {
  readonly format: FuzzFormat;
  readonly index: number;
  readonly mutation: string;
  readonly kind: 'failed' | 'hang' | 'crash' | 'slow';
  readonly detail: string;
}

export interface CampaignResult {
  readonly seed: number;
  readonly budget: number;
  readonly perFormat: Record<FuzzFormat, FormatTally>;
  readonly failures: CampaignFailure[];
  readonly wallMs: number;
}

export interface CampaignOptions {
  seed: number;
  /** Cases per format per round. */
  casesPerRound: number;
  /** Stop starting rounds after this long. */
  minutes: number;
  budget: number;
  bombs: { every: number; mb: number };
  /** A case still running after this long is a hang (the worker is killed). */
  hangMs: number;
  /** A case that finished but took longer than this is reported as slow. */
  slowMs: number;
  formats?: readonly FuzzFormat[];
  onRound?: (round: number, result: CampaignResult) => void;
}

const emptyTally = (): FormatTally => ({ cases: 0, read: 0, refused: 0, failed: 0, maxMs: 0, totalMs: 0 });

/** Runs `slices` in workers until all are done, restarting after a hang or a crash. */
function runSlices(job: FuzzJob, opts: CampaignOptions, result: CampaignResult): Promise<void> {
  const todo = job.slices.flatMap(([f, first, count]) => Array.from({ length: count }, (_, k) => [f, first + k] as const));
  let next = 0;
  // Workers that died before their first case: the campaign itself is broken, stop.
  let deadOnArrival = 0;
  return new Promise((resolve, reject) => {
    const launch = (): void => {
      if (next >= todo.length) return resolve();
      // Contiguous runs of one format, from where the last worker stopped.
      const slices: [FuzzFormat, number, number][] = [];
      for (let i = next; i < todo.length; i++) {
        const [f, idx] = todo[i];
        const last = slices[slices.length - 1];
        if (last && last[0] === f && last[1] + last[2] === idx) last[2]++;
        else slices.push([f, idx, 1]);
      }
      const worker = new Worker(new URL('./fuzzWorker.mjs', import.meta.url), { workerData: { ...job, slices } });
      let current: { format: FuzzFormat; index: number; mutation: string } | null = null;
      let timer: NodeJS.Timeout | undefined;
      let ended = false;
      const fail = (kind: 'hang' | 'crash', detail: string): void => {
        if (ended) return;
        ended = true;
        clearTimeout(timer);
        if (!current && ++deadOnArrival >= 3) {
          reject(new Error(`the fuzz worker does not start: ${detail}`));
          return;
        }
        if (current) {
          const t = result.perFormat[current.format];
          t.cases++;
          t.failed++;
          result.failures.push({ ...current, kind, detail });
          next++;
        }
        void worker.terminate().finally(launch);
      };
      worker.on('message', (m: FuzzMessage) => {
        if (m.kind === 'start') {
          deadOnArrival = 0;
          current = { format: m.format, index: m.index, mutation: m.mutation };
          clearTimeout(timer);
          timer = setTimeout(() => fail('hang', `still running after ${opts.hangMs} ms`), opts.hangMs);
        } else if (m.kind === 'done') {
          clearTimeout(timer);
          const t = result.perFormat[m.format];
          t.cases++;
          t.totalMs += m.ms;
          t.maxMs = Math.max(t.maxMs, m.ms);
          if (m.outcome === 'read') t.read++;
          else if (m.outcome === 'refused') t.refused++;
          else t.failed++;
          const mutation = current?.mutation ?? '';
          if (m.outcome === 'failed') result.failures.push({ format: m.format, index: m.index, mutation, kind: 'failed', detail: m.detail });
          else if (m.ms > opts.slowMs) {
            t.failed++;
            result.failures.push({ format: m.format, index: m.index, mutation, kind: 'slow', detail: `took ${m.ms.toFixed(0)} ms` });
          }
          current = null;
          next++;
        } else {
          ended = true;
          void worker.terminate().finally(launch);
        }
      });
      worker.on('error', (e) => fail('crash', `worker error: ${e.message}`));
      worker.on('exit', (code) => fail('crash', `worker exited with code ${code}`));
    };
    launch();
  });
}

/** Rounds of `casesPerRound` cases per format, each round continuing the case numbers. */
export async function runCampaign(opts: CampaignOptions): Promise<CampaignResult> {
  const formats = opts.formats ?? FUZZ_FORMATS;
  const t0 = performance.now();
  const perFormat = Object.fromEntries(FUZZ_FORMATS.map((f) => [f, emptyTally()])) as Record<FuzzFormat, FormatTally>;
  const result = { seed: opts.seed, budget: opts.budget, perFormat, failures: [] as CampaignFailure[], wallMs: 0 };
  for (let round = 0; ; round++) {
    const slices = formats.map((f) => [f, round * opts.casesPerRound, opts.casesPerRound] as const);
    await runSlices({ seed: opts.seed, budget: opts.budget, bombs: opts.bombs, slices }, opts, result);
    result.wallMs = performance.now() - t0;
    opts.onRound?.(round, result);
    if (result.wallMs > opts.minutes * 60_000) break;
  }
  return result;
}

/** The per-format table. */
export function printTally(r: CampaignResult): void {
  const rows = FUZZ_FORMATS.filter((f) => r.perFormat[f].cases > 0).map((f) => {
    const t = r.perFormat[f];
    return { format: f, cases: t.cases, read: t.read, refused: t.refused, failed: t.failed, 'mean ms': +(t.totalMs / t.cases).toFixed(1), 'max ms': +t.maxMs.toFixed(0) };
  });
  console.table(rows);
}
