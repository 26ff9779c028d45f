/**
 * A trained table leaves the lab in the formats other tools read, or as a Dataset for
 * the Explore view:
 * - TensorBoard Embedding Projector: vectors.tsv (one row of tab-separated numbers per
 *   word, no header) + metadata.tsv (header "word\tcount\tgroup", one row per word).
 * - word2vec text: "V D" on the first line, then "word v1 v2 …" per line (gensim's
 *   KeyedVectors.load_word2vec_format(binary=False) reads it).
 * `<unk>` (row 0) is left out of all of them: it is a bucket, not a word.
 *
 * Output is an array of string chunks (one per ~4096 rows) so the caller can hand it to
 * a Blob without building one giant string.
 */
import { MISSING_CODE, type Column, type FullDataset } from '../dataset';
import type { WordGroup } from './teachingCorpus';
import { UNK_ID } from './vocab';

export interface TableExport {
  /** id → word; words[0] is `<unk>`. */
  readonly words: readonly string[];
  /** id → corpus count. */
  readonly counts: ArrayLike<number>;
  /** V × dim. */
  readonly vectors: Float32Array;
  readonly dim: number;
  /** Known word groups, for the metadata's group column. */
  readonly groups?: readonly WordGroup[];
}

const CHUNK_ROWS = 4096;

/** Whitespace inside a label would break a TSV row or a word2vec line: replace it with "_" (tabs/newlines) as gensim does. */
export function safeLabel(word: string): string {
  return word.replace(/[\t\r\n]/g, '_');
}

function word2vecLabel(word: string): string {
  return word.replace(/\s/g, '_') || '_';
}

function formatNumber(v: number): string {
  // 6 significant digits keeps float32 meaning and halves the file against full precision.
  return Number.isFinite(v) ? String(Number(v.toPrecision(6))) : '0';
}

function rowsAsChunks(V: number, line: (id: number) => string, header?: string): string[] {
  const chunks: string[] = [];
  let lines: string[] = header === undefined ? [] : [header];
  for (let id = UNK_ID + 1; id < V; id++) {
    lines.push(line(id));
    if (lines.length >= CHUNK_ROWS) {
      chunks.push(lines.join('\n') + '\n');
      lines = [];
    }
  }
  if (lines.length) chunks.push(lines.join('\n') + '\n');
  return chunks;
}

function rowText(t: TableExport, id: number, sep: string): string {
  const o = id * t.dim;
  const parts = new Array<string>(t.dim);
  for (let k = 0; k < t.dim; k++) parts[k] = formatNumber(t.vectors[o + k]);
  return parts.join(sep);
}

function groupIndex(groups: readonly WordGroup[] | undefined): Map<string, string> {
  const m = new Map<string, string>();
  for (const g of groups ?? []) for (const w of g.words) m.set(w, g.name);
  return m;
}

export function projectorVectorsTsv(t: TableExport): string[] {
  return rowsAsChunks(t.words.length, (id) => rowText(t, id, '\t'));
}

export function projectorMetadataTsv(t: TableExport): string[] {
  const group = groupIndex(t.groups);
  return rowsAsChunks(t.words.length, (id) => `${safeLabel(t.words[id])}\t${t.counts[id]}\t${group.get(t.words[id]) ?? ''}`, 'word\tcount\tgroup');
}

export function word2vecText(t: TableExport): string[] {
  const V = t.words.length - 1;
  const chunks = rowsAsChunks(t.words.length, (id) => `${word2vecLabel(t.words[id])} ${rowText(t, id, ' ')}`);
  return [`${V} ${t.dim}\n`, ...chunks];
}

/** The table as a Dataset for the Explore view: one row per word (no `<unk>`), a group column, cosine metric. */
export function tableDataset(t: TableExport, id: string, name: string): FullDataset {
  const V = t.words.length;
  const n = Math.max(0, V - 1);
  const vectors = t.vectors.slice(t.dim, V * t.dim);
  const labels = t.words.slice(1);
  const columns: Column[] = [];
  if (t.groups && t.groups.length) {
    const group = groupIndex(t.groups);
    const categories = t.groups.map((g) => g.name);
    const codes = new Uint32Array(n);
    labels.forEach((w, i) => {
      const g = group.get(w);
      codes[i] = g === undefined ? MISSING_CODE : categories.indexOf(g);
    });
    if (codes.some((c) => c !== MISSING_CODE)) columns.push({ name: 'group', type: 'category', codes, categories });
  }
  const counts = new Float64Array(n);
  for (let i = 0; i < n; i++) counts[i] = t.counts[i + 1];
  columns.push({ name: 'count', type: 'number', values: counts });
  return { id, name, n, dim: t.dim, vectors, labels, columns, metric: 'cosine' };
}
