import { useEffect, useState } from 'react';
import { useT } from '../i18n/useT';
import { useAppStore } from '../state/hooks';
import { selectSearch } from '../state/selectors';
import type { AppState } from '../state/appState';
import type { SearchNote } from '../state/exploreTypes';
import type { Translator } from '../i18n/translate';

const selectActions = (s: AppState) => s.actions.explore;
const selectDatasetN = (s: AppState) => s.data.dataset?.n ?? 0;
const selectColumns = (s: AppState) => s.data.dataset?.columns;
const selectSearchBy = (s: AppState) => s.explore.searchBy;
const selectNote = (s: AppState) => s.explore.searchNote;

function noteText(note: SearchNote, t: Translator['t']): string {
  if (note.kind === 'first-of') return t('search.note.firstOf', { label: note.label, count: note.count });
  return t('search.note.none');
}

/**
 * Substring or /regex/ search over the labels or a metadata column (the "in" picker);
 * the count (and what Enter did) is announced to screen readers. The results are
 * listed in the side panel (SearchResults).
 */
export function SearchBox() {
  const { t } = useT();
  const search = useAppStore(selectSearch);
  const actions = useAppStore(selectActions);
  const n = useAppStore(selectDatasetN);
  const columns = useAppStore(selectColumns);
  const searchBy = useAppStore(selectSearchBy);
  const note = useAppStore(selectNote);
  const [text, setText] = useState(search.query);
  const [storeQuery, setStoreQuery] = useState(search.query);

  // When the store clears the query (a new dataset), clear the input too: adjusting state
  // during render, as React recommends, not in an effect. Other changes came from this
  // input, and copying them back could overwrite keys typed since.
  if (search.query !== storeQuery) {
    setStoreQuery(search.query);
    if (search.query === '') setText('');
  }

  // Matching 50k labels is quick, but debounce typing so each key doesn't redraw the plot.
  useEffect(() => {
    if (text === search.query) return;
    const timer = setTimeout(() => actions.setSearch(text), 120);
    return () => clearTimeout(timer);
  }, [text, search.query, actions]);

  let status = '';
  if (search.error) status = search.error;
  else if (note) status = noteText(note, t);
  else if (search.query) status = t('search.count', { count: search.count, n });
  // Every column can be searched: categories, text and numbers (as written).
  const searchable = columns ?? [];

  return (
    <div className="search" role="search">
      <label className="field">
        <span className="field-label">{t('search.label')}</span>
        <input
          type="search"
          data-testid="search-input"
          placeholder={t('search.placeholder')}
          title={t('search.title')}
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter') actions.submitSearch(text);
            if (e.key === 'Escape') setText('');
          }}
          aria-describedby="search-status"
        />
      </label>
      {searchable.length > 0 && (
        <label className="field" title={t('search.by.title')}>
          <span className="field-label">{t('search.by')}</span>
          <select data-testid="search-by" value={searchBy ?? ''} onChange={(e) => actions.setSearchBy(e.target.value || null)}>
            <option value="">{t('search.by.labels')}</option>
            {searchable.map((c) => (
              <option key={c.name} value={c.name}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <span id="search-status" data-testid="search-status" className={search.error ? 'search-status error' : 'search-status'} aria-live="polite">
        {status}
      </span>
    </div>
  );
}
