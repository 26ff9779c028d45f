import { createStore, type StoreApi } from 'zustand/vanilla';
import type { AppJobs } from './jobs';
import { createExploreSlice, type ExploreState } from './explore';
import { createUiSlice, type UiState } from './ui';
import { createLabSlice, type LabSlice } from './lab';
import { createLoadSlice, type LoadState } from './load';
import { createProjectionSlice, type ProjectionState } from './project';
import { createCompareSlice, type CompareState } from './compare';
import { createClustersSlice, type ClustersState } from './clusters';

/**
 * The one store, made of slices: each feature area (explore, and later load, project,
 * lab) owns a file with its data, actions and a creator; this file only composes them.
 * Every slice may read the whole state and call other slices' actions through `get()`.
 */
export type AppState = UiState & ExploreState & LabSlice & LoadState & ProjectionState & CompareState & ClustersState;
export type AppStore = StoreApi<AppState>;

export type SliceCreator<T> = (
  jobs: AppJobs,
  set: StoreApi<AppState>['setState'],
  get: StoreApi<AppState>['getState'],
) => T;

/**
 * A fresh store. Each test makes its own; the app makes one in main.tsx.
 * `jobs` is the only door to the workers, so tests pass a fake.
 */
export function createAppStore(jobs: AppJobs): AppStore {
  return createStore<AppState>()((set, get) => ({
    ...createUiSlice(jobs, set, get),
    ...createExploreSlice(jobs, set, get),
    ...createLabSlice(jobs, set, get),
    ...createLoadSlice(jobs, set, get),
    ...createProjectionSlice(jobs, set, get),
    ...createCompareSlice(jobs, set, get),
    ...createClustersSlice(jobs, set, get),
  }));
}

export { errorText } from './explore';
