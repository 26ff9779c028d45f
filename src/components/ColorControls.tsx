import { legendFor } from './ScatterPlot/colors';
import { useAppStore } from '../state/hooks';
import { selectColorBy, selectDataset } from '../state/selectors';
import type { AppState } from '../state/appState';

const selectSetColorBy = (s: AppState) => s.actions.explore.setColorBy;

/** Colour the points by a metadata column, with a legend for what the colours mean. */
export function ColorControls() {
  const dataset = useAppStore(selectDataset);
  const colorBy = useAppStore(selectColorBy);
  const setColorBy = useAppStore(selectSetColorBy);
  if (!dataset) return null;
  const colourable = dataset.columns.filter((c) => c.type !== 'text');
  const legend = legendFor(dataset, colorBy);
  return (
    <section className="panel" aria-labelledby="color-title">
      <h2 id="color-title">Colour</h2>
      <label className="field">
        <span className="field-label">Colour by</span>
        <select data-testid="color-by" value={colorBy ?? ''} onChange={(e) => setColorBy(e.target.value || null)}>
          <option value="">(none)</option>
          {colourable.map((c) => (
            <option key={c.name} value={c.name}>
              {c.name}
            </option>
          ))}
        </select>
      </label>
      {legend?.kind === 'category' && (
        <ul className={legend.items.some((i) => i.label.length > 14) ? 'legend legend-wide' : 'legend'} data-testid="legend" aria-label={`Legend: ${colorBy}`}>
          {legend.items.map((item) => (
            <li key={item.label}>
              <span className="swatch" style={{ background: item.color }} aria-hidden="true" />
              <span className="legend-label">{item.label || '(missing)'}</span>
              <span className="legend-count">{item.count.toLocaleString('en-US')}</span>
            </li>
          ))}
        </ul>
      )}
      {legend?.kind === 'number' && (
        <div className="legend legend-numeric" data-testid="legend">
          <span>{legend.min.toPrecision(3)}</span>
          <span className="gradient" style={{ background: `linear-gradient(to right, ${legend.stops.join(', ')})` }} aria-hidden="true" />
          <span>{legend.max.toPrecision(3)}</span>
        </div>
      )}
    </section>
  );
}
