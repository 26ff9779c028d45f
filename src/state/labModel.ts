/**
 * The lab slice's pure helpers: tokens as the corpus sees them, where a corpus comes
 * from, which rows belong to the teaching groups, the probe as IDs, the config a lesson
 * or link asks for, words joined the way each script writes them, errors as notes.
 */
import type { LabCorpusSource } from '../compute/train/labCorpus';
import { DEFAULT_LAB_CONFIG, MODEL_DEFAULTS, type LabConfig, type LabFrame } from '../compute/train/labSession';
import type { ProbeRequest } from '../compute/train/probe';
import { SOTU_PATH } from '../compute/train/corpora';
import { TEACHING_DICTIONARY, TEACHING_GROUPS } from '../compute/train/teachingCorpus';
import { projectorMetadataTsv, projectorVectorsTsv, word2vecText } from '../compute/train/export';
import { tokenize } from '../compute/train/tokenize';
import { UNK_ID } from '../compute/train/vocab';
import { isSessionLost } from '../compute/task';
import { labProblemOf } from '../compute/train/labProblems';
import { errorText } from './errors';
import type { LabCorpusChoice, LabCorpusName, LabData, LabExportFile, LabNote, LabSessionInfo, LabTask, LabToken } from './labTypes';

/** Tokenizes like the training corpus (same tokenizer, same dictionary). */
export function labTokens(text: string, index: ReadonlyMap<string, number> | null): LabToken[] {
  return tokenize(text, { dictionary: TEACHING_DICTIONARY }).map((t) => ({ ...t, id: index?.get(t.text) ?? UNK_ID }));
}

export function corpusSource(c: LabCorpusChoice): LabCorpusSource {
  if (c.kind === 'teaching') return { kind: 'teaching' };
  if (c.kind === 'sotu') return { kind: 'sotu', url: SOTU_PATH };
  if (c.kind === 'text') return { kind: 'text', text: c.text, name: c.name };
  return { kind: 'file', file: c.file, name: c.name };
}

/** How a message names a corpus. */
export function corpusName(c: LabCorpusChoice): LabCorpusName {
  return c.kind === 'teaching' || c.kind === 'sotu' ? { kind: c.kind } : { kind: 'named', name: c.name };
}

/** A failure as a note: the problem the worker explained, or the error's own text. */
export function failedNote(what: LabTask, e: unknown): LabNote {
  return { kind: 'failed', what, detail: errorText(e), problem: labProblemOf(e) };
}

/** The config a lesson or a link asks for: the defaults, the model's own settings, then what was given. */
export function configFrom(partial: Partial<LabConfig>): LabConfig {
  const model = partial.model ?? DEFAULT_LAB_CONFIG.model;
  return { ...DEFAULT_LAB_CONFIG, ...MODEL_DEFAULTS[model], ...partial, model };
}

const CJK_EDGE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * Words joined as their scripts write them: a space between two words unless both
 * sides of the join are Chinese (or Japanese) — "the united" + "states" → "the united
 * states", "他很" + "高兴" → "他很高兴".
 */
export function joinWords(words: readonly string[]): string {
  let out = '';
  for (const w of words.map((x) => x.trim()).filter((x) => x.length > 0)) {
    if (out && !(CJK_EDGE.test(out[out.length - 1]) && CJK_EDGE.test(w[0]))) out += ' ';
    out += w;
  }
  return out;
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

/** Whether two corpus choices are the same text (an uploaded file: the same File object). */
export function sameCorpus(a: LabCorpusChoice, b: LabCorpusChoice): boolean {
  if (a.kind === 'file') return b.kind === 'file' && a.file === b.file;
  if (a.kind === 'text') return b.kind === 'text' && a.text === b.text;
  return a.kind === b.kind;
}
