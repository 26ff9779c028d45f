/**
 * Files the TensorBoard Embedding Projector opens, for any rows of a dataset:
 * - vectors as projector TSV (one row of tab-separated numbers per point, no header),
 *   each number the shortest text that reads back as the same float32;
 * - vectors as a raw little-endian float32 tensor (`.bytes`, with its shape in the config);
 * - metadata TSV: the labels alone (one per line, no header, the projector's rule for a
 *   single column) or, with metadata columns, a header row `label  col1  col2 …`;
 * - a bundle: projector_config.json (the standalone projector and Sprout read it),
 *   projector_config.pbtxt (TensorBoard's projector plugin reads it from a log
 *   directory), tensors.bytes and metadata.tsv, zipped into one download.
 * Metadata here is data for the projector, not a spreadsheet: labels are written as they
 * are (only tabs and line breaks, which would split a row, become spaces), so they come
 * back identical when the bundle is opened again.
 */
import { zipSync, strToU8 } from 'fflate';
import { cellText, type Column } from '../dataset';
import { flattenWhitespace, float32Text } from './cells';
import { CHUNK_ROWS } from './tables';

export interface VectorRows {
  readonly vectors: Float32Array;
  readonly n: number;
  readonly dim: number;
  /** Rows to write, in order; null for all. */
  readonly rows: Uint32Array | null;
}

export interface MetadataRows {
  readonly n: number;
  readonly labels: readonly string[];
  readonly columns: readonly Column[];
  readonly rows: Uint32Array | null;
}

const count = (r: { n: number; rows: Uint32Array | null }): number => (r.rows ? r.rows.length : r.n);
const at = (r: { rows: Uint32Array | null }, j: number): number => (r.rows ? r.rows[j] : j);

/** Vectors as projector TSV, CHUNK_ROWS rows a chunk. */
export function* vectorsTsvChunks(src: VectorRows): Generator<string> {
  const { vectors, dim } = src;
  const m = count(src);
  let lines: string[] = [];
  const cells = new Array<string>(dim);
  for (let j = 0; j < m; j++) {
    const o = at(src, j) * dim;
    for (let d = 0; d < dim; d++) cells[d] = float32Text(vectors[o + d]) || '0';
    lines.push(cells.join('\t'));
    if (lines.length >= CHUNK_ROWS) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length) yield lines.join('\n') + '\n';
}

/** The rows' vectors gathered into one little-endian float32 buffer (m × dim). */
export function tensorBytes(src: VectorRows): Uint8Array {
  const { vectors, dim } = src;
  const m = count(src);
  const out = new Float32Array(m * dim);
  if (!src.rows) out.set(vectors.subarray(0, m * dim));
  else for (let j = 0; j < m; j++) out.set(vectors.subarray(src.rows[j] * dim, src.rows[j] * dim + dim), j * dim);
  const bytes = new Uint8Array(out.buffer);
  if (!littleEndian()) for (let i = 0; i < bytes.length; i += 4) bytes.subarray(i, i + 4).reverse();
  return bytes;
}

function littleEndian(): boolean {
  return new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
}

/** Header names made unique ("label" is the labels' column; a metadata column of that name becomes "label (2)"). */
function headerNames(columns: readonly Column[]): string[] {
  const seen = new Set<string>(['label']);
  return columns.map((c) => {
    const base = flattenWhitespace(c.name) || 'column';
    let name = base;
    for (let t = 2; seen.has(name); t++) name = `${base} (${t})`;
    seen.add(name);
    return name;
  });
}

/** Metadata TSV in the projector's format. */
export function* metadataTsvChunks(src: MetadataRows): Generator<string> {
  const multi = src.columns.length > 0;
  let lines: string[] = multi ? [['label', ...headerNames(src.columns)].join('\t')] : [];
  const m = count(src);
  for (let j = 0; j < m; j++) {
    const i = at(src, j);
    const label = flattenWhitespace(src.labels[i] ?? '');
    lines.push(multi ? [label, ...src.columns.map((c) => flattenWhitespace(cellText(c, i)))].join('\t') : label);
    if (lines.length >= CHUNK_ROWS) {
      yield lines.join('\n') + '\n';
      lines = [];
    }
  }
  if (lines.length) yield lines.join('\n') + '\n';
}

export interface BundleInput {
  /** The tensor's name in the projector (the dataset's name). */
  readonly name: string;
  readonly vectors: VectorRows;
  readonly metadata: MetadataRows;
}

export const BUNDLE_FILES = { config: 'projector_config.json', pbtxt: 'projector_config.pbtxt', tensor: 'tensors.bytes', metadata: 'metadata.tsv' } as const;

/** projector_config.json for a tensor of m × dim. */
export function projectorConfigJson(name: string, m: number, dim: number): string {
  const embedding = { tensorName: name, tensorShape: [m, dim], tensorPath: BUNDLE_FILES.tensor, metadataPath: BUNDLE_FILES.metadata };
  return JSON.stringify({ embeddings: [embedding] }, null, 2) + '\n';
}

/** The same as protobuf text, for TensorBoard's projector plugin (a log directory). */
export function projectorConfigPbtxt(name: string, m: number, dim: number): string {
  return [
    'embeddings {',
    `  tensor_name: ${JSON.stringify(name)}`,
    `  tensor_shape: ${m}`,
    `  tensor_shape: ${dim}`,
    `  tensor_path: "${BUNDLE_FILES.tensor}"`,
    `  metadata_path: "${BUNDLE_FILES.metadata}"`,
    '}',
    '',
  ].join('\n');
}

/** The four files, zipped (the tensor stored as is: float32 barely compresses; text deflated). */
export function projectorBundle(input: BundleInput): Uint8Array {
  const m = count(input.vectors);
  const { dim } = input.vectors;
  return zipSync({
    [BUNDLE_FILES.config]: strToU8(projectorConfigJson(input.name, m, dim)),
    [BUNDLE_FILES.pbtxt]: strToU8(projectorConfigPbtxt(input.name, m, dim)),
    [BUNDLE_FILES.tensor]: [tensorBytes(input.vectors), { level: 0 }],
    [BUNDLE_FILES.metadata]: strToU8([...metadataTsvChunks(input.metadata)].join('')),
  });
}
