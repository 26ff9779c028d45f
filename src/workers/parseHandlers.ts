/**
 * The parse worker's handlers: glue from messages to the load pipeline
 * (compute/formats/load.ts) and the sampler (compute/select/sample.ts). The parsed table
 * waits here, not on the main thread, while the user reviews it.
 */
import { datasetBuffers, splitDataset, type FullDataset } from '../compute/dataset';
import { loadDataset, type LoadDeps } from '../compute/formats/load';
import { packDataset, packedBuffers } from '../compute/packedDataset';
import { sampleDataset } from '../compute/select/sample';
import { SessionLostError } from '../compute/task';
import type { ParsedSummary, ParseJobMap } from './parseJobs';
import { transfer } from './protocol';
import type { Handlers } from './serve';

const summaryOf = (ds: FullDataset): ParsedSummary => ({
  id: ds.id,
  name: ds.name,
  n: ds.n,
  dim: ds.dim,
  columns: ds.columns.map((c) => ({ name: c.name, type: c.type })),
});

export function createParseHandlers(deps: LoadDeps = {}): Handlers<ParseJobMap> {
  /** The table under review (one at a time: a new load replaces it). */
  let pending: FullDataset | null = null;

  return {
    async parse(req, ctx) {
      pending = null;
      const out = await loadDataset(req, req.tag, { signal: ctx.signal, onProgress: (p) => ctx.progress(p) }, deps);
      if (!out.ok) return out;
      pending = out.dataset;
      return { ...out, dataset: summaryOf(out.dataset) };
    },

    async takeParsed({ id, choice }) {
      if (!pending || pending.id !== id) {
        throw new SessionLostError('The file under review is no longer in the parse worker (it was restarted or replaced by another load); open it again.');
      }
      const picked = sampleDataset(pending, choice);
      pending = null;
      const { dataset, table } = splitDataset(picked.dataset);
      const packed = packDataset(dataset);
      return transfer({ dataset: packed, table, sample: picked.sample }, [...datasetBuffers(dataset), ...packedBuffers(packed), ...datasetBuffers(table)]);
    },

    async dropParsed({ id }) {
      if (pending?.id === id) pending = null;
    },
  };
}
