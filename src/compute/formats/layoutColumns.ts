/**
 * Precomputed 2D layouts in a table: columns that hold coordinates someone computed
 * where the data lives (umap-learn, cuML, openTSNE, a Spark job). Part of the step from
 * a parsed table to a dataset: the parsers read columns as they always do (numeric ones
 * as dimensions, the rest as metadata), and this step takes coordinate pairs out of
 * either, so the file opens as its layouts and the other columns stay metadata. Vectors
 * are optional: a file of coordinates alone opens without any (dim 0).
 *
 * Detected pairs (case-insensitive): `x`/`y`; `<name>_x`/`<name>_y` (also `-`, `.`, or
 * nothing between); `<name>_0`/`<name>_1` and `<name>_1`/`<name>_2` when the name is a
 * layout method (umap, tsne, …) or "projection". A pair with a third axis beside it
 * (`z`, `<name>_z`, `<name>_2` after 0/1) is 3D data, not a 2D layout, and is left alone.
 */
import type { Column, StoredLayout } from '../dataset';
import { ParseError } from './errors';
import { quote } from './rows';
import type { ParsedTable } from './table';

/** Which columns hold layouts: found by name, none, or named by the user (x, y pairs). */
export type LayoutColumnsChoice = 'auto' | 'none' | readonly (readonly [x: string, y: string])[];

export interface LayoutPair {
  /** What the pickers call it: the shared prefix ("umap"), or "x, y". */
  readonly name: string;
  readonly x: string;
  readonly y: string;
}

/**
 * Below this many numeric columns left beside a layout, a wide table's other numbers are
 * metadata (a score, a year), not an embedding: neighbours over two numbers mean nothing.
 */
export const MIN_WIDE_VECTOR_DIMS = 8;

const METHOD_PREFIXES = /^(umap|tsne|t-sne|pca|pacmap|trimap|mds|isomap|phate|projection|embedding|emb|layout|coords?)$/i;

/** Coordinate pairs among column names, in the order their x column appears. */
export function findLayoutPairs(names: readonly string[]): LayoutPair[] {
  const lower = new Map(names.map((n) => [n.trim().toLowerCase(), n]));
  const has = (n: string): boolean => lower.has(n);
  const pairs: LayoutPair[] = [];
  const used = new Set<string>();
  for (const name of names) {
    const key = name.trim().toLowerCase();
    if (used.has(key)) continue;
    const m = /^(.*?)([_\-. ]?)(x|0|1)$/.exec(key);
    if (!m) continue;
    const [, prefix, sep, axis] = m;
    const other = axis === 'x' ? 'y' : axis === '0' ? '1' : '2';
    const third = axis === 'x' ? 'z' : axis === '0' ? '2' : '3';
    const yKey = `${prefix}${sep}${other}`;
    if (!has(yKey) || has(`${prefix}${sep}${third}`) || used.has(yKey)) continue;
    if (axis === '1' && has(`${prefix}${sep}0`)) continue; // 0, 1, 2: three axes counted from 0
    // Numbered axes only for names that say they are a layout ("umap_0"), not any "feature_0".
    if (axis !== 'x' && !METHOD_PREFIXES.test(prefix)) continue;
    if (axis === 'x' && prefix !== '' && sep === '' && !METHOD_PREFIXES.test(prefix)) continue; // "max"/"may" are not pairs
    used.add(key).add(yKey);
    pairs.push({ name: prefix === '' ? 'x, y' : prefix, x: name, y: lower.get(yKey) as string });
  }
  return pairs;
}

export interface SplitLayouts {
  /** The table without the layout columns (and without its vectors, when none are left). */
  readonly table: ParsedTable;
  readonly layouts: StoredLayout[];
  /** Numeric columns that were read as dimensions but are metadata beside a layout. */
  readonly numberColumns: Column[];
  readonly warnings: string[];
}

/** Takes the coordinate columns out of a parsed table (see the file comment). */
export function splitLayouts(table: ParsedTable, choice: LayoutColumnsChoice, file: string): SplitLayouts {
  const dimNames = table.vectorNames ?? [];
  const all = [...dimNames, ...table.columns.map((c) => c.name)];
  let pairs: LayoutPair[];
  if (choice === 'none') pairs = [];
  else if (choice === 'auto') pairs = findLayoutPairs(all);
  else {
    pairs = choice.map(([x, y]) => {
      for (const c of [x, y]) if (!all.includes(c)) throw ParseError.whole(file, `no column named ${quote(c)} for a layout; the columns are ${all.map((n) => quote(n)).join(', ')}`);
      return { name: `${x}, ${y}`, x, y };
    });
  }
  if (pairs.length === 0) return { table, layouts: [], numberColumns: [], warnings: [] };

  const n = table.n;
  const taken = new Set(pairs.flatMap((p) => [p.x, p.y]));
  const layouts = pairs.map((p): StoredLayout => {
    const coords = new Float32Array(2 * n);
    fillAxis(coords, 0, table, p.x, file);
    fillAxis(coords, 1, table, p.y, file);
    return { name: p.name, coords };
  });

  // What stays of the dimensions read from named columns: an embedding, or a few numbers that are metadata.
  const restDims = dimNames.map((name, d) => ({ name, d })).filter(({ name }) => !taken.has(name));
  const named = dimNames.length > 0;
  const keepVectors = !named || restDims.length >= MIN_WIDE_VECTOR_DIMS;
  const numberColumns = keepVectors ? [] : restDims.map(({ name, d }) => numberColumn(table, name, d));
  const dims = keepVectors ? (named ? restDims.map(({ d }) => d) : range(table.dim)) : [];
  const vectors = dims.length === table.dim ? table.vectors : pickDims(table, dims);
  const warnings = [`${pairs.length === 1 ? 'a layout' : `${pairs.length} layouts`} read from ${pairs.map((p) => `${quote(p.x)} and ${quote(p.y)}`).join(', ')}`];
  if (dims.length === 0) warnings.push('no vectors beside the coordinates: neighbours in the original space, PCA and the projections need them');
  return {
    table: {
      ...table,
      dim: dims.length,
      vectors,
      ...(named ? { vectorNames: dims.map((d) => dimNames[d]) } : {}),
      columns: table.columns.filter((c) => !taken.has(c.name)),
    },
    layouts,
    numberColumns,
    warnings,
  };
}

/** Copies one coordinate column (a dimension or a metadata column) into every other float of `coords`. */
function fillAxis(coords: Float32Array, offset: 0 | 1, table: ParsedTable, name: string, file: string): void {
  const n = table.n;
  const d = (table.vectorNames ?? []).indexOf(name);
  if (d >= 0) {
    for (let i = 0; i < n; i++) coords[2 * i + offset] = table.vectors[i * table.dim + d];
    return;
  }
  const cells = table.columns.find((c) => c.name === name)?.cells ?? [];
  for (let i = 0; i < n; i++) {
    const v = cells[i] === '' || cells[i] === undefined ? NaN : Number(cells[i]);
    if (!Number.isFinite(v)) throw ParseError.at(file, i + 1, `column ${quote(name)} holds coordinates, but row ${i + 1} has ${quote(cells[i] ?? '')}`, undefined, 'row');
    coords[2 * i + offset] = v;
  }
}

function numberColumn(table: ParsedTable, name: string, d: number): Column {
  const values = new Float64Array(table.n);
  for (let i = 0; i < table.n; i++) values[i] = table.vectors[i * table.dim + d];
  return { name, type: 'number', values };
}

function pickDims(table: ParsedTable, dims: readonly number[]): Float32Array {
  const out = new Float32Array(table.n * dims.length);
  for (let i = 0; i < table.n; i++) for (let k = 0; k < dims.length; k++) out[i * dims.length + k] = table.vectors[i * table.dim + dims[k]];
  return out;
}

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * A file that is one unnamed n × 2 array (a .npy of coordinates, `np.save('umap.npy',
 * reducer.embedding_)`) opens on those coordinates as a layout named after the file; the
 * two columns stay the vectors too, so neighbours and PCA still work (in that 2D space).
 */
export function arrayAsLayout(table: ParsedTable, file: string): SplitLayouts | null {
  if (table.dim !== 2 || table.vectorNames) return null;
  const base = file.split(/[\\/]/).pop() ?? file;
  const name = base.replace(/\.(npy|npz)(\.gz)?$/i, '') || 'layout';
  return {
    table,
    layouts: [{ name, coords: table.vectors.slice() }],
    numberColumns: [],
    warnings: [`${base} holds an n × 2 array: shown as it is (a layout), and kept as 2-d vectors`],
  };
}
