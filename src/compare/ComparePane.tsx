import { useCallback, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { LinkedScatterPlot } from '../components/LinkedPlot/LinkedScatterPlot';
import { formatMs, PHASE_LABEL, qualityRows } from '../components/Projection/format';
import { compareOptions, resolveCompare, sourceLayout, sourceQuality } from '../state/compareSelectors';
import { LIVE_SOURCE, type CompareSide } from '../state/compareTypes';
import { useAppStore } from '../state/hooks';
import { categoryColumn } from '../state/projectTypes';
import type { AppState } from '../state/appState';

const selectSetSource = (s: AppState) => s.actions.compare.setSource;
const selectRunMethod = (s: AppState) => s.actions.compare.run;

/** What a live pane shows before the run's first snapshot. */
function waitingText(s: AppState, id: string | null): string | null {
  const run = s.projection.run;
  if (id !== LIVE_SOURCE || !run || sourceLayout(s, id)) return null;
  return `${run.label}: ${run.phase ? PHASE_LABEL[run.phase].toLowerCase() : 'starting'} (${Math.round(run.progress * 100)}%)…`;
}

/** Option ids and labels only: re-renders when the list changes, not on every snapshot. */
const selectOptionList = (s: AppState) => compareOptions(s).map((o) => `${o.id}\u0000${o.label}\u0000${o.detail}`);

/** One side of the Compare view: a layout picker, its quality figures and a linked plot. */
export function ComparePane({ side }: { side: CompareSide }) {
  const titleId = useId();
  const options = useAppStore(useShallow(selectOptionList)).map((o) => {
    const [id, label, detail] = o.split('\u0000');
    return { id, label, detail };
  });
  const sourceId = useAppStore((s) => resolveCompare(s)[side]);
  const quality = useAppStore(useShallow((s) => sourceQuality(s, sourceId)));
  const ms = useAppStore((s) => compareOptions(s).find((o) => o.id === sourceId)?.ms ?? null);
  const n = useAppStore((s) => s.data.dataset?.n ?? 0);
  const accuracyColumn = useAppStore((s) => (s.data.dataset ? (categoryColumn(s.data.dataset, s.explore.colorBy)?.name ?? null) : null));
  const setSource = useAppStore(selectSetSource);
  const runMethod = useAppStore(selectRunMethod);
  const selectLayout = useCallback((s: AppState) => sourceLayout(s, resolveCompare(s)[side]), [side]);
  const current = options.find((o) => o.id === sourceId) ?? null;
  const waiting = useAppStore((s) => waitingText(s, sourceId));
  const name = side === 'left' ? 'Left' : 'Right';

  return (
    <section className="compare-pane" aria-labelledby={titleId} data-testid={`compare-${side}`}>
      <header className="compare-pane-head">
        <h2 id={titleId} className="visually-hidden">
          {name}: {current?.label ?? 'no layout'}
        </h2>
        <label className="field">
          <span className="field-label">{name}</span>
          <select data-testid={`compare-${side}-source`} value={sourceId ?? ''} onChange={(e) => setSource(side, e.target.value)} disabled={options.length === 0}>
            {sourceId === null && <option value="">No layout yet</option>}
            {options.map((o) => (
              <option key={o.id} value={o.id}>
                {o.label}
              </option>
            ))}
          </select>
        </label>
        {current && (
          <p className="hint compare-identity" title={current.detail} data-testid={`compare-${side}-identity`}>
            {current.detail}
          </p>
        )}
        <QualityLine side={side} status={quality.status} quality={quality.quality} n={n} accuracyColumn={accuracyColumn} ms={ms} />
      </header>
      <div className="compare-plot">
        {sourceId ? (
          <>
            <LinkedScatterPlot selectLayout={selectLayout} label={`${name} plot, ${current?.label ?? ''},`} testId={`compare-${side}-plot`} />
            {waiting && (
              <p className="compare-waiting" role="status">
                {waiting}
              </p>
            )}
          </>
        ) : (
          <div className="compare-empty" data-testid={`compare-${side}-empty`}>
            <p>Only one layout exists so far. Run another method to compare it with PCA:</p>
            <p className="compare-empty-actions">
              <button type="button" data-testid="compare-run-tsne" onClick={() => void runMethod('tsne')}>
                Run t-SNE
              </button>
              <button type="button" data-testid="compare-run-umap" onClick={() => void runMethod('umap')}>
                Run UMAP
              </button>
            </p>
            <p className="hint">It runs with the parameters and seed set in Explore’s Projection panel, and appears here live.</p>
          </div>
        )}
      </div>
    </section>
  );
}

interface QualityLineProps {
  side: CompareSide;
  status: 'none' | 'measuring' | 'done' | 'failed';
  quality: ReturnType<typeof sourceQuality>['quality'];
  n: number;
  accuracyColumn: string | null;
  ms: number | null;
}

/** The pane's figures in one compact row; the notes (sample sizes) go in the title. */
function QualityLine({ side, status, quality, n, accuracyColumn, ms }: QualityLineProps) {
  const time = ms !== null ? <span className="compare-figure">time {formatMs(ms)}</span> : null;
  if (!quality) {
    const text = status === 'measuring' ? 'Measuring quality…' : status === 'failed' ? 'Quality figures failed.' : 'Quality appears when the layout is finished.';
    return (
      <p className="compare-quality hint" data-testid={`compare-${side}-quality-status`}>
        {text} {time}
      </p>
    );
  }
  return (
    <p className="compare-quality" data-testid={`compare-${side}-quality`}>
      {qualityRows(quality, n, accuracyColumn).map((r) => (
        <span key={r.label} className="compare-figure" title={r.note}>
          {r.label} <strong>{r.value}</strong>
        </span>
      ))}
      {time}
    </p>
  );
}
