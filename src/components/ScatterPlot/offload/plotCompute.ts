/**
 * Work the plot hands off its main thread: the hover index (kdbush), the density grid
 * and the regions named on the map. One worker per page serves every plot (each plot opens a session); without a
 * Worker (Node tests) the same handlers run on the main thread, a task later.
 *
 * A session holds the latest points of its plot in the worker (a copy, sent with the
 * first request about them: the main thread keeps drawing its own, and a streaming
 * layout's snapshots that nobody asks about never cross), so a density request after a
 * zoom sends only its grid spec. A request for a version that is no longer the session's answers
 * null rather than work on stale points.
 */
import type { DensityGrid, DensitySpec } from '../../../compute/density';
import type { RegionLevel } from '../../../compute/mapRegions';
import type { SpatialOrder } from '../drawOrder';
import type { PlotRequest, PlotResult } from './messages';
import { createPlotHandlers } from './plotHandlers';

export interface PlotComputeSession {
  setPoints(version: number, coords: Float32Array): void;
  /** The buffer of a kdbush tree over the points of `version` (KDBush.from), or null if superseded. */
  pointIndex(version: number): Promise<ArrayBuffer | null>;
  density(version: number, spec: DensitySpec): Promise<DensityGrid | null>;
  /** Regions of the points for names on the map, coarse to fine (compute/mapRegions.ts), or null if superseded. */
  regions(version: number): Promise<RegionLevel[] | null>;
  /** The draw order of the points of `version` (drawOrder.ts), or null if superseded or too few to order. */
  spatialOrder(version: number): Promise<SpatialOrder | null>;
  close(): void;
}

export interface PlotCompute {
  open(): PlotComputeSession;
}

type Pending = { resolve(r: PlotResult): void; reject(e: Error): void };

interface Channel {
  post(req: PlotRequest): void;
}

let shared: PlotCompute | null = null;

/** The page's plot worker (started on first use). */
export function sharedPlotCompute(): PlotCompute {
  shared ??= createPlotCompute();
  return shared;
}

export function createPlotCompute(useWorker = typeof Worker !== 'undefined'): PlotCompute {
  const pending = new Map<number, Pending>();
  /** Each session's points as last sent, to send again to a replacement worker. */
  const latest = new Map<number, { version: number; coords: Float32Array }>();
  let nextId = 1;
  let nextSession = 1;
  let channel: Channel | null = null;

  const settle = (r: PlotResult): void => {
    const p = pending.get(r.id);
    pending.delete(r.id);
    p?.resolve(r);
  };

  const workerChannel = (): Channel => {
    const worker = new Worker(new URL('./plot.worker.ts', import.meta.url), { type: 'module', name: 'sprout-plot' });
    worker.onmessage = (e: MessageEvent<PlotResult>) => settle(e.data);
    worker.onerror = (e) => {
      e.preventDefault();
      // A dead worker fails what it held; the next request starts a new one.
      worker.terminate();
      channel = null;
      const error = new Error(`The plot worker stopped: ${e.message || 'unknown error'}`);
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    };
    return { post: (req) => worker.postMessage(req) };
  };

  const inlineChannel = (): Channel => {
    const handlers = createPlotHandlers();
    return {
      post: (req) => {
        // A task later, like a worker's answer; a copy of the points, like postMessage's.
        const msg: PlotRequest = req.type === 'points' ? { ...req, coords: req.coords.slice() } : req;
        setTimeout(() => {
          try {
            const out = handlers.handle(msg);
            if (out) settle(out.result);
          } catch (err) {
            if ('id' in msg) settle({ id: msg.id, ok: false, error: err instanceof Error ? err.message : String(err) });
          }
        }, 0);
      },
    };
  };

  const connect = (): Channel => {
    if (channel) return channel;
    const c = useWorker ? workerChannel() : inlineChannel();
    channel = c;
    for (const [session, p] of latest) c.post({ type: 'points', session, version: p.version, coords: p.coords });
    return c;
  };

  const request = (req: PlotRequest & { id: number }): Promise<PlotResult> =>
    new Promise((resolve, reject) => {
      pending.set(req.id, { resolve, reject });
      connect().post(req);
    });

  const unwrap = <T>(r: PlotResult, pick: (ok: Extract<PlotResult, { ok: true }>) => T | undefined): T | null => {
    if (!r.ok) throw new Error(r.error);
    return pick(r) ?? null;
  };

  return {
    open() {
      const session = nextSession++;
      /** Points not yet sent: a streaming layout's snapshots cross only when something is asked of them. */
      let unsent: { version: number; coords: Float32Array } | null = null;
      const ask = (req: PlotRequest & { id: number; version: number }): Promise<PlotResult> => {
        if (unsent) {
          connect().post({ type: 'points', session, ...unsent });
          latest.set(session, unsent);
          unsent = null;
        }
        return request(req);
      };
      return {
        setPoints(version, coords) {
          unsent = { version, coords };
        },
        pointIndex: async (version) => unwrap(await ask({ type: 'index', id: nextId++, session, version }), (r) => r.index),
        density: async (version, spec) => unwrap(await ask({ type: 'density', id: nextId++, session, version, spec }), (r) => r.density),
        regions: async (version) => unwrap(await ask({ type: 'regions', id: nextId++, session, version }), (r) => r.regions),
        spatialOrder: async (version) => unwrap(await ask({ type: 'order', id: nextId++, session, version }), (r) => r.order),
        close() {
          latest.delete(session);
          channel?.post({ type: 'close', session });
        },
      };
    },
  };
}
