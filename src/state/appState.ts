/**
 * The shape of the one store, and the one pattern every slice follows.
 *
 * Each slice owns a key: its data lives at `state[key]` and its actions at
 * `state.actions[key]`, named as bare verbs (`actions.explore.select(i)`,
 * `actions.lab.play()`). A slice is made by a creator that receives a `SliceApi`: it
 * reads its own data with `data()`, changes it with `patch()`, reads the rest of the
 * store (and calls other slices' actions) through `get()`, and changes several slices at
 * once with `update()` when they must change together. Actions objects never change, so
 * a component that selects `s.actions.x` never re-renders for it.
 *
 * This file holds types only and imports only types files, so nothing inside state/
 * imports in a circle: types files ← appState ← slices ← store.
 */
import type { StoreApi } from 'zustand/vanilla';
import type { Translator } from '../i18n/translate';
import type { ClustersActions, ClustersData, ClusterJobs } from './clustersTypes';
import type { CompareActions, CompareData, CompareJobs } from './compareTypes';
import type { DataActions, DataJobs, DataState } from './dataTypes';
import type { ExploreActions, ExploreData, ExploreJobs } from './exploreTypes';
import type { ExportJobs, ExportsActions, ExportsData } from './exportTypes';
import type { LabActions, LabData, LabJobs } from './labTypes';
import type { LoadActions, LoadData, LoadJobs } from './loadTypes';
import type { ProjectionActions, ProjectionData, ProjectJobs } from './projectTypes';
import type { UiActions, UiData } from './uiTypes';

/** Every slice's data, by key. */
export interface AppData {
  readonly ui: UiData;
  /** The current dataset and its PCA. */
  readonly data: DataState;
  /** What the user does on the map: layout on screen, hover, selection, search, lasso, colour. */
  readonly explore: ExploreData;
  /** Bringing your own files and URLs. */
  readonly load: LoadData;
  readonly projection: ProjectionData;
  readonly compare: CompareData;
  readonly clusters: ClustersData;
  readonly lab: LabData;
  /** Files the Export menu builds. */
  readonly exports: ExportsData;
}

export interface AppActions {
  readonly ui: UiActions;
  readonly data: DataActions;
  readonly explore: ExploreActions;
  readonly load: LoadActions;
  readonly projection: ProjectionActions;
  readonly compare: CompareActions;
  readonly clusters: ClustersActions;
  readonly lab: LabActions;
  readonly exports: ExportsActions;
}

export type SliceKey = keyof AppData;

export interface AppState extends AppData {
  readonly actions: AppActions;
}

export type AppStore = StoreApi<AppState>;

/** The only door from the store to the workers (state/jobs.ts implements it; tests fake it). */
export interface AppJobs extends DataJobs, LoadJobs, ProjectJobs, CompareJobs, ClusterJobs, LabJobs, ExploreJobs, ExportJobs {}

export type SlicePatch<K extends SliceKey> = Partial<AppData[K]> | ((current: AppData[K]) => Partial<AppData[K]>);

export interface SliceApi<K extends SliceKey> {
  readonly jobs: AppJobs;
  /** The whole store now: other slices' data, and every slice's actions under `actions`. */
  get(): AppState;
  /** This slice's data now. */
  data(): AppData[K];
  /** Merges into this slice's data (one store update). */
  patch(p: SlicePatch<K>): void;
  /** Merges into several slices in one store update, for changes that must be seen together. */
  update(p: { readonly [S in SliceKey]?: Partial<AppData[S]> }): void;
  /** The catalogue in the interface's language now, for messages a slice writes into the store. */
  tr(): Translator;
}

export interface Slice<K extends SliceKey, A> {
  readonly initial: AppData[K];
  readonly actions: A;
}

export type SliceCreator<K extends SliceKey, A> = (api: SliceApi<K>) => Slice<K, A>;
