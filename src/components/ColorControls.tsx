import { MISSING_CODE } from '../compute/dataset';
import { useT } from '../i18n/useT';
import { legendFor } from './ScatterPlot/colors';
import { useAppStore } from '../state/hooks';
import { selectColorBy, selectDataset } from '../state/selectors';
import type { AppState } from '../state/appState';

const selectSetColorBy = (s: AppState) => s.actions.explore.setColorBy;
const selectPickCategory = (s: AppState) => s.actions.explore.pickCategory;
const selectPick = (s: AppState) => s.explore.pick;

/** Colour the points by a metadata column, with a legend for what the colours mean; a legend entry lights its category. */
export function ColorControls() {
  const { t, f } = useT();
  const dataset = useAppStore(selectDataset);
  const colorBy = useAppStore(selectColorBy);
  const setColorBy = useAppStore(selectSetColorBy);
  const pickCategory = useAppStore(selectPickCategory);
  const pick = useAppStore(selectPick);
  if (!dataset) return null;
  const colourable = dataset.columns.filter((c) => c.type !== 'text');
  const legend = legendFor(dataset, colorBy);
  const picked = (code: number) => pick?.column === colorBy && pick.codes.includes(code);
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
      {legend?.kind === 'category' && colorBy && (
        <>
          <ul className={legend.items.some((i) => i.label.length > 14) ? 'legend legend-wide' : 'legend'} data-testid="legend" aria-label={t('color.legend', { column: colorBy })}>
            {legend.items.map((item) => {
              // Found by name, so the entry picks the right rows in whatever order the legend lists them;
              // the "(missing)" entry is not a category: its rows carry MISSING_CODE.
              const code = categories.indexOf(item.label);
              const rowCode = code >= 0 ? code : MISSING_CODE;
              const label = rowCode === MISSING_CODE ? t('color.missing') : item.label;
              return (
                <li key={`${rowCode}:${item.label}`}>
                  <button
                    type="button"
                    className="legend-entry"
                    data-testid="legend-entry"
                    aria-pressed={picked(rowCode)}
                    title={t('color.pick.title', { label })}
                    onClick={(e) => pickCategory(colorBy, rowCode, e.shiftKey)}
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
      )}
      {legend?.kind === 'number' && (
        <div className="legend legend-numeric" data-testid="legend">
          <span>{f.num(legend.min, 3)}</span>
          <span className="gradient" style={{ background: `linear-gradient(to right, ${legend.stops.join(', ')})` }} aria-hidden="true" />
          <span>{f.num(legend.max, 3)}</span>
        </div>
      )}
    </section>
  );
}
