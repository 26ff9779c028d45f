/**
 * The SVG layers above the canvas: light axes that follow the zoom, and rings plus
 * labels on the selected point and its neighbours. Labels are untrusted text, so
 * they only ever go in through d3's .text() (textContent), never as markup.
 */
import { axisRight, axisTop } from 'd3-axis';
import { scaleLinear } from 'd3-scale';
import { select } from 'd3-selection';
import { estimateTextWidth, placeLabels } from './labels';
import { toScreen, visibleExtent, type View } from './viewMath';

export interface Mark {
  readonly index: number;
  /** 'label': a map label (Labels on), drawn without a ring and placed last. */
  readonly kind: 'selected' | 'neighbor' | 'cluster' | 'label';
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

export interface Overlay {
  update(view: View, width: number, height: number, marks: readonly Mark[]): void;
  destroy(): void;
}

const FONT_PX = { selected: 13, neighbor: 11, cluster: 12, label: 10.5 } as const;
const RING_R = { selected: 7, neighbor: 5, cluster: 0, label: 0 } as const;

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
      drawMarks(view, width, marks);
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

  function drawMarks(view: View, width: number, marks: readonly Mark[]): void {
    const measured = marks.map((m) => {
      const [px, py] = toScreen(view, m.x, m.y);
      const font = FONT_PX[m.kind];
      const r = RING_R[m.kind];
      const w = estimateTextWidth(m.text, font);
      // Labels go right of the dot, or left of it when they would run off the plot.
      const left = px + r + 2 + w > width && px - r - 2 - w >= 0;
      return { m, px, py, left, box: { x: left ? px - r - 2 - w : px + r + 2, y: py - font * 0.8, width: w, height: font * 1.1 } };
    });
    const visible = placeLabels(measured.map((p) => p.box));
    const placed = measured.map((p, i) => ({ ...p, show: visible[i] }));
    marksG
      .selectAll<SVGGElement, (typeof placed)[number]>('g.scatter-mark')
      .data(placed, (d) => `${d.m.kind}:${d.m.index}`)
      .join((enter) => {
        const g = enter.append('g');
        g.append('circle');
        g.append('text');
        return g;
      })
      .attr('class', (d) => `scatter-mark scatter-mark-${d.m.kind}`)
      .attr('transform', (d) => `translate(${d.px},${d.py})`)
      .attr('display', (d) => (Number.isFinite(d.px) && Number.isFinite(d.py) ? null : 'none'))
      .call((g) => g.select('circle').attr('r', (d) => RING_R[d.m.kind]))
      .call((g) =>
        g
          .select('text')
          .attr('x', (d) => (d.left ? -1 : 1) * (RING_R[d.m.kind] + 2))
          .attr('text-anchor', (d) => (d.left ? 'end' : 'start'))
          .attr('y', (d) => FONT_PX[d.m.kind] * 0.35)
          .attr('display', (d) => (d.show ? null : 'none'))
          .text((d) => d.m.text),
      )
      // The selected point's ring and label go on top of its neighbours'.
      .sort((a, b) => (a.m.kind === b.m.kind ? 0 : a.m.kind === 'selected' ? 1 : -1));
  }
}
