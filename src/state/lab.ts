import { DEFAULT_LAB_CONFIG, normalizeConfig, PRETRAINED_DIM, type LabConfig, type LabFrame } from '../compute/train/labSession';
import type { ProbeRequest } from '../compute/train/probe';
import { appendLoss, createLossHistory, createTimeline, followTimeline, reframeTimeline, type TimelineEntry } from '../compute/train/timeline';
import { UNK_ID } from '../compute/train/vocab';
import type { SliceCreator } from './appState';
import { errorText } from './errors';
import { corpusSource, groupRows, isLabSessionLost, labExportFiles, labTokens, probeRequestOf, stepArrows } from './labModel';
import { PRETRAINED_FILE, SNAPSHOT_MS, ZH_PROBE, EN_PROBE, initialLabData, type LabActions, type LabCorpusChoice, type LabData, type LabResume, type LabSessionInfo, type ProbeTexts } from './labTypes';
import { resumedNote, sameCorpus } from './labResumeText';

/**
 * The training lab's slice. The model lives in the train worker (see
 * workers/trainHandlers.ts), and so do the timeline's saved tables and every neighbour
 * search; this slice holds what the lab shows: the session's vocabulary, the latest frame
 * (table, 2D coordinates, loss, metrics, probe), the loss curve and the pictures of the
 * saved snapshots, the typed tokens and the neighbour list.
 *
 * Transport: Play starts a `labRun` job that streams frames until cancelled; Pause
 * cancels it and asks for one frame of the paused state; Step runs one batch; Reset
 * opens a fresh session with the same seed. Changing the speed or the probe while
 * playing restarts the run job with the new parameters (the session persists).
 * Every action bumps `op`, and only the latest action may change `phase`, so quick
 * clicks (Pause then Play, Step twice) cannot leave a stale state behind.
 */
export const createLabSlice: SliceCreator<'lab', LabActions> = ({ jobs, get, data: lab, patch }) => {
  let op = 0;
  let sessionSeq = 0;
  let runAbort: AbortController | null = null;
  let openAbort: AbortController | null = null;
  let recovering = false;
  /** Orders neighbour / saved-table answers: only the latest question's answer is shown. */
  let querySeq = 0;
  let config: LabConfig = DEFAULT_LAB_CONFIG;
  let corpus: LabCorpusChoice = { kind: 'teaching' };

  const probeRequest = (): ProbeRequest | null => probeRequestOf(lab());

  /** The timeline step on screen (null: live). */
  const shownStep = (): number | null => {
    const l = lab();
    return l.scrub !== null ? (l.timeline.entries[l.scrub]?.step ?? null) : null;
  };

  /** Asks the worker for the focused row's neighbours and the saved table of the step on screen. */
  const refreshShown = async (withTable: boolean): Promise<void> => {
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
      if (me === querySeq && lab().session?.id === s.id) await fail(e, 'Listing the neighbours');
    }
  };

  const acceptFrame = (f: LabFrame, extra: Partial<LabData> = {}): void => {
    const l = lab();
    if (!l.session || f.sessionId !== l.session.id) return;
    if (l.frame && f.step < l.frame.step) return; // a late frame
    const entry: TimelineEntry = { step: f.step, epoch: f.epoch, loss: f.loss, purity: f.purity, coords: f.coords };
    // The worker lists the focused row's neighbours with the frame (in the live table).
    const neighbors = l.scrub === null && f.neighbors && f.neighbors.focus === l.focus ? f.neighbors.list : l.neighbors;
    // A re-fitted PCA frame: the worker re-projected the saved snapshots into it, so the
    // timeline replays without a jump. A nonlinear frame cannot re-project old tables (it is
    // no linear map); its first layout starts from, and is rotated onto, the picture before
    // it, so the saved snapshots stay as they were drawn.
    const timeline = f.reframe ? reframeTimeline(l.timeline, f.reframe) : l.timeline;
    patch({
      frame: f,
      losses: appendLoss(l.losses, f.step, f.loss),
      timeline: followTimeline(timeline, entry, f.timeline),
      neighbors,
      frameMode: f.frameMode,
      ...(f.probe ? { probe: f.probe } : {}),
      ...extra,
    });
  };

  const stopRun = (): void => {
    runAbort?.abort();
    runAbort = null;
  };

  const fail = async (e: unknown, what: string): Promise<void> => {
    if (isLabSessionLost(e) && !recovering) {
      recovering = true;
      try {
        await open(corpus, config, `The training worker was restarted, so the session was reset to the seed's table (${errorText(e)}).`);
      } finally {
        recovering = false;
      }
      return;
    }
    patch({ phase: lab().session ? 'ready' : 'idle', error: `${what} failed: ${errorText(e)}` });
  };

  const open = async (choice: LabCorpusChoice, cfg: LabConfig, note: string | null = null, resume: LabResume | null = null): Promise<void> => {
    stopRun();
    openAbort?.abort();
    const abort = new AbortController();
    openAbort = abort;
    const myOp = ++op;
    const sessionId = `lab-${++sessionSeq}`;
    const wanted: LabConfig = cfg.pretrained ? { ...cfg, dim: PRETRAINED_DIM } : cfg;
    patch({ phase: 'opening', progress: 'Preparing…', error: null, info: note });
    try {
      const o = await jobs.labOpen(
        {
          sessionId,
          corpus: corpusSource(choice),
          config: wanted,
          pretrainedUrl: wanted.pretrained ? PRETRAINED_FILE : null,
          ...(resume ? { resume: { step: resume.step, keep: resume.timeline.map((e) => e.step), table: resume.table } } : {}),
        },
        { signal: abort.signal, onProgress: (p) => myOp === op && patch({ progress: p.fraction === null ? p.text : `${p.text} ${Math.round(p.fraction * 100)}%` }) },
      );
      if (myOp !== op) return;
      openAbort = null;
      config = o.config;
      corpus = choice;
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
        kernel: o.kernel,
        group: groupRows(o.words),
      };
      const l = lab();
      // Keep the focused word across sessions when the new vocabulary has it.
      const oldWord = l.session && l.focus > 0 ? l.session.words[l.focus] : '高兴';
      const focus = index.get(oldWord) ?? -1;
      const notes: string[] = [];
      if (note) notes.push(note);
      if (o.config.pretrained) notes.push(`Copied ${o.initCopied.toLocaleString('en')} of ${(o.words.length - 1).toLocaleString('en')} rows from GloVe (100-d); the rest start random.`);
      if (o.corpus.truncated) notes.push(`${o.corpus.name} is larger than the lab's memory budget: only its first ${o.corpus.tokens.toLocaleString('en')} tokens are used.`);
      if (o.resumed) notes.push(resumedNote(get().ui.locale, o.resumed));
      patch((d) => ({
          config: o.config,
          corpus: choice,
          phase: 'ready',
          progress: null,
          error: null,
          info: notes.length ? notes.join(' ') : null,
          session,
          frame: null,
          // A resumed run keeps its curves; the frame below keeps the snapshots the worker kept again.
          losses: resume ? resume.losses : createLossHistory(),
          timeline: resume ? { entries: resume.timeline, keepsTables: o.frame.timeline.keepsTables } : createTimeline(o.frame.timeline.keepsTables),
          scrub: null,
          scrubTable: null,
          tokens: labTokens(d.text, index),
          focus,
          neighbors: null,
          probe: null,
          probeBefore: null,
          arrows: null,
      }));
      acceptFrame(o.frame);
      await Promise.all([refreshProbe(), refreshShown(false)]);
    } catch (e) {
      if (myOp !== op || abort.signal.aborted) return;
      openAbort = null;
      const name = choice.kind === 'file' ? choice.name : choice.kind === 'sotu' ? 'the State of the Union corpus' : 'the teaching corpus';
      const kept = lab().session ? ' The previous session stays loaded.' : '';
      patch({ phase: lab().session ? 'ready' : 'idle', progress: null, error: `Could not open ${name}: ${errorText(e)}${kept}` });
    }
  };

  const refreshProbe = async (): Promise<void> => {
    const s = lab().session;
    const req = probeRequest();
    if (!s || !req) return;
    try {
      const probe = await jobs.labProbe(s.id, req);
      if (lab().session?.id === s.id) patch({ probe, probeBefore: null });
    } catch (e) {
      if (lab().session?.id === s.id) await fail(e, 'The probe');
    }
  };

  const startRun = (): void => {
    const s = lab().session;
    if (!s) return;
    stopRun();
    const abort = new AbortController();
    runAbort = abort;
    const myOp = ++op;
    patch({ phase: 'running', error: null, arrows: null, probeBefore: null, scrub: null, scrubTable: null });
    const speed = lab().speed;
    void jobs
      .labRun(
        { sessionId: s.id, maxBatches: null, batchesPerSecond: speed > 0 ? speed : null, snapshotMs: SNAPSHOT_MS, probe: probeRequest(), focus: lab().focus },
        { signal: abort.signal, onFrame: (f) => runAbort === abort && acceptFrame(f) },
      )
      .then((f) => {
        if (runAbort !== abort) return;
        runAbort = null;
        acceptFrame(f);
        if (myOp === op) patch({ phase: 'ready', info: f.finished ? `Training finished: ${f.epochs} epochs, ${f.step.toLocaleString('en')} batches. Reset to start again.` : lab().info });
      })
      .catch(async (e: unknown) => {
        if (abort.signal.aborted) return;
        if (runAbort === abort) runAbort = null;
        await fail(e, 'Training');
      });
  };

  /** One frame of the paused session (after a cancel the worker may be a slice ahead of the last frame). */
  const sync = async (): Promise<void> => {
    const s = lab().session;
    if (!s) return;
    try {
      acceptFrame(await jobs.labRun({ sessionId: s.id, maxBatches: 0, batchesPerSecond: null, snapshotMs: SNAPSHOT_MS, probe: probeRequest(), focus: lab().focus }));
    } catch (e) {
      await fail(e, 'Reading the paused state');
    }
  };

  const pause = async (): Promise<void> => {
    if (!runAbort) return;
    stopRun();
    const myOp = ++op;
    patch({ phase: 'busy' });
    await sync();
    if (myOp === op && lab().phase === 'busy') patch({ phase: 'ready' });
  };

  const whenIdle = async <T>(what: string, job: (s: LabSessionInfo) => Promise<T>): Promise<T | undefined> => {
    const s = lab().session;
    if (!s || lab().phase === 'opening') return undefined;
    if (runAbort) await pause();
    const myOp = ++op;
    patch({ phase: 'busy', error: null });
    try {
      return await job(s);
    } catch (e) {
      await fail(e, what);
      return undefined;
    } finally {
      if (myOp === op && lab().phase === 'busy') patch({ phase: 'ready' });
    }
  };

  return {
    initial: initialLabData,
    actions: {
      init: async () => {
        if (lab().session || lab().phase === 'opening') return;
        const frameMode = lab().frameMode; // a link may ask for a UMAP / t-SNE frame before the lab opens
        await open(corpus, config);
        if (frameMode !== 'pca') await get().actions.lab.setFrameMode(frameMode);
      },
      setCorpus: (choice) => {
        // The default probe follows the corpus's language (a probe the user wrote stays).
        const l = lab();
        const isDefault = (p: ProbeTexts): boolean => l.probeText === p.probeText && l.probeTarget === p.probeTarget && l.probeWrong === p.probeWrong;
        if (choice.kind === 'sotu' && isDefault(ZH_PROBE)) patch(EN_PROBE);
        if (choice.kind === 'teaching' && isDefault(EN_PROBE)) patch(ZH_PROBE);
        // State of the Union has 25,000 words seen once or twice; min-count 5 keeps ~12,000 rows.
        if (choice.kind === 'sotu' && config.minCount < 5) {
          return open(choice, { ...config, minCount: 5 }, 'Min-count raised to 5 for State of the Union: rarer words become <unk>.');
        }
        return open(choice, config);
      },
      applyConfig: async (cfg) => {
        try {
          normalizeConfig(cfg);
        } catch (e) {
          patch({ error: `Parameters: ${errorText(e)}` });
          return;
        }
        await open(corpus, cfg);
      },
      reset: () => open(corpus, config),

      play: () => {
        const l = lab();
        if (!l.session || l.phase === 'opening' || runAbort) return;
        if (l.frame?.finished) {
          patch({ info: `Training already finished (${l.frame.epochs} epochs). Press Reset to start again, or raise the epochs.` });
          return;
        }
        startRun();
      },
      pause: pause,

      step: async () => {
        await whenIdle('Step', async (s) => {
          const prev = lab().frame;
          const before = lab().probe;
          const f = await jobs.labRun({ sessionId: s.id, maxBatches: 1, batchesPerSecond: null, snapshotMs: SNAPSHOT_MS, probe: probeRequest(), focus: lab().focus });
          acceptFrame(f, { probeBefore: before, arrows: stepArrows(probeRequest(), prev, f), scrub: null, scrubTable: null });
        });
      },

      setSpeed: (speed) => {
        const v = Math.max(0, Number.isFinite(speed) ? speed : 0);
        if (v === lab().speed) return;
        patch({ speed: v });
        if (runAbort) startRun();
      },

      refit: async () => {
        const wasRunning = runAbort !== null;
        await whenIdle('Re-fit', async (s) => {
          const f = await jobs.labRefit(s.id, probeRequest());
          acceptFrame(f, { arrows: null });
        });
        if (wasRunning) startRun();
      },

      setFrameMode: async (mode) => {
        const l = lab();
        if (!l.session || l.phase === 'opening' || mode === l.frameMode) return;
        const wasRunning = runAbort !== null;
        await whenIdle('Changing the frame', async (s) => {
          // A 0-batch run that switches the mode first (see LabRunParams.frameMode).
          const f = await jobs.labRun({ sessionId: s.id, maxBatches: 0, batchesPerSecond: null, snapshotMs: SNAPSHOT_MS, probe: probeRequest(), focus: lab().focus, frameMode: mode });
          acceptFrame(f, { arrows: null });
        });
        if (wasRunning) startRun();
      },

      setText: (text) => patch({ text, tokens: labTokens(text, lab().session?.index ?? null) }),

      focus: (id) => {
        patch({ focus: id, neighbors: null });
        // While training live, the run's frames list the focused row's neighbours: restart it
        // for the new row. Otherwise ask the worker (it answers between training slices).
        if (runAbort && lab().scrub === null) startRun();
        else void refreshShown(false);
      },

      focusWord: (word) => {
        const s = lab().session;
        if (!s) return false;
        const tokens = labTokens(word, s.index);
        const id = tokens.length === 1 ? tokens[0].id : s.index.get(word.trim().toLowerCase()) ?? UNK_ID;
        if (id <= UNK_ID) return false;
        get().actions.lab.focus(id);
        return true;
      },

      scrub: (index) => {
        const l = lab();
        const i = index === null ? null : Math.max(0, Math.min(l.timeline.entries.length - 1, Math.round(index)));
        patch({ scrub: i, ...(i === null ? { scrubTable: null } : {}) });
        void refreshShown(i !== null);
      },

      setProbe: (p) => {
        patch({
          ...(p.text !== undefined ? { probeText: p.text } : {}),
          ...(p.target !== undefined ? { probeTarget: p.target } : {}),
          ...(p.wrong !== undefined ? { probeWrong: p.wrong } : {}),
          arrows: null,
        });
        if (runAbort) startRun();
        else if (lab().phase === 'ready') void refreshProbe();
      },

      trainExample: async () => {
        await whenIdle('The example update', async (s) => {
          const req = probeRequest();
          if (!req) return;
          if (req.target <= UNK_ID) {
            patch({ error: `"${lab().probeTarget}" is not in the vocabulary, so there is nothing to pull toward the context.` });
            return;
          }
          const ex = await jobs.labExample(s.id, req, lab().focus);
          acceptFrame(ex.frame, {
            probe: ex.after,
            probeBefore: ex.before,
            arrows: { source: 'example', moves: ex.moves, context: req.context.filter((c) => c > UNK_ID), frameVersion: ex.frame.frameVersion },
            scrub: null,
            scrubTable: null,
          });
        });
      },

      openInExplore: () => {
        const { session, frame } = lab();
        if (!session || !frame) return;
        const model = session.config.model === 'tied' ? 'tied next-token' : 'skip-gram';
        get().actions.ui.setView('explore');
        // The table goes from the train worker to the data worker; Explore gets what it draws.
        void jobs.labToExplore(session.id, `Lab: ${session.corpus.name}, ${model}`).then(
          (ds) => get().actions.data.show(ds),
          (e: unknown) => get().actions.ui.notify('error', `Opening the trained table in Explore failed: ${errorText(e)}`),
        );
      },

      exportFiles: (kind) => {
        const { session, frame } = lab();
        return session && frame ? labExportFiles(session, frame, kind) : [];
      },

      dismissMessage: () => patch({ error: null, info: null }),

      configure: async (next) => {
        if (next.speed !== undefined) get().actions.lab.setSpeed(next.speed);
        const cfg = next.config ?? config;
        const choice = next.corpus ?? corpus;
        const changed = JSON.stringify(cfg) !== JSON.stringify(config) || !sameCorpus(choice, corpus);
        if (lab().session && changed) await open(choice, cfg);
        else if (changed) {
          config = cfg;
          corpus = choice;
          patch({ config: cfg, corpus: choice });
        }
        if (next.frameMode !== undefined) {
          if (lab().session) await get().actions.lab.setFrameMode(next.frameMode);
          else patch({ frameMode: next.frameMode });
        }
      },

      resume: async (saved) => {
        patch({ speed: saved.speed });
        await open(saved.corpus, saved.config, null, saved);
        if (lab().session?.config.seed !== saved.config.seed) return; // the open failed
        if (saved.frameMode !== 'pca') await get().actions.lab.setFrameMode(saved.frameMode);
        if (saved.running) get().actions.lab.play();
      },
    },
  };
};
