/**
 * The data worker's export and query jobs: glue from messages to compute/export and
 * compute/neighbors, reading vectors from the worker's registry by dataset id. Text
 * exports are built chunk by chunk with a turn of the event loop between chunks (a
 * neighbours click is answered meanwhile, a cancel stops it) and come back as one Blob;
 * the main thread only downloads it.
 */
import type { DatasetRegistry } from '../compute/datasetRegistry';
import { paintScene, type Paint2D } from '../compute/export/paint';
import { buildScene } from '../compute/export/picture';
import { projectorBundle, vectorsTsvChunks } from '../compute/export/projector';
import { svgChunks } from '../compute/export/svg';
import { tableChunks } from '../compute/export/tables';
import { nearestToQuery } from '../compute/neighbors/query';
import { checkRange, checkRows, gatherRows } from '../compute/select/subset';
import { runYielding, type Pacing } from '../compute/task';
import type { ExportJobMap } from './dataJobs';
import type { JobContext } from './serve';

/** The handlers of ExportJobMap, spelled out so they merge into the data worker's Handlers structurally. */
type ExportHandlers = {
  [K in keyof ExportJobMap]: (params: ExportJobMap[K]['params'], ctx: JobContext<ExportJobMap[K]['progress']>) => Promise<ExportJobMap[K]['result']>;
};

/** A canvas to paint a PNG on (OffscreenCanvas in a worker; tests pass a fake or none). */
export interface PictureCanvas {
  readonly ctx: Paint2D;
  toPng(): Promise<Blob>;
}
export type CreateCanvas = (width: number, height: number) => PictureCanvas;

function offscreenCanvas(width: number, height: number): PictureCanvas {
  if (typeof OffscreenCanvas !== 'function') throw new Error('PNG export needs OffscreenCanvas, which this browser lacks; export SVG instead');
  const canvas = new OffscreenCanvas(width, height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('This browser gave no 2D canvas for the PNG; export SVG instead');
  return { ctx, toPng: () => canvas.convertToBlob({ type: 'image/png' }) };
}

/** Every chunk of a text generator, a turn of the event loop after each. */
async function collect(chunks: Generator<string>, pacing: Pacing): Promise<string[]> {
  const parts: string[] = [];
  await runYielding(
    (function* () {
      for (const c of chunks) {
        parts.push(c);
        yield;
      }
    })(),
    pacing,
  );
  return parts;
}

const TYPES = { csv: 'text/csv;charset=utf-8', tsv: 'text/tab-separated-values;charset=utf-8', json: 'application/json;charset=utf-8' } as const;

export function createExportHandlers(
  registry: DatasetRegistry,
  deps: { readonly yieldNow?: () => Promise<void>; readonly createCanvas?: CreateCanvas },
): ExportHandlers {
  const pacing = (signal: AbortSignal): Pacing => ({ signal, yieldNow: deps.yieldNow });
  const createCanvas = deps.createCanvas ?? offscreenCanvas;
  return {
    async nearest({ id, query, k, metric }) {
      const { vectors, n, dim } = registry.get(id);
      return nearestToQuery(vectors, n, dim, query, k, metric);
    },

    async deriveSubset({ id, rows, subsetId }) {
      if (registry.has(subsetId)) return;
      const parent = registry.get(id);
      checkRows(rows, parent.n);
      registry.put({ id: subsetId, n: rows.length, dim: parent.dim, metric: parent.metric, vectors: gatherRows(parent.vectors, parent.dim, rows) });
    },

    async exportTable({ format, ...source }, ctx) {
      return new Blob(await collect(tableChunks(source, format), pacing(ctx.signal)), { type: TYPES[format] });
    },

    async exportVectors({ id, rows }, ctx) {
      const { vectors, n, dim } = registry.get(id);
      if (rows) checkRange(rows, n);
      return new Blob(await collect(vectorsTsvChunks({ vectors, n, dim, rows }), pacing(ctx.signal)), { type: TYPES.tsv });
    },

    async exportBundle({ id, name, labels, columns, rows }) {
      const { vectors, n, dim } = registry.get(id);
      if (rows) checkRange(rows, n);
      const zip = projectorBundle({ name, vectors: { vectors, n, dim, rows }, metadata: { n, labels, columns, rows } });
      return new Blob([zip as Uint8Array<ArrayBuffer>], { type: 'application/zip' });
    },

    async exportPicture({ input, format, scale, title }, ctx) {
      const scene = buildScene(input);
      if (format === 'svg') return new Blob(await collect(svgChunks(scene, title), pacing(ctx.signal)), { type: 'image/svg+xml;charset=utf-8' });
      const k = Math.max(1, Math.min(4, Math.round(scale)));
      const canvas = createCanvas(Math.round(input.width * k), Math.round(input.height * k));
      paintScene(canvas.ctx, scene, k);
      return canvas.toPng();
    },
  };
}
