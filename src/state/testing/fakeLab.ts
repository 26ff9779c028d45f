/**
 * The lab slice's test double (lab.test.ts, labLinks.test.ts): a fake train worker and the
 * store over it, and a wait for a condition.
 */
import { splitDataset, type Dataset } from '../../compute/dataset';
import { tableDataset } from '../../compute/train/export';
import type { LabFrame, LabFrameMode, LabNeighbor } from '../../compute/train/labSession';
import { nearestNeighbors } from '../../compute/train/metrics';
import { TEACHING_GROUPS } from '../../compute/train/teachingCorpus';
import { SnapshotTables, timelineReframe, type TimelineReframe } from '../../compute/train/timeline';
import type { Probe, ProbeRequest } from '../../compute/train/probe';
import { fakeJobs as fake } from './fakeJobs';
import type { LabJobs } from '../labTypes';
import type { LabOpenParams, LabRunParams } from '../../workers/trainJobs';
import { projectFrame, type Frame2D } from '../../compute/train/frame';

export const WORDS = ['<unk>', '他', '很', '高兴', '伤心', '开心', 'happy'];
const DIM = 2;
export const IDENTITY_FRAME: Frame2D = { dim: DIM, mean: new Float32Array(DIM), basis: Float32Array.from([1, 0, 0, 1]), offset: [0, 0] };
export const SWAPPED_FRAME: Frame2D = { dim: DIM, mean: new Float32Array(DIM), basis: Float32Array.from([0, 1, 1, 0]), offset: [3, -3] };

/**
 * A fake train worker: a "table" whose rows drift as steps go by; frames stream every few
 * ms. Like the real worker it keeps the timeline's tables (the real SnapshotTables), lists
 * neighbours itself, and sends the timeline's re-projection after a Re-fit.
 */
export function fakeLab(opts: { failOpen?: (p: LabOpenParams) => Error | null } = {}) {
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

export const until = async (cond: () => boolean, ms = 2000): Promise<void> => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 2));
  }
};
