/**
 * Repulsive t-SNE forces by Barnes-Hut (van der Maaten 2014): a quadtree over the
 * embedding, and each point treats a cell whose width/distance < θ as one body at
 * its centre of mass. O(N log N) per iteration.
 *
 * The tree lives in flat typed arrays (no node objects), is rebuilt each call by
 * in-place partitioning of an index array (deterministic), and leaves hold up to
 * LEAF points that are summed exactly (never the point itself).
 */
import type { Repulsion } from './tsneForces';
import { drain } from './tsneForces';

export interface BarnesHutOptions {
  /** Opening angle: larger is faster and coarser. Default 0.5. */
  readonly theta?: number;
}

const LEAF = 8;
const MAX_DEPTH = 48;

export function createBarnesHutRepulsion(n: number, opts: BarnesHutOptions = {}): Repulsion {
  const theta = opts.theta ?? 0.5;
  const theta2 = theta * theta;
  const order = new Int32Array(n);
  let cap = 0;
  let first = new Int32Array(0); // first child node id (children are consecutive), −1 for leaves
  let nChild = new Uint8Array(0);
  let start = new Int32Array(0); // range into `order`
  let end = new Int32Array(0);
  let comX = new Float64Array(0);
  let comY = new Float64Array(0);
  let width2 = new Float64Array(0); // squared cell width
  let nodes = 0;
  const stack = new Int32Array(4 * MAX_DEPTH + 8);

  function grow(need: number): void {
    if (need <= cap) return;
    const c = Math.max(need, cap * 2, 64);
    const f = new Int32Array(c); f.set(first); first = f;
    const k = new Uint8Array(c); k.set(nChild); nChild = k;
    const s = new Int32Array(c); s.set(start); start = s;
    const e = new Int32Array(c); e.set(end); end = e;
    const cx = new Float64Array(c); cx.set(comX); comX = cx;
    const cy = new Float64Array(c); cy.set(comY); comY = cy;
    const w = new Float64Array(c); w.set(width2); width2 = w;
    cap = c;
  }

  // Splits order[lo, hi) so entries with pred true come first; returns the split point.
  function partition(y: Float64Array, lo: number, hi: number, axis: number, mid: number): number {
    let a = lo;
    let b = hi - 1;
    while (a <= b) {
      if (y[2 * order[a] + axis] < mid) a++;
      else {
        const t = order[a];
        order[a] = order[b];
        order[b] = t;
        b--;
      }
    }
    return a;
  }

  function build(y: Float64Array, node: number, lo: number, hi: number, cx: number, cy: number, half: number, depth: number): void {
    start[node] = lo;
    end[node] = hi;
    width2[node] = 4 * half * half;
    let sx = 0, sy = 0;
    for (let t = lo; t < hi; t++) {
      sx += y[2 * order[t]];
      sy += y[2 * order[t] + 1];
    }
    comX[node] = sx / (hi - lo);
    comY[node] = sy / (hi - lo);
    first[node] = -1;
    nChild[node] = 0;
    if (hi - lo <= LEAF || depth >= MAX_DEPTH) return;
    const midY = partition(y, lo, hi, 1, cy);
    const midA = partition(y, lo, midY, 0, cx);
    const midB = partition(y, midY, hi, 0, cx);
    const bounds = [lo, midA, midY, midB, hi];
    let count = 0;
    for (let q = 0; q < 4; q++) if (bounds[q + 1] > bounds[q]) count++;
    grow(nodes + count);
    const f = nodes;
    nodes += count;
    first[node] = f;
    nChild[node] = count;
    const h = half / 2;
    let c = f;
    for (let q = 0; q < 4; q++) {
      if (bounds[q + 1] === bounds[q]) continue;
      const qx = q & 1 ? cx + h : cx - h;
      const qy = q & 2 ? cy + h : cy - h;
      build(y, c++, bounds[q], bounds[q + 1], qx, qy, h, depth + 1);
    }
  }

  function* phases(y: Float64Array, out: Float64Array): Generator<void, number, void> {
    let xmin = Infinity, xmax = -Infinity, ymin = Infinity, ymax = -Infinity;
    for (let i = 0; i < n; i++) {
      order[i] = i;
      const a = y[2 * i], b = y[2 * i + 1];
      if (a < xmin) xmin = a;
      if (a > xmax) xmax = a;
      if (b < ymin) ymin = b;
      if (b > ymax) ymax = b;
    }
    const half = Math.max(xmax - xmin, ymax - ymin, 1e-12) / 2 * (1 + 1e-9);
    nodes = 1;
    grow(Math.max(64, (n / 2) | 0));
    build(y, 0, 0, n, (xmin + xmax) / 2, (ymin + ymax) / 2, half, 0);
    yield;

    let Z = 0;
    for (let i = 0; i < n; i++) {
      const xi = y[2 * i];
      const yi = y[2 * i + 1];
      let fx = 0, fy = 0, z = 0;
      let sp = 0;
      stack[sp++] = 0;
      while (sp > 0) {
        const node = stack[--sp];
        const dx = xi - comX[node];
        const dy = yi - comY[node];
        const d2 = dx * dx + dy * dy;
        const fc = first[node];
        if (width2[node] < theta2 * d2) {
          // Far enough: the whole cell acts as one body at its centre of mass.
          const cnt = end[node] - start[node];
          const q = 1 / (1 + d2);
          z += cnt * q;
          const w = cnt * q * q;
          fx += w * dx;
          fy += w * dy;
        } else if (fc < 0) {
          for (let t = start[node]; t < end[node]; t++) {
            const j = order[t];
            if (j === i) continue;
            const ex = xi - y[2 * j];
            const ey = yi - y[2 * j + 1];
            const q = 1 / (1 + ex * ex + ey * ey);
            z += q;
            fx += q * q * ex;
            fy += q * q * ey;
          }
        } else {
          for (let c = fc + nChild[node] - 1; c >= fc; c--) stack[sp++] = c;
        }
      }
      out[2 * i] = fx;
      out[2 * i + 1] = fy;
      Z += z;
    }
    return Z;
  }

  return { phases, compute: (y, out) => drain(phases(y, out)) };
}
