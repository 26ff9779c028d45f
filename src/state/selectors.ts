import type { AppState } from './store';

// Module-level selectors: stable function identities, so components re-render only
// when the selected value changes.
export const selectDataset = (s: AppState) => s.dataset;
export const selectDatasetVersion = (s: AppState) => s.datasetVersion;
export const selectHovered = (s: AppState) => s.hovered;
export const selectSelected = (s: AppState) => s.selected;
export const selectNeighbors = (s: AppState) => s.neighbors;
export const selectSearch = (s: AppState) => s.search;
export const selectColorBy = (s: AppState) => s.colorBy;
export const selectLoadStatus = (s: AppState) => s.loadStatus;
export const selectPca = (s: AppState) => s.pca;
export const selectNotices = (s: AppState) => s.notices;
export const selectBuiltinId = (s: AppState) => s.builtinId;
