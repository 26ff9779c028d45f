import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import { translatorFor, type Translator } from './translate';

const selectLocale = (s: AppState) => s.ui.locale;

/** The translator for the current interface language; components re-render when it changes. */
export function useT(): Translator {
  return translatorFor(useAppStore(selectLocale));
}
