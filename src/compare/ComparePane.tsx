import { useCallback, useId } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { LinkedScatterPlot } from '../components/LinkedPlot/LinkedScatterPlot';
import { phaseText, qualityRows } from '../components/Projection/format';
import { translatorFor, type Translator } from '../i18n/translate';
import { useT } from '../i18n/useT';
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
  const tr = translatorFor(s.ui.locale);
  return tr.t('compare.waiting', { label: run.label, phase: phaseText(tr, run.phase), progress: run.progress });
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
  const tr = useT();
  const { t } = tr;
  const name = side === 'left' ? t('compare.side.left') : t('compare.side.right');

  return (
    <section className="compare-pane" aria-labelledby={titleId} data-testid={`compare-${side}`}>
      <header className="compare-pane-head">
        <h2 id={titleId} className="visually-hidden">
          {name}: {current?.label ?? t('compare.noLayout')}
        </h2>
        <label className="field">
          <span className="field-label">{name}</span>
          <select data-testid={`compare-${side}-source`} value={sourceId ?? ''} onChange={(e) => setSource(side, e.target.value)} disabled={options.length === 0}>
            {sourceId === null && <option value="">{t('compare.noLayoutYet')}</option>}
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
        <QualityLine tr={tr} side={side} status={quality.status} quality={quality.quality} n={n} accuracyColumn={accuracyColumn} ms={ms} />
      </header>
      <div className="compare-plot">
        {sourceId ? (
          <>
            <LinkedScatterPlot selectLayout={selectLayout} label={t('compare.plotLabel', { side: name, label: current?.label ?? '' })} testId={`compare-${side}-plot`} />
            {waiting && (
              <p className="compare-waiting" role="status">
                {waiting}
              </p>
            )}
          </>
        ) : (
          <div className="compare-empty" data-testid={`compare-${side}-empty`}>
            <p>{t('compare.onlyOne')}</p>
            <p className="compare-empty-actions">
              <button type="button" data-testid="compare-run-tsne" onClick={() => void runMethod('tsne')}>
                {t('compare.runTsne')}
              </button>
              <button type="button" data-testid="compare-run-umap" onClick={() => void runMethod('umap')}>
                {t('compare.runUmap')}
              </button>
            </p>
            <p className="hint">{t('compare.runHint')}</p>
          </div>
        )}
      </div>
    </section>
  );
}

interface QualityLineProps {
  tr: Translator;
  side: CompareSide;
  status: 'none' | 'measuring' | 'done' | 'failed';
  quality: ReturnType<typeof sourceQuality>['quality'];
  n: number;
  accuracyColumn: string | null;
  ms: number | null;
}

/** The pane's figures in one compact row; the notes (sample sizes) go in the title. */
function QualityLine({ tr, side, status, quality, n, accuracyColumn, ms }: QualityLineProps) {
  const { t } = tr;
  const time = ms !== null ? <span className="compare-figure">{t('compare.time', { ms })}</span> : null;
  if (!quality) {
    const text = status === 'measuring' ? t('compare.quality.measuring') : status === 'failed' ? t('compare.quality.failed') : t('compare.quality.later');
    return (
      <p className="compare-quality hint" data-testid={`compare-${side}-quality-status`}>
        {text} {time}
      </p>
    );
  }
  return (
    <p className="compare-quality" data-testid={`compare-${side}-quality`}>
      {qualityRows(tr, quality, n, accuracyColumn).map((r) => (
        <span key={r.label} className="compare-figure" title={r.note}>
          {r.label} <strong>{r.value}</strong>
        </span>
      ))}
      {time}
    </p>
  );
}
