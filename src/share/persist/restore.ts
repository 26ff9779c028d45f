/**
 * A saved session read back: its view (through the link codec, so it is validated the
 * same way), its layouts (checked against their meta), and — only when asked — its data
 * files and its training run. What does not check out is left out; the rest restores.
 */
import type { LabCorpusChoice, LabResume } from '../../state/labTypes';
import type { SavedCache, SavedLayoutRef } from '../apply';
import { decodeView, type DecodedView } from '../codec';
import type { SessionRecord } from './db';
import { joinFiles, readCoords, readFileMeta, readLabBlob, readLabMeta, readLayoutMeta } from './parts';
import type { SessionStore } from './sessionStore';

export interface LoadedSession {
  readonly record: SessionRecord;
  readonly decoded: DecodedView;
  readonly cache: SavedCache;
}

export async function loadSession(store: SessionStore, record: SessionRecord): Promise<LoadedSession> {
  const decoded = decodeView(record.view);
  const layouts: SavedLayoutRef[] = [];
  await Promise.all(
    record.parts
      .filter((p) => p.kind === 'layout')
      .map(async (p) => {
        const meta = readLayoutMeta(p.meta);
        const blob = meta ? await store.part(record.id, p.key) : null;
        const coords = meta && blob ? await readCoords(blob, meta.n) : null;
        if (meta && coords) layouts.push({ ref: meta.run, coords, wallMs: meta.wallMs, quality: meta.quality });
      }),
  );
  const filesOf = async (kind: 'file' | 'labcorpus'): Promise<File[]> => {
    const parts = await Promise.all(
      record.parts
        .filter((p) => p.kind === kind)
        .map(async (p) => {
          const meta = readFileMeta(p.meta);
          const blob = meta ? await store.part(record.id, p.key) : null;
          return meta && blob ? [{ meta, blob }] : [];
        }),
    );
    return joinFiles(parts.flat());
  };
  const cache: SavedCache = {
    datasetKey: record.datasetKey,
    layouts,
    files: () => filesOf('file'),
    lab: async () => {
      const part = record.parts.find((p) => p.kind === 'lab');
      const meta = part ? readLabMeta(part.meta) : null;
      const blob = part && meta ? await store.part(record.id, part.key) : null;
      const data = meta && blob ? await readLabBlob(blob, meta) : null;
      if (!meta || !data || meta.step === 0) return null;
      const lab = decoded.view.lab;
      let corpus: LabCorpusChoice;
      if (lab.corpus.kind === 'file') {
        const [file] = await filesOf('labcorpus');
        if (!file || file.size !== lab.corpus.bytes) return null;
        corpus = { kind: 'file', file, name: lab.corpus.name };
      } else corpus = lab.corpus;
      const resume: LabResume = {
        config: lab.config,
        corpus,
        step: meta.step,
        table: data.table,
        running: meta.running,
        speed: meta.speed,
        frameMode: meta.frameMode,
        losses: meta.losses,
        timeline: data.entries,
      };
      return resume;
    },
  };
  return { record, decoded, cache };
}
