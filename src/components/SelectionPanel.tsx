import { cellText, hasVectors } from '../compute/dataset';
import { useT } from '../i18n/useT';
import { useAppStore } from '../state/hooks';
import { selectDataset, selectNeighbors, selectSelected } from '../state/selectors';
import type { AppState } from '../state/appState';
import { RowImage } from './RowImage';

const selectSelect = (s: AppState) => s.actions.explore.select;

/** Bar length: the similarity itself for cosine; for distances, the nearest one is the full bar. */
function barFraction(value: number, nearest: number, cosine: boolean): number {
  const f = cosine ? value : value > 0 ? nearest / value : 1;
  return Math.max(0, Math.min(1, f));
}

/** The selected point, its metadata, and its nearest neighbours in the original space. */
export function SelectionPanel() {
  const dataset = useAppStore(selectDataset);
  const selected = useAppStore(selectSelected);
  const neighbors = useAppStore(selectNeighbors);
  const select = useAppStore(selectSelect);
  const { t } = useT();

  if (!dataset || selected < 0) {
    return (
      <section className="panel" aria-labelledby="selection-title">
        <h2 id="selection-title">Selection</h2>
        <p className="hint">
          {dataset && !hasVectors(dataset) ? t('selection.noVectors') : `Click a point to see its nearest neighbours in the original ${dataset ? `${dataset.dim}-d ` : ''}space.`}
        </p>
      </section>
    );
  }

  const cosine = dataset.metric === 'cosine';
  const vectors = hasVectors(dataset);
  return (
    <section className="panel" aria-labelledby="selection-title" data-testid="selection-panel">
      <h2 id="selection-title">Selection</h2>
      <div className="selected-point">
        {dataset.images && <RowImage images={dataset.images} index={selected} />}
        <div>
          <div className="selected-label" data-testid="selected-label">
            {dataset.labels[selected]}
          </div>
          <dl className="meta">
            <dt>row</dt>
            <dd>{selected}</dd>
            {dataset.columns.map((c) => (
              <div key={c.name} className="meta-row">
                <dt>{c.name}</dt>
                <dd>{cellText(c, selected) || '—'}</dd>
              </div>
            ))}
          </dl>
        </div>
      </div>
      {vectors && (
        <h3>
          {neighbors?.length ?? ''} nearest neighbours <span className="hint">({cosine ? 'cosine similarity' : 'euclidean distance'}, original space)</span>
        </h3>
      )}
      {!vectors ? (
        <p className="hint" data-testid="no-vectors">
          {t('selection.noVectors')}
        </p>
      ) : !neighbors ? (
        <p className="hint">Searching…</p>
      ) : (
        <ol className="neighbors" data-testid="neighbors">
          {neighbors.map((nb) => (
            <li key={nb.index}>
              <button type="button" className="neighbor" onClick={() => void select(nb.index)} data-testid="neighbor">
                {dataset.images && <RowImage images={dataset.images} index={nb.index} size={24} />}
                <span className="neighbor-label">{dataset.labels[nb.index]}</span>
                <span className="neighbor-value">{nb.value.toFixed(3)}</span>
                <span className="neighbor-bar" aria-hidden="true">
                  <span style={{ width: `${barFraction(nb.value, neighbors[0].value, cosine) * 100}%` }} />
                </span>
              </button>
            </li>
          ))}
        </ol>
      )}
      <button type="button" className="link-button" onClick={() => void select(-1)}>
        Clear selection
      </button>
    </section>
  );
}
