import type { Neighbor } from '../compute/neighbors/knn';
import type { Layout, SearchState } from './types';

/** Points enclosed by a lasso. */
export interface LassoSelection {
  /** 1 for each enclosed row. */
  readonly mask: Uint8Array;
  readonly count: number;
}

/**
 * The Explore slice: what the user does on the map of the current dataset — the layout
 * on screen, hover, selection and its neighbours, search, lasso, labels and colour.
 * Big buffers are held by reference; `version` fields say when they changed.
 */
export interface ExploreData {
  /** The layout Explore draws: PCA, or the projection run on screen. */
  readonly layout: Layout | null;
  readonly hovered: number;
  readonly selected: number;
  readonly neighbors: readonly Neighbor[] | null;
  readonly search: SearchState;
  /** Points enclosed by the last lasso, or null. Dims the rest (with the search) in every plot. */
  readonly lasso: LassoSelection | null;
  /** Text labels on the map (as many as fit without overlapping, first rows first). */
  readonly showLabels: boolean;
  /** Name of the metadata column that colours the points, or null for a single colour. */
  readonly colorBy: string | null;
}

export interface ExploreActions {
  /** Puts a layout of the current dataset on screen (PCA, a projection's snapshot or result). */
  showLayout(layout: Layout): void;
  hover(index: number): void;
  select(index: number): Promise<void>;
  /** Selects the row whose label equals `text` (exact first, then ignoring case); false when none does. */
  selectLabel(text: string): boolean;
  /** Matches labels in slices (the page stays responsive); resolves when the result is in the store, or superseded. */
  setSearch(query: string): Promise<void>;
  /** Sets (or with null clears) the lasso selection; an empty one clears it. */
  setLasso(selection: LassoSelection | null): void;
  setShowLabels(on: boolean): void;
  setColorBy(column: string | null): void;
}

export const EMPTY_SEARCH: SearchState = { query: '', matches: null, count: 0, error: null };
/** Neighbours listed for a selected point. */
export const NEIGHBOR_COUNT = 10;

/** What a new dataset resets (its rows are not the old rows); the layout stays until the new one is ready. */
export const EXPLORE_RESET = {
  hovered: -1,
  selected: -1,
  neighbors: null,
  search: EMPTY_SEARCH,
  lasso: null,
} as const satisfies Partial<ExploreData>;

export const initialExploreData: ExploreData = { layout: null, ...EXPLORE_RESET, showLabels: false, colorBy: null };
