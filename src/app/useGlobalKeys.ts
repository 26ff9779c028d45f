import { useEffect } from 'react';
import { useAppStoreApi } from '../state/hooks';
import { isTyping } from './shortcuts';

/**
 * The app's keys, wherever the focus is (a listener on the document, so a focused
 * button — say Lasso after a click — does not swallow them): Escape clears the lasso,
 * the legend pick and the selection (also from a text field, after the field's own
 * Escape); "?" opens the help; "/" goes to the search box. Dialogs keep their own Escape.
 */
export function useGlobalKeys(openHelp: () => void, helpOpen: boolean): void {
  const store = useAppStoreApi();
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || helpOpen) return;
      if (e.key === 'Escape') {
        if (e.target instanceof Element && e.target.closest('[role="dialog"]')) return;
        store.getState().actions.explore.clearAll();
        return;
      }
      if (isTyping(e.target)) return;
      if (e.key === '?') {
        e.preventDefault();
        openHelp();
      } else if (e.key === '/') {
        const search = document.querySelector<HTMLInputElement>('[data-testid="search-input"]');
        if (search) {
          e.preventDefault();
          search.focus();
          search.select();
        }
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [store, openHelp, helpOpen]);
}
