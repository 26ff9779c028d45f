/**
 * The training lab's session: one model (skip-gram, CBOW or the tied next-token model)
 * on one prepared corpus, plus everything the lab shows about it — a stable 2D picture
 * (labPicture.ts), the rows of each table touched since the last frame, group purity,
 * translation hits and the rare words' measured neighbours, the "他很[ ]" probe, and the
 * corpus's examples trained one at a time (labExamples.ts). Pure: the train worker keeps
 * one of these in its module state and streams `frame()`s; Node tests drive the same
 * object.
 */
import type { PreparedCorpus } from './encode';
import { ExampleTrainer, type ExampleModel } from './labExamples';
import { LabProblemError } from './labProblems';
import { TablePicture } from './labPicture';
import { groupPurity, nearestNeighbors, translationHitRate } from './metrics';
import { frequencyBands, meanCosineToStart, meanRowLength, type FrequencyBands } from './movement';
import { outputExampleUpdate, outputScores, summarizeDistribution, tiedExampleUpdate, tiedNextToken, knownContext, type Probe, type ProbeRequest } from './probe';
import { rareNeighborShare, rareShareCost, rareWordMates, type RareWords } from './rareWords';
import { createSkipGram } from './skipgram';
import type { PretrainedVectors, SkipGramTrainer } from './skipgramTypes';
import type { TranslationPair, WordGroup } from './teachingCorpus';
import { tiedKernelSupported } from './tiedKernel';
import { createTiedLm, type TiedLmTrainer } from './tiedlm';
import { SnapshotTables } from './timeline';
import { UNK_ID, type Vocab } from './vocab';
import {
  LAB_NEIGHBORS,
  normalizeConfig,
  TIED_MAX_VOCAB,
  TIED_MAX_VOCAB_JS,
  type FrameOptions,
  type LabConfig,
  type LabExample,
  type LabExampleStep,
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

/** Rows changed since the last frame, each listed once. */
class RowMarks {
  private readonly mark: Uint8Array;
  private list: number[] = [];
  constructor(n: number) {
    this.mark = new Uint8Array(n);
  }
  add(id: number): void {
    if (id >= 0 && id < this.mark.length && this.mark[id] === 0) {
      this.mark[id] = 1;
      this.list.push(id);
    }
  }
  addAll(ids: ArrayLike<number>): void {
    for (let i = 0; i < ids.length; i++) this.add(ids[i]);
  }
  /** The rows since the last take, and a fresh start. */
  take(): Int32Array {
    const out = Int32Array.from(this.list);
    for (const id of this.list) this.mark[id] = 0;
    this.list = [];
    return out;
  }
}

/** While the first epoch runs, the frame is re-fitted at these batch counts (and at every epoch's end): the table changes fastest early. */
const EARLY_REFITS = new Set([8, 16, 32, 64, 128]);

class Session implements LabSession {
  readonly vocab: Vocab;
  readonly config: LabConfig;
  readonly dim: number;
  readonly initCopied: number;
  readonly copiedIds: Int32Array;
  readonly kernel: 'wasm' | 'js';
  private readonly prepared: PreparedCorpus;
  private readonly sg: SkipGramTrainer | null;
  private readonly lm: TiedLmTrainer | null;
  /** Beside a frozen table: the same model unfrozen, trained on the same batches, for its loss. */
  private readonly twin: SkipGramTrainer | null = null;
  private readonly table: Float32Array;
  private readonly V: number;
  private readonly groups: readonly WordGroup[];
  private readonly pairs: readonly TranslationPair[];
  private readonly picture: TablePicture;
  private readonly snapshots: SnapshotTables;
  private nBatches = 0;
  private nExamples = 0;
  private readonly touchedIn: RowMarks;
  private readonly touchedOut: RowMarks;
  private refitDue = false;
  private purity: number | null = null;
  private hitRate: number | null = null;
  private rareShare: number | null = null;
  /** The table at step 0 (after any pretrained rows were copied), and the rows to compare. */
  private readonly start: Float32Array;
  private readonly bands: FrequencyBands;
  private readonly rare: RareWords;
  private readonly startLength: number;
  private readonly groupWords: number;
  private readonly perEpoch: number;
  private teacher: ExampleTrainer | null = null;

  constructor(
    readonly id: string,
    prepared: PreparedCorpus,
    config: LabConfig,
    opts: LabSessionOptions,
  ) {
    const { vocab, corpus } = prepared;
    this.prepared = prepared;
    this.vocab = vocab;
    this.config = config;
    this.dim = config.dim;
    this.V = vocab.words.length;
    if (opts.init && opts.init.dim !== config.dim) throw new Error(`pretrained vectors are ${opts.init.dim}-d; the model is ${config.dim}-d`);
    if (config.model !== 'tied') {
      const sgOptions = {
        dim: config.dim,
        window: config.window,
        negative: config.negative,
        lr: config.lr,
        epochs: config.epochs,
        seed: config.seed,
        batchWords: config.batchWords,
        cbow: config.model === 'cbow',
        freeze: config.freeze,
        init: opts.init,
      };
      this.sg = createSkipGram(corpus, vocab, sgOptions);
      if (config.freeze) this.twin = createSkipGram(corpus, vocab, { ...sgOptions, freeze: false });
      this.lm = null;
      this.table = this.sg.input;
      this.copiedIds = this.sg.initCopied;
      this.kernel = this.sg.kernel;
    } else {
      const limit = tiedKernelSupported(config.dim) ? TIED_MAX_VOCAB : TIED_MAX_VOCAB_JS;
      // It scores every word for every token: above the limit it is too slow to watch.
      if (this.V > limit) throw new LabProblemError({ code: 'tiedTooLarge', words: this.V, limit });
      this.lm = createTiedLm(corpus, vocab, { dim: config.dim, context: config.window, lr: config.lr, epochs: config.epochs, seed: config.seed, batchWords: config.batchWords });
      this.sg = null;
      this.table = this.lm.params.E;
      this.copiedIds = opts.init ? copyRows(this.table, config.dim, vocab, opts.init) : new Int32Array(0);
      this.kernel = 'js';
    }
    this.initCopied = this.copiedIds.length;
    this.groups = opts.groups ?? [];
    this.pairs = opts.pairs ?? [];
    let present = 0;
    for (const g of this.groups) for (const w of g.words) if (vocab.index.has(w)) present++;
    this.groupWords = present;
    this.touchedIn = new RowMarks(this.V);
    this.touchedOut = new RowMarks(this.V);
    this.start = this.table.slice();
    this.bands = frequencyBands(vocab.counts);
    this.rare = rareWordMates(corpus, vocab, this.bands.rareMaxCount);
    this.startLength = meanRowLength(this.start, this.dim, Int32Array.from({ length: this.V - 1 }, (_, i) => i + 1));
    this.snapshots = new SnapshotTables(this.table.byteLength);
    this.picture = new TablePicture(this.table, this.V, this.dim, config.seed, this.snapshots);
    this.perEpoch = batchesPerEpoch(prepared, config);
  }

  private trainer(): SkipGramTrainer | TiedLmTrainer {
    return (this.sg ?? this.lm) as SkipGramTrainer | TiedLmTrainer;
  }

  step(batches: number): void {
    const t = this.trainer();
    for (let b = 0; b < batches && !this.finished(); b++) {
      const epoch = t.stats().epoch;
      t.step(1);
      this.twin?.step(1);
      this.nBatches++;
      this.picture.touched();
      this.touchedIn.addAll(t.lastTouched());
      if (this.sg) this.touchedOut.addAll(this.sg.lastTouchedOutput());
      // The PCA frame is re-fitted (and rotated onto the picture before) at every epoch's
      // end and a few times early on, so the map stays readable as the table grows.
      if (t.stats().epoch > epoch || (epoch === 0 && EARLY_REFITS.has(this.nBatches))) this.refitDue = true;
    }
  }

  finished(): boolean {
    return this.trainer().stats().epoch >= this.config.epochs;
  }

  batches(): number {
    return this.nBatches;
  }

  batchesPerEpoch(): number {
    return this.perEpoch;
  }

  metricsCost(): number {
    return this.V * this.dim * (this.groupWords + 2 * this.pairs.length + 1) + rareShareCost(this.rare, this.V, this.dim);
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
    const share = rareNeighborShare(this.table, this.dim, this.rare);
    this.rareShare = Number.isNaN(share) ? null : share;
  }

  frame(opts: FrameOptions = {}): LabFrame {
    if (this.refitDue && this.picture.frameMode() === 'pca') this.picture.refit();
    this.refitDue = false;
    if (opts.metrics !== false) this.updateMetrics();
    const s = this.trainer().stats();
    const recorded = this.snapshots.record(this.nBatches, () => this.table.slice());
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
      output: this.sg ? this.sg.output.slice() : null,
      coords: this.picture.coords(),
      frameVersion: this.picture.frameVersion(),
      frameMode: this.picture.frameMode(),
      frame: this.picture.pca(),
      touched: this.touchedIn.take(),
      touchedOut: this.touchedOut.take(),
      twinLoss: this.twin ? this.twin.stats().loss : null,
      examples: this.nExamples,
      purity: this.purity,
      hitRate: this.hitRate,
      movement: this.movement(),
      probe: opts.probe ? this.probe(opts.probe) : null,
      timeline: { recorded, steps: this.snapshots.steps(), keepsTables: this.snapshots.keepsTables },
      neighbors: opts.focus !== undefined ? { focus: opts.focus, list: this.neighbors(opts.focus, null) } : null,
      reframe: this.picture.takeReframe(),
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

  private movement(): LabMovement {
    const { table, start, dim, bands } = this;
    return {
      frequent: meanRowLength(table, dim, bands.frequent),
      rare: meanRowLength(table, dim, bands.rare),
      start: this.startLength,
      frequentMinCount: bands.frequentMinCount,
      rareMaxCount: bands.rareMaxCount,
      pretrained: this.copiedIds.length ? meanCosineToStart(table, start, dim, this.copiedIds) : null,
      rareWords: this.rare.ids.length,
      rareWordsMaxCount: this.rare.maxCount,
      rareNeighborShare: this.rareShare,
      rareChance: Number.isNaN(this.rare.chance) ? null : this.rare.chance,
    };
  }

  refit(): void {
    this.picture.refit();
  }

  frameMode(): LabFrameMode {
    return this.picture.frameMode();
  }

  setFrameMode(mode: LabFrameMode): void {
    this.picture.setMode(mode);
  }

  startFrameUpdate(): boolean {
    return this.picture.startUpdate();
  }

  advanceFrame(budget: number): boolean {
    return this.picture.advance(budget);
  }

  settleFrame(): void {
    this.picture.settle();
  }

  probe(req: ProbeRequest): Probe {
    if (this.sg) {
      const { p, scores } = outputScores(this.sg.input, this.sg.output, this.dim, req.context);
      return summarizeDistribution('output-score', p, req, scores);
    }
    const lm = this.lm as TiedLmTrainer;
    return summarizeDistribution('next-token', tiedNextToken((c) => lm.predict(c), req.context), req);
  }

  /** The table changed outside a batch: the picture follows at once in a nonlinear frame. */
  private afterManualUpdate(): void {
    this.picture.touched();
    if (this.picture.frameMode() !== 'pca') {
      // A warm update: tens of ms for ~500 rows.
      this.picture.settle();
      this.picture.startUpdate();
      this.picture.settle();
    }
  }

  example(req: ProbeRequest, focus?: number): LabExample {
    const before = this.probe(req);
    const lr = this.config.lr;
    const ctx = knownContext(req.context);
    const named = [req.target, req.wrong].filter((w) => w > UNK_ID);
    let loss: number;
    const touchedIn: number[] = [];
    const touchedOut: number[] = [];
    if (this.sg) {
      loss = outputExampleUpdate(this.sg.input, this.sg.output, this.dim, req, lr, this.config.model === 'cbow', this.config.freeze);
      if (!this.config.freeze) touchedIn.push(...ctx);
      touchedOut.push(...named);
    } else {
      loss = tiedExampleUpdate((this.lm as TiedLmTrainer).params, req, lr);
      touchedIn.push(...new Set([...ctx, ...named]));
    }
    this.touchedIn.addAll(touchedIn);
    this.touchedOut.addAll(touchedOut);
    this.afterManualUpdate();
    const after = this.probe(req);
    const frame = this.frame({ probe: req, ...(focus !== undefined ? { focus } : {}) });
    return { before, after, loss, lr, touchedIn: Int32Array.from(new Set(touchedIn)), touchedOut: Int32Array.from(new Set(touchedOut)), frame };
  }

  examples(count: number, startWords: readonly number[], opts: FrameOptions = {}): LabExampleStep {
    if (!this.teacher) this.teacher = new ExampleTrainer(this.exampleModel(), this.prepared.corpus, this.vocab, this.dim, this.config.window, this.config.seed);
    const report = this.teacher.train(Math.max(1, Math.floor(count)), this.config.lr, startWords);
    this.nExamples += report.count;
    this.touchedIn.addAll(report.touchedIn);
    this.touchedOut.addAll(report.touchedOut);
    this.afterManualUpdate();
    return { ...report, frame: this.frame(opts) };
  }

  private exampleModel(): ExampleModel {
    if (this.lm) return { kind: 'next', lm: this.lm };
    const sg = this.sg as SkipGramTrainer;
    return { kind: this.config.model === 'cbow' ? 'window' : 'pair', W: sg.input, C: sg.output, negative: this.config.negative, freeze: this.config.freeze };
  }
}

/** About how many batches one pass takes: the tokens a batch reads (skip-gram, CBOW) or predicts (tied), over the batch size. */
function batchesPerEpoch({ corpus }: PreparedCorpus, config: LabConfig): number {
  let n = 0;
  if (config.model === 'tied') {
    for (let s = 0; s + 1 < corpus.offsets.length; s++) n += Math.max(0, corpus.offsets[s + 1] - corpus.offsets[s] - 1);
  } else {
    for (let i = 0; i < corpus.ids.length; i++) if (corpus.ids[i] !== UNK_ID) n++;
  }
  return Math.max(1, Math.ceil(n / config.batchWords));
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
