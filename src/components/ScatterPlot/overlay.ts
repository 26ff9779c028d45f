/**
 * The SVG layers above the canvas: light axes that follow the zoom, and rings plus
 * labels on the selected point and its neighbours. Labels are untrusted text, so
 * they only ever go in through d3's .text() (textContent), never as markup.
 */
import { axisRight, axisTop } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { placeMarks, RING_R, type PlacedMark } from './labels';
import type { Mark } from './scatterTypes';
import { visibleExtent, type View } from './viewMath';

export interface Overlay {
  /** Redraws axes (when the view moved) and marks; returns how many labels gave way to others. */
  update(view: View, width: number, height: number, marks: readonly Mark[]): number;
  destroy(): void;
}

export function createOverlay(axesSvg: SVGSVGElement, marksSvg: SVGSVGElement): Overlay {
  const axes = select(axesSvg);
  const xAxisG = axes.append('g').attr('class', 'scatter-axis scatter-axis-x');
  const yAxisG = axes.append('g').attr('class', 'scatter-axis scatter-axis-y');
  const marksG = select(marksSvg).append('g');

  let axesKey = '';

  return {
    update(view, width, height, marks) {
      // Hover and selection changes come here too; the axes only move with the view.
      const key = `${view.sx},${view.ox},${view.sy},${view.oy},${width},${height}`;
      if (key !== axesKey) {
        axesKey = key;
        drawAxes(view, width, height);
      }
      return drawMarks(view, width, marks);
    },
    destroy() {
      xAxisG.remove();
      yAxisG.remove();
      marksG.remove();
    },
  };

  function drawAxes(view: View, width: number, height: number): void {
    const e = visibleExtent(view, width, height);
    // Axes sit inside the plot (ticks pointing in) so they take no space from it.
    const x = scaleLinear().domain([e.minX, e.maxX]).range([0, width]);
    const y = scaleLinear().domain([e.minY, e.maxY]).range([height, 0]);
    xAxisG
      .attr('transform', `translate(0,${height})`)
      .call(axisTop(x).ticks(Math.max(2, Math.floor(width / 110))).tickSizeOuter(0));
    yAxisG.call(axisRight(y).ticks(Math.max(2, Math.floor(height / 80))).tickSizeOuter(0));
  }

  function drawMarks(view: View, width: number, marks: readonly Mark[]): number {
    const placed = placeMarks(marks, view, width);
    marksG
      .selectAll<SVGGElement, PlacedMark>('g.scatter-mark')
      .data(placed, (d) => `${d.mark.kind}:${d.mark.index}:${d.mark.index < 0 ? d.mark.text : ''}`)
      .join((enter) => {
        const g = enter.append('g');
        g.append('circle');
        g.append('text');
        return g;
      })
      .attr('class', (d) => `scatter-mark scatter-mark-${d.mark.kind}`)
      .attr('transform', (d) => `translate(${d.px},${d.py})`)
      .attr('display', (d) => (Number.isFinite(d.px) && Number.isFinite(d.py) ? null : 'none'))
      .call((g) => g.select('circle').attr('r', (d) => RING_R[d.mark.kind]))
      .call((g) =>
        g
          .select('text')
          .attr('x', (d) => d.tx)
          .attr('text-anchor', (d) => d.anchor)
          .attr('y', (d) => d.ty)
          .attr('display', (d) => (d.show ? null : 'none'))
          // CSSOM, not a style attribute: allowed under the strict CSP, and it beats the class's fill.
          .style('fill', (d) => d.mark.color ?? null)
          // Untrusted text: textContent only, never markup.
          .text((d) => d.mark.text),
      )
      // The selected point's ring and label go on top of its neighbours'.
      .sort((a, b) => (a.mark.kind === b.mark.kind ? 0 : a.mark.kind === 'selected' ? 1 : -1));
    return placed.reduce((hidden, p) => hidden + (p.show ? 0 : 1), 0);
  }
}
