/**
 * English messages: the source of truth for every visible string (see translate.ts).
 * Keys are grouped by where the text appears: `app.` the shell, `explore.`, `compare.`,
 * `lab.`, `load.`, `project.`, `plot.`, `status.`.
 */
import { actEn } from './act.en';
import { viewsEn } from './views.en';
import { loadPanelEn } from './loadPanel.en';
import type { Format } from './format';
import { labEn } from './lab.en';
import { shareEn } from './share.en';

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

  // The training lab's messages (and the plot core's), kept in their own file.
  ...labEn,
  'project.threads': 'Threads',
  'project.threadCount': ({ n }: { n: number }, f: Format) => (n === 1 ? '1 thread' : `${f.int(n)} threads`),
  'project.threadsHint.single': 'One thread: the page is not cross-origin isolated, or this machine has two cores or fewer',
  'project.threadsHint.umapThreads': 'UMAP on several threads moves a copy of the layout on each thread and sums their moves: the same settings and thread count give the same layout; another thread count, a layout of the same quality',
  'search.regexInvalid': ({ detail }: { detail: string }) => `Invalid regular expression: ${detail}`,
  'search.regexUnsupported': ({ detail }: { detail: string }) =>
    `This regular expression is not supported: ${detail}. Search runs on a linear-time engine (RE2), which has no backreferences or lookaround.`,

  'load.budget': ({ bytes }: { bytes: number }, f: Format) => `Memory for one load: ${f.bytes(bytes)}`,
  'load.budget.device': 'a quarter of what this device reports',
  'load.budget.default': 'the default: this browser does not say how much memory the device has',
  'load.stalled': ({ url, seconds }: { url: string; seconds: number }, f: Format) => `No data has arrived from ${url} for ${f.int(seconds)} s.`,
  'load.keepWaiting': 'Keep waiting',
  'load.cancel': 'Cancel',
  'load.embedding': 'Embedding',
  'load.embeddings': ({ n }: { n: number }, f: Format) => `This projector config holds ${f.int(n)} embeddings.`,

  'loadError.inflatesPastBudget': ({ budget, layer }: { budget: number; layer: string }, f: Format) =>
    `this file ${layer === 'gzip' || layer === 'zip' ? 'inflates past' : 'is larger than'} ${f.bytes(budget)}, the memory this device allows a load; reading stopped there. Try a smaller file, or a sample of its rows.`,
  'loadError.tableOverBudget': ({ budget }: { budget: number }, f: Format) =>
    `the table would need more than ${f.bytes(budget)} of memory, what this device allows a load; reading stopped there. Try a smaller file, fewer rows or fewer dimensions.`,
  'loadError.htmlResponse': ({ status, contentType }: { status: number; contentType: string }) =>
    `the server returned a web page (HTTP ${status}, ${contentType}) — is the path right?`,
  'loadError.httpStatus': ({ status, statusText }: { status: number; statusText: string }) => `could not be downloaded: HTTP ${status} ${statusText ?? ''}`.trim(),
  'loadError.network': ({ local }: { local: number }) =>
    'could not be downloaded (network error); is the address right, is the server running, and does it allow cross-origin requests (CORS)?' +
    (local ? ' A local server must send Access-Control-Allow-Origin (python -m http.server does not; npx http-server --cors does).' : ''),
  'loadError.cspBlocked': "blocked by this page's security policy: only https or localhost links can be opened",
  'loadError.relativePath': 'is a relative path in a config that has no address of its own (a data: link); write full https:// addresses in the config',
  'loadError.fastTextModel':
    'this is a fastText model (.bin), not a table of vectors; export its vectors to a .vec text file — in Python: from gensim.models.fasttext import load_facebook_vectors; load_facebook_vectors(path).save_word2vec_format("vectors.vec") — and open that',
  'loadError.pythonPickle':
    'this is a Python pickle (for example a gensim model saved with .save()), which Sprout does not open (a pickle can run code); export the vectors with model.wv.save_word2vec_format("vectors.vec") (or numpy.save for an array) and open that',
  'loadError.webPage': 'this is a web page (HTML), not data; if it came from a link, is the path right?',
  'loadError.metadataOnly': 'this looks like a metadata file (labels, no vectors); load it together with its vectors',
  'loadError.metadataNeedsData': '?metadata= needs ?data= (the vectors) beside it, or use ?config= for a projector config',
  'loadError.noRows': 'holds no rows of numbers: there is nothing to draw',
  'loadError.oneRow': 'holds a single row: a map needs at least two points',
  'loadError.oneDimension': 'has one number per row (1 dimension): there is nothing to lay out in two. If it is a labels or metadata file, load it together with its vectors.',
  'loadError.allRowsEqual': ({ n }: { n: number }, f: Format) => `every one of its ${f.int(n)} rows is the same vector: all points would be drawn in one place`,

  'loadNote.constantColumns': ({ count, dim }: { count: number; dim: number }, f: Format) =>
    `${f.int(count)} ${count === 1 ? 'dimension' : 'dimensions'} of ${f.int(dim)} ${count === 1 ? 'is' : 'are'} the same in every row and carry no information`,
  'loadNote.zeroRows': ({ count }: { count: number }, f: Format) =>
    `${f.int(count)} ${count === 1 ? 'row is' : 'rows are'} all zeros: under cosine their similarity to any row is undefined (listed as 0), so their neighbour lists mean nothing`,

  ...actEn,
  ...viewsEn,
  ...loadPanelEn,
  ...shareEn,
} satisfies Record<string, Message>;

export type Catalogue = typeof en;
