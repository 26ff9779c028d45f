/**
 * The Explore slice's search: substring or /regex/ over the labels or any metadata column
 * (the "by" picker), matched by the one matching function (compute/select/search.ts) on
 * the column's cell texts. Row numbers at the end of labels ("7 #945") are matched only
 * when the query has a "#" (compute/select/searchText.ts).
 */
import { cellText, type Dataset } from '../compute/dataset';
import { matchLabels } from '../compute/select/search';
import { labelTexts, searchesRowNumbers } from '../compute/select/searchText';
import type { SliceApi } from './appState';
import { EMPTY_SEARCH, type ExploreActions } from './exploreTypes';
import { findLabel } from './exploreNeighbors';
import type { SearchState } from './types';

type SearchActions = Pick<ExploreActions, 'setSearch' | 'setSearchBy' | 'submitSearch' | 'selectLabel'>;

/** The first row of a match mask, or -1. */
export function firstMatch(matches: Uint8Array | null): number {
  if (!matches) return -1;
  for (let i = 0; i < matches.length; i++) if (matches[i]) return i;
  return -1;
}

export function searchActions({ get, data, patch }: SliceApi<'explore'>): SearchActions {
  /** Texts searched (a column's cells, or the labels without row numbers), kept while their source stays the same. */
  let texts: { dataset: Dataset; key: string; values: readonly string[] } | null = null;
  const dataset = () => get().data.dataset;

  const textsOf = (ds: Dataset, by: string | null, query: string): readonly string[] => {
    const column = by === null ? undefined : ds.columns.find((c) => c.name === by);
    const key = column ? `column:${column.name}` : searchesRowNumbers(query) ? 'labels' : 'labels without row numbers';
    if (texts?.dataset !== ds || texts.key !== key) {
      const values = column ? Array.from({ length: ds.n }, (_, i) => cellText(column, i)) : labelTexts(ds.labels, query);
      texts = { dataset: ds, key, values };
    }
    return texts.values;
  };

  const match = (ds: Dataset, query: string, by: string | null): SearchState => {
    const res = matchLabels(textsOf(ds, by, query), query);
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
