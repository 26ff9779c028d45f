/**
 * The train worker's handlers: glue from messages to one lab session
 * (compute/train/labSession.ts), its corpora (labCorpus.ts) and its run loop
 * (labRunner.ts).
 *
 * A worker job cannot receive messages once started, so the *session* — the model being
 * trained — lives here between jobs, keyed by a session id: `labOpen` replaces it;
 * `labRun` trains until cancelled (Pause = cancel; the next `labRun` continues); the
 * others act on it. Jobs that change the session run one at a time (a cancelled run
 * finishes its slice first); reading jobs (neighbours, a saved table, the probe, export)
 * are answered between training slices. If the worker is terminated, the replacement
 * has no session: jobs fail with SessionLostError and the store reopens it from the seed.
 */
import { datasetBuffers, splitDataset } from '../compute/dataset';
import { CancelledError, SessionLostError } from '../compute/task';
import { tableDataset } from '../compute/train/export';
import { LabCorpora, openLabSession, type FetchBytes } from '../compute/train/labCorpus';
import { runLab, settleLayout, type LabPacing } from '../compute/train/labRunner';
import type { LabFrame, LabSession } from '../compute/train/labSession';
import { TEACHING_GROUPS } from '../compute/train/teachingCorpus';
import { fetchBytes as defaultFetchBytes } from './fetchBytes';
import { transfer } from './protocol';
import type { Handlers } from './serve';
import type { TrainJobMap } from './trainJobs';

export interface TrainHandlerDeps {
  readonly fetchBytes?: FetchBytes;
  readonly now?: () => number;
  /** Waits between rate-limited batches (default a timer); tests pass a virtual clock's. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** The host's yield between slices (workers: yieldToEventLoop). */
  readonly yieldNow?: () => Promise<void>;
}

function frameBuffers(f: LabFrame): ArrayBuffer[] {
  return [f.vectors.buffer, f.coords.buffer, f.touched.buffer, ...(f.reframe?.exact.map((e) => e.coords.buffer) ?? [])] as ArrayBuffer[];
}

export function createTrainHandlers(deps: TrainHandlerDeps = {}): Handlers<TrainJobMap> {
  const corpora = new LabCorpora(deps.fetchBytes ?? defaultFetchBytes);
  let session: LabSession | null = null;
  /** The tail of the jobs that change the session: each waits for the one before. */
  let tail: Promise<unknown> = Promise.resolve();
  const pacing = (signal: AbortSignal): LabPacing => ({ signal, yieldNow: deps.yieldNow, now: deps.now, sleep: deps.sleep });

  const exclusive = <T>(signal: AbortSignal, job: () => Promise<T>): Promise<T> => {
    const run = tail.then(() => {
      if (signal.aborted) throw new CancelledError();
      return job();
    });
    tail = run.catch(() => undefined);
    return run;
  };

  const getSession = (id: string): LabSession => {
    if (!session || session.id !== id) throw new SessionLostError('The training session is gone (the worker was restarted or the session replaced).');
    return session;
  };

  return {
    labOpen: (params, ctx) =>
      exclusive(ctx.signal, async () => {
        // The old session stays until the new one is built: a file that cannot be opened
        // leaves the previous session usable (its id still answers).
        const { session: s, corpus } = await openLabSession(params, corpora, pacing(ctx.signal), (p) => ctx.progress(p));
        session = s;
        const frame = s.frame();
        const counts = s.vocab.counts.slice();
        const opened = { sessionId: s.id, words: s.vocab.words, counts, corpus, config: s.config, initCopied: s.initCopied, kernel: s.kernel, frame };
        return transfer(opened, [...frameBuffers(frame), counts.buffer as ArrayBuffer]);
      }),

    labRun: ({ sessionId, frameMode, ...options }, ctx) =>
      exclusive(ctx.signal, async () => {
        const s = getSession(sessionId);
        if (frameMode !== undefined && frameMode !== s.frameMode()) s.setFrameMode(frameMode);
        const f = await runLab(s, options, pacing(ctx.signal), (frame) => ctx.progress(frame, frameBuffers(frame)));
        return transfer(f, frameBuffers(f));
      }),

    labRefit: ({ sessionId, probe }, ctx) =>
      exclusive(ctx.signal, async () => {
        const s = getSession(sessionId);
        s.refit();
        await settleLayout(s, pacing(ctx.signal));
        const f = s.frame({ probe, metrics: false });
        return transfer(f, frameBuffers(f));
      }),

    labExample: ({ sessionId, probe, focus }, ctx) =>
      exclusive(ctx.signal, async () => {
        const ex = getSession(sessionId).example(probe, focus);
        return transfer(ex, frameBuffers(ex.frame));
      }),

    async labProbe({ sessionId, probe }) {
      return getSession(sessionId).probe(probe);
    },

    async labNeighbors({ sessionId, focus, step }) {
      return getSession(sessionId).neighbors(focus, step);
    },

    async labSnapshotTable({ sessionId, step }) {
      const table = getSession(sessionId).snapshotTable(step);
      return table ? transfer(table, [table.buffer as ArrayBuffer]) : null;
    },

    async labExport({ sessionId, tag, label }) {
      const s = getSession(sessionId);
      const full = tableDataset(
        { words: s.vocab.words, counts: s.vocab.counts, vectors: s.tableCopy(), dim: s.dim, groups: TEACHING_GROUPS },
        `lab:${s.id}:${s.batches()}${tag}`,
        `${label}, step ${s.batches().toLocaleString('en')}`,
      );
      const { dataset, table } = splitDataset(full);
      return transfer({ dataset, table }, [...datasetBuffers(dataset), ...datasetBuffers(table)]);
    },
  };
}
