/**
 * The lab slice's pure helpers: tokens as the corpus sees them, where a corpus comes
 * from, which rows belong to the teaching groups, the probe as IDs, a Step's arrows.
 */
import type { LabCorpusSource } from '../compute/train/labCorpus';
import type { LabFrame, LabMove } from '../compute/train/labSession';
import type { ProbeRequest } from '../compute/train/probe';
import { SOTU_PATH } from '../compute/train/corpora';
import { TEACHING_DICTIONARY, TEACHING_GROUPS } from '../compute/train/teachingCorpus';
import { projectorMetadataTsv, projectorVectorsTsv, word2vecText } from '../compute/train/export';
import { tokenize } from '../compute/train/tokenize';
import { UNK_ID } from '../compute/train/vocab';
import { isSessionLost } from '../compute/task';
import type { LabArrows, LabCorpusChoice, LabData, LabExportFile, LabSessionInfo, LabToken } from './labTypes';

/** Tokenizes like the training corpus (same tokenizer, same dictionary). */
export function labTokens(text: string, index: ReadonlyMap<string, number> | null): LabToken[] {
  return tokenize(text, { dictionary: TEACHING_DICTIONARY }).map((t) => ({ ...t, id: index?.get(t.text) ?? UNK_ID }));
}

export function corpusSource(c: LabCorpusChoice): LabCorpusSource {
  if (c.kind === 'teaching') return { kind: 'teaching' };
  if (c.kind === 'sotu') return { kind: 'sotu', url: SOTU_PATH };
  return { kind: 'file', file: c.file, name: c.name };
}

/** The train worker lost the session (or died): the slice re-opens it from the seed. */
export function isLabSessionLost(e: unknown): boolean {
  return isSessionLost(e) || (e instanceof Error && e.name === 'WorkerCrashError');
}

export function groupRows(words: readonly string[]): Int16Array {
  const g = new Int16Array(words.length).fill(-1);
  const index = new Map<string, number>();
  words.forEach((w, i) => index.set(w, i));
  TEACHING_GROUPS.forEach((group, gi) => {
    for (const w of group.words) {
      const id = index.get(w);
      if (id !== undefined) g[id] = gi;
    }
  });
  return g;
}


/** The probe as row IDs in the session's vocabulary (null before a session). */
export function probeRequestOf(l: LabData): ProbeRequest | null {
  const s = l.session;
  if (!s) return null;
  const word = (w: string): number => {
    const t = labTokens(w, s.index);
    return t.length ? t[0].id : -1;
  };
  return { context: labTokens(l.probeText, s.index).map((t) => t.id), target: word(l.probeTarget), wrong: word(l.probeWrong), top: 8 };
}

/** Arrows for the probe's target and wrong answer between two frames (a Step). */
export function stepArrows(req: ProbeRequest | null, prev: LabFrame | null, next: LabFrame): LabArrows | null {
  // In a UMAP / t-SNE frame a Step's "movement" would be mostly the re-layout: no arrows.
  if (!prev || !req || prev.frameVersion !== next.frameVersion || next.frameMode !== 'pca') return null;
  const moves: LabMove[] = [];
  for (const [id, role] of [[req.target, 'target'], [req.wrong, 'wrong']] as const) {
    if (id <= UNK_ID) continue;
    moves.push({ id, role, from: [prev.coords[2 * id], prev.coords[2 * id + 1]], to: [next.coords[2 * id], next.coords[2 * id + 1]] });
  }
  return { source: 'step', moves, context: req.context.filter((c) => c > UNK_ID), frameVersion: next.frameVersion };
}

/** The trained table as files: word2vec text, or projector vectors + metadata TSV. */
export function labExportFiles(session: LabSessionInfo, frame: LabFrame, kind: 'projector' | 'word2vec'): LabExportFile[] {
  const t = { words: session.words, counts: session.counts, vectors: frame.vectors, dim: frame.dim, groups: TEACHING_GROUPS };
  const base = `sprout-${session.config.model}-${frame.dim}d-step${frame.step}`;
  if (kind === 'word2vec') return [{ name: `${base}.txt`, type: 'text/plain', parts: word2vecText(t) }];
  return [
    { name: `${base}-vectors.tsv`, type: 'text/tab-separated-values', parts: projectorVectorsTsv(t) },
    { name: `${base}-metadata.tsv`, type: 'text/tab-separated-values', parts: projectorMetadataTsv(t) },
  ];
}
