/**
 * The lab slice's engine (the actions are in lab.ts): opening a session, the run job
 * that streams frames, pausing, one-at-a-time jobs, taking a frame in, and failing
 * gracefully. The model lives in the train worker (workers/trainHandlers.ts), and so do
 * the timeline's saved tables and every neighbour search; the slice holds what the lab
 * shows.
 *
 * Transport: Play starts a `labRun` job that streams frames until cancelled; Pause
 * cancels it and asks for one frame of the paused state; Step runs one batch; Reset
 * opens a fresh session with the same seed. Changing the speed or the probe while
 * playing restarts the run job with the new parameters (the session persists). Every
 * action bumps `op`, and only the latest action may change `phase`, so quick clicks
 * (Pause then Play, Step twice) cannot leave a stale state behind.
 */
import { DEFAULT_LAB_CONFIG, PRETRAINED_DIM, type LabConfig, type LabFrame } from '../compute/train/labSession';
import type { ProbeRequest } from '../compute/train/probe';
import { appendLoss, createLossHistory, createTimeline, followTimeline, reframeTimeline, type TimelineEntry } from '../compute/train/timeline';
import { UNK_ID } from '../compute/train/vocab';
import type { SliceApi } from './appState';
import { errorText } from './errors';
import { createFrameQueue } from './labFrameQueue';
import { corpusName, corpusSource, failedNote, groupRows, isLabSessionLost, labTokens, probeRequestOf } from './labModel';
import { PRETRAINED_FILE, SNAPSHOT_MS, type LabCorpusChoice, type LabData, type LabNote, type LabResume, type LabSessionInfo, type LabTask } from './labTypes';
import { labProblemOf } from '../compute/train/labProblems';

export interface LabCore {
  /** The config and corpus the next session opens with. */
  config: LabConfig;
  corpus: LabCorpusChoice;
  /** A word to focus once the next session opens (a lesson's or a link's). */
  pendingFocus: string | null;
  isRunning(): boolean;
  /** Opens a session; `resume` re-creates a saved run (replayed to its step) with its curves. */
  open(choice: LabCorpusChoice, cfg: LabConfig, notes?: readonly LabNote[], resume?: LabResume | null): Promise<void>;
  startRun(): void;
  pause(): Promise<void>;
  /** Runs `job` on the paused session with phase 'busy'; a failure becomes a note. */
  whenIdle<T>(what: LabTask, job: (s: LabSessionInfo) => Promise<T>): Promise<T | undefined>;
  acceptFrame(f: LabFrame, extra?: Partial<LabData>): void;
  fail(e: unknown, what: LabTask): Promise<void>;
  refreshProbe(): Promise<void>;
  /** Asks the worker for the focused row's neighbours and (when replaying) the saved table. */
  refreshShown(withTable: boolean): Promise<void>;
  probeRequest(): ProbeRequest | null;
}

export function createLabCore({ jobs, data: lab, patch }: Pick<SliceApi<'lab'>, 'jobs' | 'data' | 'patch'>): LabCore {
  let op = 0;
  let sessionSeq = 0;
  let runAbort: AbortController | null = null;
  let openAbort: AbortController | null = null;
  let recovering = false;
  /** Orders neighbour / saved-table answers: only the latest question's answer is shown. */
  let querySeq = 0;

  const probeRequest = (): ProbeRequest | null => probeRequestOf(lab());

  /** The timeline step on screen (null: live). */
  const shownStep = (): number | null => {
    const l = lab();
    return l.scrub !== null ? (l.timeline.entries[l.scrub]?.step ?? null) : null;
  };

  const stopRun = (): void => {
    // The run's frames that arrived are still true: take them in before it stops.
    frames.flush();
    runAbort?.abort();
    runAbort = null;
  };

  /** What taking frame `f` in changes, from the lab state `l` (null: not this session's, or late). */
  const frameChanges = (l: LabData, f: LabFrame): Partial<LabData> | null => {
    if (!l.session || f.sessionId !== l.session.id) return null;
    if (l.frame && f.step < l.frame.step) return null; // a late frame
    const entry: TimelineEntry = { step: f.step, epoch: f.epoch, loss: f.loss, purity: f.purity, coords: f.coords };
    // The worker lists the focused row's neighbours with the frame (in the live table).
    const neighbors = l.scrub === null && f.neighbors && f.neighbors.focus === l.focus ? f.neighbors.list : l.neighbors;
    // A re-fitted PCA frame: the worker re-projected the saved snapshots into it, so the
    // timeline replays without a jump. A nonlinear frame cannot re-project old tables (it is
    // no linear map); its first layout starts from, and is rotated onto, the picture before
    // it, so the saved snapshots stay as they were drawn.
    const timeline = f.reframe ? reframeTimeline(l.timeline, f.reframe) : l.timeline;
    return {
      frame: f,
      losses: appendLoss(l.losses, f.step, f.loss),
      twinLosses: f.twinLoss === null ? l.twinLosses : appendLoss(l.twinLosses, f.step, f.twinLoss),
      timeline: followTimeline(timeline, entry, f.timeline),
      neighbors,
      frameMode: f.frameMode,
      ...(l.phase === 'running' ? { runFrames: l.runFrames + 1 } : {}),
      ...(f.probe ? { probe: f.probe } : {}),
    };
  };

  /** Takes frames in, in order, with one store update for all of them (one render). */
  const applyFrames = (fs: readonly LabFrame[], extra: Partial<LabData>): void => {
    let l = lab();
    let changes: Partial<LabData> | null = null;
    for (const f of fs) {
      const c = frameChanges(l, f);
      if (!c) continue;
      changes = { ...(changes ?? {}), ...c };
      l = { ...l, ...c };
    }
    if (changes) patch({ ...changes, ...extra });
  };

  /** A run's streamed frames, applied together when they arrive faster than the page draws them. */
  const frames = createFrameQueue<LabFrame>((fs) => applyFrames(fs, {}));

  const core: LabCore = {
    config: DEFAULT_LAB_CONFIG,
    corpus: { kind: 'teaching' },
    pendingFocus: null,
    isRunning: () => runAbort !== null,
    probeRequest,

    async refreshShown(withTable) {
      const l = lab();
      const s = l.session;
      if (!s) return;
      const me = ++querySeq;
      const step = shownStep();
      try {
        const [neighbors, table] = await Promise.all([
          l.focus > UNK_ID ? jobs.labNeighbors(s.id, l.focus, step) : Promise.resolve(null),
          withTable && step !== null && l.timeline.keepsTables ? jobs.labSnapshotTable(s.id, step) : Promise.resolve(null),
        ]);
        if (me !== querySeq || lab().session?.id !== s.id) return;
        patch(withTable ? { neighbors, scrubTable: table } : { neighbors });
      } catch (e) {
        if (me === querySeq && lab().session?.id === s.id) await core.fail(e, 'neighbours');
      }
    },

    acceptFrame(f, extra = {}) {
      // Frames streamed before this one go first (their losses and timeline entries).
      frames.flush();
      applyFrames([f], extra);
    },

    async fail(e, what) {
      if (isLabSessionLost(e) && !recovering) {
        recovering = true;
        try {
          await core.open(core.corpus, core.config, [{ kind: 'restarted' }]);
        } finally {
          recovering = false;
        }
        return;
      }
      patch({ phase: lab().session ? 'ready' : 'idle', error: failedNote(what, e) });
    },

    async open(choice, cfg, notes = [], resume = null) {
      stopRun();
      openAbort?.abort();
      const abort = new AbortController();
      openAbort = abort;
      const myOp = ++op;
      const sessionId = `lab-${++sessionSeq}`;
      const wanted: LabConfig = cfg.pretrained ? { ...cfg, dim: PRETRAINED_DIM } : cfg;
      patch({ phase: 'opening', progress: null, error: null, info: notes });
      try {
        const o = await jobs.labOpen(
          {
            sessionId,
            corpus: corpusSource(choice),
            config: wanted,
            pretrainedUrl: wanted.pretrained ? PRETRAINED_FILE : null,
            ...(resume ? { resume: { step: resume.step, keep: resume.timeline.map((e) => e.step), table: resume.table } } : {}),
          },
          { signal: abort.signal, onProgress: (p) => myOp === op && patch({ progress: p }) },
        );
        if (myOp !== op) return;
        openAbort = null;
        core.config = o.config;
        core.corpus = choice;
        const index = new Map<string, number>();
        o.words.forEach((w, i) => index.set(w, i));
        const session: LabSessionInfo = {
          id: o.sessionId,
          words: o.words,
          index,
          counts: o.counts,
          corpus: o.corpus,
          corpusChoice: choice,
          config: o.config,
          initCopied: o.initCopied,
          copiedIds: o.copiedIds,
          batchesPerEpoch: o.batchesPerEpoch,
          kernel: o.kernel,
          group: groupRows(o.words),
        };
        const l = lab();
        // Keep the focused word across sessions when the new vocabulary has it (a lesson's word first).
        const wantedWord = core.pendingFocus ?? (l.session && l.focus > 0 ? l.session.words[l.focus] : '高兴');
        core.pendingFocus = null;
        const focusTokens = labTokens(wantedWord, index);
        const focus = index.get(wantedWord) ?? (focusTokens.length === 1 ? focusTokens[0].id : -1);
        const info: LabNote[] = [...notes];
        if (o.corpus.truncated) info.push({ kind: 'truncated', name: o.corpus.name, tokens: o.corpus.tokens });
        if (o.resumed) info.push({ kind: 'resumed', ...o.resumed });
        patch((d) => ({
          config: o.config,
          corpus: choice,
          phase: 'ready',
          progress: null,
          error: null,
          info,
          session,
          frame: null,
          // A resumed run keeps its curve; the frame below keeps the snapshots the worker kept again.
          losses: resume ? resume.losses : createLossHistory(),
          twinLosses: createLossHistory(),
          timeline: resume ? { entries: resume.timeline, keepsTables: o.frame.timeline.keepsTables } : createTimeline(o.frame.timeline.keepsTables),
          scrub: null,
          scrubTable: null,
          runFrames: 0,
          tokens: labTokens(d.text, index),
          focus: focus > UNK_ID ? focus : -1,
          hovered: -1,
          neighbors: null,
          probe: null,
          probeBefore: null,
          examples: null,
          outline: null,
        }));
        core.acceptFrame(o.frame);
        await Promise.all([core.refreshProbe(), core.refreshShown(false)]);
      } catch (e) {
        if (myOp !== op || abort.signal.aborted) return;
        openAbort = null;
        const kept = lab().session !== null;
        patch({ phase: kept ? 'ready' : 'idle', progress: null, error: { kind: 'openFailed', corpus: corpusName(choice), detail: errorText(e), problem: labProblemOf(e), kept } });
      }
    },

    async refreshProbe() {
      const s = lab().session;
      const req = probeRequest();
      if (!s || !req) return;
      try {
        const probe = await jobs.labProbe(s.id, req);
        if (lab().session?.id === s.id) patch({ probe, probeBefore: null });
      } catch (e) {
        if (lab().session?.id === s.id) await core.fail(e, 'probe');
      }
    },

    startRun() {
      const s = lab().session;
      if (!s) return;
      stopRun();
      const abort = new AbortController();
      runAbort = abort;
      const myOp = ++op;
      const resumed = lab().phase === 'running';
      patch({ phase: 'running', error: null, outline: null, probeBefore: null, scrub: null, scrubTable: null, ...(resumed ? {} : { runFrames: 0 }) });
      const speed = lab().speed;
      void jobs
        .labRun(
          { sessionId: s.id, maxBatches: null, batchesPerSecond: speed > 0 ? speed : null, snapshotMs: SNAPSHOT_MS, probe: probeRequest(), focus: lab().focus },
          { signal: abort.signal, onFrame: (f) => runAbort === abort && frames.push(f) },
        )
        .then((f) => {
          if (runAbort !== abort) return;
          runAbort = null;
          core.acceptFrame(f);
          if (myOp === op) patch({ phase: 'ready', ...(f.finished ? { info: [{ kind: 'finished', epochs: f.epochs, steps: f.step }] } : {}) });
        })
        .catch(async (e: unknown) => {
          if (abort.signal.aborted) return;
          if (runAbort === abort) runAbort = null;
          await core.fail(e, 'training');
        });
    },

    async pause() {
      if (!runAbort) return;
      stopRun();
      const myOp = ++op;
      patch({ phase: 'busy' });
      // One frame of the paused session (after a cancel the worker may be a slice ahead of the last frame).
      const s = lab().session;
      if (s) {
        try {
          core.acceptFrame(await jobs.labRun({ sessionId: s.id, maxBatches: 0, batchesPerSecond: null, snapshotMs: SNAPSHOT_MS, probe: probeRequest(), focus: lab().focus }));
        } catch (e) {
          await core.fail(e, 'sync');
        }
      }
      if (myOp === op && lab().phase === 'busy') patch({ phase: 'ready' });
    },

    async whenIdle(what, job) {
      const s = lab().session;
      if (!s || lab().phase === 'opening') return undefined;
      if (runAbort) await core.pause();
      const myOp = ++op;
      patch({ phase: 'busy', error: null });
      try {
        return await job(s);
      } catch (e) {
        await core.fail(e, what);
        return undefined;
      } finally {
        if (myOp === op && lab().phase === 'busy') patch({ phase: 'ready' });
      }
    },
  };
  return core;
}
