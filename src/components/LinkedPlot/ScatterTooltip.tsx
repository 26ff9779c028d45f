import { useEffect, useRef } from 'react';
import { cellText } from '../../compute/dataset';
import { useAppStore } from '../../state/hooks';
import { selectDataset, selectHovered } from '../../state/selectors';
import { rowImageRGBA } from '../ScatterPlot/rowImage';
import type { Scatterplot } from '../ScatterPlot/scatterTypes';
import { useFollowPoint } from '../ScatterPlot/useFollowPoint';

/** Metadata rows shown at most, so a wide table does not make a wall of text. */
const MAX_COLUMNS = 8;

/**
 * The hover card: label, metadata and (for image data such as MNIST) the row's
 * picture. The only part of the plot that re-renders on hover. Placed beside the
 * hovered point, flipped to stay inside the plot.
 */
export function ScatterTooltip({ plot }: { plot: Scatterplot }) {
  const hovered = useAppStore(selectHovered);
  const dataset = useAppStore(selectDataset);
  const boxRef = useRef<HTMLDivElement>(null);
  const imageRef = useRef<HTMLCanvasElement>(null);
  const show = dataset !== null && hovered >= 0 && hovered < dataset.n;
  useFollowPoint(boxRef, plot, show ? hovered : -1, dataset);

  useEffect(() => {
    const canvas = imageRef.current;
    const images = dataset?.images;
    if (!canvas || !images || !show) return;
    const ctx = canvas.getContext('2d');
    ctx?.putImageData(new ImageData(rowImageRGBA(images, hovered), images.width, images.height), 0, 0);
  }, [dataset, hovered, show]);

  if (!show) return null;
  const columns = dataset.columns.slice(0, MAX_COLUMNS);
  return (
    <div ref={boxRef} className="scatter-tooltip" data-testid="scatter-tooltip" role="status">
      {dataset.images && (
        <canvas
          ref={imageRef}
          className="scatter-tooltip-image"
          width={dataset.images.width}
          height={dataset.images.height}
          aria-hidden="true"
        />
      )}
      <div className="scatter-tooltip-text">
        <div className="scatter-tooltip-label">{dataset.labels[hovered]}</div>
        {columns.length > 0 && (
          <dl className="scatter-tooltip-meta">
            {columns.map((c) => (
              <div key={c.name} className="scatter-tooltip-row">
                <dt>{c.name}</dt>
                <dd>{cellText(c, hovered) || '—'}</dd>
              </div>
            ))}
          </dl>
        )}
      </div>
    </div>
  );
}
