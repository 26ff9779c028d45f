/**
 * The lab's settings in a link, TensorFlow-Playground style: `?view=lab&lesson=tied&
 * model=tied&probe=他很|高兴|伤心&hide=corpus,export`. A link is untrusted input: every
 * field is read on its own, checked, and dropped when it is not what it should be (the
 * config's numbers are checked again by normalizeConfig when the session opens).
 */
import { LAB_FRAME_MODES, LAB_MODELS, type LabConfig, type LabFrameMode, type LabModel } from '../compute/train/labSession';
import { LAB_PANELS, isLessonId, type LabHeatScale, type LabPanel, type LabUrlState } from './labLessons';

/** Longest text a link may set (the token strip and probe are short by nature). */
const MAX_TEXT = 200;

const NUMBER_KEYS = [
  ['dim', 'dim'],
  ['window', 'window'],
  ['negative', 'neg'],
  ['lr', 'lr'],
  ['epochs', 'epochs'],
  ['minCount', 'min'],
  ['seed', 'seed'],
  ['batchWords', 'batch'],
] as const satisfies readonly (readonly [keyof LabConfig, string])[];

const flag = (v: boolean): string => (v ? '1' : '0');

/** The query string (with its `?`) for these settings. */
export function labUrlOf(state: LabUrlState): string {
  const q = new URLSearchParams({ view: 'lab' });
  if (state.lesson) q.set('lesson', state.lesson);
  const c = state.config ?? {};
  if (c.model) q.set('model', c.model);
  for (const [key, name] of NUMBER_KEYS) if (c[key] !== undefined) q.set(name, String(c[key]));
  if (c.freeze !== undefined) q.set('freeze', flag(c.freeze));
  if (c.pretrained !== undefined) q.set('glove', flag(c.pretrained));
  if (state.corpus) q.set('corpus', state.corpus);
  if (state.text !== undefined) q.set('text', state.text);
  if (state.probe) q.set('probe', [state.probe.text, state.probe.target, state.probe.wrong].join('|'));
  if (state.focus) q.set('focus', state.focus);
  if (state.speed !== undefined) q.set('speed', state.speed === 0 ? 'max' : String(state.speed));
  if (state.frameMode) q.set('frame', state.frameMode);
  if (state.heatScale) q.set('scale', state.heatScale);
  if (state.hide?.length) q.set('hide', state.hide.join(','));
  return `?${q.toString()}`;
}

const text = (v: string | null): string | undefined => (v === null ? undefined : v.slice(0, MAX_TEXT));

function readConfig(q: URLSearchParams): Partial<LabConfig> | undefined {
  const c: { -readonly [K in keyof LabConfig]?: LabConfig[K] } = {};
  const model = q.get('model');
  if (model !== null && (LAB_MODELS as readonly string[]).includes(model)) c.model = model as LabModel;
  for (const [key, name] of NUMBER_KEYS) {
    const raw = q.get(name);
    const v = raw === null || raw.trim() === '' ? NaN : Number(raw);
    if (Number.isFinite(v)) c[key] = v;
  }
  const bool = (name: string): boolean | undefined => (q.get(name) === '1' ? true : q.get(name) === '0' ? false : undefined);
  const freeze = bool('freeze');
  if (freeze !== undefined) c.freeze = freeze;
  const glove = bool('glove');
  if (glove !== undefined) c.pretrained = glove;
  return Object.keys(c).length ? c : undefined;
}

/** The lab settings a query string carries, or null when it does not open the lab. */
export function parseLabUrl(search: string | URLSearchParams): LabUrlState | null {
  const q = typeof search === 'string' ? new URLSearchParams(search) : search;
  if (q.get('view') !== 'lab') return null;
  const state: { -readonly [K in keyof LabUrlState]: LabUrlState[K] } = {};
  const lesson = q.get('lesson');
  if (isLessonId(lesson)) state.lesson = lesson;
  const config = readConfig(q);
  if (config) state.config = config;
  const corpus = q.get('corpus');
  if (corpus === 'teaching' || corpus === 'sotu') state.corpus = corpus;
  state.text = text(q.get('text'));
  const probe = q.get('probe')?.split('|');
  if (probe && probe.length === 3) state.probe = { text: probe[0].slice(0, MAX_TEXT), target: probe[1].slice(0, MAX_TEXT), wrong: probe[2].slice(0, MAX_TEXT) };
  state.focus = text(q.get('focus'));
  const speed = q.get('speed');
  if (speed === 'max') state.speed = 0;
  else if (speed !== null && Number.isFinite(Number(speed)) && Number(speed) > 0) state.speed = Number(speed);
  const frame = q.get('frame');
  if (frame !== null && (LAB_FRAME_MODES as readonly string[]).includes(frame)) state.frameMode = frame as LabFrameMode;
  const scale = q.get('scale');
  if (scale === 'fixed' || scale === 'auto') state.heatScale = scale as LabHeatScale;
  const hide = q.get('hide');
  if (hide !== null) state.hide = hide.split(',').filter((p): p is LabPanel => (LAB_PANELS as readonly string[]).includes(p));
  for (const k of Object.keys(state) as (keyof LabUrlState)[]) if (state[k] === undefined) delete state[k];
  return state;
}
