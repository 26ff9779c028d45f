/**
 * Seeded synthetic data for the scale tests and the scale benchmark — generated, never
 * committed (a million 64-d rows are 256 MB):
 *
 *   clusteredVectors   n rows around `clusters` Gaussian centres in `dim` dimensions
 *   npyFile            those rows as a NumPy .npy (what a user would bring)
 *   layoutParquet      n rows of precomputed x/y and a category, as Parquet (umap-learn's output, say)
 *
 * `npx tsx scripts/scaleData.ts <dir>` writes both files for a manual look in the app.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { writeTestParquet } from '../src/compute/formats/parquetTestWriter';
import { createRng } from '../src/compute/random';

export interface Clustered {
  readonly n: number;
  readonly dim: number;
  /** n × dim, row-major. */
  readonly vectors: Float32Array;
  /** The centre each row was drawn around. */
  readonly cluster: Uint16Array;
}

/** Rows drawn around seeded centres (spread 1 around centres spread 4): clusters a layout should separate. */
export function clusteredVectors(n: number, dim: number, clusters: number, seed: number): Clustered {
  const rng = createRng(seed);
  const centres = new Float32Array(clusters * dim);
  for (let i = 0; i < centres.length; i++) centres[i] = 4 * rng.gaussian();
  const vectors = new Float32Array(n * dim);
  const cluster = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(clusters);
    cluster[i] = c;
    for (let d = 0; d < dim; d++) vectors[i * dim + d] = centres[c * dim + d] + rng.gaussian();
  }
  return { n, dim, vectors, cluster };
}

/** A little-endian float32 .npy of an n × dim array (version 1.0 header, padded to 64 bytes). */
export function npyFile(vectors: Float32Array, n: number, dim: number): Uint8Array {
  let dict = `{'descr': '<f4', 'fortran_order': False, 'shape': (${n}, ${dim}), }`;
  while ((10 + dict.length + 1) % 64 !== 0) dict += ' ';
  dict += '\n';
  const header = new TextEncoder().encode(dict);
  const out = new Uint8Array(10 + header.length + vectors.byteLength);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0, header.length & 0xff, header.length >> 8]);
  out.set(header, 10);
  out.set(new Uint8Array(vectors.buffer, vectors.byteOffset, vectors.byteLength), 10 + header.length);
  return out;
}

/** n points of a precomputed layout (rings of seeded clusters) with a category column, as Parquet. */
export function layoutParquet(n: number, seed: number, categories = 12): Uint8Array {
  const rng = createRng(seed);
  const x = new Float32Array(n);
  const y = new Float32Array(n);
  const names = Array.from({ length: categories }, (_, c) => `group ${c + 1}`);
  const category = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(categories);
    const angle = (2 * Math.PI * c) / categories;
    x[i] = 10 * Math.cos(angle) + rng.gaussian();
    y[i] = 10 * Math.sin(angle) + rng.gaussian();
    category[i] = names[c];
  }
  return writeTestParquet({ floats: [{ name: 'x', rows: x }, { name: 'y', rows: y }], strings: [{ name: 'category', rows: category }] }, 100_000);
}

const invokedDirectly = process.argv[1] !== undefined && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url;
if (invokedDirectly) {
  const dir = process.argv[2] ?? '.';
  const data = clusteredVectors(1_000_000, 64, 50, 1);
  writeFileSync(path.join(dir, 'clustered-1m-64.npy'), npyFile(data.vectors, data.n, data.dim));
  writeFileSync(path.join(dir, 'layout-1m.parquet'), layoutParquet(1_000_000, 2));
  console.log(`wrote ${dir}/clustered-1m-64.npy and ${dir}/layout-1m.parquet`);
}
