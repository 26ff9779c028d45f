import packageJson from '../../package.json';
import { rowsOfMask } from '../compute/select/subset';
import type { SliceCreator } from './appState';
import { errorText } from './errors';
import { fileName, provenanceOf, rowsText, shownRows } from './exportFiles';
import { initialExportsData, type ExportFile, type ExportRequest, type ExportsActions } from './exportTypes';
import { litSet } from './litSet';

/**
 * The Exports slice: builds the files of the Export menu in the data worker (pictures,
 * layout tables, the lit rows with or without their vectors, a TensorBoard bundle) and
 * hands back a Blob to download. One export at a time; the menu shows which is busy.
 */
export const createExportsSlice: SliceCreator<'exports', ExportsActions> = ({ jobs, get, patch }) => {
  const build = async (request: ExportRequest): Promise<ExportFile | null> => {
    const { dataset } = get().data;
    const explore = get().explore;
    if (!dataset) return null;
    const layout = explore.layout && explore.layout.datasetVersion === get().data.version ? explore.layout : null;
    switch (request.kind) {
      case 'picture': {
        const p = request.picture;
        const blob = await jobs.exportPicture(request.input, p.format, p.format === 'png' ? p.scale : 1, `${dataset.name} · ${layout?.method ?? ''}`);
        const ext = p.format === 'png' ? `${p.scale}x.png` : 'svg';
        return { name: fileName(dataset, 'map', ext, layout?.method), blob };
      }
      case 'layout': {
        if (!layout) return null;
        const rows = shownRows(explore);
        const provenance = provenanceOf(dataset, layout, rowsText(dataset.n, rows, explore.isolation?.what ?? null), packageJson.version, new Date());
        const source = { n: dataset.n, labels: dataset.labels, columns: dataset.columns, rows, coords: layout.coords, provenance };
        return { name: fileName(dataset, 'layout', request.format, layout.method), blob: await jobs.exportTable(source, request.format) };
      }
      case 'selection':
      case 'selection-vectors': {
        const set = litSet(explore, dataset.n);
        if (!set) return null;
        const rows = rowsOfMask(set.mask);
        if (request.kind === 'selection-vectors') return { name: fileName(dataset, 'selection-vectors', 'tsv'), blob: await jobs.exportVectors(dataset, rows) };
        const provenance = provenanceOf(dataset, layout, rowsText(dataset.n, rows, set.what), packageJson.version, new Date());
        const source = { n: dataset.n, labels: dataset.labels, columns: dataset.columns, rows, coords: null, provenance };
        return { name: fileName(dataset, 'selection', request.format), blob: await jobs.exportTable(source, request.format) };
      }
      case 'bundle':
        return { name: fileName(dataset, 'projector', 'zip'), blob: await jobs.exportBundle(dataset, explore.isolation?.rows ?? null) };
    }
  };

  return {
    initial: initialExportsData,
    actions: {
      make: async (request) => {
        patch({ busy: request.kind, error: null });
        try {
          const file = await build(request);
          patch({ busy: null, last: file ? { name: file.name, bytes: file.blob.size } : null });
          return file;
        } catch (e) {
          patch({ busy: null, error: errorText(e) });
          get().actions.data.handleLost(e);
          return null;
        }
      },
    },
  };
};
