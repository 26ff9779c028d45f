/**
 * Pure helpers of the Exports slice: which rows an export writes, where they came from
 * (the provenance header), and file names.
 */
import type { Dataset } from '../compute/dataset';
import type { Provenance } from '../compute/export/tables';
import type { ExploreData, SetKind } from './exploreTypes';
import type { Layout } from './types';

/** The rows the map shows: a subset layout's rows, else the isolated rows, else all (null). */
export function shownRows(explore: Pick<ExploreData, 'layout' | 'isolation'>): Uint32Array | null {
  const { layout, isolation } = explore;
  if (layout?.rows && isolation) return intersectSorted(layout.rows, isolation.rows);
  return layout?.rows ?? isolation?.rows ?? null;
}

function intersectSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out: number[] = [];
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      out.push(a[i]);
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return Uint32Array.from(out);
}

const SET_WORDS: Record<SetKind, string> = {
  lasso: 'lasso',
  category: 'legend pick',
  search: 'search results',
  neighbors: 'neighbours',
  sample: 'random sample',
  combined: 'lasso, pick and search together',
};

/** "all 10,000 rows", "794 rows (lasso)". Provenance is written in English: it is data, not interface. */
export function rowsText(n: number, rows: Uint32Array | null, what: SetKind | null): string {
  if (!rows) return `all ${n} rows`;
  return `${rows.length} of ${n} rows${what ? ` (${SET_WORDS[what]})` : ''}`;
}

export function provenanceOf(dataset: Dataset, layout: Layout | null, rows: string, sproutVersion: string, now: Date): Provenance {
  return {
    dataset: dataset.name,
    method: layout ? layout.method : 'none',
    parameters: layout?.identity ?? layout?.method ?? '',
    seed: layout?.seed ?? null,
    rows,
    sproutVersion,
    exportedAt: now.toISOString(),
  };
}

/** A file-name-safe piece of text: letters, digits and dashes (any script), at most 40 characters. */
export function slug(text: string): string {
  const s = text
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return [...s].slice(0, 40).join('') || 'sprout';
}

export function fileName(dataset: Dataset, what: string, ext: string, method?: string): string {
  return `${slug(dataset.name)}${method ? `-${slug(method)}` : ''}-${what}.${ext}`;
}
