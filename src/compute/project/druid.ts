/**
 * A thin, pure wrapper that turns druid.js projection methods into our Steppable.
 *
 * druid.js (@saehrimnir/druidjs) is LGPL-3.0: it must stay a separately loaded,
 * replaceable chunk. So this module never imports it statically — only
 * `await import('@saehrimnir/druidjs')` inside `createDruidProjection`, which only the
 * project worker calls — and the method catalogue the UI needs lives elsewhere
 * (compute/project/methods.ts) so the main bundle never references this file.
 *
 * Input: n × dim float32 rows, compared with the euclidean distance (druid's fast WASM
 * paths are euclidean; callers L2-normalise cosine data first, which ranks neighbours
 * the same way). Output: n × 2 float32, like every other projection.
 *
 * Stepping: iterative methods (TriMap, PaCMAP, LocalMAP, SQuadMDS) yield once per
 * iteration, so one budget unit = one iteration; the first unit also builds the
 * method's neighbour search and initial layout in one go, and one-shot methods (Isomap,
 * classical MDS, FastMap) do all their work in one unit. Neither can be interrupted
 * inside that unit — which is why each method carries a measured `slowAbove` in the
 * catalogue, and the worker's hard cancel is the backstop.
 */
import type { Steppable } from '../task';
import type { InputType, Matrix } from '@saehrimnir/druidjs';

export type DruidMethodId = 'trimap' | 'pacmap' | 'localmap' | 'sqdmds' | 'isomap' | 'mds' | 'fastmap';

export interface DruidParams {
  readonly seed: number;
  /** Iterations for the iterative methods; their own default when absent. */
  readonly iterations?: number;
  /** Neighbours for PaCMAP / LocalMAP / Isomap (druid's defaults when absent; Isomap's is n/10, so pass one). */
  readonly nNeighbors?: number;
}

/** Default iteration counts of the iterative methods (druid's own defaults). */
export const DRUID_DEFAULT_ITERATIONS: Readonly<Record<DruidMethodId, number>> = {
  trimap: 400,
  pacmap: 450,
  localmap: 450,
  sqdmds: 500,
  isomap: 1,
  mds: 1,
  fastmap: 1,
};

type DruidModule = typeof import('@saehrimnir/druidjs');

/** The druid object we drive: a generator over projections, one per iteration. */
interface Driven {
  readonly gen: Generator<InputType, InputType, void>;
  readonly total: number;
}

function build(druid: DruidModule, method: DruidMethodId, X: Matrix, n: number, p: DruidParams): Driven {
  const seed = p.seed >>> 0;
  const iters = (fallback: number): number => Math.max(1, Math.floor(p.iterations ?? fallback));
  switch (method) {
    case 'trimap': {
      const total = iters(DRUID_DEFAULT_ITERATIONS.trimap);
      return { gen: new druid.TriMap(X, { seed, d: 2 }).generator(total), total };
    }
    case 'pacmap':
    case 'localmap': {
      const total = iters(DRUID_DEFAULT_ITERATIONS[method]);
      // Three phases as in the reference (100 / 100 / rest), scaled to the iteration count.
      const p1 = Math.max(1, Math.round((total * 100) / 450));
      const p2 = Math.max(1, Math.round((total * 100) / 450));
      const num_iters = [p1, p2, Math.max(1, total - p1 - p2)];
      const params = {
        seed,
        d: 2,
        num_iters,
        apply_pca: false,
        ...(p.nNeighbors !== undefined ? { n_neighbors: Math.min(p.nNeighbors, n - 1) } : {}),
      };
      const dr = method === 'pacmap' ? new druid.PaCMAP(X, params) : new druid.LocalMAP(X, params);
      return { gen: dr.generator(num_iters[0] + num_iters[1] + num_iters[2]), total: num_iters[0] + num_iters[1] + num_iters[2] };
    }
    case 'sqdmds': {
      const total = iters(DRUID_DEFAULT_ITERATIONS.sqdmds);
      return { gen: new druid.SQDMDS(X, { seed, d: 2 }).generator(total), total };
    }
    case 'isomap': {
      const neighbors = Math.max(2, Math.min(n - 1, p.nNeighbors ?? 15));
      return { gen: new druid.ISOMAP(X, { seed, d: 2, neighbors }).generator(), total: 1 };
    }
    case 'mds':
      return { gen: new druid.MDS(X, { seed, d: 2 }).generator(), total: 1 };
    case 'fastmap':
      return { gen: new druid.FASTMAP(X, { seed, d: 2 }).generator(), total: 1 };
  }
}

/** n × 2 float32 out of druid's projection (a Matrix, as we pass a Matrix in). */
function toCoords(Y: InputType, n: number): Float32Array {
  const out = new Float32Array(2 * n);
  if (Array.isArray(Y)) {
    for (let i = 0; i < n; i++) {
      out[2 * i] = Y[i][0];
      out[2 * i + 1] = Y[i][1];
    }
    return out;
  }
  const [rows, cols] = Y.shape;
  if (rows !== n || cols < 2) throw new Error(`druid: expected an ${n} × 2 projection, got ${rows} × ${cols}`);
  const v = Y.values;
  for (let i = 0; i < n; i++) {
    out[2 * i] = v[i * cols];
    out[2 * i + 1] = v[i * cols + 1];
  }
  return out;
}

/**
 * A druid.js method as a Steppable over n × dim float32 rows (euclidean). Loads druid.js
 * on first use (its own chunk). Deterministic for a seed within one engine.
 */
export async function createDruidProjection(
  method: DruidMethodId,
  vectors: Float32Array,
  n: number,
  dim: number,
  params: DruidParams,
): Promise<Steppable<Float32Array, Float32Array>> {
  if (vectors.length !== n * dim) throw new Error(`druid: expected ${n} × ${dim} values, got ${vectors.length}`);
  if (n < 3) throw new Error(`druid: need at least 3 points, got ${n}`);
  const druid: DruidModule = await import('@saehrimnir/druidjs');
  const X = new druid.Matrix(n, dim, 0);
  const data = X.values;
  for (let i = 0; i < n * dim; i++) data[i] = vectors[i];
  const { gen, total } = build(druid, method, X, n, params);
  let current: InputType | null = null;
  let done = 0;
  let finished = false;
  return {
    step(budget: number): boolean {
      if (finished) return true;
      const units = Math.max(1, Math.floor(budget));
      for (let u = 0; u < units; u++) {
        const r = gen.next();
        current = r.value;
        if (r.done) {
          finished = true;
          done = total;
          return true;
        }
        done++;
        // One-shot methods yield their answer, then return it: nothing left to do.
        if (done >= total) {
          const end = gen.next();
          if (end.value) current = end.value;
          finished = true;
          return true;
        }
      }
      return false;
    },
    progress: () => (finished ? 1 : Math.min(0.999, done / total)),
    snapshot: () => (current ? toCoords(current, n) : new Float32Array(2 * n)),
    result(): Float32Array {
      if (!finished || !current) throw new Error('druid: result() called before the projection finished');
      return toCoords(current, n);
    },
  };
}
