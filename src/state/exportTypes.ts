/**
 * The Exports slice's types: what can be exported, and the jobs that build the files.
 * Every file is built in the data worker (it holds the vectors; text is written there
 * in chunks) and comes back as a Blob; components only download it.
 */
import type { Dataset } from '../compute/dataset';
import type { PictureInput } from '../compute/export/picture';
import type { TableFormat, TableSource } from '../compute/export/tables';
import type { ExploreJobs } from './exploreTypes';

export interface ExportJobs extends Omit<ExploreJobs, 'releaseTable'> {
  exportTable(source: TableSource, format: TableFormat, opts?: { signal?: AbortSignal }): Promise<Blob>;
  /** The rows' vectors as projector TSV (all rows when null). */
  exportVectors(dataset: Pick<Dataset, 'id'>, rows: Uint32Array | null, opts?: { signal?: AbortSignal }): Promise<Blob>;
  /** A zipped TensorBoard projector bundle of the rows (all when null). */
  exportBundle(dataset: Dataset, rows: Uint32Array | null, opts?: { signal?: AbortSignal }): Promise<Blob>;
  exportPicture(input: PictureInput, format: 'png' | 'svg', scale: number, title: string, opts?: { signal?: AbortSignal }): Promise<Blob>;
}

export type PictureFormat = { readonly format: 'png'; readonly scale: 1 | 2 | 4 } | { readonly format: 'svg' };

export type ExportRequest =
  /** The map as drawn (isolation applied). The view builds the picture's input: colours, legend, caption. */
  | { readonly kind: 'picture'; readonly picture: PictureFormat; readonly input: PictureInput }
  /** Row, label, metadata, x, y of the rows on the map. */
  | { readonly kind: 'layout'; readonly format: 'csv' | 'json' }
  /** Row, label and metadata of the lit rows. */
  | { readonly kind: 'selection'; readonly format: 'csv' | 'tsv' }
  /** The lit rows' vectors as projector TSV. */
  | { readonly kind: 'selection-vectors' }
  /** A TensorBoard projector bundle of the rows on the map. */
  | { readonly kind: 'bundle' };

export interface ExportFile {
  readonly name: string;
  readonly blob: Blob;
}

export interface ExportsData {
  /** The export being built, if any. */
  readonly busy: ExportRequest['kind'] | null;
  /** The last file made (its name and size), for the menu to confirm. */
  readonly last: { readonly name: string; readonly bytes: number } | null;
  readonly error: string | null;
}

export interface ExportsActions {
  /** Builds the file (null when there is nothing to export); the caller downloads it. */
  make(request: ExportRequest): Promise<ExportFile | null>;
}

export const initialExportsData: ExportsData = { busy: null, last: null, error: null };
