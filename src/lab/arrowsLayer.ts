/**
 * The lab's own layer on the shared plot: rings on the probe's context rows and an
 * arrow per row the last update moved (green: the target pulled, red: the wrong
 * answer pushed). SVG in the plot's layer group, redrawn on every view change.
 */
import { select } from 'd3-selection';
import type { LabMove } from '../compute/train/labSession';
import { toScreen, type View } from '../components/ScatterPlot/viewMath';
import { arrowSegments, type ArrowSegment } from './plotInputs';

export interface ArrowsInput {
  readonly moves: readonly LabMove[];
  /** Data coordinates of the context rows. */
  readonly context: readonly (readonly [number, number])[];
}

/** Draws (or with null clears) the arrows; returns the magnification used (1 when none). */
export function drawArrows(layer: SVGGElement, view: View, input: ArrowsInput | null): number {
  const g = select(layer);
  const { segments, magnify } = input ? arrowSegments(input.moves, view) : { segments: [], magnify: 1 };
  const rings = (input?.context ?? []).map(([x, y]) => toScreen(view, x, y));
  g.selectAll<SVGCircleElement, [number, number]>('circle.lab-arrow-context')
    .data(rings)
    .join('circle')
    .attr('class', 'lab-arrow-context')
    .attr('r', 7)
    .attr('cx', (d) => d[0])
    .attr('cy', (d) => d[1]);
  g.selectAll<SVGGElement, ArrowSegment>('g.lab-arrow')
    .data(segments)
    .join((enter) => {
      const a = enter.append('g');
      a.append('line');
      a.append('path');
      return a;
    })
    .attr('class', (d) => `lab-arrow lab-arrow-${d.role}`)
    .call((a) =>
      a
        .select('line')
        .attr('x1', (d) => d.x0)
        .attr('y1', (d) => d.y0)
        .attr('x2', (d) => d.x1)
        .attr('y2', (d) => d.y1),
    )
    .call((a) => a.select('path').attr('d', (d) => (d.head.length ? `M${d.head.map((p) => `${p[0]},${p[1]}`).join('L')}Z` : null)));
  return magnify;
}
