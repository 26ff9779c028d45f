/**
 * What the plot worker does with each message: keep the latest points of each plot, and
 * answer index and density requests from them with src/compute. Separate from the worker
 * global so the same code runs on the main thread when there is no Worker (Node tests).
 */
import { densityGrid } from '../../../compute/density';
import { mapRegions } from '../../../compute/mapRegions';
import { buildPointIndex } from '../../../compute/pointIndex';
import { spatialOrder } from '../drawOrder';
import type { PlotRequest, PlotResult } from './messages';

export interface PlotHandlers {
  /** The answer to a request (none for 'points' and 'close') and the buffers to transfer with it. */
  handle(req: PlotRequest): { result: PlotResult; transfer: ArrayBuffer[] } | null;
}

export function createPlotHandlers(): PlotHandlers {
  const sessions = new Map<number, { version: number; coords: Float32Array }>();
  const current = (session: number, version: number): Float32Array | null => {
    const s = sessions.get(session);
    return s && s.version === version ? s.coords : null;
  };
  return {
    handle(req) {
      switch (req.type) {
        case 'points':
          sessions.set(req.session, { version: req.version, coords: req.coords });
          return null;
        case 'close':
          sessions.delete(req.session);
          return null;
        case 'index': {
          const coords = current(req.session, req.version);
          if (!coords) return { result: { id: req.id, ok: true, index: null }, transfer: [] };
          const data = buildPointIndex(coords).data as ArrayBuffer;
          return { result: { id: req.id, ok: true, index: data }, transfer: [data] };
        }
        case 'density': {
          const coords = current(req.session, req.version);
          if (!coords) return { result: { id: req.id, ok: true, density: null }, transfer: [] };
          const grid = densityGrid(coords, req.spec);
          return { result: { id: req.id, ok: true, density: grid }, transfer: [grid.values.buffer as ArrayBuffer] };
        }
        case 'order': {
          const coords = current(req.session, req.version);
          const order = coords ? spatialOrder(coords, coords.length >> 1) : null;
          if (!order) return { result: { id: req.id, ok: true, order: null }, transfer: [] };
          return { result: { id: req.id, ok: true, order }, transfer: [order.rows.buffer, order.slotOf.buffer, order.coords.buffer] as ArrayBuffer[] };
        }
        case 'regions': {
          const coords = current(req.session, req.version);
          if (!coords) return { result: { id: req.id, ok: true, regions: null }, transfer: [] };
          const regions = mapRegions(coords);
          const transfer = regions.flatMap((l) => [l.x.buffer, l.y.buffer, l.row.buffer, l.count.buffer] as ArrayBuffer[]);
          return { result: { id: req.id, ok: true, regions }, transfer };
        }
      }
    },
  };
}
