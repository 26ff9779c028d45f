/**
 * English messages: the source of truth for every visible string (see translate.ts).
 * Keys are grouped by where the text appears: `app.` the shell, `explore.`, `compare.`,
 * `lab.`, `load.`, `project.`, `plot.`, `status.`.
 */
import { actEn } from './act.en';
import { viewsEn } from './views.en';
import type { Format } from './format';

type Message = string | ((params: never, f: Format) => string);

export const en = {
  'app.name': 'Sprout',
  'app.language': 'Language',
  'app.views': 'Views',
  'app.view.explore': 'Explore',
  'app.view.explore.hint': 'Explore a finished embedding table',
  'app.view.compare': 'Compare',
  'app.view.compare.hint': 'Two layouts of the same data side by side, linked',
  'app.view.lab': 'Training lab',
  'app.view.lab.hint': 'Watch an embedding table grow',
  'app.loading.compare': 'Loading the comparison…',
  'app.loading.lab': 'Loading the lab…',

  'status.loading': 'Loading…',
  'status.noData': 'No data',
  'status.points': ({ n }: { n: number }, f: Format) => `${f.int(n)} points`,
  'status.dimensions': ({ n }: { n: number }, f: Format) => `${f.int(n)} dimensions`,
  'status.projecting': 'projecting…',
  'status.noVectors': 'no vectors',
  'status.note.with-data': 'computed with the data',
  'status.note.from-file': 'from the file',

  'dataset.label': 'Dataset',
  'dataset.large': ({ size }: { size: number }, f: Format) => `large, ${f.bytes(size)}`,
  'dataset.glove-10k': 'GloVe 10k',
  'dataset.glove-10k.hint': 'The 10,000 most frequent English words, 100-d GloVe vectors',
  'dataset.glove-50k': 'GloVe 50k',
  'dataset.glove-50k.hint': 'The 50,000 most frequent English words, 100-d GloVe vectors',
  'dataset.glove-341k': 'GloVe 341k',
  'dataset.glove-341k.hint': 'All 341,479 words of the GloVe vocabulary, 100-d vectors: a large download and a map of a third of a million points',
  'dataset.mnist-10k': 'MNIST digits',
  'dataset.mnist-10k.hint': '10,000 handwritten digits, 28×28 = 784 pixels each',

  'intro.words': ({ n }: { n: number }, f: Format) => `${f.int(n)} English words; nearby words have similar meanings — click one`,
  'intro.digits': ({ n }: { n: number }, f: Format) => `${f.int(n)} handwritten digits; digits written alike lie close together — click one`,
  'intro.rows': ({ n }: { n: number }, f: Format) => `${f.int(n)} rows; nearby points have similar vectors — click one`,
  'intro.layoutOnly': ({ n }: { n: number }, f: Format) =>
    `${f.int(n)} rows placed by the file's own coordinates; the file has no vectors, so there are no neighbours in the original space — hover one`,
  'intro.dismiss': 'Hide this line',

  'layouts.title': 'Layout',
  'layouts.pca': 'PCA',
  'layouts.pcaWaiting': 'PCA (computing…)',
  'layouts.note.with-data': 'computed with the data',
  'layouts.note.from-file': 'from the file',
  'layouts.hint': 'Layouts that came with the data are shown at once; the Projection panel computes others.',

  'legend.byCount': 'largest first',
  'legend.range': ({ min, max }: { min: string; max: string }) => `from ${min} to ${max}`,
  'legend.missingCount': ({ n }: { n: number }, f: Format) => `${f.int(n)} missing`,

  'app.details.open': 'Details',
  'app.details.close': 'Close',
  'app.details.label': 'Show the side panel',

  'selection.noVectors': 'This file has no vectors, so there are no nearest neighbours in the original space; the map shows the coordinates the file gave.',
  'projection.noVectors': 'This file has coordinates but no vectors: PCA, t-SNE and UMAP need vectors. Compare shows every layout the file holds.',
  'clusters.noVectors': 'Clusters are found in the original vectors, and this file has none.',

  'load.sampling': 'Big files',
  'load.sampling.fit': 'Load every row that fits in memory',
  'load.sampling.ask': 'Offer a sample above 100,000 rows',
  'load.layoutColumns': '2D layout columns',
  'load.layoutColumns.placeholder': 'auto (x/y, umap_x/umap_y…)',
  'load.layoutColumns.hint': 'Columns that hold precomputed 2D coordinates: leave empty to find them by name (x/y, umap_x/umap_y, projection_x/…), type "none", or name pairs: "umap_1, umap_2; tsne_a, tsne_b".',
  'load.layoutColumns.invalid': 'Write pairs of column names, "x, y; a, b", or "none".',

  'status.renderer.webgl': 'drawn with WebGL',
  'status.renderer.cpu': 'drawn on the CPU',

  'plot.name': 'Scatter plot',
  'plot.ariaLabel': ({ label, n }: { label: string; n: number }, f: Format) => `${label} of ${f.int(n)} points`,
  'plot.roleDescription': 'scatter plot',
  'plot.clickHelp': 'click a point to select it',
  'plot.help': ({ click }: { click: string }) =>
    `Drag to pan, scroll to zoom, ${click}, Shift+drag to lasso points (Escape clears the lasso). Keys: plus and minus zoom, arrows pan, 0 or F fits all points.`,
  'plot.lasso': 'Lasso',
  'plot.lasso.title': 'Lasso: drag around points to pick them (or hold Shift and drag)',
  'plot.fit': 'Fit',
  'plot.fit.label': 'Fit all points',
  'plot.fit.title': 'Fit all points (0 or F)',
  'plot.labels': 'Labels',
  'plot.labels.title': 'Label as many points as fit without overlapping (zoom in for more)',
  'plot.density': 'Density',
  'plot.density.title': 'Shade where points pile up under the dots (on by itself when they overlap)',

  ...actEn,
  ...viewsEn,
} satisfies Record<string, Message>;

export type Catalogue = typeof en;
