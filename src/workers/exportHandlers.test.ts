import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Paint2D } from '../compute/export/paint';
import { subsetId } from '../compute/select/subset';
import { createDataHandlers } from './dataHandlers';
import { Transferred } from './protocol';

const value = <T,>(out: T | Transferred<T>): T => (out instanceof Transferred ? out.value : out);

const vectors = Float32Array.from([1, 0, 0.9, 0.1, 0, 1, -1, 0]);
const ctx = () => ({ signal: new AbortController().signal, progress: () => undefined });

function handlers(createCanvas?: Parameters<typeof createDataHandlers>[0] extends infer D ? (D extends { createCanvas?: infer C } ? C : never) : never) {
  const h = createDataHandlers({ createCanvas });
  return h.putTable({ id: 'd', n: 4, dim: 2, metric: 'cosine', vectors: vectors.slice() }, ctx()).then(() => h);
}

describe('the data worker’s queries and exports', () => {
  it('answers a neighbour query by dataset id, the query rows left out', async () => {
    const h = await handlers();
    const res = value(await h.nearest({ id: 'd', query: { kind: 'centroid', rows: Uint32Array.from([0, 1]) }, k: 2, metric: 'euclidean' }, ctx()));
    expect(res.map((r) => r.index)).toEqual([2, 3]);
  });

  it('derives a subset under its own id, which other jobs then read like any dataset', async () => {
    const h = await handlers();
    const rows = Uint32Array.from([1, 3]);
    const id = subsetId('d', rows);
    await h.deriveSubset({ id: 'd', rows, subsetId: id }, ctx());
    const table = value(await h.shareTable({ id }, ctx()));
    expect([table.n, table.dim]).toEqual([2, 2]);
    expect(Array.from(table.vectors)).toEqual([0.9, 0.1, -1, 0].map(Math.fround));
    await expect(h.deriveSubset({ id: 'd', rows: Uint32Array.from([3, 1]), subsetId: 'x' }, ctx())).rejects.toThrow(/sorted/);
  });

  it('builds the selection’s vectors as projector TSV and a bundle as a zip Blob', async () => {
    const h = await handlers();
    const tsv = value(await h.exportVectors({ id: 'd', rows: Uint32Array.from([3, 0]) }, ctx()));
    expect(await tsv.text()).toBe('-1\t0\n1\t0\n');
    const zip = value(await h.exportBundle({ id: 'd', name: 'D', labels: ['a', 'b', 'c', 'd'], columns: [], rows: null }, ctx()));
    const files = unzipSync(new Uint8Array(await zip.arrayBuffer()));
    expect(strFromU8(files['metadata.tsv'])).toBe('a\nb\nc\nd\n');
  });

  it('builds table exports chunk by chunk and stops when cancelled', async () => {
    const h = await handlers();
    const n = 20_000;
    const source = { n, labels: Array.from({ length: n }, (_, i) => `w${i}`), columns: [], rows: null, coords: new Float32Array(2 * n), provenance: null };
    const blob = value(await h.exportTable({ ...source, format: 'csv' }, ctx()));
    expect((await blob.text()).split('\n').length).toBe(n + 2);
    const abort = new AbortController();
    const pending = h.exportTable({ ...source, format: 'tsv' }, { signal: abort.signal, progress: () => undefined });
    abort.abort();
    await expect(pending).rejects.toThrow(/ancel/);
  });

  it('paints a PNG on the canvas it is given at the asked scale, and writes SVG without one', async () => {
    const sizes: number[][] = [];
    const fake = new Proxy({}, { get: () => () => undefined, set: () => true }) as unknown as Paint2D;
    const h = await handlers((w, hgt) => {
      sizes.push([w, hgt]);
      return { ctx: fake, toPng: async () => new Blob(['png'], { type: 'image/png' }) };
    });
    const input = { width: 300, height: 200, coords: Float32Array.from([0, 0, 1, 1]), colors: new Uint32Array(2), lit: null, radius: 2, marks: [], legend: null, caption: 'c' };
    const png = value(await h.exportPicture({ input, format: 'png', scale: 4, title: 't' }, ctx()));
    expect(png.type).toBe('image/png');
    expect(sizes).toEqual([[1200, 800]]);
    const svg = value(await h.exportPicture({ input, format: 'svg', scale: 1, title: '<t>' }, ctx()));
    expect(await svg.text()).toContain('<title>&lt;t&gt;</title>');
  });
});
