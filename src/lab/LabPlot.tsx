import { useCallback, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { ScatterPlot } from '../components/ScatterPlot/ScatterPlot';
import { categoryColor } from '../components/ScatterPlot/colors';
import type { Scatterplot } from '../components/ScatterPlot/scatterTypes';
import { useFollowPoint } from '../components/ScatterPlot/useFollowPoint';
import { useAppStore, useAppStoreApi } from '../state/hooks';
import type { AppState } from '../state/appState';
import { TEACHING_GROUPS, type TeachingGroupName } from '../compute/train/teachingCorpus';
import { LAB_FRAME_MODES, type LabFrameMode } from '../compute/train/labSession';
import { useT } from '../i18n/useT';
import { bindLabPlot, createLabPlotUi, type LabPlotUiStore } from './bindLabPlot';

const selectRefit = (s: AppState) => s.actions.lab.refit;
const selectSetFrameMode = (s: AppState) => s.actions.lab.setFrameMode;
const selectFrameMode = (s: AppState) => s.lab.frameMode;
const selectPhase = (s: AppState) => s.lab.phase;
const selectHasFrame = (s: AppState) => s.lab.frame !== null;
const selectScrubbing = (s: AppState) => s.lab.scrub !== null;
const selectHasGroups = (s: AppState) => (s.lab.session ? s.lab.session.group.some((g) => g >= 0) : false);
const selectWords = (s: AppState) => s.lab.session?.words ?? null;
const selectCounts = (s: AppState) => s.lab.session?.counts ?? null;
/** Rows drawn: every vocabulary row but <unk>. */
const selectCount = (s: AppState) => Math.max(0, (s.lab.session?.words.length ?? 1) - 1);

const isFrameMode = (v: string): v is LabFrameMode => (LAB_FRAME_MODES as readonly string[]).includes(v);

/**
 * The table projected into a 2D frame, updating live, on the same plot core as
 * Explore (bindLabPlot.ts feeds it from the lab slice through store.subscribe, so a
 * training frame, a hover or a zoom re-renders no React). Click a word to list its
 * neighbours; lasso words to see which they are.
 */
export function LabPlot() {
  const { t, locale } = useT();
  const store = useAppStoreApi();
  const [ui] = useState(createLabPlotUi);
  const hooksRef = useRef<HTMLDivElement>(null);
  const plotRef = useRef<Scatterplot | null>(null);
  const refit = useAppStore(selectRefit);
  const setFrameMode = useAppStore(selectSetFrameMode);
  const frameMode = useAppStore(selectFrameMode);
  const phase = useAppStore(selectPhase);
  const hasFrame = useAppStore(selectHasFrame);
  const scrubbing = useAppStore(selectScrubbing);
  const hasGroups = useAppStore(selectHasGroups);
  const count = useAppStore(selectCount);
  const zoomed = useStore(ui, (u) => u.zoomed);

  const bind = useCallback(
    (plot: Scatterplot) => {
      plotRef.current = plot;
      const unbind = bindLabPlot(plot, store, ui, hooksRef.current);
      return () => {
        unbind();
        plotRef.current = null;
      };
    },
    [store, ui],
  );

  return (
    <section className="lab-panel lab-plot-panel" aria-label={t('lab.plot.title')}>
      <div className="lab-panel-head">
        <h2>{t('lab.plot.title')}</h2>
        <button type="button" data-testid="lab-fit" onClick={() => plotRef.current?.fit()} disabled={!zoomed} title={t('lab.plot.fit.title')}>
          {t('lab.plot.fit')}
        </button>
        <label className="lab-frame-mode">
          {t('lab.plot.frame')}{' '}
          <select
            data-testid="lab-frame-mode"
            value={frameMode}
            disabled={!hasFrame || phase === 'opening'}
            onChange={(e) => {
              if (isFrameMode(e.target.value)) void setFrameMode(e.target.value);
            }}
            title={t('lab.plot.frame.title')}
          >
            {LAB_FRAME_MODES.map((m) => (
              <option key={m} value={m}>
                {t(`lab.plot.frame.${m}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="button" data-testid="lab-refit" onClick={() => void refit()} disabled={!hasFrame || phase === 'opening'} title={t(frameMode === 'pca' ? 'lab.plot.refit.pca' : 'lab.plot.refit.nonlinear')}>
          {t('lab.plot.refit')}
        </button>
      </div>
      <p className="hint" data-testid="lab-frame-hint">
        {frameMode === 'pca' ? t('lab.plot.hint.pca') : t('lab.plot.hint.nonlinear', { method: frameMode === 'umap' ? 'UMAP' : 't-SNE' })}
        {scrubbing ? ` ${t('lab.plot.replaying')}` : ''}
      </p>
      <div ref={hooksRef} className="lab-plot" data-testid="lab-plot">
        <ScatterPlot label={t('lab.plot.label')} locale={locale} count={count} testId="lab-scatter" clickHelp={t('lab.plot.clickHelp')} refit="steady" fitButton={false} bind={bind}>
          {(plot) => <LabTooltip plot={plot} ui={ui} />}
        </ScatterPlot>
      </div>
      <div className="lab-plot-legend">
        {hasGroups && (
          <ul className="legend" aria-label={t('lab.plot.groups')}>
            {TEACHING_GROUPS.map((g, i) => (
              <li key={g.name}>
                <span className="swatch" style={{ background: categoryColor(i) }} aria-hidden="true" />
                <span className="legend-label">{t(`lab.group.${g.name as TeachingGroupName}`)}</span>
              </li>
            ))}
          </ul>
        )}
        <LassoNote ui={ui} />
      </div>
    </section>
  );
}

/** The hovered word and its ID beside its point; the only part that re-renders on hover. */
function LabTooltip({ plot, ui }: { plot: Scatterplot; ui: LabPlotUiStore }) {
  const { t, f } = useT();
  const hovered = useStore(ui, (u) => u.hovered);
  const words = useAppStore(selectWords);
  const counts = useAppStore(selectCounts);
  const boxRef = useRef<HTMLDivElement>(null);
  const word = words && hovered > 0 ? words[hovered] : undefined;
  useFollowPoint(boxRef, plot, word !== undefined ? hovered - 1 : -1, word);
  if (word === undefined) return null;
  return (
    <div ref={boxRef} className="lab-tooltip" data-testid="lab-plot-tooltip" role="status">
      <span data-words="">{word}</span> <span className="hint">#{f.int(hovered)} · {t('lab.uses', { n: counts?.[hovered] ?? 0 })}</span>
    </div>
  );
}

/** What the lasso caught: how many words and which. */
function LassoNote({ ui }: { ui: LabPlotUiStore }) {
  const { t, f } = useT();
  const lasso = useStore(ui, (u) => u.lasso);
  if (!lasso) return null;
  return (
    <p className="lab-lasso" data-testid="lab-lasso">
      {t('lab.plot.lasso')} <strong data-testid="lab-lasso-count" data-value={lasso.count}>{f.int(lasso.count)}</strong> {t('lab.plot.lasso.words', { n: lasso.count })} —{' '}
      <span data-testid="lab-lasso-words">
        {lasso.words.join(', ')}
        {lasso.count > lasso.words.length ? ', …' : ''}
      </span>{' '}
      <button type="button" className="link-button" data-testid="lab-lasso-clear" onClick={() => ui.setState({ lasso: null })}>
        {t('lab.plot.lasso.clear')}
      </button>
    </p>
  );
}
