/**
 * The lab's guided lesson: steps keyed to the sections of the article the lab is built
 * around ("Embedding 是怎么长出来的": §2 token → ID → row, §3 the table, §4 one update
 * and training, §5 the input table shared with the output layer, §6 freeze, a
 * pretrained start, two languages, rare words; the appendix's clusters). Each step is a
 * state of the lab — plain settings, the same a link carries (labUrl.ts) — plus one
 * paragraph in each language (the message catalogue: lab.lesson.<id>.*), and it hides
 * the controls it does not need.
 */
import type { LabConfig, LabFrameMode } from '../compute/train/labSession';

/** The lab's panels, by what they are for (a lesson or a link may hide some). */
export const LAB_PANELS = ['transport', 'stats', 'loss', 'timeline', 'corpus', 'params', 'export', 'plot', 'examples', 'probe', 'tokens', 'tables', 'neighbors'] as const;
export type LabPanel = (typeof LAB_PANELS)[number];

export const LAB_LESSONS = ['lookup', 'table', 'one-update', 'training', 'tied', 'freeze', 'glove', 'bilingual', 'rare', 'clusters'] as const;
export type LabLessonId = (typeof LAB_LESSONS)[number];

/**
 * Teaching speeds, batches per second. The teaching corpus is ~700 batches (10 epochs):
 * the fastest, 60/s, still takes ~12 s, ~100 frames — a run a learner can follow. "As
 * fast as possible" (speed 0) is a separate choice, for real corpora.
 */
export const TEACHING_SPEEDS = [1, 2, 5, 10, 20, 40, 60] as const;
/** The default: group purity passes 0.9 after ~260 batches, so ~7 s after Play. */
export const DEFAULT_SPEED = 40;

/** How the heatmap colours values: one scale for every frame (the default), or each frame's own range. */
export type LabHeatScale = 'fixed' | 'auto';

/** The lab's settings as a lesson or a link gives them: plain data, every field optional. */
export interface LabUrlState {
  readonly lesson?: LabLessonId;
  readonly config?: Partial<LabConfig>;
  readonly corpus?: 'teaching' | 'sotu';
  readonly text?: string;
  readonly probe?: { readonly text: string; readonly target: string; readonly wrong: string };
  readonly focus?: string;
  /** Batches per second; 0 = as fast as possible. */
  readonly speed?: number;
  readonly frameMode?: LabFrameMode;
  readonly heatScale?: LabHeatScale;
  readonly hide?: readonly LabPanel[];
}

export interface LabLesson {
  readonly id: LabLessonId;
  /** The lab's state for this step (the model's defaults fill what `config` leaves out). */
  readonly settings: Omit<LabUrlState, 'lesson'>;
}

const ZH_PROBE = { text: '他很', target: '高兴', wrong: '伤心' } as const;
/** Controls only a free exploration needs. */
const SETUP: readonly LabPanel[] = ['corpus', 'params', 'export'];

export const LESSONS: Readonly<Record<LabLessonId, LabLesson>> = {
  lookup: {
    id: 'lookup',
    settings: { config: { model: 'skipgram' }, corpus: 'teaching', text: '他很高兴', focus: '高兴', hide: [...SETUP, 'timeline', 'loss', 'plot', 'examples', 'probe'] },
  },
  table: {
    id: 'table',
    settings: { config: { model: 'skipgram' }, corpus: 'teaching', text: '他很高兴', focus: '高兴', heatScale: 'fixed', hide: [...SETUP, 'timeline', 'plot', 'examples', 'probe'] },
  },
  'one-update': {
    id: 'one-update',
    settings: { config: { model: 'skipgram' }, corpus: 'teaching', text: '他很高兴', probe: ZH_PROBE, focus: '高兴', hide: [...SETUP, 'timeline', 'plot', 'neighbors'] },
  },
  training: {
    id: 'training',
    settings: { config: { model: 'skipgram' }, corpus: 'teaching', speed: DEFAULT_SPEED, frameMode: 'pca', focus: '高兴', hide: [...SETUP, 'examples'] },
  },
  tied: {
    id: 'tied',
    settings: { config: { model: 'tied' }, corpus: 'teaching', text: '他很高兴', probe: ZH_PROBE, focus: '高兴', hide: ['corpus', 'export', 'timeline'] },
  },
  freeze: {
    id: 'freeze',
    settings: { config: { model: 'skipgram', freeze: true, pretrained: true }, corpus: 'teaching', text: 'he is very happy', focus: 'happy', hide: ['corpus', 'export', 'examples', 'probe'] },
  },
  glove: {
    id: 'glove',
    settings: { config: { model: 'skipgram', pretrained: true }, corpus: 'teaching', text: 'he is very happy 他很高兴', focus: 'happy', hide: ['corpus', 'export', 'examples', 'probe'] },
  },
  bilingual: {
    id: 'bilingual',
    settings: { config: { model: 'skipgram' }, corpus: 'teaching', text: '他很 happy', focus: '红色', hide: [...SETUP, 'examples', 'probe'] },
  },
  rare: {
    id: 'rare',
    settings: { config: { model: 'skipgram' }, corpus: 'teaching', text: '律师 校友 高兴', focus: '律师', hide: [...SETUP, 'examples', 'probe'] },
  },
  clusters: {
    id: 'clusters',
    settings: { config: { model: 'skipgram' }, corpus: 'teaching', frameMode: 'umap', focus: '高兴', hide: ['params', 'examples', 'probe'] },
  },
};

export function isLessonId(v: unknown): v is LabLessonId {
  return typeof v === 'string' && (LAB_LESSONS as readonly string[]).includes(v);
}
