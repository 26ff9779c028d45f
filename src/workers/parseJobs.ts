/**
 * The parse worker's jobs. `parse` reads files and URLs (compute/formats/load.ts) and
 * keeps the table while the user reviews it (NaN rows, sampling); the main thread gets a
 * summary. `takeParsed` samples there and hands over both halves of the chosen rows: the
 * vectors to pass on to the data worker, the rest to draw. `dropParsed` lets it go.
 */
import type { Column, VectorTable } from '../compute/dataset';
import type { PackedDataset } from '../compute/packedDataset';
import type { LoadedFacts, LoadFailure, LoadProgress, LoadRequest } from '../compute/formats/loadTypes';
import type { SampleChoice, SampleInfo } from '../compute/select/sample';

export interface ParseRequest extends LoadRequest {
  /** Appended to the dataset id to make it unique per load (state/jobs.ts chooses it). */
  readonly tag: string;
}

/** What the review needs to know of a parsed table (its rows stay in the parse worker). */
export interface ParsedSummary {
  readonly id: string;
  readonly name: string;
  readonly n: number;
  readonly dim: number;
  readonly columns: readonly Pick<Column, 'name' | 'type'>[];
}

export type ParseSuccess = { readonly ok: true; readonly dataset: ParsedSummary } & LoadedFacts;
export type ParseOutcome = ParseSuccess | { readonly ok: false; readonly failure: LoadFailure };

/** The reviewed table's chosen rows, split: `table` for the data worker, `dataset` to draw (its strings packed). */
export interface TakenDataset {
  readonly dataset: PackedDataset;
  readonly table: VectorTable;
  readonly sample: SampleInfo | null;
}

// A type alias, not an interface: only aliases satisfy JobMap's string index implicitly.
export type ParseJobMap = {
  parse: { params: ParseRequest; progress: LoadProgress; result: ParseOutcome };
  takeParsed: { params: { id: string; choice: SampleChoice }; progress: never; result: TakenDataset };
  dropParsed: { params: { id: string }; progress: never; result: void };
};
