import { useEffect, useState } from 'react';
import { useAppStore } from '../state/hooks';
import { selectSearch } from '../state/selectors';
import type { AppState } from '../state/appState';

const selectSetSearch = (s: AppState) => s.actions.explore.setSearch;
const selectDatasetN = (s: AppState) => s.data.dataset?.n ?? 0;
const selectSelectLabel = (s: AppState) => s.actions.explore.selectLabel;

/** Substring or /regex/ search over labels; the match count is announced to screen readers. */
export function SearchBox() {
  const search = useAppStore(selectSearch);
  const setSearch = useAppStore(selectSetSearch);
  const n = useAppStore(selectDatasetN);
  const selectLabel = useAppStore(selectSelectLabel);
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
    const t = setTimeout(() => void setSearch(text), 120);
    return () => clearTimeout(t);
  }, [text, search.query, setSearch]);

  let status = '';
  if (search.error) status = search.error;
  else if (search.query) status = `${search.count.toLocaleString('en-US')} of ${n.toLocaleString('en-US')} match`;

  return (
    <div className="search">
      <label className="field">
        <span className="field-label">Search</span>
        <input
          type="search"
          data-testid="search-input"
          placeholder="word or /regex/"
          title="Substring or /regex/; Enter selects an exact match"
          value={text}
          spellCheck={false}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // Enter runs the search now and, when a label matches exactly, selects that point.
            if (e.key === 'Enter') {
              void setSearch(text);
              selectLabel(text.trim());
            }
            if (e.key === 'Escape') setText('');
          }}
          aria-describedby="search-status"
        />
      </label>
      <span id="search-status" data-testid="search-status" className={search.error ? 'search-status error' : 'search-status'} aria-live="polite">
        {status}
      </span>
    </div>
  );
}
