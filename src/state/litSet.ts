/**
 * The rows the user has "lit" on the map: what Isolate shows, what the selection exports
 * write and whose centroid "Neighbours of the set" asks about. It is what the map shows
 * at full strength: the intersection of the lasso, the legend pick and the search
 * results (those that are active), within the isolated rows; with none of those active,
 * the neighbour list (and the selected row it belongs to). Pure and memoised on the
 * identity of its inputs, so components and actions can call it freely.
 */
import type { ExploreData, SetKind } from './exploreTypes';

export interface LitSet {
  readonly mask: Uint8Array;
  readonly count: number;
  readonly what: SetKind;
}

type Inputs = Pick<ExploreData, 'lasso' | 'pick' | 'search' | 'isolation' | 'neighbors' | 'selected'>;

let memo: { inputs: Inputs; n: number; set: LitSet | null } | null = null;

const filtersSame = (a: Inputs, b: Inputs): boolean => a.lasso === b.lasso && a.pick === b.pick && a.search === b.search && a.isolation === b.isolation;
const hasFilter = (e: Inputs): boolean => !!e.lasso || !!e.pick || searchMask(e) !== null;
/** The neighbour list counts only when no filter is active: a click on a word under a search keeps the set. */
const same = (a: Inputs, b: Inputs): boolean => filtersSame(a, b) && (hasFilter(b) || (a.neighbors === b.neighbors && a.selected === b.selected));

/** The search's matches when it filters anything (a query without an error). */
function searchMask(e: Inputs): Uint8Array | null {
  return e.search.query !== '' && !e.search.error ? e.search.matches : null;
}

export function litSet(e: Inputs, n: number): LitSet | null {
  if (memo && memo.n === n && same(memo.inputs, e)) return memo.set;
  const set = computeLitSet(e, n);
  memo = { inputs: { lasso: e.lasso, pick: e.pick, search: e.search, isolation: e.isolation, neighbors: e.neighbors, selected: e.selected }, n, set };
  return set;
}

function computeLitSet(e: Inputs, n: number): LitSet | null {
  const filters: { mask: Uint8Array; what: SetKind }[] = [];
  if (e.lasso) filters.push({ mask: e.lasso.mask, what: 'lasso' });
  if (e.pick) filters.push({ mask: e.pick.mask, what: 'category' });
  const search = searchMask(e);
  if (search) filters.push({ mask: search, what: 'search' });
  let mask: Uint8Array;
  let what: SetKind;
  if (filters.length > 0) {
    // The first filter copied, the others ANDed in (rows past a short mask are off).
    mask = new Uint8Array(n);
    const first = filters[0].mask;
    mask.set(first.length > n ? first.subarray(0, n) : first);
    for (let k = 1; k < filters.length; k++) {
      const m = filters[k].mask;
      for (let i = 0; i < n; i++) mask[i] &= m[i] ?? 0;
    }
    what = filters.length === 1 ? filters[0].what : 'combined';
  } else if (e.neighbors && e.neighbors.length > 0) {
    mask = new Uint8Array(n);
    for (const nb of e.neighbors) if (nb.index >= 0 && nb.index < n) mask[nb.index] = 1;
    if (e.selected >= 0 && e.selected < n) mask[e.selected] = 1;
    what = 'neighbors';
  } else return null;
  let count = 0;
  const iso = e.isolation?.mask;
  for (let i = 0; i < n; i++) {
    if (iso && !iso[i]) mask[i] = 0;
    count += mask[i];
  }
  return count > 0 ? { mask, count, what } : null;
}

/** The mask the plot dims by: lasso ∩ pick ∩ search (null when none is active). */
export function dimMask(e: Pick<ExploreData, 'lasso' | 'pick' | 'search'>): Uint8Array | null {
  const masks = [e.lasso?.mask ?? null, e.pick?.mask ?? null, searchMask(e as Inputs)].filter((m): m is Uint8Array => m !== null);
  if (masks.length <= 1) return masks[0] ?? null;
  const out = new Uint8Array(masks[0].length);
  for (let i = 0; i < out.length; i++) {
    let on = 1;
    for (const m of masks) on &= m[i];
    out[i] = on;
  }
  return out;
}
