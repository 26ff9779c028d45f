/**
 * What Explore draws when rows are isolated: the layout on screen with every other row
 * NaN (the plot core neither draws, hits nor fits a non-finite point). Memoised, so the
 * plot gets the same object until the layout or the isolation changes; a masked copy
 * gets a version of its own (the core rebuilds its caches when the version changes).
 */
import { keepRows } from '../compute/select/subset';
import type { AppState } from './appState';
import type { Isolation } from './exploreTypes';
import type { Layout } from './types';

/** Versions of masked copies start here, far above the +1 steps of ordinary layouts, so they never collide. */
const MASKED_VERSION_BASE = 2 ** 40;
let maskedVersion = MASKED_VERSION_BASE;
let memo: { layout: Layout | null; isolation: Isolation | null; shown: Layout | null } | null = null;

export function isolatedLayout(layout: Layout | null, isolation: Isolation | null): Layout | null {
  if (!layout || !isolation || isolation.mask.length !== layout.coords.length >> 1) return layout;
  if (memo && memo.layout === layout && memo.isolation === isolation) return memo.shown;
  const shown: Layout = { ...layout, coords: keepRows(layout.coords, isolation.mask), version: ++maskedVersion };
  memo = { layout, isolation, shown };
  return shown;
}

/** Explore's layout as drawn (isolation applied). */
export const selectShownLayout = (s: AppState): Layout | null => isolatedLayout(s.explore.layout, s.explore.isolation);
