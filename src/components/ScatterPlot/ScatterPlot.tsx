import { useEffect, useId, useRef, useState } from 'react';
import { useAppStore, useAppStoreApi } from '../../state/hooks';
import type { AppState } from '../../state/store';
import type { Layout } from '../../state/types';
import { mountScatter, type LayoutSelector, type ScatterController } from './controller';
import { ScatterTooltip } from './ScatterTooltip';
import './ScatterPlot.css';

const selectCurrentLayout = (s: AppState): Layout | null => s.layout;
const selectShowLabels = (s: AppState) => s.showLabels;
const selectSetShowLabels = (s: AppState) => s.setShowLabels;

export interface ScatterPlotProps {
  /** The layout to draw; default the current one (`s.layout`). Must return the same object while it is unchanged. */
  selectLayout?: LayoutSelector;
  /** Accessible name, e.g. "Left: PCA"; default "Scatter plot". */
  label?: string;
  testId?: string;
}

/**
 * The projection: a canvas of points, SVG axes and highlight rings above it, a hover
 * tooltip and a Fit button. React renders the frame once; everything that moves
 * (zoom, pan, hover, highlights, new layouts) is pushed by the controller straight
 * to the renderer, so only the tooltip re-renders on hover and the point count on
 * a new dataset.
 */
export function ScatterPlot({ selectLayout = selectCurrentLayout, label = 'Scatter plot', testId = 'scatter-plot' }: ScatterPlotProps) {
  const store = useAppStoreApi();
  const count = useAppStore((s) => (selectLayout(s)?.coords.length ?? 0) >> 1);
  const helpId = useId();
  const rootRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const surfaceRef = useRef<HTMLDivElement>(null);
  const axesRef = useRef<SVGSVGElement>(null);
  const marksRef = useRef<SVGSVGElement>(null);
  const controllerRef = useRef<ScatterController | null>(null);
  const [lassoMode, setLassoMode] = useState(false);
  const showLabels = useAppStore(selectShowLabels);
  const setShowLabels = useAppStore(selectSetShowLabels);

  useEffect(() => {
    const [root, canvas, surface, axes, marks] = [rootRef.current, canvasRef.current, surfaceRef.current, axesRef.current, marksRef.current];
    if (!root || !canvas || !surface || !axes || !marks) return;
    const controller = mountScatter({ root, canvas, surface, axes, marks }, store, selectLayout);
    controllerRef.current = controller;
    return () => {
      controllerRef.current = null;
      controller.destroy();
    };
  }, [store, selectLayout]);

  useEffect(() => controllerRef.current?.setLassoMode(lassoMode), [lassoMode, selectLayout]);

  return (
    <div
      ref={rootRef}
      className="scatter"
      role="application"
      tabIndex={0}
      aria-label={`${label} of ${count.toLocaleString('en-US')} points`}
      aria-roledescription="scatter plot"
      aria-describedby={helpId}
      data-testid={testId}
      data-points={count}
    >
      <canvas ref={canvasRef} className="scatter-canvas" data-testid="scatter-canvas" />
      <svg ref={axesRef} className="scatter-axes" aria-hidden="true" />
      <svg ref={marksRef} className="scatter-marks" aria-hidden="true" />
      <div ref={surfaceRef} className="scatter-surface" />
      <ScatterTooltip controllerRef={controllerRef} />
      <p id={helpId} className="scatter-help">
        Drag to pan, scroll to zoom, click a point to select it, Shift+drag to lasso points (Escape clears the lasso).
        Keys: plus and minus zoom, arrows pan, 0 or F fits all points.
      </p>
      <div className="scatter-tools">
        <button
          type="button"
          className="scatter-tool"
          data-testid="labels-button"
          aria-pressed={showLabels}
          title="Label as many points as fit without overlapping (zoom in for more)"
          onClick={() => setShowLabels(!showLabels)}
        >
          Labels
        </button>
        <button
          type="button"
          className="scatter-tool"
          data-testid="lasso-button"
          aria-pressed={lassoMode}
          title="Lasso: drag around points to pick them (or hold Shift and drag)"
          onClick={() => setLassoMode((on) => !on)}
        >
          Lasso
        </button>
        <button
          type="button"
          className="scatter-tool"
          data-testid="fit-button"
          aria-label="Fit all points"
          title="Fit all points (0 or F)"
          onClick={() => controllerRef.current?.fit()}
        >
          Fit
        </button>
      </div>
    </div>
  );
}

export default ScatterPlot;
