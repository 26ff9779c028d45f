/**
 * The training lab's binding of the shared plot core: the lab slice (live frame or
 * scrubbed snapshot, focus and neighbours, typed tokens, the article's words) in,
 * focus / hover / lasso out. Row 0 (`<unk>`) never trains and is left out of the
 * picture, so plot index p is vocabulary ID p + 1. Hover, the lasso and the zoom state
 * are the plot's own UI state, kept in a small local store (not the app store): they
 * belong to this one picture.
 */
import { createStore, type StoreApi } from 'zustand/vanilla';
import { TEACHING_GROUPS } from '../compute/train/teachingCorpus';
import { summarizeLasso } from '../compute/select/lassoSummary';
import { categoryColor, codeColors } from '../components/ScatterPlot/colors';
import { NO_HIGHLIGHT, type Mark, type Scatterplot } from '../components/ScatterPlot/scatterTypes';
import type { LabData } from '../state/labTypes';
import type { AppState, AppStore } from '../state/appState';
import { articleRows, labelOrder } from './plotInputs';

export interface LabLasso {
  /** 1 for each enclosed plot index. */
  readonly mask: Uint8Array;
  readonly count: number;
  /** The first words caught, by ID (most frequent first). */
  readonly words: readonly string[];
}

export interface LabPlotUi {
  /** Vocabulary ID under the pointer, or -1. */
  readonly hovered: number;
  /** The camera is not the fit (Fit has something to undo). */
  readonly zoomed: boolean;
  readonly lasso: LabLasso | null;
}

export type LabPlotUiStore = StoreApi<LabPlotUi>;

export const createLabPlotUi = (): LabPlotUiStore => createStore<LabPlotUi>()(() => ({ hovered: -1, zoomed: false, lasso: null }));

/** Dots a little bigger than Explore's: the lab shows hundreds of words, not tens of thousands. */
const POINT_RADIUS = 3;
const INK = '#1d2521';
/** The teaching groups' words are drawn this much bigger, so the groups stand out from the other words. */
const GROUP_SIZE = 1.5;
/**
 * Map labels considered per frame: the group words and the most frequent others. Fewer
 * than Explore's 300: a frame arrives ten times a second while training, and most of a
 * few hundred candidates would give way anyway.
 */
const MAP_LABELS = 150;
/** Words listed for a lasso. */
const LASSO_WORDS = 40;

/** The coordinates on screen: the scrubbed snapshot's or the live frame's (every row, <unk> included). */
function shownCoords(lab: LabData): Float32Array | null {
  if (!lab.frame) return null;
  if (lab.scrub !== null) return lab.timeline.entries[lab.scrub]?.coords ?? lab.frame.coords;
  return lab.frame.coords;
}

const groupColor = (g: number): string | undefined => (g >= 0 ? categoryColor(g) : undefined);

/**
 * Connects `plot` to the lab slice and to `ui`; `hooks` gets the data-step and
 * data-frame-version test hooks. Returns the cleanup.
 */
export function bindLabPlot(plot: Scatterplot, store: AppStore, ui: LabPlotUiStore, hooks: HTMLElement | null): () => void {
  let session: LabData['session'] = null;
  /** Per session: words by plot index, colours, label order. */
  let words: readonly string[] = [];
  let labelRows: Int32Array = new Int32Array(0);
  let article: number[] = [];
  let frameSeq = 0;
  let frameVersion = -1;
  let coordsShown: Float32Array | null = null;
  let version = 0;
  plot.setPointRadius(POINT_RADIUS);

  const pushHighlight = (lab: LabData): void => {
    if (!session || !coordsShown) return plot.setHighlight(NO_HIGHLIGHT);
    const { hovered, lasso } = ui.getState();
    const neighbors = Int32Array.from(lab.neighbors ?? [], (n) => n.id - 1);
    // A row hovered elsewhere (the tables, a token) is lit on the map too.
    plot.setHighlight({ selected: lab.focus - 1, neighbors, mask: lasso?.mask ?? null, hovered: (hovered > 0 ? hovered : lab.hovered) - 1 });
  };

  /** The focus, the article's words (always named), the neighbours and the typed tokens, in that priority; the map labels come after them. */
  const pushMarks = (lab: LabData): void => {
    const coords = coordsShown;
    const s = session;
    if (!s || !coords) {
      plot.setMarks([]);
      plot.setMapLabels(null);
      return;
    }
    const V = s.words.length;
    const marks: Mark[] = [];
    const add = (id: number, kind: Mark['kind'], color: string | undefined, always = false): void => {
      if (id <= 0 || id >= V || marks.some((m) => m.index === id - 1)) return;
      marks.push({ index: id - 1, kind, x: coords[2 * id], y: coords[2 * id + 1], text: s.words[id], ...(color ? { color } : {}), ...(always ? { always } : {}) });
    };
    add(lab.focus, 'selected', INK);
    // The article's words before the neighbours: they are always named, the others give way.
    for (const id of article) add(id, 'label', groupColor(s.group[id]) ?? INK, true);
    for (const n of lab.neighbors ?? []) add(n.id, 'neighbor', groupColor(s.group[n.id]) ?? INK);
    for (const t of lab.tokens) add(t.id, 'label', INK);
    plot.setMarks(marks);
    const group = s.group;
    plot.setMapLabels({ text: (p) => words[p] ?? '', rows: labelRows, mask: ui.getState().lasso?.mask ?? null, color: (p) => groupColor(group[p + 1]), max: MAP_LABELS });
  };

  const sync = (s: AppState, prev: AppState | null): void => {
    const lab = s.lab;
    const before = prev?.lab;
    if (lab.session !== session) {
      session = lab.session;
      words = session ? session.words.slice(1) : [];
      labelRows = session ? labelOrder(session.group) : new Int32Array(0);
      article = session ? articleRows(session.index) : [];
      frameSeq++;
      // A lasso holds plot indices of the old vocabulary: it means nothing now.
      if (ui.getState().lasso) ui.setState({ lasso: null });
      plot.setColors(session ? codeColors(session.group.subarray(1), TEACHING_GROUPS.length) : null);
      plot.setSizes(session ? Float32Array.from(session.group.subarray(1), (g) => (g >= 0 ? GROUP_SIZE : 1)) : null);
    }
    const coords = session ? shownCoords(lab) : null;
    const fv = lab.frame?.frameVersion ?? -1;
    if (fv !== frameVersion) frameSeq++;
    frameVersion = fv;
    const running = lab.phase === 'running';
    if (coords !== coordsShown || running !== (before?.phase === 'running') || !before) {
      coordsShown = coords;
      // <unk> (row 0) is left out: the plot sees rows 1..V-1.
      plot.setPoints(coords ? { coords: coords.subarray(2), version: ++version, running, frame: frameSeq } : null);
      if (hooks) {
        hooks.dataset.step = String(lab.scrub !== null ? (lab.timeline.entries[lab.scrub]?.step ?? 0) : (lab.frame?.step ?? 0));
        hooks.dataset.frameVersion = String(fv);
      }
    }
    const changed = (k: keyof LabData): boolean => !before || lab[k] !== before[k];
    if (changed('hovered') && !changed('frame')) pushHighlight(lab);
    if (changed('frame') || changed('scrub') || changed('session') || changed('focus') || changed('neighbors') || changed('tokens')) {
      pushHighlight(lab);
      pushMarks(lab);
    }
  };

  const offs = [
    plot.on('hover', (p) => {
      ui.setState({ hovered: p >= 0 ? p + 1 : -1 });
      // The tables light the same row.
      store.getState().actions.lab.hover(p >= 0 ? p + 1 : -1);
    }),
    // A click on a word lists its neighbours; a click on empty space changes nothing.
    plot.on('select', (p) => {
      if (p >= 0) store.getState().actions.lab.focus(p + 1);
    }),
    plot.on('lasso', ({ mask, count }) => ui.setState({ lasso: count > 0 ? { mask, count, words: summarizeLasso(mask, words, null, LASSO_WORDS).labels } : null })),
    plot.on('escape', () => ui.setState({ lasso: null })),
    plot.on('view', ({ fitted }) => {
      if (ui.getState().zoomed === fitted) ui.setState({ zoomed: !fitted });
    }),
  ];
  const unsubscribeUi = ui.subscribe((u, prev) => {
    const lab = store.getState().lab;
    if (u.hovered !== prev.hovered || u.lasso !== prev.lasso) pushHighlight(lab);
    if (u.lasso !== prev.lasso) pushMarks(lab);
  });
  sync(store.getState(), null);
  const unsubscribe = store.subscribe((s, prev) => sync(s, prev));
  return () => {
    unsubscribe();
    unsubscribeUi();
    for (const off of offs) off();
  };
}
