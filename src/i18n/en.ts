/**
 * English messages: the source of truth for every visible string (see translate.ts).
 * Keys are grouped by where the text appears: `app.` the shell, `explore.`, `compare.`,
 * `lab.`, `load.`, `project.`, `plot.`, `status.`.
 */
import { actEn } from './act.en';
import { viewsEn } from './views.en';
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
  'project.threadsHint.hogwild': 'UMAP on several threads updates the layout Hogwild-style: the same settings give a layout of the same quality, not bit for bit the same',
  ...actEn,
  ...viewsEn,
  ...shareEn,
} satisfies Record<string, Message>;

export type Catalogue = typeof en;
