import type { Dataset } from '../compute/dataset';
import type { Neighbor } from '../compute/neighbors/knn';
import type { NeighborMetric, NeighborQuery } from '../compute/neighbors/query';
import type { Layout, SearchState } from './types';

/** Points enclosed by a lasso. */
export interface LassoSelection {
  /** 1 for each enclosed row. */
  readonly mask: Uint8Array;
  readonly count: number;
}

/** Categories of one column picked in the legend (click: one; shift-click: add or remove). */
export interface CategoryPick {
  readonly column: string;
  readonly codes: readonly number[];
  readonly mask: Uint8Array;
  readonly count: number;
}

/** Where a set of rows came from, for the words on screen and in file names. */
export type SetKind = 'lasso' | 'category' | 'search' | 'neighbors' | 'sample' | 'combined';

/** Isolate: only these rows are drawn; Show all brings the rest (and the layout before) back. */
export interface Isolation {
  /** Sorted row indices. */
  readonly rows: Uint32Array;
  readonly mask: Uint8Array;
  readonly what: SetKind;
  /** The layout on screen when isolating, shown again by Show all. */
  readonly fullLayout: Layout | null;
}

/** What the neighbour list is about. */
export type NeighborSource =
  | { readonly kind: 'row'; readonly index: number }
  | { readonly kind: 'centroid'; readonly count: number; readonly what: SetKind }
  | { readonly kind: 'arithmetic'; readonly text: string; readonly inputs: readonly number[] };

/** Why a neighbour list could not be made (the panel says it in the interface language). */
export type NeighborProblem =
  | { readonly kind: 'empty' | 'missing-word' | 'no-set' }
  | { readonly kind: 'unknown'; readonly words: readonly string[] }
  | { readonly kind: 'failed'; readonly error: string };

export interface NeighborSettings {
  /** How many neighbours to list, 1..MAX_NEIGHBORS. */
  readonly k: number;
  /** null: the dataset's own metric (cosine for word vectors). */
  readonly metric: NeighborMetric | null;
}

/** What happened on Enter in the search box, shown under it. */
export type SearchNote =
  | { readonly kind: 'first-of'; readonly label: string; readonly count: number }
  | { readonly kind: 'none' };

/**
 * The Explore slice: what the user does on the map of the current dataset — the layout
 * on screen, hover, selection and its neighbours, search, lasso, legend picks, isolation,
 * labels and colour. Big buffers are held by reference; `version` fields say when they changed.
 */
export interface ExploreData {
  /** The layout Explore draws: PCA, or the projection run on screen (all rows; Isolate hides some when drawing). */
  readonly layout: Layout | null;
  readonly hovered: number;
  readonly selected: number;
  readonly neighbors: readonly Neighbor[] | null;
  /** What `neighbors` are the neighbours of (null while there are none). */
  readonly neighborsOf: NeighborSource | null;
  /** Set when the last neighbour query failed or could not be read (a word not in the data). */
  readonly neighborProblem: NeighborProblem | null;
  readonly neighborSettings: NeighborSettings;
  readonly search: SearchState;
  /** The column searched: null for the labels. */
  readonly searchBy: string | null;
  readonly searchNote: SearchNote | null;
  /** Points enclosed by the last lasso, or null. Dims the rest (with the search and the pick) in every plot. */
  readonly lasso: LassoSelection | null;
  readonly pick: CategoryPick | null;
  readonly isolation: Isolation | null;
  /** Text labels on the map (as many as fit without overlapping, first rows first). */
  readonly showLabels: boolean;
  /** Name of the metadata column that colours the points, or null for a single colour. */
  readonly colorBy: string | null;
}

/** The data worker's query and subset jobs (state/jobs.ts implements them, tests fake them). */
export interface ExploreJobs {
  nearest(dataset: Pick<Dataset, 'id'>, query: NeighborQuery, k: number, metric: NeighborMetric, opts?: { signal?: AbortSignal }): Promise<Neighbor[]>;
  /** Makes rows `rows` (sorted, distinct) of `dataset` a dataset of their own, `subsetId`, in the data worker. */
  deriveSubset(dataset: Pick<Dataset, 'id'>, rows: Uint32Array, subsetId: string): Promise<void>;
  /** The workers may forget this table (a subset no longer needed). */
  releaseTable(id: string): void;
}

export interface ExploreActions {
  /** Puts a layout of the current dataset on screen (PCA, a projection's snapshot or result). */
  showLayout(layout: Layout): void;
  hover(index: number): void;
  /** Selects a row and lists its neighbours (k and metric from the settings); -1 clears. */
  select(index: number): Promise<void>;
  /** Selects the row whose label equals `text` (exact first, then ignoring case); false when none does. */
  selectLabel(text: string): boolean;
  setSearch(query: string): void;
  /** Which column the search looks in (null: labels); the current query is matched again. */
  setSearchBy(column: string | null): void;
  /**
   * Enter in the search box: searches now, then selects the exact label, else the first
   * result (and says so in `searchNote`).
   */
  submitSearch(query: string): void;
  /** Sets (or with null clears) the lasso selection; an empty one clears it. */
  setLasso(selection: LassoSelection | null): void;
  /** Picks a category of a column (legend click); `add` (shift-click) adds it to, or removes it from, the pick. */
  pickCategory(column: string, code: number, add: boolean): void;
  clearPick(): void;
  /** Escape: clears the lasso, the legend pick and the selection (with its neighbours). */
  clearAll(): void;
  /** Shows only the lit rows (lasso ∩ pick ∩ search, else the neighbour list). */
  isolate(): void;
  /** Shows only these rows (sorted, distinct), e.g. a sample to project. */
  isolateRows(rows: Uint32Array, what: SetKind): void;
  /** Ends isolation; a layout made of the isolated rows alone gives way to the one before. */
  showAll(): void;
  setNeighborSettings(change: Partial<NeighborSettings>): void;
  /** Lists the neighbours of the lit set's centroid (its own rows left out). */
  neighborsOfSet(): Promise<void>;
  /** Lists the neighbours of "king - man + woman" (the words themselves left out). */
  arithmetic(text: string): Promise<void>;
  setShowLabels(on: boolean): void;
  setColorBy(column: string | null): void;
}

export const EMPTY_SEARCH: SearchState = { query: '', matches: null, count: 0, error: null };
/** Neighbours listed for a selected point, by default. */
export const NEIGHBOR_COUNT = 10;
/** The most neighbours a list shows. */
export const MAX_NEIGHBORS = 500;

/** What a new dataset resets (its rows are not the old rows); the layout stays until the new one is ready. */
export const EXPLORE_RESET = {
  hovered: -1,
  selected: -1,
  neighbors: null,
  neighborsOf: null,
  neighborProblem: null,
  search: EMPTY_SEARCH,
  searchBy: null,
  searchNote: null,
  lasso: null,
  pick: null,
  isolation: null,
} as const satisfies Partial<ExploreData>;

export const initialExploreData: ExploreData = {
  layout: null,
  ...EXPLORE_RESET,
  neighborSettings: { k: NEIGHBOR_COUNT, metric: null },
  showLabels: false,
  colorBy: null,
};
