import { normalizeConfig, type LabConfig } from '../compute/train/labSession';
import { UNK_ID } from '../compute/train/vocab';
import type { SliceCreator } from './appState';
import { errorText } from './errors';
import { createLabCore } from './labCore';
import { LESSONS, type LabUrlState } from './labLessons';
import { configFrom, labExportFiles, labTokens, sameCorpus } from './labModel';
import { EN_PROBE, initialLabData, ZH_PROBE, type LabActions, type LabCorpusChoice, type LabData, type ProbeTexts } from './labTypes';

/**
 * The training lab's slice: its actions, on the engine in labCore.ts (sessions, the run
 * job, frames). This slice holds what the lab shows: the session's vocabulary, the
 * latest frame (tables, 2D coordinates, loss, metrics, probe), the loss curves and the
 * pictures of the saved snapshots, the typed tokens, the neighbour list, the last
 * single update's rows, and the guided lesson's step. Its settings are plain data and
 * travel in a link (labUrl.ts, applyUrlState).
 */
export const createLabSlice: SliceCreator<'lab', LabActions> = ({ jobs, get, data: lab, patch }) => {
  const core = createLabCore({ jobs, data: lab, patch });

  const sameConfig = (a: LabConfig, b: LabConfig): boolean => JSON.stringify(normalizeConfig(a)) === JSON.stringify(normalizeConfig(b));

  /** The view settings of a lesson or link (text, probe, speed, scale, hidden panels), applied at once. */
  const applyViewSettings = (s: LabUrlState): void => {
    const probe: Partial<ProbeTexts> = s.probe ? { probeText: s.probe.text, probeTarget: s.probe.target, probeWrong: s.probe.wrong } : {};
    patch((d) => ({
      ...(s.text !== undefined ? { text: s.text, tokens: labTokens(s.text, d.session?.index ?? null) } : {}),
      ...probe,
      ...(s.speed !== undefined ? { speed: Math.max(0, s.speed) } : {}),
      ...(s.heatScale ? { heatScale: s.heatScale } : {}),
      hidden: s.hide ?? [],
      lesson: s.lesson ?? null,
    }));
  };

  /** Puts the lab in the state `s` describes: a new session only when its config or corpus differ. */
  const applySettings = async (s: LabUrlState): Promise<void> => {
    const lesson = s.lesson ? LESSONS[s.lesson].settings : {};
    const merged: LabUrlState = { ...lesson, ...s, config: { ...lesson.config, ...s.config } };
    applyViewSettings(merged);
    const cfg = configFrom(merged.config ?? {});
    const corpus: LabCorpusChoice = merged.corpus ? { kind: merged.corpus } : core.corpus;
    const l = lab();
    const fresh = !l.session || !sameConfig(cfg, l.session.config) || corpus.kind !== l.session.corpusChoice.kind || corpus.kind === 'file' || corpus.kind === 'text';
    if (fresh && l.phase === 'idle') {
      // Not open yet: init() opens with these.
      core.config = cfg;
      core.corpus = corpus;
      core.pendingFocus = merged.focus ?? null;
      patch({ config: cfg, corpus });
      return;
    }
    if (fresh) {
      core.pendingFocus = merged.focus ?? null;
      await core.open(corpus, cfg);
    } else {
      if (core.isRunning()) core.startRun(); // the new speed
      if (merged.focus) get().actions.lab.focusWord(merged.focus);
      void core.refreshProbe();
    }
    if (merged.frameMode && lab().session) await actions.setFrameMode(merged.frameMode);
  };

  const actions: LabActions = {
    init: async () => {
      if (lab().session || lab().phase === 'opening') return;
      const frameMode = lab().frameMode; // a link may ask for a UMAP / t-SNE frame before the lab opens
      await core.open(core.corpus, core.config);
      if (frameMode !== 'pca') await actions.setFrameMode(frameMode);
    },
    setCorpus: (choice) => {
      // The default probe follows the corpus's language (a probe the user wrote stays).
      const l = lab();
      const isDefault = (p: ProbeTexts): boolean => l.probeText === p.probeText && l.probeTarget === p.probeTarget && l.probeWrong === p.probeWrong;
      if (choice.kind === 'sotu' && isDefault(ZH_PROBE)) patch(EN_PROBE);
      if (choice.kind === 'teaching' && isDefault(EN_PROBE)) patch(ZH_PROBE);
      // State of the Union has 25,000 words seen once or twice; min-count 5 keeps ~12,000 rows.
      if (choice.kind === 'sotu' && core.config.minCount < 5) return core.open(choice, { ...core.config, minCount: 5 }, [{ kind: 'minCountRaised' }]);
      return core.open(choice, core.config);
    },
    applyConfig: async (cfg) => {
      try {
        normalizeConfig(cfg);
      } catch (e) {
        patch({ error: { kind: 'badParams', detail: errorText(e) } });
        return;
      }
      await core.open(core.corpus, cfg);
    },
    reset: () => core.open(core.corpus, core.config),

    play: () => {
      const l = lab();
      if (!l.session || l.phase === 'opening' || core.isRunning()) return;
      if (l.frame?.finished) {
        patch({ info: [{ kind: 'alreadyFinished', epochs: l.frame.epochs }] });
        return;
      }
      core.startRun();
    },
    pause: () => core.pause(),

    step: async () => {
      await core.whenIdle('step', async (s) => {
        const before = lab().probe;
        const f = await jobs.labRun({ sessionId: s.id, maxBatches: 1, batchesPerSecond: null, snapshotMs: 100, probe: core.probeRequest(), focus: lab().focus });
        core.acceptFrame(f, { probeBefore: before, outline: { source: 'step', rowsIn: f.touched, rowsOut: f.touchedOut }, scrub: null, scrubTable: null });
      });
    },

    trainExamples: async (count) => {
      await core.whenIdle('examples', async (s) => {
        const req = core.probeRequest();
        const startWords = req ? [...req.context.filter((c) => c > UNK_ID), ...(req.target > UNK_ID ? [req.target] : [])] : [];
        const before = lab().probe;
        const { frame, ...report } = await jobs.labExamples({ sessionId: s.id, count, startWords, probe: req, focus: lab().focus });
        core.acceptFrame(frame, { examples: report, probeBefore: before, outline: { source: 'examples', rowsIn: frame.touched, rowsOut: frame.touchedOut }, scrub: null, scrubTable: null });
      });
    },

    setSpeed: (speed) => {
      const v = Math.max(0, Number.isFinite(speed) ? speed : 0);
      if (v === lab().speed) return;
      patch({ speed: v });
      if (core.isRunning()) core.startRun();
    },

    refit: async () => {
      const wasRunning = core.isRunning();
      await core.whenIdle('refit', async (s) => core.acceptFrame(await jobs.labRefit(s.id, core.probeRequest())));
      if (wasRunning) core.startRun();
    },

    setFrameMode: async (mode) => {
      const l = lab();
      if (!l.session || l.phase === 'opening' || mode === l.frameMode) return;
      const wasRunning = core.isRunning();
      await core.whenIdle('frame', async (s) => {
        // A 0-batch run that switches the mode first (see LabRunParams.frameMode).
        core.acceptFrame(await jobs.labRun({ sessionId: s.id, maxBatches: 0, batchesPerSecond: null, snapshotMs: 100, probe: core.probeRequest(), focus: lab().focus, frameMode: mode }));
      });
      if (wasRunning) core.startRun();
    },

    setText: (text) => patch({ text, tokens: labTokens(text, lab().session?.index ?? null) }),

    focus: (id) => {
      patch({ focus: id, neighbors: null });
      // While training live, the run's frames list the focused row's neighbours: restart it
      // for the new row. Otherwise ask the worker (it answers between training slices).
      if (core.isRunning() && lab().scrub === null) core.startRun();
      else void core.refreshShown(false);
    },

    hover: (id) => {
      if (id !== lab().hovered) patch({ hovered: id });
    },

    focusWord: (word) => {
      const s = lab().session;
      if (!s) return false;
      const tokens = labTokens(word, s.index);
      const id = s.index.get(word.trim()) ?? (tokens.length === 1 ? tokens[0].id : (s.index.get(word.trim().toLowerCase()) ?? UNK_ID));
      if (id <= UNK_ID) return false;
      get().actions.lab.focus(id);
      return true;
    },

    scrub: (index) => {
      const l = lab();
      const i = index === null ? null : Math.max(0, Math.min(l.timeline.entries.length - 1, Math.round(index)));
      patch({ scrub: i, ...(i === null ? { scrubTable: null } : {}) });
      void core.refreshShown(i !== null);
    },

    setProbe: (p) => {
      patch({
        ...(p.text !== undefined ? { probeText: p.text } : {}),
        ...(p.target !== undefined ? { probeTarget: p.target } : {}),
        ...(p.wrong !== undefined ? { probeWrong: p.wrong } : {}),
        outline: null,
      });
      if (core.isRunning()) core.startRun();
      else if (lab().phase === 'ready') void core.refreshProbe();
    },

    trainExample: async () => {
      await core.whenIdle('example', async (s) => {
        const req = core.probeRequest();
        if (!req) return;
        if (req.target <= UNK_ID) {
          patch({ error: { kind: 'notInVocab', word: lab().probeTarget } });
          return;
        }
        const ex = await jobs.labExample(s.id, req, lab().focus);
        core.acceptFrame(ex.frame, { probe: ex.after, probeBefore: ex.before, outline: { source: 'probe', rowsIn: ex.touchedIn, rowsOut: ex.touchedOut }, scrub: null, scrubTable: null });
      });
    },

    setHeatScale: (heatScale) => patch({ heatScale }),

    openLesson: (id) => applySettings({ lesson: id }),
    applyUrlState: (state) => applySettings(state),
    showAllPanels: () => patch({ hidden: [] }),

    openInExplore: () => {
      const { session, frame } = lab();
      if (!session || !frame) return;
      get().actions.ui.setView('explore');
      // The table goes from the train worker to the data worker; Explore gets what it draws.
      void jobs.labToExplore(session.id, `Lab: ${session.corpus.name}, ${session.config.model}`).then(
        (ds) => get().actions.data.show(ds),
        (e: unknown) => get().actions.ui.notify('error', `Opening the trained table in Explore failed: ${errorText(e)}`),
      );
    },

    exportFiles: (kind) => {
      const { session, frame } = lab();
      return session && frame ? labExportFiles(session, frame, kind) : [];
    },

    dismissMessage: () => patch({ error: null, info: [] }),

    configure: async (next) => {
      if (next.speed !== undefined) actions.setSpeed(next.speed);
      const cfg = next.config ?? core.config;
      const choice = next.corpus ?? core.corpus;
      const changed = !sameConfig(cfg, core.config) || !sameCorpus(choice, core.corpus);
      if (lab().session && changed) await core.open(choice, cfg);
      else if (changed) {
        core.config = cfg;
        core.corpus = choice;
        patch({ config: cfg, corpus: choice });
      }
      if (next.frameMode !== undefined) {
        if (lab().session) await actions.setFrameMode(next.frameMode);
        else patch({ frameMode: next.frameMode });
      }
    },

    resume: async (saved) => {
      patch({ speed: saved.speed });
      await core.open(saved.corpus, saved.config, [], saved);
      if (lab().session?.config.seed !== saved.config.seed) return; // the open failed
      if (saved.frameMode !== 'pca') await actions.setFrameMode(saved.frameMode);
      if (saved.running) actions.play();
    },
  };
  return { initial: initialLabData satisfies LabData, actions };
};
