/**
 * The Explore slice's sets of rows: the lasso, a legend pick (click a category; shift-
 * click adds or removes one), Escape, and isolation (show only the lit rows; Show all
 * undoes it). Isolation hides rows when drawing (state/isolation.ts) and is what the
 * projection slice projects on its own.
 */
import { MISSING_CODE } from '../compute/dataset';
import { maskOfRows, rowsOfMask } from '../compute/select/subset';
import type { SliceApi } from './appState';
import type { CategoryPick, ExploreActions } from './exploreTypes';
import { litSet } from './litSet';

type SetActions = Pick<ExploreActions, 'setLasso' | 'pickCategory' | 'clearPick' | 'clearAll' | 'isolate' | 'isolateRows' | 'showAll'>;

/** The pick of `codes` in a category column's `columnCodes`. */
export function categoryPick(column: string, columnCodes: Uint32Array, codes: readonly number[]): CategoryPick {
  const wanted = new Set(codes.map((c) => (c < 0 ? MISSING_CODE : c)));
  const mask = new Uint8Array(columnCodes.length);
  let count = 0;
  for (let i = 0; i < columnCodes.length; i++) {
    if (wanted.has(columnCodes[i])) {
      mask[i] = 1;
      count++;
    }
  }
  return { column, codes: [...wanted], mask, count };
}

export function setActions({ get, data, patch }: SliceApi<'explore'>): SetActions {
  const dataset = () => get().data.dataset;

  return {
    setLasso: (selection) => {
      const n = dataset()?.n ?? -1;
      patch({ lasso: selection && selection.count > 0 && selection.mask.length === n ? selection : null });
    },

    pickCategory: (columnName, code, add) => {
      const column = dataset()?.columns.find((c) => c.name === columnName);
      if (!column || column.type !== 'category') return;
      const cur = data().pick;
      const target = code < 0 ? MISSING_CODE : code;
      let codes: number[] = [target];
      if (add && cur?.column === columnName) codes = cur.codes.includes(target) ? cur.codes.filter((c) => c !== target) : [...cur.codes, target];
      // Clicking the only picked category again un-picks it.
      else if (!add && cur?.column === columnName && cur.codes.length === 1 && cur.codes[0] === target) codes = [];
      patch({ pick: codes.length ? categoryPick(columnName, column.codes, codes) : null });
    },

    clearPick: () => patch({ pick: null }),

    clearAll: () => {
      patch({ lasso: null, pick: null });
      const e = data();
      if (e.selected >= 0 || e.neighbors || e.neighborsOf || e.neighborProblem) void get().actions.explore.select(-1);
    },

    isolate: () => {
      const ds = dataset();
      if (!ds) return;
      const set = litSet(data(), ds.n);
      if (set) get().actions.explore.isolateRows(rowsOfMask(set.mask), set.what);
    },

    isolateRows: (rows, what) => {
      const ds = dataset();
      if (!ds || rows.length === 0) return;
      const cur = data();
      // Isolating again inside an isolation keeps the layout to go back to from the first.
      const fullLayout = cur.isolation ? cur.isolation.fullLayout : cur.layout;
      patch({ isolation: { rows, mask: maskOfRows(rows, ds.n), what, fullLayout } });
    },

    showAll: () => {
      const { isolation, layout } = data();
      if (!isolation) return;
      patch({ isolation: null });
      // A layout of the isolated rows alone has nothing to show for the others: go back.
      const back = isolation.fullLayout;
      if (layout?.rows && back && back.datasetVersion === get().data.version) {
        get().actions.explore.showLayout({ ...back, version: layout.version + 1 });
      }
    },
  };
}
