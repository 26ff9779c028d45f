import { describe, expect, it } from 'vitest';
import { splitDataset, type Dataset } from '../compute/dataset';
import { tableDataset } from '../compute/train/export';
import type { LabFrame, LabFrameMode, LabNeighbor } from '../compute/train/labSession';
import { nearestNeighbors } from '../compute/train/metrics';
import { TEACHING_GROUPS } from '../compute/train/teachingCorpus';
import { SnapshotTables, timelineReframe, type TimelineReframe } from '../compute/train/timeline';
import type { Probe, ProbeRequest } from '../compute/train/probe';
import { fakeJobs as fake } from './testing/fakeJobs';
import type { LabJobs } from './labTypes';
import { createAppStore } from './store';
import type { LabOpenParams, LabRunParams } from '../workers/trainJobs';
import { projectFrame, type Frame2D } from '../compute/train/frame';

const WORDS = ['<unk>', '他', '很', '高兴', '伤心', '开心', 'happy'];
const DIM = 2;
const IDENTITY_FRAME: Frame2D = { dim: DIM, mean: new Float32Array(DIM), basis: Float32Array.from([1, 0, 0, 1]), offset: [0, 0] };
const SWAPPED_FRAME: Frame2D = { dim: DIM, mean: new Float32Array(DIM), basis: Float32Array.from([0, 1, 1, 0]), offset: [3, -3] };

/**
 * A fake train worker: a "table" whose rows drift as steps go by; frames stream every few
 * ms. Like the real worker it keeps the timeline's tables (the real SnapshotTables), lists
 * neighbours itself, and sends the timeline's re-projection after a Re-fit.
 */
function fakeLab(opts: { failOpen?: (p: LabOpenParams) => Error | null } = {}) {
  const calls: string[] = [];
  let sessionId = '';
  let step = 0;
  let frameVersion = 0;
  let frameMode: LabFrameMode = 'pca';
  let lost = false;
  let snapshots = new SnapshotTables(WORDS.length * DIM * 4);
  let reframe: TimelineReframe | null = null;
  const probeOf = (req: ProbeRequest | null): Probe | null =>
    req && {
      kind: 'output-score',
      context: req.context,
      top: [{ id: 3, p: 0.2 + step / 1000, score: 0.2 + step / 1000, rank: 1 }],
      target: { id: req.target, p: 0.2 + step / 1000, score: 0.2 + step / 1000, rank: 1 },
      wrong: { id: req.wrong, p: 0.1, score: 0.1, rank: 2 },
    };
  const table = (): Float32Array => {
    const vectors = new Float32Array(WORDS.length * DIM);
    WORDS.forEach((_, i) => {
      vectors[i * DIM] = Math.cos(i) + step * 0.01 * i;
      vectors[i * DIM + 1] = Math.sin(i);
    });
    vectors.set([vectors[3 * DIM] * 1.01, vectors[3 * DIM + 1] * 0.99], 5 * DIM); // 开心 ≈ 高兴
    return vectors;
  };
  // Frame 0 is the identity; each Re-fit swaps the axes and shifts.
  const frame2d = (): Frame2D => (frameVersion % 2 === 0 ? IDENTITY_FRAME : SWAPPED_FRAME);
  const picture = (vectors: Float32Array): Float32Array => {
    const coords = projectFrame(frame2d(), vectors, WORDS.length);
    // A "nonlinear" frame: the coordinates are not the frame's projection (mirrored here).
    if (frameMode !== 'pca') for (let i = 0; i < coords.length; i += 2) coords[i] = -coords[i];
    return coords;
  };
  const neighborsIn = (vectors: Float32Array, focus: number): LabNeighbor[] | null => {
    if (focus <= 0 || focus >= WORDS.length) return null;
    const nn = nearestNeighbors(vectors, DIM, focus, 5);
    return Array.from(nn.ids, (id, i) => ({ id, sim: nn.sims[i] }));
  };
  const frame = (probe: ProbeRequest | null = null, focus?: number): LabFrame => {
    const vectors = table();
    const recorded = snapshots.record(step, () => vectors.slice());
    const sent = reframe;
    reframe = null;
    return {
      sessionId, step, epoch: 0, epochs: 10, wordsProcessed: step * 100, loss: 3 / (1 + step), lr: 0.05, progress: step / 1000,
      finished: step >= 1000, dim: DIM, vectors, output: vectors.map((v) => -v), coords: picture(vectors), frameVersion, frameMode, frame: frame2d(),
      touched: Int32Array.of(1, 2), touchedOut: Int32Array.of(3), twinLoss: null, examples: 0, purity: step / 1000, hitRate: 0.5, probe: probeOf(probe),
      movement: { frequent: 1 + step / 100, rare: 0.5, start: 0.05, frequentMinCount: 10, rareMaxCount: 1, pretrained: null, rareWords: 2, rareWordsMaxCount: 1, rareNeighborShare: 0.5, rareChance: 0.1 },
      timeline: { recorded, steps: snapshots.steps(), keepsTables: snapshots.keepsTables },
      neighbors: focus !== undefined ? { focus, list: neighborsIn(vectors, focus) } : null,
      reframe: sent,
    };
  };
  /** The 2D frame changes; the saved pictures follow it (as LabSession plans it). */
  const changeFrame = (change: () => void): void => {
    const before = picture(table());
    change();
    if (frameMode === 'pca') reframe = timelineReframe(snapshots, (t) => projectFrame(frame2d(), t, WORDS.length), before, picture(table()));
  };
  const check = (id: string) => {
    if (lost || id !== sessionId) {
      const e = new Error('The training session is gone');
      e.name = 'SessionLostError';
      throw e;
    }
  };
  const jobs: LabJobs = {
    labOpen: async (p, o) => {
      calls.push(`open ${p.corpus.kind} dim=${p.config.dim} pretrained=${p.pretrainedUrl}`);
      o?.onProgress?.({ stage: 'tokenize', text: 'Tokenizing', fraction: 0.5 });
      const err = opts.failOpen?.(p);
      if (err) throw err;
      sessionId = p.sessionId;
      step = 0;
      frameVersion = 0;
      frameMode = 'pca';
      lost = false;
      snapshots = new SnapshotTables(WORDS.length * DIM * 4);
      const counts = Float64Array.from(WORDS, (_, i) => 10 - i);
      // A resumed session trains to the saved step again, keeping the timeline's steps on the way.
      if (p.resume) {
        calls.push(`resume to ${p.resume.step}`);
        for (const k of p.resume.keep) if (k <= p.resume.step) snapshots.record(k, () => table());
        step = p.resume.step;
      }
      return {
        sessionId, words: WORDS, counts, config: p.config, initCopied: p.config.pretrained ? 1 : 0, copiedIds: p.config.pretrained ? Int32Array.of(6) : new Int32Array(0),
        batchesPerEpoch: 100, kernel: 'wasm', frame: frame(),
        corpus: { name: 'Teaching corpus', sentences: 10, tokens: 100, unkTokens: 0, truncated: false, bilingual: true },
        ...(p.resume ? { resumed: { step, maxDiff: 0 } } : {}),
      };
    },
    labRun: (p: LabRunParams, o) =>
      new Promise((resolve, reject) => {
        calls.push(`run ${p.maxBatches} ${p.batchesPerSecond}${p.frameMode ? ` frame=${p.frameMode}` : ''}`);
        try {
          check(p.sessionId);
        } catch (e) {
          return reject(e);
        }
        if (p.frameMode && p.frameMode !== frameMode) {
          changeFrame(() => {
            frameMode = p.frameMode as LabFrameMode;
            frameVersion++;
          });
        }
        if (p.maxBatches !== null) {
          step += p.maxBatches;
          return resolve(frame(p.probe, p.focus));
        }
        const timer = setInterval(() => {
          step++;
          o?.onFrame?.(frame(p.probe, p.focus));
        }, 3);
        o?.signal?.addEventListener('abort', () => {
          clearInterval(timer);
          const e = new Error('cancelled');
          e.name = 'AbortError';
          reject(e);
        });
      }),
    labRefit: async (id, probe) => {
      check(id);
      changeFrame(() => frameVersion++);
      return frame(probe);
    },
    labProbe: async (id, probe) => {
      check(id);
      calls.push(`probe ${probe.context.join(',')} → ${probe.target} vs ${probe.wrong}`);
      return probeOf(probe) as Probe;
    },
    labExample: async (id, probe, focus) => {
      check(id);
      const before = probeOf(probe) as Probe;
      const after = { ...before, target: { id: probe.target, p: 0.9, score: 0.9, rank: 1 } };
      return { before, after, loss: 1, lr: 0.05, touchedIn: Int32Array.of(1, 2), touchedOut: Int32Array.of(3, 4), frame: frame(probe, focus) };
    },
    labExamples: async ({ sessionId: id, count, startWords, probe, focus }) => {
      check(id);
      calls.push(`examples ${count} from ${startWords.join(',')}`);
      const f = { ...frame(probe, focus), touched: Int32Array.of(1), touchedOut: Int32Array.of(2, 5) };
      const ex = { sentence: 0, at: 0, contextAt: [1], inputs: [1], positive: 2, negatives: [5], before: [0, 0], after: [0.1, -0.1], loss: 1.4 };
      return {
        kind: 'pair', count, examples: [ex], firstSentence: 0, lastSentence: 0, sentenceIds: Int32Array.of(1, 2, 3), touchedIn: Int32Array.of(1), touchedOut: Int32Array.of(2, 5),
        summary: { positiveBefore: 0, positiveAfter: 0.1, negativeBefore: 0, negativeAfter: -0.1 }, lr: 0.05, frame: f,
      };
    },
    labNeighbors: async (id, focus, at) => {
      check(id);
      calls.push(`neighbors ${focus} at ${at}`);
      return neighborsIn((at !== null ? snapshots.table(at) : null) ?? table(), focus);
    },
    labSnapshotTable: async (id, at) => {
      check(id);
      return snapshots.table(at)?.slice() ?? null;
    },
    labToExplore: async (id, label) => {
      check(id);
      calls.push(`to explore ${label}`);
      const full = tableDataset({ words: WORDS, counts: Float64Array.from(WORDS, (_, i) => 10 - i), vectors: table(), dim: DIM, groups: TEACHING_GROUPS }, `lab:${id}:${step}#1`, `${label}, step ${step}`);
      return splitDataset(full).dataset;
    },
  };
  const used = {
    ...jobs,
    pca: async (ds: Dataset) => {
      calls.push(`pca ${ds.id}`);
      return { components: 2, scores: new Float32Array(ds.n * 2), explainedRatio: [0.5, 0.5] };
    },
    releaseDataset: () => undefined,
  };
  // Other slices' jobs (which other features keep adding) fail loudly if ever called here.
  return { jobs: fake(used), calls, loseSession: () => (lost = true), step: () => step, savedTable: (at: number) => snapshots.table(at) };
}

const until = async (cond: () => boolean, ms = 2000): Promise<void> => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
};

describe('lab slice', () => {
  it('labInit opens the teaching corpus, tokenizes the text into IDs and asks for the probe', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    const { lab } = store.getState();
    expect(lab.phase).toBe('ready');
    expect(lab.session?.words).toEqual(WORDS);
    expect(lab.tokens.map((t) => [t.text, t.id])).toEqual([['他', 1], ['很', 2], ['高兴', 3]]);
    expect(lab.frame?.step).toBe(0);
    expect(lab.focus).toBe(3); // 高兴
    expect(lab.neighbors?.[0].id).toBe(5); // 开心, listed by the worker
    expect(lab.probe?.target?.id).toBe(3);
    expect(f.calls).toEqual(['open teaching dim=32 pretrained=null', 'probe 1,2 → 3 vs 4', 'neighbors 3 at null']);
  });

  it('unknown words map to <unk> (ID 0)', async () => {
    const store = createAppStore(fakeLab().jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.lab.setText('他 zebra');
    expect(store.getState().lab.tokens.map((t) => t.id)).toEqual([1, 0]);
  });

  it('Play streams frames (loss curve, timeline), Pause cancels and reads the paused state', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.lab.play();
    expect(store.getState().lab.phase).toBe('running');
    await until(() => (store.getState().lab.frame?.step ?? 0) >= 5);
    await store.getState().actions.lab.pause();
    const { lab } = store.getState();
    expect(lab.phase).toBe('ready');
    expect(lab.losses.steps.length).toBeGreaterThan(3);
    expect(lab.losses.losses[lab.losses.losses.length - 1]).toBeLessThan(lab.losses.losses[0]);
    expect(lab.timeline.entries.length).toBeGreaterThan(3);
    expect(lab.frame?.step).toBe(f.step());
    expect(f.calls.filter((c) => c.startsWith('run'))).toEqual(['run null 40', 'run 0 null']);
    // Every frame of the run was counted (how much of the run a learner saw).
    expect(lab.runFrames).toBeGreaterThan(3);
  });

  it('Step trains one batch, keeps the probe from before the step, and outlines the rows the batch changed in each table', async () => {
    const store = createAppStore(fakeLab().jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.step();
    const { lab } = store.getState();
    expect(lab.frame?.step).toBe(1);
    expect(lab.probeBefore?.target?.p).toBeCloseTo(0.2);
    expect(lab.probe?.target?.p).toBeCloseTo(0.201);
    expect(lab.outline?.source).toBe('step');
    expect([...lab.outline!.rowsIn]).toEqual([1, 2]);
    expect([...lab.outline!.rowsOut]).toEqual([3]);
    expect(lab.phase).toBe('ready');
  });

  it('Next pair trains examples from the probe\'s words, keeps their report and outlines exactly the rows the worker listed', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.trainExamples(1);
    const { lab } = store.getState();
    expect(f.calls).toContain('examples 1 from 1,2,3');
    expect(lab.examples?.count).toBe(1);
    expect(lab.examples?.examples[0].positive).toBe(2);
    expect(lab.outline?.source).toBe('examples');
    expect([...lab.outline!.rowsIn]).toEqual([1]);
    expect([...lab.outline!.rowsOut]).toEqual([2, 5]);
    expect(lab.phase).toBe('ready');
    // Play clears the outline: a running batch's rows flash instead.
    store.getState().actions.lab.play();
    expect(store.getState().lab.outline).toBeNull();
    await store.getState().actions.lab.pause();
  });

  it('changing the speed while playing restarts the run at the new rate', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.lab.play();
    store.getState().actions.lab.setSpeed(0);
    expect(store.getState().lab.phase).toBe('running');
    await store.getState().actions.lab.pause();
    expect(f.calls.filter((c) => c.startsWith('run'))).toEqual(['run null 40', 'run null null', 'run 0 null']);
  });

  it('Reset opens a fresh session from the seed: step 0, empty loss curve', async () => {
    const store = createAppStore(fakeLab().jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.step();
    await store.getState().actions.lab.step();
    const first = store.getState().lab.session?.id;
    await store.getState().actions.lab.reset();
    const { lab } = store.getState();
    expect(lab.session?.id).not.toBe(first);
    expect(lab.frame?.step).toBe(0);
    expect(lab.losses.steps).toEqual([0]); // only the fresh session's first frame
  });

  it('a lost session (worker restarted) is reopened from the seed with a clear message', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    f.loseSession();
    await store.getState().actions.lab.step();
    const { lab } = store.getState();
    expect(lab.info).toEqual([{ kind: 'restarted' }]);
    expect(lab.frame?.step).toBe(0);
    expect(lab.phase).toBe('ready');
  });

  it('a file that cannot be opened leaves the previous session loaded and says why', async () => {
    const problem = new Error(JSON.stringify({ code: 'notText', name: 'photo.png' }));
    problem.name = 'LabProblemError';
    const f = fakeLab({ failOpen: (p) => (p.corpus.kind === 'file' ? problem : null) });
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.setCorpus({ kind: 'file', file: new Blob(['x']), name: 'photo.png' });
    const { lab } = store.getState();
    // The problem arrives as data (the lab writes it in the interface's language), and the old session stays.
    expect(lab.error).toMatchObject({ kind: 'openFailed', corpus: { kind: 'named', name: 'photo.png' }, problem: { code: 'notText', name: 'photo.png' }, kept: true });
    expect(lab.session?.corpusChoice.kind).toBe('teaching');
    expect(lab.phase).toBe('ready');
  });

  it('pretrained initialisation asks for 100-d GloVe rows and keeps which rows were copied', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.applyConfig({ ...store.getState().lab.session!.config, pretrained: true });
    expect(f.calls).toContain('open teaching dim=100 pretrained=data/glove-10k.sprout');
    expect(store.getState().lab.session?.initCopied).toBe(1);
    expect([...store.getState().lab.session!.copiedIds]).toEqual([6]);
  });

  it('the example update shows the probe before and after and outlines the rows it changed', async () => {
    const store = createAppStore(fakeLab().jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.trainExample();
    const { lab } = store.getState();
    expect(lab.probeBefore?.target?.p).toBeCloseTo(0.2);
    expect(lab.probe?.target?.p).toBe(0.9);
    expect(lab.outline?.source).toBe('probe');
    expect([...lab.outline!.rowsIn]).toEqual([1, 2]);
    expect([...lab.outline!.rowsOut]).toEqual([3, 4]);
  });

  it('a hovered row (from the map, a token or the tables) is shared by every view without asking the worker, and a new session forgets it', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    const calls = f.calls.length;
    store.getState().actions.lab.hover(4);
    expect(store.getState().lab.hovered).toBe(4);
    expect(f.calls).toHaveLength(calls);
    await store.getState().actions.lab.reset();
    expect(store.getState().lab.hovered).toBe(-1);
  });

  it('focus by word lists neighbours (from the worker); an unknown word is refused', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    expect(store.getState().actions.lab.focusWord('zebra')).toBe(false);
    expect(store.getState().actions.lab.focusWord('他')).toBe(true);
    expect(store.getState().lab.focus).toBe(1);
    await until(() => store.getState().lab.neighbors !== null);
    const ids = store.getState().lab.neighbors!.map((n) => n.id);
    expect(ids).toHaveLength(5);
    expect(ids).not.toContain(1);
    expect(f.calls.at(-1)).toBe('neighbors 1 at null');
  });

  it('while playing, a new focus restarts the run so its frames list the new row’s neighbours', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.lab.play();
    await until(() => (store.getState().lab.frame?.step ?? 0) >= 2);
    store.getState().actions.lab.focus(1);
    await until(() => store.getState().lab.neighbors !== null && (store.getState().lab.frame?.step ?? 0) >= 5);
    expect(store.getState().lab.neighbors!.map((n) => n.id)).not.toContain(1);
    expect(f.calls.filter((c) => c.startsWith('run'))).toEqual(['run null 40', 'run null 40']);
    await store.getState().actions.lab.pause();
  });

  it('scrubbing replays a saved snapshot; null returns to live', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    for (let i = 0; i < 3; i++) await store.getState().actions.lab.step();
    store.getState().actions.lab.scrub(0);
    expect(store.getState().lab.scrub).toBe(0);
    expect(store.getState().lab.timeline.entries[0].step).toBe(0);
    // The heatmap replays the table the worker saved at that step; neighbours are listed in it.
    await until(() => store.getState().lab.scrubTable !== null);
    expect([...store.getState().lab.scrubTable!]).toEqual([...f.savedTable(0)!]);
    expect(f.calls.at(-1)).toBe('neighbors 3 at 0');
    store.getState().actions.lab.play();
    expect(store.getState().lab.scrub).toBeNull();
    expect(store.getState().lab.scrubTable).toBeNull();
    await store.getState().actions.lab.pause();
  });

  it('after a Re-fit, saved snapshots are shown in the new frame (no jump when scrubbing back)', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    for (let i = 0; i < 3; i++) await store.getState().actions.lab.step();
    const first = store.getState().lab.timeline.entries[0];
    const table0 = f.savedTable(first.step) as Float32Array;
    expect([...first.coords]).toEqual([...projectFrame(IDENTITY_FRAME, table0, WORDS.length)]);
    await store.getState().actions.lab.refit();
    const reframed = store.getState().lab.timeline.entries[0];
    expect(reframed.step).toBe(first.step);
    expect([...reframed.coords]).toEqual([...projectFrame(SWAPPED_FRAME, table0, WORDS.length)]);
  });

  it('labSetFrameMode switches the worker frame: a new frame version, saved snapshots kept as drawn, no Step arrows', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.step();
    const before = store.getState().lab;
    const saved = [...before.timeline.entries[0].coords];
    await store.getState().actions.lab.setFrameMode('umap');
    const { lab } = store.getState();
    expect(lab.frameMode).toBe('umap');
    expect(lab.frame?.frameMode).toBe('umap');
    expect(lab.frame?.frameVersion).toBe((before.frame?.frameVersion ?? 0) + 1);
    expect(lab.phase).toBe('ready');
    expect(f.calls.filter((c) => c.startsWith('run'))).toEqual(['run 1 null', 'run 0 null frame=umap']);
    // A nonlinear frame is no linear map: old snapshots are not re-projected through `frame`.
    expect([...lab.timeline.entries[0].coords]).toEqual(saved);
    await store.getState().actions.lab.step();
    // The same mode again does nothing; back to PCA re-projects the snapshots through the PCA frame.
    await store.getState().actions.lab.setFrameMode('umap');
    expect(f.calls.filter((c) => c.includes('frame='))).toHaveLength(1);
    await store.getState().actions.lab.setFrameMode('pca');
    const back = store.getState().lab;
    expect(back.frameMode).toBe('pca');
    const table0 = f.savedTable(back.timeline.entries[0].step) as Float32Array;
    expect([...back.timeline.entries[0].coords]).toEqual([...projectFrame(back.frame?.frame ?? IDENTITY_FRAME, table0, WORDS.length)]);
  });

  it('labSetFrameMode while playing restarts the run afterwards', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.lab.play();
    await store.getState().actions.lab.setFrameMode('tsne');
    expect(store.getState().lab.phase).toBe('running');
    expect(store.getState().lab.frameMode).toBe('tsne');
    await store.getState().actions.lab.pause();
    expect(f.calls.filter((c) => c.startsWith('run'))).toEqual(['run null 40', 'run 0 null', 'run 0 null frame=tsne', 'run null 40', 'run 0 null']);
  });

  it('Open in Explore shows the table as a cosine dataset with a group column, in the Explore view', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.ui.setView('lab');
    store.getState().actions.lab.openInExplore();
    await until(() => store.getState().explore.layout !== null);
    const s = store.getState();
    expect(s.ui.view).toBe('explore');
    expect(f.calls).toContain('to explore Lab: Teaching corpus, skipgram');
    expect(s.data.dataset?.labels).toEqual(WORDS.slice(1));
    expect(s.data.dataset?.metric).toBe('cosine');
    expect(s.data.dataset && 'vectors' in s.data.dataset).toBe(false);
    expect(s.explore.colorBy).toBe('group');
  });

  it('exports projector TSV + metadata and word2vec text', async () => {
    const store = createAppStore(fakeLab().jobs);
    await store.getState().actions.lab.init();
    const projector = store.getState().actions.lab.exportFiles('projector');
    expect(projector.map((p) => p.name)).toEqual(['sprout-skipgram-2d-step0-vectors.tsv', 'sprout-skipgram-2d-step0-metadata.tsv']);
    expect(projector[1].parts.join('').split('\n')[0]).toBe('word\tcount\tgroup');
    const w2v = store.getState().actions.lab.exportFiles('word2vec');
    expect(w2v[0].parts[0]).toBe('6 2\n');
  });

  it('a lesson step puts the lab in its state: the tied model with its own settings, its text and probe, its panels hidden', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.openLesson('tied');
    const { lab } = store.getState();
    expect(lab.lesson).toBe('tied');
    expect(lab.session?.config).toMatchObject({ model: 'tied', window: 2, lr: 0.1, batchWords: 200 });
    expect(lab.hidden).toContain('corpus');
    expect([lab.probeText, lab.probeTarget, lab.probeWrong]).toEqual(['他很', '高兴', '伤心']);
    store.getState().actions.lab.showAllPanels();
    expect(store.getState().lab.hidden).toEqual([]);
  });

  it('moving between lesson steps with the same settings keeps the session (and its training)', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.step();
    const id = store.getState().lab.session?.id;
    await store.getState().actions.lab.openLesson('one-update');
    await store.getState().actions.lab.openLesson('training');
    expect(store.getState().lab.session?.id).toBe(id);
    expect(store.getState().lab.frame?.step).toBe(1);
    expect(store.getState().lab.lesson).toBe('training');
  });

  it('a link read before the lab opens decides the first session it opens', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.applyUrlState({ lesson: 'freeze' });
    expect(store.getState().lab.session).toBeNull();
    await store.getState().actions.lab.init();
    expect(f.calls[0]).toBe('open teaching dim=100 pretrained=data/glove-10k.sprout');
    expect(store.getState().lab.session?.config).toMatchObject({ freeze: true, pretrained: true });
    expect(store.getState().lab.hidden).toContain('export');
  });

  it('invalid parameters are refused with a message and the session stays', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    const id = store.getState().lab.session?.id;
    await store.getState().actions.lab.applyConfig({ ...store.getState().lab.session!.config, lr: Number.NaN });
    expect(store.getState().lab.error).toMatchObject({ kind: 'badParams', detail: expect.stringMatching(/^learning rate/) });
    expect(store.getState().lab.session?.id).toBe(id);
  });
});

describe('lab slice: settings from a link, a run resumed after a reload', () => {
  it('settings given before the lab is first shown wait for it, and the first session opens with them', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    const config = { ...store.getState().lab.config, dim: 8, seed: 3 };
    await store.getState().actions.lab.configure({ config, corpus: { kind: 'sotu' }, speed: 5, frameMode: 'umap' });
    expect(f.calls).toEqual([]);
    expect(store.getState().lab).toMatchObject({ config, corpus: { kind: 'sotu' }, speed: 5, frameMode: 'umap' });
    await store.getState().actions.lab.init();
    expect(f.calls.slice(0, 1)).toEqual(['open sotu dim=8 pretrained=null']);
    expect(f.calls).toContain('run 0 null frame=umap');
    expect(store.getState().lab.session?.config.seed).toBe(3);
  });

  it('changed settings with a session open open a fresh one; the same settings leave it alone', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    const first = store.getState().lab.session?.id;
    await store.getState().actions.lab.configure({ config: store.getState().lab.config });
    expect(store.getState().lab.session?.id).toBe(first);
    await store.getState().actions.lab.configure({ config: { ...store.getState().lab.config, dim: 4 } });
    expect(store.getState().lab.session?.id).not.toBe(first);
    expect(f.calls.filter((c) => c.startsWith('open'))).toEqual(['open teaching dim=32 pretrained=null', 'open teaching dim=4 pretrained=null']);
  });

  it('resume re-creates the run at its saved step with its loss curve and timeline, says so, and plays on', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.lab.play();
    await until(() => (store.getState().lab.frame?.step ?? 0) >= 12);
    await store.getState().actions.lab.pause();
    const before = store.getState().lab;
    const saved = {
      config: before.config,
      corpus: before.corpus,
      step: before.frame?.step ?? 0,
      table: before.frame?.vectors ?? null,
      running: true,
      speed: 7,
      frameMode: 'pca' as const,
      losses: before.losses,
      timeline: before.timeline.entries,
    };

    const g = fakeLab();
    const reloaded = createAppStore(g.jobs);
    await reloaded.getState().actions.lab.resume(saved);
    expect(g.calls[0]).toBe('open teaching dim=32 pretrained=null');
    expect(g.calls[1]).toBe(`resume to ${saved.step}`);
    const lab = reloaded.getState().lab;
    expect(lab.speed).toBe(7);
    expect(lab.phase).toBe('running');
    expect(lab.info).toContainEqual(expect.objectContaining({ kind: 'resumed', step: saved.step }));
    expect(lab.timeline.entries.map((e) => e.step)).toEqual(expect.arrayContaining(saved.timeline.map((e) => e.step)));
    expect(lab.losses.steps.slice(0, saved.losses.steps.length)).toEqual(saved.losses.steps);
    await until(() => (reloaded.getState().lab.frame?.step ?? 0) > saved.step);
    await reloaded.getState().actions.lab.pause();
  });
});
