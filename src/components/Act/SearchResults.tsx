import { useMemo } from 'react';
import { cellText, type Dataset } from '../../compute/dataset';
import { useT } from '../../i18n/useT';
import { useAppStore } from '../../state/hooks';
import { selectDataset } from '../../state/selectors';
import type { AppState } from '../../state/appState';

/** Results listed (the count says how many there are in all). */
export const MAX_RESULTS = 100;

const selectSearch = (s: AppState) => s.explore.search;
const selectSearchBy = (s: AppState) => s.explore.searchBy;
const selectSelected = (s: AppState) => s.explore.selected;
const selectSelect = (s: AppState) => s.actions.explore.select;

/** The first `max` rows of a match mask. */
export function firstRows(matches: Uint8Array | null, max: number): number[] {
  const out: number[] = [];
  if (!matches) return out;
  for (let i = 0; i < matches.length && out.length < max; i++) if (matches[i]) out.push(i);
  return out;
}

function valueOf(dataset: Dataset, column: string | null, i: number): string | null {
  const col = column === null ? undefined : dataset.columns.find((c) => c.name === column);
  return col ? cellText(col, i) : null;
}

/** The first 100 search results (label, and the searched column's value), each a button that selects it. */
export function SearchResults() {
  const { t } = useT();
  const dataset = useAppStore(selectDataset);
  const search = useAppStore(selectSearch);
  const by = useAppStore(selectSearchBy);
  const selected = useAppStore(selectSelected);
  const select = useAppStore(selectSelect);
  const rows = useMemo(() => firstRows(search.matches, MAX_RESULTS), [search.matches]);
  if (!dataset || !search.query || search.error) return null;
  return (
    <section className="panel" aria-labelledby="results-title" data-testid="search-results">
      <h2 id="results-title">
        {t('results.title')} <span className="hint" data-testid="search-results-count">{t('results.count', { shown: rows.length, count: search.count })}</span>
      </h2>
      {rows.length === 0 ? (
        <p className="hint">{t('results.none')}</p>
      ) : (
        <ol className="results">
          {rows.map((i) => {
            const value = valueOf(dataset, by, i);
            return (
              <li key={i}>
                <button type="button" className="result" data-testid="search-result" aria-current={i === selected} onClick={() => void select(i)}>
                  <span className="result-label">{dataset.labels[i]}</span>
                  {value !== null && <span className="result-value">{value}</span>}
                  <span className="result-row">{t('results.row', { index: i })}</span>
                </button>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}
