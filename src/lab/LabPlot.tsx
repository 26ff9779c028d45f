import { useCallback, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { ScatterPlot } from '../components/ScatterPlot/ScatterPlot';
import { categoryColor } from '../components/ScatterPlot/colors';
import type { Scatterplot } from '../components/ScatterPlot/scatterTypes';
import { useFollowPoint } from '../components/ScatterPlot/useFollowPoint';
import { useAppStore, useAppStoreApi } from '../state/hooks';
import type { AppState } from '../state/appState';
import { TEACHING_GROUPS } from '../compute/train/teachingCorpus';
import { LAB_FRAME_MODES, type LabFrameMode } from '../compute/train/labSession';
import { bindLabPlot, createLabPlotUi, type LabPlotUiStore } from './bindLabPlot';
import { useT } from '../i18n/useT';

const selectRefit = (s: AppState) => s.actions.lab.refit;
const selectSetFrameMode = (s: AppState) => s.actions.lab.setFrameMode;
const selectFrameMode = (s: AppState) => s.lab.frameMode;
const selectPhase = (s: AppState) => s.lab.phase;
const selectHasFrame = (s: AppState) => s.lab.frame !== null;
const selectScrubbing = (s: AppState) => s.lab.scrub !== null;
const selectArrowInfo = (s: AppState) => s.lab.arrows?.source ?? null;
const selectHasGroups = (s: AppState) => (s.lab.session ? s.lab.session.group.some((g) => g >= 0) : false);
const selectWords = (s: AppState) => s.lab.session?.words ?? null;
/** Rows drawn: every vocabulary row but <unk>. */
const selectCount = (s: AppState) => Math.max(0, (s.lab.session?.words.length ?? 1) - 1);

const FRAME_LABELS: Record<LabFrameMode, string> = {
  pca: 'PCA (fixed)',
  umap: 'UMAP (warm-started)',
  tsne: 't-SNE (warm-started)',
};

const isFrameMode = (v: string): v is LabFrameMode => (LAB_FRAME_MODES as readonly string[]).includes(v);
const int = (v: number) => v.toLocaleString('en-US');

/**
 * The table projected into a 2D frame, updating live, on the same plot core as
 * Explore (bindLabPlot.ts feeds it from the lab slice through store.subscribe, so a
 * training frame, a hover or a zoom re-renders no React). Click a word to list its
 * neighbours; lasso words to see which they are.
 */
export function LabPlot() {
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
  const { locale } = useT();

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
    <section className="lab-panel lab-plot-panel" aria-label="The table in 2D">
      <div className="lab-panel-head">
        <h2>Meaning appears</h2>
        <span className="hint" data-testid="lab-frame-hint">
          {frameMode === 'pca'
            ? 'PCA axes fitted once and held still, so what moves is training; Re-fit re-aims them.'
            : `${frameMode === 'umap' ? 'UMAP' : 't-SNE'} re-fitted every few hundred ms from the previous picture and rotated to match it, so clusters stay put; Re-fit lays it out afresh. No arrows here: a re-layout moves every point.`}
          {scrubbing ? ' Replaying a saved snapshot.' : ''}
        </span>
        <button type="button" data-testid="lab-fit" onClick={() => plotRef.current?.fit()} disabled={!zoomed} title="Undo zoom and pan (scroll to zoom, drag to pan)">
          Fit
        </button>
        <label className="lab-frame-mode">
          Frame{' '}
          <select
            data-testid="lab-frame-mode"
            value={frameMode}
            disabled={!hasFrame || phase === 'opening'}
            onChange={(e) => {
              if (isFrameMode(e.target.value)) void setFrameMode(e.target.value);
            }}
            title="How the table is drawn in 2D: a fixed PCA frame, or UMAP / t-SNE re-fitted from the previous picture and rotated to match it"
          >
            {LAB_FRAME_MODES.map((m) => (
              <option key={m} value={m}>
                {FRAME_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="lab-refit"
          onClick={() => void refit()}
          disabled={!hasFrame || phase === 'opening'}
          title={
            frameMode === 'pca'
              ? 'Fit a new PCA basis to the current table (rotated to match the old picture)'
              : 'Lay the table out afresh (a full UMAP / t-SNE run from the current picture, rotated to match it)'
          }
        >
          Re-fit
        </button>
      </div>
      <div ref={hooksRef} className="lab-plot" data-testid="lab-plot">
        <ScatterPlot
          label="The embedding table in 2D: each point is one row; coloured points are the teaching corpus's word groups"
          locale={locale}
          count={count}
          testId="lab-scatter"
          clickHelp="click a word to list its nearest neighbours"
          refit="steady"
          fitButton={false}
          bind={bind}
        >
          {(plot) => <LabTooltip plot={plot} ui={ui} />}
        </ScatterPlot>
      </div>
      <div className="lab-plot-legend">
        {hasGroups && (
          <ul className="legend" aria-label="Word groups">
            {TEACHING_GROUPS.map((g, i) => (
              <li key={g.name}>
                <span className="swatch" style={{ background: categoryColor(i) }} aria-hidden="true" />
                <span className="legend-label">{g.name}</span>
              </li>
            ))}
          </ul>
        )}
        <LassoNote ui={ui} />
        <ArrowNote ui={ui} />
      </div>
    </section>
  );
}

/** The hovered word and its ID beside its point; the only part that re-renders on hover. */
function LabTooltip({ plot, ui }: { plot: Scatterplot; ui: LabPlotUiStore }) {
  const hovered = useStore(ui, (u) => u.hovered);
  const words = useAppStore(selectWords);
  const boxRef = useRef<HTMLDivElement>(null);
  const word = words && hovered > 0 ? words[hovered] : undefined;
  useFollowPoint(boxRef, plot, word !== undefined ? hovered - 1 : -1, word);
  if (word === undefined) return null;
  return (
    <div ref={boxRef} className="lab-tooltip" data-testid="lab-plot-tooltip" role="status">
      {word} <span className="hint">#{hovered}</span>
    </div>
  );
}

/** What the lasso caught: how many words and which. */
function LassoNote({ ui }: { ui: LabPlotUiStore }) {
  const lasso = useStore(ui, (u) => u.lasso);
  if (!lasso) return null;
  return (
    <p className="lab-lasso" data-testid="lab-lasso">
      Lasso: <strong data-testid="lab-lasso-count">{int(lasso.count)}</strong> {lasso.count === 1 ? 'word' : 'words'} —{' '}
      <span data-testid="lab-lasso-words">
        {lasso.words.join(', ')}
        {lasso.count > lasso.words.length ? ', …' : ''}
      </span>{' '}
      <button type="button" className="link-button" data-testid="lab-lasso-clear" onClick={() => ui.setState({ lasso: null })}>
        Clear lasso
      </button>
    </p>
  );
}

/** The key to the update arrows, while they are shown. */
function ArrowNote({ ui }: { ui: LabPlotUiStore }) {
  const arrowSource = useAppStore(selectArrowInfo);
  const scrubbing = useAppStore(selectScrubbing);
  const magnify = useStore(ui, (u) => u.magnify);
  if (!arrowSource || scrubbing) return null;
  return (
    <p className="hint" data-testid="lab-arrow-note">
      Arrows: the last {arrowSource === 'step' ? 'Step' : 'example update'} — <span className="lab-pull">target pulled</span>,{' '}
      <span className="lab-push">wrong answer pushed</span>
      {magnify > 1 ? ` (drawn ×${formatMagnify(magnify)} longer)` : ''}.
    </p>
  );
}

function formatMagnify(k: number): string {
  return k >= 10 ? String(Math.round(k)) : k.toFixed(1);
}
