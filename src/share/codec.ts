/**
 * The view ↔ a URL query. Versioned (`v=1`), short (defaults are left out), readable
 * where it can be (`?v=1&dataset=glove-10k&method=tsne&seed=42&sel=945`), and the way in
 * is untrusted: every field is validated on its own, a bad one falls back to its default
 * and is reported as a Problem naming it, and the rest still applies. IndexedDB sessions
 * store the same string, so a saved session is read by the same checks.
 *
 * Versions: a query without `v` is a link from before versioning (it could only hold
 * dataset / config / data / metadata, read the same way today); a `v` above ours is read
 * as far as this version understands it, with a notice. A future version that changes a
 * field's meaning adds a migration step to MIGRATIONS.
 */
import { FORMAT_NAMES } from '../compute/formats/sniff';
import type { SampleChoice } from '../compute/select/sample';
import type { NeighborMetric } from '../compute/neighbors/query';
import { PCA_COMPONENTS } from '../state/dataTypes';
import { MAX_NEIGHBORS } from '../state/exploreTypes';
import type { FormatChoice } from '../state/loadTypes';
import { BUILTINS, type BuiltinId } from '../state/types';
import type { View } from '../state/uiTypes';
import { compoundFields, FieldReader, parseNumber, problem, type Problem } from './fields';
import { labEntries, num, PROJECT_METHODS, readLab, readRun, RUN_KEYS, runEntries, type Entry } from './runCodec';
import { DEFAULT_READ, DEFAULT_VIEW, VIEW_VERSION, type CameraRef, type DatasetRef, type FileRef, type PaneRef, type ProjectionRef, type ReadOptions, type ViewState } from './viewState';

export interface DecodedView {
  readonly view: ViewState;
  /** Every field that could not be used, in the order met. */
  readonly problems: readonly Problem[];
  /** False when the query holds nothing about the view (a bare address). */
  readonly present: boolean;
}

const TABS: readonly View[] = ['explore', 'compare', 'lab'];
const NEIGHBOR_METRICS: readonly NeighborMetric[] = ['cosine', 'euclidean', 'dot'];
const BUILTIN_IDS: readonly BuiltinId[] = BUILTINS.map((b) => b.id);
const FORMATS = ['auto', ...Object.keys(FORMAT_NAMES)] as FormatChoice[];
/** A lasso of more vertices than this is refused (a gesture makes a few hundred). */
export const MAX_LASSO_VERTICES = 4096;
const MAX_SEARCH_CHARS = 1000;
/** Steps from an older version's query to the next version's; index = the older version. */
const MIGRATIONS: Record<number, (params: URLSearchParams) => URLSearchParams> = {
  0: (p) => p, // pre-versioning links: the same keys, the same meaning
};

// ---- Writing --------------------------------------------------------------------------

/** The view as a query string (without "?"), defaults left out. */
export function encodeView(view: ViewState): string {
  const out: Entry[] = [['v', String(VIEW_VERSION)], ...datasetEntries(view.dataset)];
  const d = DEFAULT_VIEW;
  if (view.tab !== d.tab) out.push(['tab', view.tab]);
  if (view.projection) out.push(['method', view.projection.method], ...runEntries(view.projection));
  else if (view.pca) out.push(['method', 'pca']);
  if (view.pcaAxes[0] !== 0 || view.pcaAxes[1] !== 1) out.push(['pc', `${view.pcaAxes[0] + 1},${view.pcaAxes[1] + 1}`]);
  if (view.colorBy !== undefined) out.push(['color', view.colorBy ?? '']);
  if (view.showLabels !== undefined) out.push(['labels', view.showLabels ? '1' : '0']);
  // Full precision: a camera restored from a link puts every point on the same pixel.
  if (view.camera) out.push(['cam', [view.camera.cx, view.camera.cy, view.camera.zoom].map(num).join(',')]);
  if (view.selected >= 0) out.push(['sel', String(view.selected)]);
  if (view.search !== '') out.push(['q', view.search]);
  if (view.searchBy !== null) out.push(['in', view.searchBy]);
  if (view.neighbors.k !== d.neighbors.k) out.push(['k', String(view.neighbors.k)]);
  if (view.neighbors.metric !== null) out.push(['metric', view.neighbors.metric]);
  if (view.lasso) out.push(['lasso', floatsToBase64Url(view.lasso)]);
  if (view.compare.left.kind !== 'pca') out.push(['left', paneToken(view.compare.left)]);
  if (view.compare.right) out.push(['right', paneToken(view.compare.right)]);
  out.push(...labEntries(view.lab));
  return out.map(([k, v]) => `${k}=${escapeValue(v)}`).join('&');
}

function datasetEntries(ref: DatasetRef): Entry[] {
  switch (ref.kind) {
    case 'builtin':
      return [['dataset', ref.id]];
    case 'lab':
      return [['labtable', ref.name]];
    case 'url': {
      const out: Entry[] = [];
      if (ref.config) out.push(['config', ref.config]);
      if (ref.data) out.push(['data', ref.data]);
      if (ref.metadata) out.push(['metadata', ref.metadata]);
      if (ref.embedding) out.push(['embedding', ref.embedding]);
      return [...out, ...readEntries(ref)];
    }
    case 'file':
      return [...ref.files.map((f): Entry => ['file', `${f.bytes}:${f.name}`]), ...readEntries(ref)];
  }
}

function readEntries(r: ReadOptions): Entry[] {
  const out: Entry[] = [];
  if (r.format !== 'auto') out.push(['format', r.format]);
  if (r.dropNonFinite) out.push(['dropnan', '1']);
  const s = r.sample;
  if (s.rows === 'random') out.push(['sample', `random:${s.size}:${s.seed}`]);
  if (s.rows === 'stratified') out.push(['sample', `stratified:${s.size}:${s.seed}:${s.column}`]);
  return out;
}

function paneToken(p: PaneRef): string {
  if (p.kind !== 'run') return p.kind;
  return [p.method, ...runEntries(p).map(([k, v]) => `${k}:${v}`)].join(',');
}

/**
 * Percent-encodes what must be (`&`, `=`, `#`, `+`, `%`, spaces, non-ASCII…) but keeps
 * `, : ; / @` readable: all are legal in a query and URLSearchParams reads them back.
 */
function escapeValue(v: string): string {
  return encodeURIComponent(v).replace(/%(2C|3A|3B|2F|40)/g, (m) => decodeURIComponent(m));
}

// ---- Reading --------------------------------------------------------------------------

/** Reads a query (with or without "?"); never throws. */
export function decodeView(query: string): DecodedView {
  let params = new URLSearchParams(query);
  const problems: Problem[] = [];
  const vText = params.get('v');
  let version = 0;
  if (vText !== null) {
    const v = parseNumber(vText);
    if (v === null || !Number.isInteger(v) || v < 1) problems.push(problem('v', vText, { kind: 'range', min: 1, max: VIEW_VERSION, integer: true }));
    else if (v > VIEW_VERSION) problems.push(problem('v', vText, { kind: 'newer-version', version: v }));
    else version = v;
  }
  for (let from = version; from < VIEW_VERSION; from++) params = (MIGRATIONS[from] ?? ((p) => p))(params);
  const present = [...params.keys()].some((k) => k !== 'v');
  const r = new FieldReader(params);
  r.text('v');
  const dataset = readDataset(r);
  const explicitPca = params.get('method') === 'pca';
  const projection = readProjection(r);
  r.ignore(RUN_KEYS); // parameters of other methods than the link's do not apply: not reported
  const view: ViewState = {
    dataset,
    tab: r.oneOf('tab', TABS, DEFAULT_VIEW.tab),
    projection,
    ...(explicitPca ? { pca: true } : {}),
    pcaAxes: readAxes(r),
    colorBy: r.has('color') ? r.text('color', 256) || null : DEFAULT_VIEW.colorBy,
    ...labelsOf(r.flag<undefined>('labels', undefined)),
    camera: readCamera(r),
    selected: r.number('sel', -1, 0, 1e9, true),
    search: r.text('q', MAX_SEARCH_CHARS) ?? '',
    searchBy: r.text('in', 256) || null,
    neighbors: { k: r.number('k', DEFAULT_VIEW.neighbors.k, 1, MAX_NEIGHBORS, true), metric: readMetric(r) },
    lasso: readLasso(r),
    compare: { left: readPane(r, 'left') ?? { kind: 'pca' }, right: readPane(r, 'right') },
    lab: readLab(r),
  };
  return { view, problems: [...problems, ...r.finish()], present };
}

function readDataset(r: FieldReader): DatasetRef {
  const id = r.text('dataset', 64);
  const urls = { config: readUrl(r, 'config'), data: readUrl(r, 'data'), metadata: readUrl(r, 'metadata') };
  const files = r.all('file', 1024).flatMap((v): FileRef[] => {
    const m = /^(\d{1,15}):(.+)$/s.exec(v);
    if (m) return [{ bytes: Number(m[1]), name: m[2] }];
    r.report('file', v, { kind: 'malformed', expected: 'file' });
    return [];
  });
  const embedding = r.text('embedding', 256);
  const labTable = r.text('labtable', 256);
  const read = readReadOptions(r);
  // One source wins, in this order; a link naming a dataset that does not exist names it in the notice.
  if (urls.config || urls.data) return { kind: 'url', ...urls, ...(embedding ? { embedding } : {}), ...read };
  if (urls.metadata) r.report('metadata', urls.metadata, { kind: 'malformed', expected: 'metadata-alone' });
  if (files.length) return { kind: 'file', files, ...read };
  if (labTable) return { kind: 'lab', name: labTable };
  if (id !== null && !(BUILTIN_IDS as readonly string[]).includes(id)) r.report('dataset', id, { kind: 'unknown-value', known: BUILTIN_IDS });
  return { kind: 'builtin', id: BUILTIN_IDS.find((b) => b === id) ?? 'glove-10k' };
}

/** An http(s) address, absolute or relative to the page; anything else (javascript:, data:, file:) is refused. */
function readUrl(r: FieldReader, key: string): string | null {
  const v = r.text(key);
  if (v === null || v === '') return null;
  let ok = false;
  try {
    const u = new URL(v, 'https://sprout.invalid/');
    ok = u.protocol === 'https:' || u.protocol === 'http:';
  } catch {
    ok = false;
  }
  if (!ok) r.report(key, v, { kind: 'malformed', expected: 'url' });
  return ok ? v : null;
}

function readReadOptions(r: FieldReader): ReadOptions {
  return { format: r.oneOf('format', FORMATS, DEFAULT_READ.format), dropNonFinite: r.flag('dropnan', false), sample: readSample(r) };
}

function readSample(r: FieldReader): SampleChoice {
  const v = r.text('sample', 512);
  if (v === null) return { rows: 'all' };
  const m = /^(random|stratified):(\d{1,9}):(\d{1,10})(?::(.+))?$/s.exec(v);
  const size = m ? Number(m[2]) : NaN;
  const seed = m ? Number(m[3]) : NaN;
  if (m && size >= 1 && seed <= 2 ** 32 - 1) {
    if (m[1] === 'random' && m[4] === undefined) return { rows: 'random', size, seed };
    if (m[1] === 'stratified' && m[4] !== undefined) return { rows: 'stratified', size, seed, column: m[4] };
  }
  r.report('sample', v, { kind: 'malformed', expected: 'sample' });
  return { rows: 'all' };
}

/** Labels said in the link (on or off), or nothing: the data's first view decides. */
const labelsOf = (v: boolean | undefined): { showLabels?: boolean } => (v === undefined ? {} : { showLabels: v });

function readProjection(r: FieldReader): ProjectionRef | null {
  const method = r.text('method', 64);
  if (method === null || method === 'pca') return null;
  const known = PROJECT_METHODS.find((m) => m === method);
  if (!known) {
    r.report('method', method, { kind: 'unknown-value', known: ['pca', ...PROJECT_METHODS] });
    return null;
  }
  return readRun(r, known);
}

function readAxes(r: FieldReader): [number, number] {
  const v = r.text('pc', 32);
  if (v === null) return [0, 1];
  const m = /^(\d{1,2}),(\d{1,2})$/.exec(v);
  const x = m ? Number(m[1]) : 0;
  const y = m ? Number(m[2]) : 0;
  if (x >= 1 && y >= 1 && x <= PCA_COMPONENTS && y <= PCA_COMPONENTS) return [x - 1, y - 1];
  r.report('pc', v, { kind: 'range', min: 1, max: PCA_COMPONENTS, integer: true });
  return [0, 1];
}

function readCamera(r: FieldReader): CameraRef | null {
  const v = r.text('cam', 128);
  if (v === null) return null;
  const parts = v.split(',').map(parseNumber);
  const [cx, cy, zoom] = parts;
  if (parts.length === 3 && cx !== null && cy !== null && zoom !== null && zoom >= 1e-3 && zoom <= 1e6) return { cx, cy, zoom };
  r.report('cam', v, { kind: 'malformed', expected: 'camera' });
  return null;
}

function readLasso(r: FieldReader): Float32Array | null {
  const v = r.text('lasso', Math.ceil((MAX_LASSO_VERTICES * 8 * 4) / 3) + 4);
  if (v === null) return null;
  const floats = base64UrlToFloats(v);
  if (floats && floats.length >= 6 && floats.length % 2 === 0 && floats.every(Number.isFinite)) return floats;
  r.report('lasso', v, { kind: 'malformed', expected: 'polygon' });
  return null;
}

/** The neighbour metric; absent (or unknown, reported) = the dataset's own. */
function readMetric(r: FieldReader): NeighborMetric | null {
  if (!r.has('metric')) return null;
  const m = r.oneOf<NeighborMetric | ''>('metric', NEIGHBOR_METRICS, '');
  return m === '' ? null : m;
}

function readPane(r: FieldReader, side: string): PaneRef | null {
  const v = r.text(side, 1024);
  if (v === null || v === '') return null;
  if (v === 'pca' || v === 'live') return { kind: v };
  const { head, fields } = compoundFields(v);
  const method = PROJECT_METHODS.find((m) => m === head);
  if (!method) {
    r.report(side, head, { kind: 'unknown-value', known: ['pca', ...PROJECT_METHODS] });
    return null;
  }
  const inner = new FieldReader(fields, `${side}.`);
  const run = readRun(inner, method);
  for (const p of inner.finish()) r.problems.push(p);
  return { kind: 'run', ...run };
}

/** A run as one token ("tsne,seed:42,perplexity:50"), as the Compare panes are written. */
export function runToken(ref: ProjectionRef): string {
  return paneToken({ kind: 'run', ...ref });
}

/** Reads a run token strictly: null unless every field of it is valid. */
export function readRunToken(text: string): ProjectionRef | null {
  const r = new FieldReader({ get: (k) => (k === 'run' ? text : null), getAll: (k) => (k === 'run' ? [text] : []), keys: () => ['run'] });
  const pane = readPane(r, 'run');
  return pane?.kind === 'run' && r.finish().length === 0 ? { method: pane.method, settings: pane.settings } : null;
}

// ---- Binary fields --------------------------------------------------------------------

/** Float32 values, little-endian, as base64url without padding (exact, ~5.3 characters a number). */
export function floatsToBase64Url(values: Float32Array): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  values.forEach((v, i) => view.setFloat32(i * 4, v, true));
  let bin = '';
  for (let i = 0; i < bytes.length; i++) bin += String.fromCharCode(bytes[i]);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function base64UrlToFloats(text: string): Float32Array | null {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return null;
  let bin: string;
  try {
    bin = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return null;
  }
  if (bin.length % 4 !== 0) return null;
  const view = new DataView(new ArrayBuffer(bin.length));
  for (let i = 0; i < bin.length; i++) view.setUint8(i, bin.charCodeAt(i));
  return Float32Array.from({ length: bin.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}
