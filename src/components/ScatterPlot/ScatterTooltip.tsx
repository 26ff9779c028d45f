import { useEffect, useLayoutEffect, useRef, type RefObject } from 'react';
import { cellText } from '../../compute/dataset';
import { useAppStore } from '../../state/hooks';
import { selectDataset, selectHovered } from '../../state/selectors';
import type { ScatterController } from './controller';
import { rowImageRGBA } from './rowImage';

/** Metadata rows shown at most, so a wide table does not make a wall of text. */
const MAX_COLUMNS = 8;
const OFFSET = 12;

/**
 * The hover card: label, metadata and (for image data such as MNIST) the row's
 * picture. The only part of the plot that re-renders on hover. Placed beside the
 * hovered point, flipped to stay inside the plot.
 */
export function ScatterTooltip({ controllerRef }: { controllerRef: RefObject<ScatterController | null> }) {
  const hovered = useAppStore(selectHovered);
  const dataset = useAppStore(selectDataset);
  const boxRef = useRef<HTMLDivElement>(null);
  const imageRef = useRef<HTMLCanvasElement>(null);
  const show = dataset !== null && hovered >= 0 && hovered < dataset.n;

  useLayoutEffect(() => {
    const box = boxRef.current;
    const controller = controllerRef.current;
    if (!box || !controller || !show) return;
    // Imperative on purpose: a zoom or a live layout moves the point every frame, and
    // moving the box must not re-render anything.
    const place = (): void => {
      const p = controller.pointPosition(hovered);
      if (!p) {
        box.style.visibility = 'hidden';
        return;
      }
      const { width, height } = controller.size();
      const w = box.offsetWidth;
      const h = box.offsetHeight;
      const left = p[0] + OFFSET + w > width ? Math.max(0, p[0] - OFFSET - w) : p[0] + OFFSET;
      const top = p[1] + OFFSET + h > height ? Math.max(0, p[1] - OFFSET - h) : p[1] + OFFSET;
      box.style.left = `${left}px`;
      box.style.top = `${top}px`;
      box.style.visibility = p[0] < 0 || p[1] < 0 || p[0] > width || p[1] > height ? 'hidden' : 'visible';
    };
    place();
    return controller.onViewChange(place);
  }, [controllerRef, hovered, show, dataset]);

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
