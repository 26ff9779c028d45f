import { searchSliced, type QueryError } from '../compute/select/search';
import { CancelledError } from '../compute/task';
import { translatorFor } from '../i18n/translate';
import type { SliceCreator } from './appState';
import { errorText } from './errors';
import { EMPTY_SEARCH, initialExploreData, NEIGHBOR_COUNT, type ExploreActions } from './exploreTypes';

/**
 * The Explore slice: what the user does on the map — hover, select (and list the
 * neighbours in the original space, computed in the data worker by dataset id), search,
 * lasso, labels, colour — and which layout is on screen.
 */
export const createExploreSlice: SliceCreator<'explore', ExploreActions> = ({ jobs, get, data, patch }) => {
  let selectSeq = 0;
  /** The search in flight; a newer query aborts it. */
  let searching: AbortController | null = null;
  const dataset = () => get().data.dataset;
  const queryErrorText = (e: QueryError): string => {
    const { t } = translatorFor(get().ui.locale);
    return t(e.kind === 'unsupported' ? 'search.regexUnsupported' : 'search.regexInvalid', { detail: e.detail });
  };

  return {
    initial: initialExploreData,
    actions: {
      showLayout: (layout) => patch({ layout }),
      hover: (index) => {
        if (data().hovered !== index) patch({ hovered: index });
      },
      select: async (index) => {
        const ds = dataset();
        const version = get().data.version;
        const seq = ++selectSeq;
        if (!ds || index < 0 || index >= ds.n) {
          patch({ selected: -1, neighbors: null });
          return;
        }
        patch({ selected: index, neighbors: null });
        try {
          const neighbors = await jobs.neighbors(ds, index, NEIGHBOR_COUNT);
          if (seq === selectSeq && get().data.version === version) patch({ neighbors });
        } catch (e) {
          if (seq === selectSeq && !get().actions.data.handleLost(e)) get().actions.ui.notify('error', `Nearest neighbours failed: ${errorText(e)}`);
        }
      },
      selectLabel: (text) => {
        const labels = dataset()?.labels;
        if (!labels || text === '') return false;
        let index = labels.indexOf(text);
        if (index < 0) {
          const lower = text.toLowerCase();
          index = labels.findIndex((l) => l.toLowerCase() === lower);
        }
        if (index < 0) return false;
        void get().actions.explore.select(index);
        return true;
      },
      setSearch: async (query) => {
        searching?.abort();
        searching = null;
        const ds = dataset();
        if (!ds || query === '') {
          patch({ search: { ...EMPTY_SEARCH, query } });
          return;
        }
        // Sliced (and RE2 for /regex/): no query, however hostile, blocks the page for long.
        const ac = new AbortController();
        searching = ac;
        try {
          const res = await searchSliced(ds.labels, query, { signal: ac.signal });
          if (searching !== ac || dataset() !== ds) return;
          searching = null;
          patch({ search: { query, matches: res.matches, count: res.count, error: res.queryError ? queryErrorText(res.queryError) : null } });
        } catch (e) {
          if (!(e instanceof CancelledError)) throw e;
        }
      },
      setLasso: (selection) => {
        const n = dataset()?.n ?? -1;
        patch({ lasso: selection && selection.count > 0 && selection.mask.length === n ? selection : null });
      },
      setShowLabels: (on) => patch({ showLabels: on }),
      setColorBy: (column) => patch({ colorBy: column }),
    },
  };
};
