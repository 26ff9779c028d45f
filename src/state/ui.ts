import type { Locale } from '../i18n/locale';
import type { SliceCreator } from './store';

/** The main views of the app. */
export type View = 'explore' | 'compare' | 'lab';

/** App-wide UI state that belongs to no single feature. */
export interface UiState {
  readonly view: View;
  /** The interface language; main.tsx picks the first one and remembers changes. */
  readonly locale: Locale;
  setView(view: View): void;
  setLocale(locale: Locale): void;
}

export const createUiSlice: SliceCreator<UiState> = (_jobs, set) => ({
  view: 'explore',
  locale: 'en',
  setView: (view) => set({ view }),
  setLocale: (locale) => set({ locale }),
});
