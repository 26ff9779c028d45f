import { useCallback, useEffect, useId, useRef, useState, useSyncExternalStore, type ReactNode } from 'react';
import type { Locale } from '../../i18n/locale';
import { translatorFor } from '../../i18n/translate';
import { createScatterplot } from './scatterplot';
import type { ScatterOptions, Scatterplot } from './scatterTypes';
import './ScatterPlot.css';

export interface ScatterPlotProps {
  /** Accessible name, e.g. "Scatter plot" or "Left plot, UMAP,"; the point count is appended. Default: the locale's "Scatter plot". */
  label?: string;
  /** The interface language of the plot's own buttons, hint and tooltips (default English). */
  locale?: Locale;
  /** Points shown, for the accessible name and the data-points hook. */
  count: number;
  testId?: string;
  /** What a click on a point does, for the help text screen readers announce (default: the locale's "click a point to select it"). */
  clickHelp?: string;
  refit?: ScatterOptions['refit'];
  /**
   * Connects the plot to a view's state: feeds it and listens to its events. Called
   * once the core exists; returns the cleanup. Keep its identity stable (useCallback).
   */
  bind: (plot: Scatterplot) => () => void;
  /** The view's own tool buttons, placed before Lasso and Fit. */
  tools?: ReactNode;
  /** The built-in Fit button (a view with its own can leave it out). */
  fitButton?: boolean;
  /** Rendered inside the plot once the core exists (tooltips and the like). */
  children?: (plot: Scatterplot) => ReactNode;
}

/**
 * The plot's frame, the same in every view: a canvas of points, SVG axes and marks
 * above it, a pointer surface, Lasso and Fit buttons. React renders it once; the core
 * (scatterplot.ts) draws everything that moves, fed by the view's `bind`.
 */
export function ScatterPlot({ label, locale = 'en', count, testId = 'scatter-plot', clickHelp, refit = 'always', bind, tools, fitButton = true, children }: ScatterPlotProps) {
  const { t } = translatorFor(locale);
  const helpId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const surfaceRef = useRef<HTMLDivElement>(null);
  const axesRef = useRef<SVGSVGElement>(null);
  const marksRef = useRef<SVGSVGElement>(null);
  const [plot, setPlot] = useState<Scatterplot | null>(null);
  const [lassoMode, setLassoMode] = useState(false);

  useEffect(() => {
    const [root, canvas, surface, axes, marks] = [rootRef.current, canvasRef.current, surfaceRef.current, axesRef.current, marksRef.current];
    if (!root || !canvas || !surface || !axes || !marks) return;
    const core = createScatterplot({ root, canvas, surface, axes, marks }, { refit });
    setPlot(core);
    return () => {
      setPlot(null);
      core.destroy();
    };
  }, [refit]);

  useEffect(() => (plot ? bind(plot) : undefined), [plot, bind]);
  useEffect(() => plot?.setLassoMode(lassoMode), [plot, lassoMode]);
  // Whether the density layer is on screen (the core decides in auto mode).
  const subscribeDensity = useCallback((onChange: () => void) => (plot ? plot.on('density', onChange) : () => undefined), [plot]);
  const density = useSyncExternalStore(subscribeDensity, () => plot?.densityShown() ?? false);

  return (
    <div
      ref={rootRef}
      className="scatter"
      role="application"
      tabIndex={0}
      aria-label={t('plot.ariaLabel', { label: label ?? t('plot.name'), n: count })}
      aria-roledescription={t('plot.roleDescription')}
      aria-describedby={helpId}
      data-testid={testId}
      data-points={count}
    >
      <canvas ref={canvasRef} className="scatter-canvas" data-testid="scatter-canvas" />
      <svg ref={axesRef} className="scatter-axes" aria-hidden="true" />
      <svg ref={marksRef} className="scatter-marks" aria-hidden="true" />
      <div ref={surfaceRef} className="scatter-surface" />
      {plot && children?.(plot)}
      <p id={helpId} className="scatter-help">
        {t('plot.help', { click: clickHelp ?? t('plot.clickHelp') })}
      </p>
      <div className="scatter-tools">
        {tools}
        <button
          type="button"
          className="scatter-tool"
          data-testid="density-button"
          aria-pressed={density}
          title={t('plot.density.title')}
          onClick={() => plot?.setDensityMode(density ? 'off' : 'on')}
        >
          {t('plot.density')}
        </button>
        <button
          type="button"
          className="scatter-tool"
          data-testid="lasso-button"
          aria-pressed={lassoMode}
          title={t('plot.lasso.title')}
          onClick={() => setLassoMode((on) => !on)}
        >
          {t('plot.lasso')}
        </button>
        {fitButton && (
          <button type="button" className="scatter-tool" data-testid="fit-button" aria-label={t('plot.fit.label')} title={t('plot.fit.title')} onClick={() => plot?.fit()}>
            {t('plot.fit')}
          </button>
        )}
      </div>
    </div>
  );
}
