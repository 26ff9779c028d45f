/**
 * The JSON header of a `.sprout` file (see sproutBin.ts for the whole layout): its shape,
 * and its validation. The header is untrusted input, so every field is checked before
 * anything is allocated from it.
 */
import { MISSING_CODE, type Column, type Metric } from '../dataset';
import { METHODS, type ProjectMethodId, type ProjectSpec } from '../project/methods';

export type SproutDtype = 'f32' | 'u8';

export type HeaderColumn =
  | { name: string; type: 'category'; categories: string[]; codes: number[] }
  // JSON has no NaN or ±Infinity: NaN (missing) is null, infinities are strings.
  | { name: string; type: 'number'; values: (number | null | 'Infinity' | '-Infinity')[] }
  | { name: string; type: 'text'; values: string[] };

export interface HeaderImages {
  width: number;
  height: number;
  channels: 1 | 3 | 4;
  storage: 'payload' | 'separate';
}

export interface HeaderPca {
  components: number;
  explainedRatio: number[];
}

/** Version 2: a stored 2D layout (its n × 2 float32 block follows the PCA scores). */
export interface HeaderLayout {
  name: string;
  spec?: ProjectSpec;
}

export interface Header {
  name: string;
  n: number;
  /** 0 only in version 2, for a file that holds layouts and no vectors. */
  dim: number;
  metric: Metric;
  dtype: SproutDtype;
  scale: number;
  labels: string[];
  columns: HeaderColumn[];
  images?: HeaderImages;
  pca?: HeaderPca;
  layouts?: HeaderLayout[];
}

export function headerError(problem: string): Error {
  return new Error(`Sprout file header is invalid: ${problem}`);
}

export function parseHeader(raw: Uint8Array, version: number): Header {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    throw new Error('Sprout file header is not valid UTF-8');
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new Error(`Sprout file header JSON is invalid: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!isRecord(json)) throw headerError('expected a JSON object');
  const { name, n, dim, metric, dtype, scale, labels, columns, images, pca, layouts } = json;
  if (typeof name !== 'string') throw headerError('"name" must be a string');
  if (!isCount(n)) throw headerError(`"n" must be a non-negative integer, got ${JSON.stringify(n)}`);
  const noVectorsAllowed = version >= 2 && Array.isArray(layouts) && layouts.length > 0;
  if (!isCount(dim) || (dim < 1 && !noVectorsAllowed)) throw headerError(`"dim" must be a positive integer, got ${JSON.stringify(dim)}`);
  if (metric !== 'cosine' && metric !== 'euclidean') throw headerError(`unknown metric ${JSON.stringify(metric)}`);
  if (dtype !== 'f32' && dtype !== 'u8') throw headerError(`unknown dtype ${JSON.stringify(dtype)}`);
  if (typeof scale !== 'number' || !(scale > 0) || !Number.isFinite(scale)) throw headerError(`"scale" must be a positive number, got ${JSON.stringify(scale)}`);
  if (!isStringArray(labels)) throw headerError('"labels" must be an array of strings');
  if (labels.length !== n) throw headerError(`${n} rows but ${labels.length} labels`);
  if (!Number.isSafeInteger(n * dim * 4)) throw headerError(`${n} × ${dim} values is too large`);
  if (!Array.isArray(columns)) throw headerError('"columns" must be an array');
  const header: Header = { name, n, dim, metric, dtype, scale, labels, columns: columns.map((c, i) => parseColumn(c, i, n)) };
  if (images !== undefined) header.images = parseImages(images, header);
  if (pca !== undefined) header.pca = parsePca(pca, header);
  if (layouts !== undefined) {
    if (version < 2) throw headerError('"layouts" needs format version 2');
    header.layouts = parseLayouts(layouts, n);
  }
  return header;
}

function parsePca(p: unknown, h: Header): HeaderPca {
  if (!isRecord(p)) throw headerError('"pca" must be an object');
  const { components, explainedRatio } = p;
  if (!isCount(components) || components < 1 || components > h.dim) throw headerError(`"pca.components" must be an integer from 1 to ${h.dim}, got ${JSON.stringify(components)}`);
  if (!Array.isArray(explainedRatio) || explainedRatio.length !== components || !explainedRatio.every((r) => typeof r === 'number' && r >= 0 && r <= 1)) {
    throw headerError(`"pca.explainedRatio" must hold ${components} numbers between 0 and 1`);
  }
  if (!Number.isSafeInteger(h.n * components * 4)) throw headerError(`${h.n} × ${components} PCA scores is too large`);
  return { components, explainedRatio: explainedRatio as number[] };
}

/** At most this many stored layouts (each is n × 2 floats). */
const MAX_LAYOUTS = 16;

function parseLayouts(raw: unknown, n: number): HeaderLayout[] {
  if (!Array.isArray(raw) || raw.length > MAX_LAYOUTS) throw headerError(`"layouts" must be an array of at most ${MAX_LAYOUTS} layouts`);
  if (!Number.isSafeInteger(n * 2 * 4 * raw.length)) throw headerError('the layouts are too large');
  return raw.map((l, i) => {
    if (!isRecord(l) || typeof l.name !== 'string' || l.name === '') throw headerError(`layout ${i} needs a non-empty "name"`);
    return l.spec === undefined ? { name: l.name } : { name: l.name, spec: parseSpec(l.spec, `layout "${l.name}"`) };
  });
}

const METHOD_IDS = new Set<string>(METHODS.map((m) => m.id).filter((id) => id !== 'pca'));

/** A projection spec from JSON: the known method, a seed, and numeric parameters only. */
export function parseSpec(raw: unknown, where: string): ProjectSpec {
  if (!isRecord(raw)) throw headerError(`${where}: "spec" must be an object`);
  const { method, seed, preReduce, umap, tsne, druid } = raw;
  if (typeof method !== 'string' || !METHOD_IDS.has(method)) throw headerError(`${where}: unknown method ${JSON.stringify(method)}`);
  if (!isCount(seed) || seed > 0xffffffff) throw headerError(`${where}: "seed" must be an unsigned 32-bit integer`);
  if (typeof preReduce !== 'boolean') throw headerError(`${where}: "preReduce" must be true or false`);
  const spec: { -readonly [K in keyof ProjectSpec]: ProjectSpec[K] } = { method: method as ProjectMethodId, seed, preReduce };
  if (umap !== undefined) {
    const u = numbers(umap, ['nNeighbors', 'minDist', 'spread'], where);
    const epochs = (umap as Record<string, unknown>).epochs;
    if (epochs !== 'auto' && !(isCount(epochs) && epochs > 0)) throw headerError(`${where}: "umap.epochs" must be "auto" or a positive integer`);
    spec.umap = { nNeighbors: u.nNeighbors, minDist: u.minDist, spread: u.spread, epochs };
  }
  if (tsne !== undefined) {
    const t = numbers(tsne, ['perplexity', 'iterations', 'earlyExaggeration', 'exaggeration'], where);
    const learningRate = (tsne as Record<string, unknown>).learningRate;
    if (learningRate !== 'auto' && !(typeof learningRate === 'number' && learningRate > 0)) throw headerError(`${where}: "tsne.learningRate" must be "auto" or a positive number`);
    spec.tsne = { perplexity: t.perplexity, iterations: t.iterations, earlyExaggeration: t.earlyExaggeration, exaggeration: t.exaggeration, learningRate };
  }
  if (druid !== undefined) {
    const d = numbers(druid, ['nNeighbors'], where);
    const iterations = (druid as Record<string, unknown>).iterations;
    if (iterations !== null && !(isCount(iterations) && iterations > 0)) throw headerError(`${where}: "druid.iterations" must be null or a positive integer`);
    spec.druid = { nNeighbors: d.nNeighbors, iterations };
  }
  return spec;
}

function numbers<K extends string>(raw: unknown, keys: readonly K[], where: string): Record<K, number> {
  if (!isRecord(raw)) throw headerError(`${where}: parameters must be an object`);
  const out = {} as Record<K, number>;
  for (const k of keys) {
    const v = raw[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw headerError(`${where}: "${k}" must be a non-negative number`);
    out[k] = v;
  }
  return out;
}

function parseColumn(c: unknown, index: number, n: number): HeaderColumn {
  if (!isRecord(c) || typeof c.name !== 'string') throw headerError(`column ${index} needs a string "name"`);
  const where = `column "${c.name}"`;
  const checkLength = (len: number): void => {
    if (len !== n) throw headerError(`${where} has ${len} values for ${n} rows`);
  };
  switch (c.type) {
    case 'category': {
      const { categories, codes } = c;
      if (!isStringArray(categories)) throw headerError(`${where}: "categories" must be an array of strings`);
      if (!Array.isArray(codes)) throw headerError(`${where}: "codes" must be an array`);
      checkLength(codes.length);
      for (const code of codes) {
        if (code !== MISSING_CODE && !(isCount(code) && code < categories.length)) {
          throw headerError(`${where}: code ${JSON.stringify(code)} is not an index into ${categories.length} categories`);
        }
      }
      return { name: c.name, type: 'category', categories, codes: codes as number[] };
    }
    case 'number': {
      const { values } = c;
      if (!Array.isArray(values)) throw headerError(`${where}: "values" must be an array`);
      checkLength(values.length);
      for (const v of values) {
        if (!(v === null || typeof v === 'number' || v === 'Infinity' || v === '-Infinity')) {
          throw headerError(`${where}: ${JSON.stringify(v)} is not a number`);
        }
      }
      return { name: c.name, type: 'number', values: values as (number | null | 'Infinity' | '-Infinity')[] };
    }
    case 'text': {
      const { values } = c;
      if (!isStringArray(values)) throw headerError(`${where}: "values" must be an array of strings`);
      checkLength(values.length);
      return { name: c.name, type: 'text', values };
    }
    default:
      throw headerError(`${where} has unknown type ${JSON.stringify(c.type)}`);
  }
}

function parseImages(img: unknown, header: Header): HeaderImages {
  if (!isRecord(img)) throw headerError('"images" must be an object');
  const { width, height, channels, storage } = img;
  if (!isCount(width) || width < 1 || !isCount(height) || height < 1) throw headerError('image width and height must be positive integers');
  if (channels !== 1 && channels !== 3 && channels !== 4) throw headerError(`image channels must be 1, 3 or 4, got ${JSON.stringify(channels)}`);
  if (storage !== 'payload' && storage !== 'separate') throw headerError(`unknown image storage ${JSON.stringify(storage)}`);
  const perRow = width * height * channels;
  if (!Number.isSafeInteger(perRow * header.n)) throw headerError('images are too large');
  if (storage === 'payload' && (header.dtype !== 'u8' || perRow !== header.dim)) {
    throw headerError(`images can share the payload only when dtype is u8 and width × height × channels = dim (${perRow} vs ${header.dim})`);
  }
  return { width, height, channels, storage };
}

export function columnToJson(c: Column): HeaderColumn {
  switch (c.type) {
    case 'category':
      return { name: c.name, type: 'category', categories: [...c.categories], codes: Array.from(c.codes) };
    case 'number':
      return { name: c.name, type: 'number', values: Array.from(c.values, numberToJson) };
    case 'text':
      return { name: c.name, type: 'text', values: [...c.values] };
  }
}

export function columnFromJson(c: HeaderColumn): Column {
  switch (c.type) {
    case 'category':
      return { name: c.name, type: 'category', categories: c.categories, codes: Uint32Array.from(c.codes) };
    case 'number': {
      // A plain loop: TypedArray.from with a map function is ~50× slower in V8.
      const values = new Float64Array(c.values.length);
      for (let i = 0; i < values.length; i++) values[i] = numberFromJson(c.values[i]);
      return { name: c.name, type: 'number', values };
    }
    case 'text':
      return { name: c.name, type: 'text', values: c.values };
  }
}

function numberToJson(v: number): number | null | 'Infinity' | '-Infinity' {
  return Number.isNaN(v) ? null : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v;
}

function numberFromJson(v: number | null | 'Infinity' | '-Infinity'): number {
  return v === null ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : v;
}

function isRecord(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function isStringArray(x: unknown): x is string[] {
  return Array.isArray(x) && x.every((s) => typeof s === 'string');
}
