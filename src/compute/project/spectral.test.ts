import { describe, expect, it } from 'vitest';
import { connectedComponents, spectralLayout } from './spectral';
import type { CsrGraph } from './umapGraph';

/** Builds a symmetric CSR graph from an undirected weighted edge list. */
function csr(n: number, edges: Array<[number, number, number]>): CsrGraph {
  const rows: Array<Array<[number, number]>> = Array.from({ length: n }, () => []);
  for (const [a, b, w] of edges) {
    rows[a].push([b, w]);
    rows[b].push([a, w]);
  }
  const rowPtr = new Int32Array(n + 1);
  const cols: number[] = [];
  const vals: number[] = [];
  rows.forEach((r, i) => {
    r.sort((x, y) => x[0] - y[0]).forEach(([c, w]) => {
      cols.push(c);
      vals.push(w);
    });
    rowPtr[i + 1] = cols.length;
  });
  return { n, rowPtr, cols: Int32Array.from(cols), vals: Float32Array.from(vals) };
}

function run(g: CsrGraph, seed = 1): Float32Array {
  const it = spectralLayout(g, { seed, blockSize: 8, maxIterations: 300, tol: 1e-8 });
  for (;;) {
    const r = it.next();
    if (r.done) return r.value;
  }
}

describe('connectedComponents(graph)', () => {
  it('labels each component, in order of its first node', () => {
    const g = csr(6, [[0, 2, 1], [3, 4, 1], [4, 5, 1]]);
    const { count, labels } = connectedComponents(g);
    expect(count).toBe(3);
    expect(Array.from(labels)).toEqual([0, 1, 0, 2, 2, 2]);
  });
});

describe('spectralLayout(graph)', () => {
  it('lays a ring graph out as a circle, neighbours next to each other', () => {
    const n = 60;
    const edges: Array<[number, number, number]> = [];
    for (let i = 0; i < n; i++) edges.push([i, (i + 1) % n, 1]);
    const xy = run(csr(n, edges));
    // Every point is about the same distance from the centre, and consecutive angles step evenly.
    const r = Array.from({ length: n }, (_, i) => Math.hypot(xy[2 * i], xy[2 * i + 1]));
    const mean = r.reduce((a, b) => a + b) / n;
    for (const ri of r) expect(Math.abs(ri - mean) / mean).toBeLessThan(0.02);
    for (let i = 0; i < n; i++) {
      const j = (i + 1) % n;
      const d = Math.hypot(xy[2 * i] - xy[2 * j], xy[2 * i + 1] - xy[2 * j + 1]);
      expect(d / mean).toBeCloseTo((2 * Math.PI) / n, 1);
    }
  });

  it('separates two dense groups joined by one weak edge', () => {
    const edges: Array<[number, number, number]> = [];
    for (let a = 0; a < 20; a++) for (let b = a + 1; b < 20; b++) edges.push([a, b, 1], [20 + a, 20 + b, 1]);
    edges.push([0, 20, 0.01]);
    const xy = run(csr(40, edges));
    // Some axis puts every member of group A on one side of every member of group B.
    const separated = [0, 1].some((axis) => {
      const a = Array.from({ length: 20 }, (_, i) => xy[2 * i + axis]);
      const b = Array.from({ length: 20 }, (_, i) => xy[2 * (20 + i) + axis]);
      return Math.max(...a) < Math.min(...b) || Math.max(...b) < Math.min(...a);
    });
    expect(separated).toBe(true);
  });

  it('places disconnected components in separate, non-overlapping regions', () => {
    const edges: Array<[number, number, number]> = [];
    const sizes = [30, 20, 10, 2, 1];
    let base = 0;
    for (const s of sizes) {
      for (let i = 0; i + 1 < s; i++) edges.push([base + i, base + i + 1, 1]);
      base += s;
    }
    const g = csr(base, edges);
    const xy = run(g);
    const { labels } = connectedComponents(g);
    const boxes = sizes.map(() => ({ x0: Infinity, x1: -Infinity, y0: Infinity, y1: -Infinity }));
    for (let i = 0; i < base; i++) {
      const b = boxes[labels[i]];
      b.x0 = Math.min(b.x0, xy[2 * i]);
      b.x1 = Math.max(b.x1, xy[2 * i]);
      b.y0 = Math.min(b.y0, xy[2 * i + 1]);
      b.y1 = Math.max(b.y1, xy[2 * i + 1]);
    }
    for (let a = 0; a < boxes.length; a++) {
      for (let b = a + 1; b < boxes.length; b++) {
        const A = boxes[a], B = boxes[b];
        const overlap = A.x0 <= B.x1 && B.x0 <= A.x1 && A.y0 <= B.y1 && B.y0 <= A.y1;
        expect(overlap).toBe(false);
      }
    }
    expect(Array.from(xy).every(Number.isFinite)).toBe(true);
  });

  it('is deterministic for a seed', () => {
    const edges: Array<[number, number, number]> = [];
    for (let i = 0; i < 50; i++) edges.push([i, (i + 1) % 50, 1], [i, (i + 7) % 50, 0.5]);
    expect(run(csr(50, edges), 3)).toEqual(run(csr(50, edges), 3));
  });
});
