/**
 * The training lab's session: one model (skip-gram or the tied next-token model) on one
 * prepared corpus, plus everything the lab shows about it — a stable 2D frame, the rows
 * touched since the last frame (the heatmap's flashes), group purity and translation
 * hits, and the "他很[ ]" probe. Pure: the train worker keeps one of these in its module
 * state and streams `frame()`s; Node tests drive the same object.
 */
import type { Steppable } from '../task';
import { fitFrame, projectFrame, projectPoint, type Frame2D } from './frame';
import { createNonlinearFrame, nonlinearFrameLimit, type NonlinearMethod } from './nonlinearFrame';
import { frequencyBands, meanCosineToStart, meanRowLength, type FrequencyBands } from './movement';
import type { PreparedCorpus } from './encode';
import { groupPurity, nearestNeighbors, translationHitRate } from './metrics';
import {
  skipGramExampleUpdate,
  skipGramScores,
  summarizeDistribution,
  tiedExampleUpdate,
  tiedNextToken,
  type Probe,
  type ProbeRequest,
} from './probe';
import { createSkipGram } from './skipgram';
import type { PretrainedVectors, SkipGramTrainer } from './skipgramTypes';
import type { TranslationPair, WordGroup } from './teachingCorpus';
import { tiedKernelSupported } from './tiedKernel';
import { createTiedLm, type TiedLmTrainer } from './tiedlm';
import { SnapshotTables, timelineReframe, type TimelineReframe } from './timeline';
import { UNK_ID, type Vocab } from './vocab';
import {
  LAB_FRAME_MODES,
  LAB_NEIGHBORS,
  normalizeConfig,
  TIED_MAX_VOCAB,
  TIED_MAX_VOCAB_JS,
  type FrameOptions,
  type LabConfig,
  type LabExample,
  type LabFrame,
  type LabFrameMode,
  type LabMovement,
  type LabNeighbor,
  type LabSession,
  type LabSessionOptions,
} from './labSessionTypes';

// The session's types, config and checks live in labSessionTypes.ts; importers keep using this module.
export * from './labSessionTypes';

export function createLabSession(id: string, prepared: PreparedCorpus, config: LabConfig, opts: LabSessionOptions = {}): LabSession {
  return new Session(id, prepared, normalizeConfig(config), opts);
}

class Session implements LabSession {
  readonly vocab: Vocab;
  readonly config: LabConfig;
  readonly dim: number;
  readonly initCopied: number;
  readonly kernel: 'wasm' | 'js';
  private readonly sg: SkipGramTrainer | null;
  private readonly lm: TiedLmTrainer | null;
  private readonly table: Float32Array;
  private readonly V: number;
  private readonly groups: readonly WordGroup[];
  private readonly pairs: readonly TranslationPair[];
  private frame2d: Frame2D;
  private frameVersion = 0;
  private mode: LabFrameMode = 'pca';
  /** The nonlinear picture (V × 2) while mode is not 'pca'. */
  private layout: Float32Array | null = null;
  private layoutTask: Steppable<null, Float32Array> | null = null;
  /** The running task is a full fit (the frame has no picture of its own before it ends). */
  private layoutFull = false;
  /** The table changed since the last layout started. */
  private dirty = false;
  private nBatches = 0;
  private readonly mark: Uint8Array;
  private touched: number[] = [];
  private purity: number | null = null;
  private hitRate: number | null = null;
  /** The table at step 0 (after any pretrained rows were copied), and the rows to compare. */
  private readonly start: Float32Array;
  private readonly bands: FrequencyBands;
  private readonly copiedIds: Int32Array;
  private readonly startLength: number;
  private readonly groupWords: number;
  /** The timeline's kept steps and their tables. */
  private readonly snapshots: SnapshotTables;
  /** How the saved pictures move into the PCA frame just adopted (sent with the next frame). */
  private reframe: TimelineReframe | null = null;

  constructor(
    readonly id: string,
    prepared: PreparedCorpus,
    config: LabConfig,
    opts: LabSessionOptions,
  ) {
    const { vocab, corpus } = prepared;
    this.vocab = vocab;
    this.config = config;
    this.dim = config.dim;
    this.V = vocab.words.length;
    if (opts.init && opts.init.dim !== config.dim) throw new Error(`pretrained vectors are ${opts.init.dim}-d; the model is ${config.dim}-d`);
    if (config.model === 'skipgram') {
      this.sg = createSkipGram(corpus, vocab, {
        dim: config.dim,
        window: config.window,
        negative: config.negative,
        lr: config.lr,
        epochs: config.epochs,
        seed: config.seed,
        batchWords: config.batchWords,
        freeze: config.freeze,
        init: opts.init,
      });
      this.lm = null;
      this.table = this.sg.input;
      this.initCopied = this.sg.initCopied.length;
      this.copiedIds = this.sg.initCopied;
      this.kernel = this.sg.kernel;
    } else {
      const limit = tiedKernelSupported(config.dim) ? TIED_MAX_VOCAB : TIED_MAX_VOCAB_JS;
      if (this.V > limit) {
        throw new Error(
          `The tied model scores all ${this.V.toLocaleString('en')} words for every token; above ${limit.toLocaleString('en')} it is too slow to watch. Raise min-count or use skip-gram.`,
        );
      }
      this.lm = createTiedLm(corpus, vocab, {
        dim: config.dim,
        context: config.window,
        lr: config.lr,
        epochs: config.epochs,
        seed: config.seed,
        batchWords: config.batchWords,
      });
      this.sg = null;
      this.table = this.lm.params.E;
      this.copiedIds = opts.init ? copyRows(this.table, config.dim, vocab, opts.init) : new Int32Array(0);
      this.initCopied = this.copiedIds.length;
      this.kernel = 'js';
    }
    this.groups = opts.groups ?? [];
    this.pairs = opts.pairs ?? [];
    let present = 0;
    for (const g of this.groups) for (const w of g.words) if (vocab.index.has(w)) present++;
    this.groupWords = present;
    this.mark = new Uint8Array(this.V);
    this.start = this.table.slice();
    this.bands = frequencyBands(vocab.counts);
    this.startLength = meanRowLength(this.start, this.dim, Int32Array.from({ length: this.V - 1 }, (_, i) => i + 1));
    this.frame2d = fitFrame(this.table, this.V, this.dim, { firstRow: 1, seed: config.seed });
    this.snapshots = new SnapshotTables(this.table.byteLength);
  }

  private trainer(): SkipGramTrainer | TiedLmTrainer {
    return (this.sg ?? this.lm) as SkipGramTrainer | TiedLmTrainer;
  }

  private touch(id: number): void {
    if (id >= 0 && id < this.V && this.mark[id] === 0) {
      this.mark[id] = 1;
      this.touched.push(id);
    }
  }

  step(batches: number): void {
    const t = this.trainer();
    for (let b = 0; b < batches && !this.finished(); b++) {
      t.step(1);
      this.nBatches++;
      this.dirty = true;
      const rows = t.lastTouched();
      for (let i = 0; i < rows.length; i++) this.touch(rows[i]);
    }
  }

  finished(): boolean {
    return this.trainer().stats().epoch >= this.config.epochs;
  }

  batches(): number {
    return this.nBatches;
  }

  metricsCost(): number {
    return this.V * this.dim * (this.groupWords + 2 * this.pairs.length + 1);
  }

  private updateMetrics(): void {
    if (this.groupWords >= 2) {
      const p = groupPurity(this.table, this.dim, this.vocab, this.groups);
      this.purity = Number.isNaN(p.purity) ? null : p.purity;
    }
    if (this.pairs.length) {
      const t = translationHitRate(this.table, this.dim, this.vocab, this.pairs);
      this.hitRate = t.lookups > 0 ? t.hitRate : null;
    }
  }

  frame(opts: FrameOptions = {}): LabFrame {
    if (opts.metrics !== false) this.updateMetrics();
    const s = this.trainer().stats();
    const touched = Int32Array.from(this.touched);
    for (const id of this.touched) this.mark[id] = 0;
    this.touched = [];
    const recorded = this.snapshots.record(this.nBatches, () => this.table.slice());
    const reframe = this.reframe;
    this.reframe = null;
    return {
      sessionId: this.id,
      step: this.nBatches,
      epoch: Math.min(s.epoch, this.config.epochs),
      epochs: this.config.epochs,
      wordsProcessed: s.wordsProcessed,
      loss: s.loss,
      lr: s.lr,
      progress: this.trainer().progress(),
      finished: this.finished(),
      dim: this.dim,
      vectors: this.table.slice(),
      coords: this.coords(),
      frameVersion: this.frameVersion,
      frameMode: this.mode,
      frame: this.frame2d,
      touched,
      purity: this.purity,
      hitRate: this.hitRate,
      movement: this.movement(),
      probe: opts.probe ? this.probe(opts.probe) : null,
      timeline: { recorded, steps: this.snapshots.steps(), keepsTables: this.snapshots.keepsTables },
      neighbors: opts.focus !== undefined ? { focus: opts.focus, list: this.neighbors(opts.focus, null) } : null,
      reframe,
    };
  }

  neighbors(focus: number, step: number | null): LabNeighbor[] | null {
    const table = (step !== null ? this.snapshots.table(step) : null) ?? this.table;
    if (!Number.isInteger(focus) || focus <= UNK_ID || focus >= this.V) return null;
    const nn = nearestNeighbors(table, this.dim, focus, LAB_NEIGHBORS);
    return Array.from(nn.ids, (id, i) => ({ id, sim: nn.sims[i] }));
  }

  snapshotTable(step: number): Float32Array | null {
    return this.snapshots.table(step)?.slice() ?? null;
  }

  tableCopy(): Float32Array {
    return this.table.slice();
  }

  /** The PCA frame just changed from a picture `before` of the current table: plan the timeline's move. */
  private planReframe(before: Float32Array): void {
    const project = (table: Float32Array) => projectFrame(this.frame2d, table, this.V);
    this.reframe = timelineReframe(this.snapshots, project, before, project(this.table));
  }

  private movement(): LabMovement {
    const { table, start, dim, bands } = this;
    return {
      frequent: meanRowLength(table, dim, bands.frequent),
      rare: meanRowLength(table, dim, bands.rare),
      start: this.startLength,
      frequentMinCount: bands.frequentMinCount,
      rareMaxCount: bands.rareMaxCount,
      pretrained: this.copiedIds.length ? meanCosineToStart(table, start, dim, this.copiedIds) : null,
    };
  }

  refit(): void {
    if (this.mode !== 'pca') {
      this.startLayout(this.mode, false);
      this.frameVersion++;
      return;
    }
    const current = projectFrame(this.frame2d, this.table, this.V);
    this.frame2d = fitFrame(this.table, this.V, this.dim, { firstRow: 1, align: current, seed: this.config.seed });
    this.planReframe(current);
    this.frameVersion++;
  }

  /** A copy of the coordinates on screen (frames transfer their buffers). */
  private coords(): Float32Array {
    if (this.mode === 'pca') return projectFrame(this.frame2d, this.table, this.V);
    // A nonlinear frame has no picture until its full fit ends: finish it now.
    if (!this.layout || this.layoutFull) this.settleFrame();
    return (this.layout as Float32Array).slice();
  }

  private startLayout(method: NonlinearMethod, warm: boolean): void {
    const previous = this.layout ?? projectFrame(this.frame2d, this.table, this.V);
    this.layoutTask = createNonlinearFrame(
      { vectors: this.table, n: this.V, dim: this.dim, previous },
      // <unk> never trains: leave it out of the layout (the plot hides it too).
      { method, seed: this.config.seed, warm, firstRow: 1 },
    );
    this.layoutFull = !warm;
    this.dirty = false;
  }

  frameMode(): LabFrameMode {
    return this.mode;
  }

  setFrameMode(mode: LabFrameMode): void {
    if (!LAB_FRAME_MODES.includes(mode)) throw new Error(`unknown frame mode "${String(mode)}"`);
    if (mode === this.mode) return;
    if (mode !== 'pca') {
      const limit = nonlinearFrameLimit(this.V, mode);
      if (limit) throw new Error(limit);
      // Start from the picture on screen (PCA, or the other nonlinear layout), fully.
      if (this.mode === 'pca') this.layout = projectFrame(this.frame2d, this.table, this.V);
      else this.settleFrame();
      this.startLayout(mode, false);
    } else {
      // Back to PCA: the saved pictures (drawn in the nonlinear frame) move into it.
      this.settleFrame();
      this.planReframe(this.layout ?? projectFrame(this.frame2d, this.table, this.V));
      this.layout = null;
      this.layoutTask = null;
      this.layoutFull = false;
    }
    this.mode = mode;
    this.frameVersion++;
  }

  startFrameUpdate(): boolean {
    if (this.mode === 'pca' || this.layoutTask || !this.dirty) return false;
    this.startLayout(this.mode, true);
    return true;
  }

  advanceFrame(budget: number): boolean {
    const task = this.layoutTask;
    if (!task) return true;
    if (!task.step(budget)) return false;
    this.layout = task.result();
    this.layoutTask = null;
    this.layoutFull = false;
    return true;
  }

  settleFrame(): void {
    while (!this.advanceFrame(1 << 20)) {
      /* keep stepping */
    }
  }

  probe(req: ProbeRequest): Probe {
    if (this.sg) return summarizeDistribution('skipgram-score', skipGramScores(this.sg.input, this.sg.output, this.dim, req.context), req);
    const lm = this.lm as TiedLmTrainer;
    return summarizeDistribution('next-token', tiedNextToken((c) => lm.predict(c), req.context), req);
  }

  example(req: ProbeRequest, focus?: number): LabExample {
    const before = this.probe(req);
    const D = this.dim;
    const ids: Array<[number, 'target' | 'wrong']> = [];
    if (req.target > UNK_ID) ids.push([req.target, 'target']);
    if (req.wrong > UNK_ID && req.wrong !== req.target) ids.push([req.wrong, 'wrong']);
    const linear = this.mode === 'pca';
    const from = ids.map(([id]) => projectPoint(this.frame2d, this.table, id * D));
    const lr = this.config.lr;
    const loss = this.sg
      ? skipGramExampleUpdate(this.sg.input, this.sg.output, D, req, lr, this.config.freeze)
      : tiedExampleUpdate((this.lm as TiedLmTrainer).params, req, lr);
    for (const c of req.context) if (c > UNK_ID) this.touch(c);
    if (!this.config.freeze) for (const [id] of ids) this.touch(id);
    this.dirty = true;
    // In a nonlinear frame an arrow would show the re-layout, not the update: none.
    const moves = linear ? ids.map(([id, role], i) => ({ id, role, from: from[i], to: projectPoint(this.frame2d, this.table, id * D) })) : [];
    if (!linear) {
      // The picture follows the example at once (a warm update: tens of ms for ~500 rows).
      this.settleFrame();
      this.startFrameUpdate();
      this.settleFrame();
    }
    const after = this.probe(req);
    return { before, after, moves, loss, lr, frame: this.frame({ probe: req, ...(focus !== undefined ? { focus } : {}) }) };
  }
}

/** Copies pretrained rows for shared words; returns their IDs, ascending (as the skip-gram trainer does). */
function copyRows(table: Float32Array, dim: number, vocab: Vocab, init: PretrainedVectors): Int32Array {
  const copied = new Set<number>();
  init.words.forEach((w, j) => {
    const id = vocab.index.get(w);
    if (id === undefined || id === UNK_ID) return;
    table.set(init.vectors.subarray(j * dim, (j + 1) * dim), id * dim);
    copied.add(id);
  });
  return Int32Array.from(copied).sort();
}
