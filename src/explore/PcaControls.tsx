import { useAppStore } from '../state/hooks';
import { selectPca } from '../state/selectors';
import type { AppState } from '../state/appState';
import { useT } from '../i18n/useT';

const selectSetAxes = (s: AppState) => s.actions.data.setPcaAxes;
const selectShowsPca = (s: AppState) => s.explore.layout?.method === 'PCA';

/** Which principal components go on x and y, and how much variance they explain. */
export function PcaControls() {
  const pca = useAppStore(selectPca);
  const setAxes = useAppStore(selectSetAxes);
  const showsPca = useAppStore(selectShowsPca);
  const { t, f } = useT();
  // Axis choices only mean something while the plot shows PCA (not a t-SNE/UMAP layout).
  if (!pca || !showsPca) return null;
  const { explainedRatio, xComponent, yComponent } = pca;
  const options = explainedRatio.map((r, i) => (
    <option key={i} value={i}>
      {t('pca.component', { i: i + 1, share: r })}
    </option>
  ));
  const shown = explainedRatio[xComponent] + (xComponent === yComponent ? 0 : explainedRatio[yComponent]);
  const bars = Math.max(...explainedRatio, 1e-9);
  return (
    <section className="panel" aria-labelledby="pca-title" data-testid="pca-controls">
      <h2 id="pca-title">{t('pca.title')}</h2>
      <div className="axis-pickers">
        <label className="field">
          <span className="field-label">x</span>
          <select data-testid="pca-x" value={xComponent} onChange={(e) => setAxes(Number(e.target.value), yComponent)}>
            {options}
          </select>
        </label>
        <label className="field">
          <span className="field-label">y</span>
          <select data-testid="pca-y" value={yComponent} onChange={(e) => setAxes(xComponent, Number(e.target.value))}>
            {options}
          </select>
        </label>
      </div>
      <p data-testid="pca-explained">
        {t('pca.explained.before')} <strong>{f.pct(shown)}</strong> {t('pca.explained.after')}
      </p>
      <ol className="scree" aria-label={t('pca.scree')}>
        {explainedRatio.map((r, i) => (
          <li key={i} className={i === xComponent || i === yComponent ? 'shown' : ''} title={t('pca.component', { i: i + 1, share: r })}>
            <span style={{ height: `${(r / bars) * 100}%` }} />
          </li>
        ))}
      </ol>
    </section>
  );
}
