/**
 * What to save of the store now, given what is stored already: the record (the view as
 * a link query, a name, a summary) and the parts to write or keep. A part already stored
 * for the same data is kept, not written again: the data files once per dataset, each
 * finished layout once, the lab's run whenever it moved on.
 */
import { methodInfo } from '../../compute/project/methods';
import type { Translate } from '../../i18n/translate';
import type { AppState } from '../../state/appState';
import { captureView, refOf } from '../capture';
import { encodeView } from '../codec';
import { datasetKey, specKey } from '../viewState';
import type { SessionRecord } from './db';
import { fileParts, labPart, layoutPart, readLabMeta, type LabMeta, type PartWrite } from './parts';
import type { RecordFields } from './sessionStore';

export interface SavePlan {
  readonly fields: RecordFields;
  readonly keep: readonly string[];
  readonly writes: readonly PartWrite[];
}

export function planSave(s: AppState, prev: SessionRecord | null, id: string, now: number, t: Translate): SavePlan {
  const view = captureView(s);
  const key = datasetKey(view.dataset);
  const sameData = prev?.datasetKey === key;
  const stored = new Set(sameData ? prev.parts.map((p) => p.key) : []);
  const keep: string[] = [];
  const writes: PartWrite[] = [];
  const want = (parts: readonly PartWrite[]): void => {
    // A multi-part file is kept only whole.
    if (parts.every((p) => stored.has(p.info.key))) keep.push(...parts.map((p) => p.info.key));
    else writes.push(...parts);
  };

  const dataset = s.data.dataset;
  const source = s.load.loaded?.source;
  if (dataset && view.dataset.kind === 'file' && source) {
    source.inputs.forEach((input, i) => {
      if (input.kind === 'file') want(fileParts(i, input.name, input.file));
    });
  }
  if (dataset) {
    for (const f of s.projection.finished) {
      // A layout of isolated rows is not kept: the view names runs on every row.
      if (f.datasetVersion !== s.data.version || f.subsetId !== null || f.layout.coords.length !== 2 * dataset.n) continue;
      // A layout stored with the data (a built-in set's first view) comes back with the data: not copied.
      if (dataset.layouts?.some((l) => l.coords === f.layout.coords)) continue;
      want([layoutPart(`layout:${specKey(f.spec)}`, { run: refOf(f.spec, dataset.dim), n: dataset.n, wallMs: f.wallMs, quality: f.quality }, f.layout.coords, f.label)]);
    }
  }
  const lab = labWrite(s, prev);
  if (lab === 'keep') keep.push('lab');
  else if (lab) writes.push(lab);
  const corpus = s.lab.corpus;
  if (corpus.kind === 'file' && (lab === 'keep' || lab)) {
    const parts = fileParts(0, corpus.name, corpus.file, 'labcorpus');
    const have = new Set(prev?.parts.map((p) => p.key));
    if (parts.every((p) => have.has(p.info.key))) keep.push(...parts.map((p) => p.info.key));
    else writes.push(...parts);
  }

  // The method on screen: a run's, else the layout's own name (PCA, or the data's stored first view).
  const method = view.projection ? methodInfo(view.projection.method).label : (s.explore.layout?.method ?? 'PCA');
  const datasetName = dataset?.name ?? t('share.sessions.noData');
  const fields: RecordFields = {
    id,
    name: prev && !prev.autoName ? prev.name : t('share.sessions.defaultName', { dataset: datasetName, method }),
    autoName: prev ? prev.autoName : true,
    createdAt: prev?.createdAt ?? now,
    updatedAt: now,
    view: encodeView(view),
    datasetKey: key,
    dataset: datasetName,
    method,
  };
  return { fields, keep, writes };
}

/** The lab's part: written when its run moved on since the stored one, kept when not, null when there is no run to keep. */
function labWrite(s: AppState, prev: SessionRecord | null): PartWrite | 'keep' | null {
  const { session, frame, timeline, losses } = s.lab;
  if (!session || !frame || frame.sessionId !== session.id || frame.step === 0) return null;
  const rows = session.words.length;
  if (frame.vectors.length !== rows * frame.dim) return null;
  const entries = timeline.entries.filter((e) => e.coords.length === rows * 2);
  const meta: LabMeta = {
    step: frame.step,
    running: s.lab.phase === 'running',
    speed: s.lab.speed,
    frameMode: s.lab.frameMode,
    rows,
    dim: frame.dim,
    losses,
    entries: entries.map(({ step, epoch, loss, purity }) => ({ step, epoch, loss, purity })),
  };
  const stored = prev?.parts.find((p) => p.key === 'lab');
  const old = stored ? readLabMeta(stored.meta) : null;
  if (old && old.step === meta.step && old.running === meta.running && old.speed === meta.speed && old.frameMode === meta.frameMode && old.entries.length === meta.entries.length) return 'keep';
  return labPart(meta, frame.vectors, entries.map((e) => e.coords));
}
