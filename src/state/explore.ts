import type { SliceCreator } from './appState';
import { initialExploreData, type ExploreActions } from './exploreTypes';
import { neighborActions } from './exploreNeighbors';
import { searchActions } from './exploreSearch';
import { setActions } from './exploreSets';

/**
 * The Explore slice: what the user does on the map — hover, select (and list neighbours
 * in the original space, computed in the data worker by dataset id: exploreNeighbors.ts),
 * search (exploreSearch.ts), lasso, legend picks and isolation (exploreSets.ts), labels,
 * colour — and which layout is on screen.
 */
export const createExploreSlice: SliceCreator<'explore', ExploreActions> = (api) => {
  const { data, patch } = api;
  return {
    initial: initialExploreData,
    actions: {
      showLayout: (layout) => patch({ layout }),
      hover: (index) => {
        if (data().hovered !== index) patch({ hovered: index });
      },
      ...neighborActions(api),
      ...searchActions(api),
      ...setActions(api),
      setShowLabels: (on) => patch({ showLabels: on }),
      setColorBy: (column) => patch({ colorBy: column }),
    },
  };
};
