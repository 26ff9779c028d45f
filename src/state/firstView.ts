/**
 * What a dataset shows before anyone clicks (pure; the data slice applies it).
 *
 * A dataset that carries layouts opens on the first of them: a built-in set on the UMAP
 * computed with the data, a file of precomputed coordinates on its own layout. Otherwise
 * it opens on PCA. The colour is the named clusters when the data carries them (the
 * legend then reads as a table of contents and the names are written on the map), else
 * the first category column. The built-in word sets also open with their most frequent
 * words labelled, so a newcomer sees words, not dots.
 */
import { hasVectors, type Dataset, type StoredLayout } from '../compute/dataset';
import { methodInfo, type ProjectionMethodId } from '../compute/project/methods';
import { isClusterColumn } from './clustersTypes';
import { describeSpec, finishedKey, type FinishedLayout } from './projectTypes';
import type { Layout } from './types';

export interface FirstView {
  /** Index into dataset.layouts of the layout shown first, or -1 for PCA. */
  readonly stored: number;
  readonly colorBy: string | null;
  /** Map labels on (built-in word sets) or off (anything else: a million row numbers are no help). */
  readonly showLabels: boolean;
  /** The Projection panel's method, so it names what is on screen. */
  readonly method: ProjectionMethodId;
}

export function firstViewOf(ds: Dataset, builtin: boolean): FirstView {
  const stored = ds.layouts && ds.layouts.length > 0 ? 0 : -1;
  const clusters = ds.columns.find((c) => c.type === 'category' && isClusterColumn(c.name));
  const category = ds.columns.find((c) => c.type === 'category');
  const spec = stored >= 0 ? ds.layouts![stored].spec : undefined;
  return {
    stored,
    colorBy: (clusters ?? category)?.name ?? null,
    showLabels: builtin && !ds.images && hasVectors(ds),
    method: spec ? spec.method : 'pca',
  };
}

/** What the pickers and the status line call a stored layout: its method's name when it is ours, else its own name. */
export function storedLayoutLabel(layout: StoredLayout): string {
  return layout.spec ? methodInfo(layout.spec.method).label : layout.name;
}

/** A stored layout as the layout on screen. */
export function storedLayoutView(layout: StoredLayout, datasetVersion: number, version: number): Layout {
  return {
    coords: layout.coords,
    datasetVersion,
    method: storedLayoutLabel(layout),
    version,
    running: false,
    // The status line says "computed with the data" for ours, "from the file" for one made elsewhere.
    note: layout.spec ? 'with-data' : 'from-file',
  };
}

/**
 * The stored layouts that are exactly what our methods compute (they have a spec), as
 * finished layouts of the dataset: running that spec again shows them at once, and
 * Compare offers them like any finished run.
 */
export function storedFinished(ds: Dataset, datasetVersion: number): FinishedLayout[] {
  return (ds.layouts ?? []).flatMap((l) =>
    l.spec
      ? [
          {
            key: finishedKey(datasetVersion, l.spec),
            datasetVersion,
            spec: l.spec,
            subsetId: null,
            label: storedLayoutLabel(l),
            identity: describeSpec(l.spec),
            layout: storedLayoutView(l, datasetVersion, 1),
            timings: null,
            graph: null,
            wallMs: 0,
            quality: null,
          },
        ]
      : [],
  );
}
