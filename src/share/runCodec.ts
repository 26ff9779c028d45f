/**
 * The fields of a projection run (method, seed, parameters) and of the lab's settings,
 * written as key/value pairs and read back through a FieldReader. Only the parameters
 * the method uses are written, and only when they differ from the defaults; the seed
 * is always written (it is the run's identity, and people read it).
 */
import { METHODS, type ProjectMethodId } from '../compute/project/methods';
import { DEFAULT_LAB_CONFIG, LAB_FRAME_MODES, type LabConfig, type LabModel } from '../compute/train/labSessionTypes';
import { DEFAULT_PROJECTION_SETTINGS, type ProjectionSettings } from '../state/projectTypes';
import type { FieldReader } from './fields';
import { DEFAULT_LAB_VIEW, type LabCorpusRef, type LabView, type ProjectionRef } from './viewState';

export type Entry = readonly [string, string];

export const PROJECT_METHODS: readonly ProjectMethodId[] = METHODS.map((m) => m.id).filter((id): id is ProjectMethodId => id !== 'pca');
const UINT32_MAX = 2 ** 32 - 1;
const D = DEFAULT_PROJECTION_SETTINGS;

/** Every key a run may use (a link's parameters for another method than its own are ignored). */
export const RUN_KEYS: readonly string[] = ['seed', 'pre', 'perplexity', 'lr', 'iters', 'ee', 'exag', 'nn', 'mindist', 'spread', 'epochs', 'diters', 'dnn'];

/** A number as a short exact decimal. */
export const num = (v: number): string => String(v);

function paramsOf(method: ProjectMethodId) {
  return METHODS.find((m) => m.id === method)?.params ?? 'none';
}

/** The run's fields (without the method itself). */
export function runEntries({ method, settings: s }: ProjectionRef): Entry[] {
  const out: Entry[] = [['seed', num(s.seed)]];
  if (s.preReduce !== null) out.push(['pre', s.preReduce ? '1' : '0']);
  const add = (key: string, v: number | string, d: number | string) => {
    if (v !== d) out.push([key, typeof v === 'number' ? num(v) : v]);
  };
  const params = paramsOf(method);
  if (params === 'tsne') {
    add('perplexity', s.tsne.perplexity, D.tsne.perplexity);
    add('lr', s.tsne.learningRate, D.tsne.learningRate);
    add('iters', s.tsne.iterations, D.tsne.iterations);
    add('ee', s.tsne.earlyExaggeration, D.tsne.earlyExaggeration);
    add('exag', s.tsne.exaggeration, D.tsne.exaggeration);
  } else if (params === 'umap') {
    add('nn', s.umap.nNeighbors, D.umap.nNeighbors);
    add('mindist', s.umap.minDist, D.umap.minDist);
    add('spread', s.umap.spread, D.umap.spread);
    add('epochs', s.umap.epochs, D.umap.epochs);
  } else {
    if (params === 'druid-iterative') add('diters', s.druid.iterations ?? 'default', D.druid.iterations ?? 'default');
    if (params === 'druid-iterative' || params === 'druid-neighbors') add('dnn', s.druid.nNeighbors, D.druid.nNeighbors);
  }
  return out;
}

/** Reads a run's fields for `method`; each bad field falls back to its default alone. */
export function readRun(r: FieldReader, method: ProjectMethodId): ProjectionRef {
  const seed = r.number('seed', D.seed, 0, UINT32_MAX, true);
  const pre = r.flag('pre', null);
  const params = paramsOf(method);
  let { tsne, umap, druid } = D;
  if (params === 'tsne') {
    tsne = {
      perplexity: r.number('perplexity', D.tsne.perplexity, 1, 200),
      learningRate: r.numberOr('lr', 'auto', D.tsne.learningRate, 1e-3, 1e7),
      iterations: r.number('iters', D.tsne.iterations, 1, 100_000, true),
      earlyExaggeration: r.number('ee', D.tsne.earlyExaggeration, 1, 100),
      exaggeration: r.number('exag', D.tsne.exaggeration, 0.1, 100),
    };
  } else if (params === 'umap') {
    const spread = r.number('spread', D.umap.spread, 1e-3, 100);
    let minDist = r.number('mindist', D.umap.minDist, 0, 100);
    if (minDist > spread) {
      // Each is valid alone; together min dist may not exceed the spread (umap-learn's rule).
      r.report('mindist', num(minDist), { kind: 'range', min: 0, max: spread, integer: false });
      minDist = Math.min(D.umap.minDist, spread);
    }
    umap = { nNeighbors: r.number('nn', D.umap.nNeighbors, 2, 200, true), minDist, spread, epochs: r.numberOr('epochs', 'auto', D.umap.epochs, 1, 100_000, true) };
  } else {
    const iterations = params === 'druid-iterative' ? r.numberOr('diters', 'default', D.druid.iterations ?? 'default', 1, 100_000, true) : 'default';
    const nNeighbors = params === 'druid-iterative' || params === 'druid-neighbors' ? r.number('dnn', D.druid.nNeighbors, 2, 200, true) : D.druid.nNeighbors;
    druid = { iterations: iterations === 'default' ? null : iterations, nNeighbors };
  }
  const settings: ProjectionSettings = { seed, preReduce: pre, tsne, umap, druid };
  return { method, settings };
}

// ---- The lab ----------------------------------------------------------------------

/** Models the codec accepts (keep in step with labSessionTypes.LabModel). */
export const LAB_MODELS: readonly LabModel[] = ['skipgram', 'tied'];
const L = DEFAULT_LAB_CONFIG;

export function labEntries(lab: LabView): Entry[] {
  const out: Entry[] = [];
  const c = lab.config;
  const add = (key: string, v: number | string | boolean, d: number | string | boolean) => {
    if (v !== d) out.push([`lab.${key}`, typeof v === 'boolean' ? (v ? '1' : '0') : typeof v === 'number' ? num(v) : v]);
  };
  const corpus = lab.corpus.kind === 'file' ? `file:${lab.corpus.bytes}:${lab.corpus.name}` : lab.corpus.kind;
  add('corpus', corpus, 'teaching');
  add('model', c.model, L.model);
  add('dim', c.dim, L.dim);
  add('window', c.window, L.window);
  add('negative', c.negative, L.negative);
  add('lr', c.lr, L.lr);
  add('epochs', c.epochs, L.epochs);
  add('mincount', c.minCount, L.minCount);
  add('seed', c.seed, L.seed);
  add('batch', c.batchWords, L.batchWords);
  add('freeze', c.freeze, L.freeze);
  add('glove', c.pretrained, L.pretrained);
  add('speed', lab.speed, DEFAULT_LAB_VIEW.speed);
  add('frame', lab.frameMode, DEFAULT_LAB_VIEW.frameMode);
  return out;
}

export function readLab(r: FieldReader): LabView {
  const config: LabConfig = {
    model: r.oneOf('lab.model', LAB_MODELS, L.model),
    dim: r.number('lab.dim', L.dim, 1, 512, true),
    window: r.number('lab.window', L.window, 1, 20, true),
    negative: r.number('lab.negative', L.negative, 0, 50, true),
    lr: r.number('lab.lr', L.lr, 1e-6, 10),
    epochs: r.number('lab.epochs', L.epochs, 1, 1000, true),
    minCount: r.number('lab.mincount', L.minCount, 1, 1_000_000, true),
    seed: r.number('lab.seed', L.seed, 0, UINT32_MAX, true),
    batchWords: r.number('lab.batch', L.batchWords, 1, 1_000_000, true),
    freeze: r.flag('lab.freeze', L.freeze),
    pretrained: r.flag('lab.glove', L.pretrained),
  };
  return {
    corpus: readCorpus(r),
    config,
    speed: r.number('lab.speed', DEFAULT_LAB_VIEW.speed, 0, 10_000),
    frameMode: r.oneOf('lab.frame', LAB_FRAME_MODES, DEFAULT_LAB_VIEW.frameMode),
  };
}

function readCorpus(r: FieldReader): LabCorpusRef {
  const v = r.text('lab.corpus', 1024);
  if (v === null || v === 'teaching') return { kind: 'teaching' };
  if (v === 'sotu') return { kind: 'sotu' };
  const file = /^file:(\d{1,15}):(.+)$/s.exec(v);
  if (file) return { kind: 'file', bytes: Number(file[1]), name: file[2] };
  r.report('lab.corpus', v, { kind: 'malformed', expected: 'corpus' });
  return { kind: 'teaching' };
}
