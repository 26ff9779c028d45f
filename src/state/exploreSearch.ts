/**
 * The Explore slice's search: substring or /regex/ over the labels or any metadata column
 * (the "by" picker), matched by the one matching function (compute/select/search.ts) on
 * the column's cell texts. Row numbers at the end of labels ("7 #945") are matched only
 * when the query has a "#" (compute/select/searchText.ts).
 *
 * Matching runs in slices of ~20 ms (a /regex/ on RE2, linear whatever the pattern), so
 * no query blocks the page: the first slice runs at once, which answers a small dataset
 * synchronously; a large one goes on between event-loop turns and a newer query
 * supersedes it.
 */
import { cellText, type Dataset } from '../compute/dataset';
import { LabelSearch, type LabelMatch, type QueryError } from '../compute/select/search';
import { CancelledError, pause, SliceBudget } from '../compute/task';
import { translatorFor } from '../i18n/translate';
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

  const queryErrorText = (e: QueryError): string => {
    const { t } = translatorFor(get().ui.locale);
    return t(e.kind === 'unsupported' ? 'search.regexUnsupported' : 'search.regexInvalid', { detail: e.detail });
  };
  const stateOf = (query: string, res: LabelMatch): SearchState => ({
    query,
    matches: res.matches,
    count: res.count,
    error: res.queryError ? queryErrorText(res.queryError) : null,
  });

  /** The search in flight; a newer query aborts it. */
  let searching: AbortController | null = null;

  /** Starts a search: null when it finished at once, else the promise of the rest. */
  const startSearch = (query: string): Promise<void> | null => {
    searching?.abort();
    searching = null;
    const ds = dataset();
    if (!ds || query === '') {
      patch({ search: { ...EMPTY_SEARCH, query }, searchNote: null });
      return null;
    }
    const search = new LabelSearch(textsOf(ds, data().searchBy, query), query);
    const budget = new SliceBudget(20);
    const step = (b: number): boolean => search.step(b * 64);
    if (budget.fill(step)) {
      patch({ search: stateOf(query, search.result()), searchNote: null });
      return null;
    }
    const ac = new AbortController();
    searching = ac;
    const rest = async (): Promise<void> => {
      do await pause({ signal: ac.signal });
      while (!budget.fill(step));
      if (searching !== ac || dataset() !== ds) return;
      searching = null;
      patch({ search: stateOf(query, search.result()), searchNote: null });
    };
    return rest().catch((e: unknown) => {
      if (!(e instanceof CancelledError)) throw e;
    });
  };
  const setSearch = (query: string): Promise<void> => startSearch(query) ?? Promise.resolve();

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
      void setSearch(data().search.query);
    },

    submitSearch: (query) => {
      const ds = dataset();
      const text = query.trim();
      const after = (): void => {
        if (ds && text !== '' && dataset() === ds && data().search.query === query) afterSubmit(ds, text);
      };
      const rest = startSearch(query);
      if (rest === null) after();
      else void rest.then(after);
    },
  };

  /** What Enter does once the search is in. */
  function afterSubmit(ds: Dataset, text: string): void {
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
  }
}
