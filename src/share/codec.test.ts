import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_CONFIG } from '../compute/train/labSessionTypes';
import { DEFAULT_PROJECTION_SETTINGS } from '../state/projectTypes';
import { BUILTINS } from '../state/types';
import { base64UrlToFloats, decodeView, encodeView, floatsToBase64Url } from './codec';
import { DEFAULT_VIEW, type ViewState } from './viewState';

/** A view with every field away from its default. */
const FULL: ViewState = {
  dataset: { kind: 'file', files: [{ name: 'words: 2024.vec', bytes: 123456 }, { name: 'meta&data.tsv', bytes: 99 }], format: 'word2vec-text', dropNonFinite: true, sample: { rows: 'stratified', size: 5000, seed: 7, column: 'part, of speech' } },
  tab: 'compare',
  projection: { method: 'tsne', settings: { ...DEFAULT_PROJECTION_SETTINGS, seed: 7, preReduce: true, tsne: { perplexity: 50, learningRate: 'auto', iterations: 1000, earlyExaggeration: 4, exaggeration: 1.5 } } },
  pcaAxes: [2, 0],
  colorBy: 'frequency band',
  showLabels: true,
  camera: { cx: 0.125, cy: -3.5, zoom: 2.25 },
  selected: 945,
  search: '/^pa+ris$/ & co',
  searchBy: 'part of speech',
  neighbors: { k: 100, metric: 'euclidean' },
  lasso: new Float32Array([0.1, 0.2, 1.5, -0.25, 0.7, 3.3]),
  compare: {
    left: { kind: 'run', method: 'umap', settings: { ...DEFAULT_PROJECTION_SETTINGS, seed: 1, umap: { nNeighbors: 30, minDist: 0.5, spread: 2, epochs: 300 } } },
    right: { kind: 'run', method: 'pacmap', settings: { ...DEFAULT_PROJECTION_SETTINGS, seed: 3, druid: { iterations: 250, nNeighbors: 12 } } },
  },
  lab: { corpus: { kind: 'file', name: 'my: corpus.txt', bytes: 4096 }, config: { ...DEFAULT_LAB_CONFIG, model: 'tied', dim: 16, window: 3, negative: 7, lr: 0.01, epochs: 4, minCount: 2, seed: 9, batchWords: 200, freeze: false, pretrained: true }, speed: 0, frameMode: 'umap' },
};

/** The query a base view makes, with `key` set to `value` (replacing or adding it). */
function withField(view: ViewState, key: string, value: string): string {
  const params = new URLSearchParams(encodeView(view));
  params.set(key, value);
  return params.toString();
}

describe('encodeView / decodeView', () => {
  it('gives back every field of a view it wrote, with no problems', () => {
    const { view, problems, present } = decodeView(`?${encodeView(FULL)}`);
    expect(problems).toEqual([]);
    expect(present).toBe(true);
    expect(view).toEqual(FULL);
  });

  it('writes the default view as the version and the dataset only', () => {
    expect(encodeView(DEFAULT_VIEW)).toBe('v=1&dataset=glove-10k');
    expect(decodeView('v=1&dataset=glove-10k').view).toEqual(DEFAULT_VIEW);
  });

  it('writes a readable query: names and numbers in the clear, only what must be escaped escaped', () => {
    const q = encodeView({ ...DEFAULT_VIEW, projection: { method: 'tsne', settings: { ...DEFAULT_PROJECTION_SETTINGS, seed: 42 } }, selected: 945, camera: { cx: 1, cy: 2, zoom: 3 }, search: 'a+b c' });
    expect(q).toBe('v=1&dataset=glove-10k&method=tsne&seed=42&cam=1,2,3&sel=945&q=a%2Bb%20c');
    expect(decodeView(q).view.search).toBe('a+b c');
  });

  it('keeps the parameters of the method only, and reads a hand-written link that leaves defaults out', () => {
    const q = encodeView({ ...DEFAULT_VIEW, projection: { method: 'umap', settings: { ...DEFAULT_PROJECTION_SETTINGS, tsne: { ...DEFAULT_PROJECTION_SETTINGS.tsne, perplexity: 5 } } } });
    expect(q).not.toContain('perplexity');
    const { view, problems } = decodeView('dataset=mnist-10k&method=umap&nn=30');
    expect(problems).toEqual([]);
    expect(view.dataset).toEqual({ kind: 'builtin', id: 'mnist-10k' });
    expect(view.projection).toEqual({ method: 'umap', settings: { ...DEFAULT_PROJECTION_SETTINGS, umap: { ...DEFAULT_PROJECTION_SETTINGS.umap, nNeighbors: 30 } } });
  });

  it('round-trips random views exactly', () => {
    const finite = fc.float({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 });
    const view = fc.record({
      selected: fc.integer({ min: -1, max: 1_000_000 }),
      search: fc.string({ maxLength: 60 }),
      colorBy: fc.option(fc.string({ minLength: 1, maxLength: 30 }), { nil: undefined }),
      lasso: fc.option(fc.array(finite, { minLength: 3, maxLength: 40 }).map((xs) => new Float32Array([...xs, ...xs])), { nil: null }),
      seed: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
      perplexity: fc.integer({ min: 1, max: 200 }),
      tab: fc.constantFrom('explore' as const, 'compare' as const, 'lab' as const),
      fileName: fc.string({ minLength: 1, maxLength: 40 }),
    });
    fc.assert(
      fc.property(view, (v) => {
        const full: ViewState = {
          ...DEFAULT_VIEW,
          dataset: { kind: 'file', files: [{ name: v.fileName, bytes: 10 }], format: 'auto', dropNonFinite: false, sample: { rows: 'all' } },
          tab: v.tab,
          selected: v.selected,
          search: v.search,
          colorBy: v.colorBy === '' ? null : v.colorBy,
          lasso: v.lasso,
          projection: { method: 'tsne', settings: { ...DEFAULT_PROJECTION_SETTINGS, seed: v.seed, tsne: { ...DEFAULT_PROJECTION_SETTINGS.tsne, perplexity: v.perplexity } } },
        };
        const back = decodeView(encodeView(full));
        expect(back.problems).toEqual([]);
        expect(back.view).toEqual(full);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary input, and always returns a usable view', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (q) => {
        const { view } = decodeView(q);
        expect(view.selected).toBeGreaterThanOrEqual(-1);
        expect(['explore', 'compare', 'lab']).toContain(view.tab);
      }),
      { numRuns: 500 },
    );
  });
});

describe('a malformed field falls back to its default alone, and is named', () => {
  // Each case: a field, a bad value, and where in the view its default shows.
  const cases: [string, string, (v: ViewState) => unknown][] = [
    ['tab', 'settings', (v) => v.tab],
    ['method', 'tsne2', (v) => v.projection],
    ['seed', '-1', (v) => v.projection?.settings.seed],
    ['seed', '4294967296', (v) => v.projection?.settings.seed],
    ['perplexity', 'NaN', (v) => v.projection?.settings.tsne.perplexity],
    ['perplexity', '0x10', (v) => v.projection?.settings.tsne.perplexity],
    ['iters', '12.5', (v) => v.projection?.settings.tsne.iterations],
    ['lr', 'fast', (v) => v.projection?.settings.tsne.learningRate],
    ['pre', 'maybe', (v) => v.projection?.settings.preReduce],
    ['pc', '1,11', (v) => v.pcaAxes],
    ['pc', 'x', (v) => v.pcaAxes],
    ['labels', 'yes', (v) => v.showLabels],
    ['cam', '1,2', (v) => v.camera],
    ['cam', '1,2,0', (v) => v.camera],
    ['cam', 'Infinity,2,1', (v) => v.camera],
    ['sel', '-3', (v) => v.selected],
    ['sel', 'paris', (v) => v.selected],
    ['k', '0', (v) => v.neighbors],
    ['k', '501', (v) => v.neighbors],
    ['metric', 'manhattan', (v) => v.neighbors],
    ['lasso', 'AAAA', (v) => v.lasso],
    ['lasso', '<svg onload=alert(1)>', (v) => v.lasso],
    ['right', 'bogus,seed:1', (v) => v.compare.right],
    ['data', 'javascript:alert(1)', (v) => v.dataset],
    ['config', 'data:text/plain,1', (v) => v.dataset],
    ['format', 'exe', (v) => (v.dataset.kind === 'url' ? v.dataset.format : null)],
    ['sample', 'random:0:1', (v) => (v.dataset.kind === 'url' ? v.dataset.sample : null)],
    ['lab.model', 'gpt', (v) => v.lab.config.model],
    ['lab.dim', '9999', (v) => v.lab.config.dim],
    ['lab.frame', 'spiral', (v) => v.lab.frameMode],
    ['lab.corpus', 'wikipedia', (v) => v.lab.corpus],
    ['lab.speed', '-1', (v) => v.lab.speed],
  ];
  // A base link that uses t-SNE, a URL dataset and a right pane, so every case has a field to spoil.
  const base: ViewState = {
    ...DEFAULT_VIEW,
    dataset: { kind: 'url', config: null, data: 'https://example.org/v.tsv', metadata: null, format: 'projector-tsv', dropNonFinite: false, sample: { rows: 'random', size: 10, seed: 1 } },
    projection: { method: 'tsne', settings: { ...DEFAULT_PROJECTION_SETTINGS, seed: 5, preReduce: false, tsne: { ...DEFAULT_PROJECTION_SETTINGS.tsne, perplexity: 12, iterations: 500, learningRate: 300 } } },
    pcaAxes: [1, 2],
    showLabels: true,
    camera: { cx: 1, cy: 1, zoom: 2 },
    selected: 3,
    lasso: new Float32Array([0, 0, 1, 0, 1, 1]),
    neighbors: { k: 25, metric: 'dot' },
    compare: { left: { kind: 'pca' }, right: { kind: 'run', method: 'umap', settings: DEFAULT_PROJECTION_SETTINGS } },
    lab: { ...DEFAULT_VIEW.lab, corpus: { kind: 'sotu' }, speed: 5, frameMode: 'tsne', config: { ...DEFAULT_LAB_CONFIG, dim: 8 } },
  };

  it.each(cases)('%s=%s', (key, value, pick) => {
    const { view, problems } = decodeView(withField(base, key, value));
    expect(problems.map((p) => p.field)).toEqual([key]);
    // The spoiled field has its default (for the dataset: the built-in default)...
    const fallback = decodeView(withoutField(base, key)).view;
    expect(pick(view)).toEqual(pick(fallback));
    // ...and every other field is the base link's.
    const others = (v: ViewState) => JSON.stringify(Object.fromEntries(Object.entries({ ...v, dataset: null, projection: null, lasso: v.lasso && [...v.lasso] }).sort(([a], [b]) => a.localeCompare(b))), (_k, x) => (x === undefined ? '∅' : x));
    if (!['data', 'config', 'method', 'seed', 'perplexity', 'iters', 'lr', 'pre', 'format', 'sample'].includes(key)) {
      expect(others({ ...view, [fieldOf(key)]: null } as ViewState)).toEqual(others({ ...base, [fieldOf(key)]: null } as ViewState));
    }
  });

  it('names an unknown dataset and opens the default one with the rest of the link', () => {
    const { view, problems } = decodeView('dataset=nope&sel=12&tab=compare');
    expect(problems).toEqual([{ field: 'dataset', value: 'nope', issue: { kind: 'unknown-value', known: BUILTINS.map((b) => b.id) } }]);
    expect(view.dataset).toEqual({ kind: 'builtin', id: 'glove-10k' });
    expect(view.selected).toBe(12);
    expect(view.tab).toBe('compare');
  });

  it('names parameters it does not know, and ignores other methods’ parameters quietly', () => {
    const { problems } = decodeView('v=1&dataset=glove-10k&method=umap&perplexity=5&utm_source=mail');
    expect(problems).toEqual([{ field: 'utm_source', value: 'mail', issue: { kind: 'unknown-field' } }]);
  });

  it('names a pane’s bad parameter with the pane', () => {
    const { view, problems } = decodeView('right=umap,seed:1,nn:1');
    expect(problems.map((p) => p.field)).toEqual(['right.nn']);
    expect(view.compare.right).toEqual({ kind: 'run', method: 'umap', settings: { ...DEFAULT_PROJECTION_SETTINGS, seed: 1 } });
  });

  it('refuses a min dist above the spread, keeping the spread', () => {
    const { view, problems } = decodeView('method=umap&mindist=3&spread=2');
    expect(problems.map((p) => p.field)).toEqual(['mindist']);
    expect(view.projection?.settings.umap).toMatchObject({ minDist: 0.1, spread: 2 });
  });

  it('refuses values longer than a link should carry', () => {
    const { view, problems } = decodeView(`q=${'x'.repeat(1001)}&sel=2`);
    expect(problems.map((p) => [p.field, p.issue.kind])).toEqual([['q', 'too-long']]);
    expect(problems[0].value.length).toBeLessThanOrEqual(40);
    expect(view.selected).toBe(2);
  });
});

describe('versions', () => {
  it('reads a link from before versioning (no v) the same way', () => {
    const { view, problems } = decodeView('?dataset=mnist-10k');
    expect(problems).toEqual([]);
    expect(view.dataset).toEqual({ kind: 'builtin', id: 'mnist-10k' });
  });

  it('reads what it understands of a newer version, and says the link is newer', () => {
    const { view, problems } = decodeView('v=2&dataset=glove-50k&sel=4');
    expect(problems).toEqual([{ field: 'v', value: '2', issue: { kind: 'newer-version', version: 2 } }]);
    expect(view.dataset).toEqual({ kind: 'builtin', id: 'glove-50k' });
    expect(view.selected).toBe(4);
  });

  it('names a version that is not a version', () => {
    expect(decodeView('v=one&sel=1').problems.map((p) => p.field)).toEqual(['v']);
  });

  it('says a bare address holds no view', () => {
    expect(decodeView('').present).toBe(false);
    expect(decodeView('?v=1').present).toBe(false);
    expect(decodeView('?sel=1').present).toBe(true);
  });
});

describe('the lasso polygon in a link', () => {
  it('is exact: float32 values survive base64url bit for bit', () => {
    const poly = new Float32Array([Math.PI, -0, 1e-30, 3.4e38, -7.25, 0.1]);
    const back = base64UrlToFloats(floatsToBase64Url(poly));
    expect(back && [...back].map((v) => Object.is(v, -0) ? '-0' : v)).toEqual([...poly].map((v) => Object.is(v, -0) ? '-0' : v));
  });

  it('refuses text that is not base64url', () => {
    expect(base64UrlToFloats('a+b/')).toBeNull();
    expect(base64UrlToFloats('AAA')).toBeNull();
  });
});

function withoutField(view: ViewState, key: string): string {
  const params = new URLSearchParams(encodeView(view));
  params.delete(key);
  return params.toString();
}

/** The view property a link key fills, for comparing the rest. */
function fieldOf(key: string): keyof ViewState {
  const map: Record<string, keyof ViewState> = { tab: 'tab', pc: 'pcaAxes', labels: 'showLabels', cam: 'camera', sel: 'selected', k: 'neighbors', metric: 'neighbors', lasso: 'lasso', right: 'compare' };
  return map[key] ?? (key.startsWith('lab.') ? 'lab' : 'dataset');
}
