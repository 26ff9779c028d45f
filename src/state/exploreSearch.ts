/**
 * The Explore slice's search: substring or /regex/ over the labels or any metadata column
 * (the "by" picker), matched by the one matching function (compute/select/search.ts) on
 * the column's cell texts. "#945" is a row number and matches row 945 only; row numbers
 * are never matched otherwise (they are not part of any column).
 */
import { cellText, type Dataset } from '../compute/dataset';
import { matchLabels } from '../compute/select/search';
import type { SliceApi } from './appState';
import { EMPTY_SEARCH, type ExploreActions } from './exploreTypes';
import { findLabel } from './exploreNeighbors';
import type { SearchState } from './types';

type SearchActions = Pick<ExploreActions, 'setSearch' | 'setSearchBy' | 'submitSearch' | 'selectLabel'>;

const ROW_QUERY = /^#(\d+)$/;

/** The row a "#945" query names, or -1 (not such a query, or out of range). */
export function rowQuery(query: string, n: number): number {
  const m = ROW_QUERY.exec(query.trim());
  if (!m) return -1;
  const i = Number(m[1]);
  return i < n ? i : -1;
}

/** The first row of a match mask, or -1. */
export function firstMatch(matches: Uint8Array | null): number {
  if (!matches) return -1;
  for (let i = 0; i < matches.length; i++) if (matches[i]) return i;
  return -1;
}

export function searchActions({ get, data, patch }: SliceApi<'explore'>): SearchActions {
  /** Cell texts of the searched column, kept while the dataset and column stay the same. */
  let texts: { dataset: Dataset; column: string; values: string[] } | null = null;
  const dataset = () => get().data.dataset;

  const textsOf = (ds: Dataset, by: string | null): readonly string[] => {
    const column = by === null ? undefined : ds.columns.find((c) => c.name === by);
    if (!column) return ds.labels;
    if (texts?.dataset !== ds || texts.column !== column.name) {
      texts = { dataset: ds, column: column.name, values: Array.from({ length: ds.n }, (_, i) => cellText(column, i)) };
    }
    return texts.values;
  };

  const match = (ds: Dataset, query: string, by: string | null): SearchState => {
    const row = rowQuery(query, ds.n);
    if (row >= 0) {
      const matches = new Uint8Array(ds.n);
      matches[row] = 1;
      return { query, matches, count: 1, error: null };
    }
    const res = matchLabels(textsOf(ds, by), query);
    return { query, matches: res.matches, count: res.count, error: res.error };
  };

  const setSearch = (query: string): void => {
    const ds = dataset();
    if (!ds || query === '') {
      patch({ search: { ...EMPTY_SEARCH, query }, searchNote: null });
      return;
    }
    patch({ search: match(ds, query, data().searchBy), searchNote: null });
  };

  const selectLabel = (text: string): boolean => {
    const ds = dataset();
    const index = ds ? findLabel(ds.labels, text) : -1;
    if (index < 0) return false;
    void get().actions.explore.select(index);
    return true;
  };

  return {
    setSearch,
    selectLabel,

    setSearchBy: (column) => {
      const ds = dataset();
      const by = column !== null && ds?.columns.some((c) => c.name === column) ? column : null;
      patch({ searchBy: by });
      setSearch(data().search.query);
    },

    submitSearch: (query) => {
      const ds = dataset();
      setSearch(query);
      const text = query.trim();
      if (!ds || text === '') return;
      const row = rowQuery(text, ds.n);
      if (row >= 0) {
        void get().actions.explore.select(row);
        patch({ searchNote: { kind: 'row', index: row } });
        return;
      }
      // An exact label wins when searching labels; otherwise the first result, said out loud.
      if (data().searchBy === null && selectLabel(text)) return;
      const { search } = data();
      const first = firstMatch(search.matches);
      if (first < 0) {
        patch({ searchNote: { kind: 'none' } });
        return;
      }
      void get().actions.explore.select(first);
      patch({ searchNote: { kind: 'first-of', label: ds.labels[first] ?? '', count: search.count } });
    },
  };
}
