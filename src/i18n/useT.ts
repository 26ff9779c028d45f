import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/store';
import { translatorFor, type Translator } from './translate';

const selectLocale = (s: AppState) => s.locale;

/** The translator for the current interface language; components re-render when it changes. */
export function useT(): Translator {
  return translatorFor(useAppStore(selectLocale));
}
