/**
 * The Export menu's picture of the map: the layout as drawn (isolation applied), the
 * point colours and legend of the current colouring, the lit rows, the selected point and
 * its neighbours with their labels, and a caption — every text already in the interface
 * language, since it is drawn into the picture.
 */
import type { PictureInput, PictureLegend, PictureMark } from '../../compute/export/picture';
import type { Translator } from '../../i18n/translate';
import type { AppState } from '../../state/appState';
import { selectShownLayout } from '../../state/isolation';
import { dimMask } from '../../state/litSet';
import { legendFor, packHex, pointColors } from '../ScatterPlot/colors';

/** CSS px of the picture at 1×. */
export const PICTURE_SIZE = { width: 1200, height: 800 } as const;

function finiteCount(coords: Float32Array): number {
  let m = 0;
  for (let i = 0; i < coords.length; i += 2) if (Number.isFinite(coords[i]) && Number.isFinite(coords[i + 1])) m++;
  return m;
}

function pictureLegend(s: AppState, { t, f }: Translator): PictureLegend | null {
  const ds = s.data.dataset;
  const colorBy = s.explore.colorBy;
  if (!ds || !colorBy) return null;
  const legend = legendFor(ds, colorBy);
  if (!legend) return null;
  if (legend.kind === 'number') {
    const num = (v: number) => f.num(v, legend.digits);
    return { title: colorBy, items: [{ text: num(legend.min), color: packHex(legend.stops[0]) }, { text: num(legend.max), color: packHex(legend.stops[legend.stops.length - 1]) }] };
  }
  return {
    title: colorBy,
    items: legend.items.map((item) => ({ text: item.label ?? t('color.missing'), color: packHex(item.color) })),
  };
}

/** The picture of Explore's map now, or null when there is nothing to draw. */
export function pictureInput(s: AppState, tr: Translator): PictureInput | null {
  const ds = s.data.dataset;
  const layout = selectShownLayout(s);
  if (!ds || !layout || layout.datasetVersion !== s.data.version || layout.coords.length !== 2 * ds.n) return null;
  const shown = finiteCount(layout.coords);
  const marks: PictureMark[] = [];
  const { selected, neighbors } = s.explore;
  if (selected >= 0 && selected < ds.n) marks.push({ index: selected, kind: 'selected', text: ds.labels[selected] ?? '' });
  for (const nb of (neighbors ?? []).slice(0, 20)) marks.push({ index: nb.index, kind: 'neighbor', text: ds.labels[nb.index] ?? '' });
  return {
    ...PICTURE_SIZE,
    coords: layout.coords,
    colors: pointColors(ds, s.explore.colorBy),
    lit: dimMask(s.explore),
    radius: shown <= 2000 ? 3 : shown <= 20000 ? 2 : 1.2,
    marks,
    legend: pictureLegend(s, tr),
    caption: tr.t('export.caption', { name: ds.name, method: layout.method, n: shown }),
  };
}
