import { hasVectors } from '../compute/dataset';
import { matchLabels } from '../compute/select/search';
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
  const dataset = () => get().data.dataset;

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
        if (!hasVectors(ds)) {
          // Coordinates without vectors: there is no original space to search (the panel says so).
          patch({ selected: index, neighbors: [] });
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
      setSearch: (query) => {
        const ds = dataset();
        if (!ds || query === '') {
          patch({ search: { ...EMPTY_SEARCH, query } });
          return;
        }
        const res = matchLabels(ds.labels, query);
        patch({ search: { query, matches: res.matches, count: res.count, error: res.error } });
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
