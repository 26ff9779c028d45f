/**
 * Sprout's own compact dataset file (`.sprout`), used for the built-in data.
 *
 * Layout (all integers little-endian):
 *   0   4 bytes   magic "SPRT"
 *   4   uint32    format version (1 or 2)
 *   8   uint32    header length L in bytes
 *   12  L bytes   UTF-8 JSON header (name, n, dim, metric, dtype, scale, labels, columns,
 *                 images?, pca?, layouts?; see sproutHeader.ts)
 *       0–3 zero bytes so the payload starts on a 4-byte boundary
 *       payload   f32: n·dim float32 | u8: n·dim bytes, value = byte·scale
 *       pixels    only when images are stored separately (see below)
 *       0–3 zero bytes, then PCA scores (optional): n·k float32, k = header.pca.components
 *       layouts   (version 2, optional): n·2 float32 per entry of header.layouts, in order
 *
 * Version 2 adds stored 2D layouts (a precomputed UMAP, or coordinates computed where the
 * data lives) and allows dim 0 (no vectors) when there is a layout. A file is written
 * with the lowest version that holds it, so a file without layouts stays readable by a
 * version-1 reader; this reader reads both.
 *
 * Metadata lives in JSON because it is small and irregular; vectors live in a flat
 * binary payload because they are large and regular (20 MB of float32 parses in
 * milliseconds, the same numbers as JSON text take seconds).
 *
 * When the rows are images and the vectors are their pixels (MNIST), the u8 payload
 * *is* the pixel data, so the file holds it once (`images.storage = 'payload'`).
 * Otherwise pixels follow the payload (`'separate'`).
 */
import { validateDataset, type FullDataset, type PrecomputedPca, type RowImages, type StoredLayout } from '../dataset';
import { columnFromJson, columnToJson, parseHeader, type Header, type HeaderImages, type SproutDtype } from './sproutHeader';

export type { SproutDtype } from './sproutHeader';

/** The newest format version this build writes and reads. */
export const SPROUT_VERSION = 2;
const MAGIC = [0x53, 0x50, 0x52, 0x54]; // "SPRT"
const PREFIX_BYTES = 12;

export interface SproutEncodeOptions {
  /** 'f32' (exact, default) or 'u8' (1 byte per value, lossy, values must lie in [0, 255·scale]). */
  dtype?: SproutDtype;
  /** u8 only: value = byte · scale. Defaults to max(value) / 255. */
  scale?: number;
  /** PCA of the vectors *as stored* (for u8, of the decoded values), written after the rest. */
  pca?: PrecomputedPca;
}

export interface SproutDecodeOptions {
  /**
   * Where the vectors go: a buffer of `byteLength` bytes (e.g. a SharedArrayBuffer, so a
   * worker that shares its tables needs no second copy). Default: a new ArrayBuffer.
   */
  allocate?: (byteLength: number) => ArrayBufferLike;
}

const littleEndianHost = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/** Byte offsets of each part of a file, from its header. */
function sections(header: Header, headerLength: number) {
  const count = header.n * header.dim;
  const payloadOffset = align4(PREFIX_BYTES + headerLength);
  const payloadBytes = header.dtype === 'f32' ? count * 4 : count;
  const pixelBytes = header.images?.storage === 'separate' ? header.n * imageBytesPerRow(header.images) : 0;
  const pcaOffset = align4(payloadOffset + payloadBytes + pixelBytes);
  const layoutsOffset = header.pca ? pcaOffset + header.n * header.pca.components * 4 : pcaOffset;
  const layoutBytes = header.n * 2 * 4;
  const layoutCount = header.layouts?.length ?? 0;
  // Without PCA or layouts the file ends right after the payload (and pixels), unaligned.
  const end = header.pca || layoutCount > 0 ? layoutsOffset + layoutCount * layoutBytes : payloadOffset + payloadBytes + pixelBytes;
  return { count, payloadOffset, payloadBytes, pcaOffset, layoutsOffset, layoutBytes, end };
}

export function encodeSproutBin(ds: FullDataset, opts: SproutEncodeOptions = {}): Uint8Array {
  validateDataset(ds);
  const dtype = opts.dtype ?? 'f32';

  let scale = 1;
  let quantized: Uint8Array | undefined;
  if (dtype === 'u8') {
    scale = opts.scale ?? defaultU8Scale(ds.vectors);
    if (!(scale > 0) || !Number.isFinite(scale)) throw new Error(`encodeSproutBin: u8 scale must be a positive finite number, got ${scale}`);
    quantized = quantizeU8(ds.vectors, scale);
  } else if (dtype !== 'f32') {
    throw new Error(`encodeSproutBin: unknown dtype "${String(dtype)}"`);
  }

  // Images share the payload only when they are byte for byte what it holds.
  let images: HeaderImages | undefined;
  if (ds.images) {
    const { width, height, channels, pixels } = ds.images;
    const shared = quantized !== undefined && width * height * channels === ds.dim && bytesEqual(pixels, quantized);
    images = { width, height, channels, storage: shared ? 'payload' : 'separate' };
  }
  if (opts.pca && opts.pca.scores.length !== ds.n * opts.pca.components) {
    throw new Error(`encodeSproutBin: PCA scores need ${ds.n} × ${opts.pca.components} values, got ${opts.pca.scores.length}`);
  }
  const layouts = ds.layouts ?? [];
  const header: Header = {
    name: ds.name,
    n: ds.n,
    dim: ds.dim,
    metric: ds.metric,
    dtype,
    scale,
    labels: [...ds.labels],
    columns: ds.columns.map(columnToJson),
    ...(images ? { images } : {}),
    ...(opts.pca ? { pca: { components: opts.pca.components, explainedRatio: [...opts.pca.explainedRatio] } } : {}),
    ...(layouts.length > 0 ? { layouts: layouts.map((l) => (l.spec ? { name: l.name, spec: l.spec } : { name: l.name })) } : {}),
  };
  const headerBytes = new TextEncoder().encode(JSON.stringify(header));
  const at = sections(header, headerBytes.length);

  const out = new Uint8Array(at.end); // zero-filled, so the alignment padding is zeros
  out.set(MAGIC, 0);
  const view = new DataView(out.buffer);
  view.setUint32(4, layouts.length > 0 ? 2 : 1, true);
  view.setUint32(8, headerBytes.length, true);
  out.set(headerBytes, PREFIX_BYTES);
  if (quantized) out.set(quantized, at.payloadOffset);
  else writeFloats(out, at.payloadOffset, ds.vectors);
  if (images?.storage === 'separate') out.set(ds.images!.pixels, at.payloadOffset + at.payloadBytes);
  if (opts.pca) writeFloats(out, at.pcaOffset, opts.pca.scores);
  layouts.forEach((l, i) => writeFloats(out, at.layoutsOffset + i * at.layoutBytes, l.coords));
  return out;
}

export function decodeSproutBin(bytes: Uint8Array, id: string, opts: SproutDecodeOptions = {}): FullDataset {
  if (!MAGIC.every((b, i) => i >= bytes.length || bytes[i] === b)) {
    const seen = [...bytes.subarray(0, 4)].map((b) => b.toString(16).padStart(2, '0')).join(' ');
    throw new Error(`Not a Sprout file: bad magic bytes ${seen} (expected 53 50 52 54, "SPRT")`);
  }
  if (bytes.length < PREFIX_BYTES) {
    throw new Error(`Sprout file is truncated: expected at least ${PREFIX_BYTES} bytes, got ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(4, true);
  if (version < 1 || version > SPROUT_VERSION) {
    throw new Error(`Sprout file version ${version} is not supported (this build reads versions 1 to ${SPROUT_VERSION})`);
  }
  const headerLength = view.getUint32(8, true);
  if (PREFIX_BYTES + headerLength > bytes.length) {
    throw new Error(`Sprout file is truncated: expected at least ${PREFIX_BYTES + headerLength} bytes for the header, got ${bytes.length}`);
  }
  const header = parseHeader(bytes.subarray(PREFIX_BYTES, PREFIX_BYTES + headerLength), version);
  const at = sections(header, headerLength);
  if (bytes.length < at.end) throw new Error(`Sprout file is truncated: expected ${at.end} bytes, got ${bytes.length}`);
  if (bytes.length > at.end) {
    throw new Error(`Sprout file has ${bytes.length - at.end} unexpected trailing bytes: expected ${at.end} bytes, got ${bytes.length}`);
  }

  // Copies, not views: each buffer is then exactly its array and can be transferred alone.
  const vectors = new Float32Array(opts.allocate ? opts.allocate(at.count * 4) : new ArrayBuffer(at.count * 4));
  if (header.dtype === 'f32') readFloats(bytes, view, at.payloadOffset, vectors);
  else for (let i = 0; i < at.count; i++) vectors[i] = bytes[at.payloadOffset + i] * header.scale;

  let images: RowImages | undefined;
  if (header.images) {
    const start = header.images.storage === 'payload' ? at.payloadOffset : at.payloadOffset + at.payloadBytes;
    const length = header.n * imageBytesPerRow(header.images);
    const { width, height, channels } = header.images;
    images = { width, height, channels, pixels: bytes.slice(start, start + length) };
  }

  let pca: PrecomputedPca | undefined;
  if (header.pca) {
    const { components, explainedRatio } = header.pca;
    const scores = readFloats(bytes, view, at.pcaOffset, new Float32Array(header.n * components));
    pca = { components, scores, explainedRatio };
  }
  const layouts: StoredLayout[] = (header.layouts ?? []).map((l, i) => ({
    ...l,
    coords: readFloats(bytes, view, at.layoutsOffset + i * at.layoutBytes, new Float32Array(header.n * 2)),
  }));

  const ds: FullDataset = {
    id,
    name: header.name,
    n: header.n,
    dim: header.dim,
    vectors,
    labels: header.labels,
    columns: header.columns.map(columnFromJson),
    metric: header.metric,
    ...(images ? { images } : {}),
    ...(pca ? { pca } : {}),
    ...(layouts.length > 0 ? { layouts } : {}),
  };
  validateDataset(ds);
  return ds;
}

/** Writes float32 values little-endian at `offset` (4-byte aligned). */
function writeFloats(out: Uint8Array, offset: number, values: Float32Array): void {
  if (littleEndianHost) {
    out.set(new Uint8Array(values.buffer, values.byteOffset, values.length * 4), offset);
    return;
  }
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (let i = 0; i < values.length; i++) view.setFloat32(offset + i * 4, values[i], true);
}

/** Fills `into` with the little-endian float32 values at `offset`; returns it. */
function readFloats(bytes: Uint8Array, view: DataView, offset: number, into: Float32Array): Float32Array {
  if (littleEndianHost) new Uint8Array(into.buffer, into.byteOffset, into.length * 4).set(bytes.subarray(offset, offset + into.length * 4));
  else for (let i = 0; i < into.length; i++) into[i] = view.getFloat32(offset + i * 4, true);
  return into;
}

// ---- encoding helpers ----

function align4(x: number): number {
  return (x + 3) & ~3;
}

function imageBytesPerRow(img: { width: number; height: number; channels: number }): number {
  return img.width * img.height * img.channels;
}

function defaultU8Scale(values: Float32Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > max) max = values[i];
  return max > 0 ? max / 255 : 1;
}

/** Refuses values a byte cannot hold rather than clamping them silently. */
function quantizeU8(values: Float32Array, scale: number): Uint8Array {
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    const q = Math.round(values[i] / scale);
    if (!(q >= 0 && q <= 255)) {
      throw new Error(`encodeSproutBin: value ${values[i]} at index ${i} does not fit u8 with scale ${scale} (range 0..${255 * scale})`);
    }
    out[i] = q;
  }
  return out;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
