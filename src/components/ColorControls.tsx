import { useMemo } from 'react';
import { MISSING_CODE } from '../compute/dataset';
import { useT } from '../i18n/useT';
import { legendFor, type Legend } from './ScatterPlot/colors';
import { useAppStore } from '../state/hooks';
import { selectColorBy, selectDataset } from '../state/selectors';
import type { AppState } from '../state/appState';

const selectSetColorBy = (s: AppState) => s.actions.explore.setColorBy;
const selectPickCategory = (s: AppState) => s.actions.explore.pickCategory;
const selectPick = (s: AppState) => s.explore.pick;

/** Colour the points by a metadata column, with a legend for what the colours mean; a legend entry lights its category. */
export function ColorControls() {
  const dataset = useAppStore(selectDataset);
  const colorBy = useAppStore(selectColorBy);
  const setColorBy = useAppStore(selectSetColorBy);
  const { t } = useT();
  // One pass over every row: worth keeping for a million rows.
  const legend = useMemo(() => (dataset ? legendFor(dataset, colorBy) : null), [dataset, colorBy]);
  if (!dataset) return null;
  const colourable = dataset.columns.filter((c) => c.type !== 'text');
  const column = dataset.columns.find((c) => c.name === colorBy);
  const categories = column?.type === 'category' ? column.categories : [];
  return (
    <section className="panel" aria-labelledby="color-title">
      <h2 id="color-title">{t('color.title')}</h2>
      <label className="field">
        <span className="field-label">{t('color.by')}</span>
        <select data-testid="color-by" value={colorBy ?? ''} onChange={(e) => setColorBy(e.target.value || null)}>
          <option value="">{t('color.none')}</option>
          {colourable.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {legend?.kind === 'category' && <CategoryLegend legend={legend} categories={categories} />}
      {legend?.kind === 'number' && <NumberLegend legend={legend} />}
    </section>
  );
}

/** Categories largest first; each entry lights its rows (Shift+click adds or removes one). */
function CategoryLegend({ legend, categories }: { legend: Extract<Legend, { kind: 'category' }>; categories: readonly string[] }) {
  const { t, f } = useT();
  const pickCategory = useAppStore(selectPickCategory);
  const pick = useAppStore(selectPick);
  const picked = (code: number) => pick?.column === legend.column && pick.codes.includes(code);
  const wide = legend.items.some((i) => (i.label?.length ?? 0) > 14);
  return (
    <>
      {legend.items.length > 2 && <p className="hint legend-order">{t('legend.byCount')}</p>}
      <ul className={wide ? 'legend legend-wide' : 'legend'} data-testid="legend" aria-label={t('color.legend', { column: legend.column })}>
        {legend.items.map((item) => {
          // Found by name, so the entry picks the right rows in whatever order the legend lists them;
          // the "(missing)" entry is not a category: its rows carry MISSING_CODE.
          const code = item.label === null ? -1 : categories.indexOf(item.label);
          const rowCode = code >= 0 ? code : MISSING_CODE;
          const label = item.label ?? t('color.missing');
          return (
            <li key={`${rowCode}:${label}`}>
              <button
                type="button"
                className="legend-entry"
                data-testid="legend-entry"
                aria-pressed={picked(rowCode)}
                title={t('color.pick.title', { label })}
                onClick={(e) => pickCategory(legend.column, rowCode, e.shiftKey)}
              >
                <span className="swatch" style={{ background: item.color }} aria-hidden="true" />
                <span className="legend-label">{label}</span>
                <span className="legend-count">{f.int(item.count)}</span>
              </button>
            </li>
          );
        })}
      </ul>
      <p className="hint legend-hint">{t('color.pick.hint')}</p>
    </>
  );
}

/** A colour bar from min to max with round values marked under it, written in the locale's digits ("10,000", never "1.00e+4"). */
function NumberLegend({ legend }: { legend: Extract<Legend, { kind: 'number' }> }) {
  const { t, f } = useT();
  const num = (v: number) => f.num(v, legend.digits);
  const min = num(legend.min);
  const max = num(legend.max);
  return (
    <figure className="legend legend-numeric" data-testid="legend" aria-label={`${t('color.legend', { column: legend.column })}, ${t('legend.range', { min, max })}`}>
      <div className="legend-bar" style={{ background: `linear-gradient(to right, ${legend.stops.join(', ')})` }} aria-hidden="true" />
      <ol className="legend-ticks" aria-hidden="true">
        {legend.ticks.map((tick) => (
          <li key={tick.value} style={{ left: `${tick.at * 100}%` }}>
            {num(tick.value)}
          </li>
        ))}
      </ol>
      <figcaption className="legend-range hint">
        <span data-testid="legend-min">{min}</span>
        <span data-testid="legend-max">{max}</span>
      </figcaption>
      {legend.missing > 0 && <p className="hint">{t('legend.missingCount', { n: legend.missing })}</p>}
    </figure>
  );
}
