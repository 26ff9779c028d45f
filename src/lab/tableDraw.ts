/**
 * Drawing the embedding tables as heatmaps (DOM canvas code, so it lives in lab/, not
 * compute/): one row per vocabulary ID, one cell per dimension, blue negative / red
 * positive, for the input table W and — beside it, the same rows — the output table C.
 * Only colours go on the canvas; every word and number is HTML (TablesPanel).
 */
import { divergingColor } from './canvas';

/** Left of the cells: the label column (HTML over the canvas), then the rare-band stripe. */
export const LABEL_W = 96;
const STRIPE_W = 4;
const GAP = 8;
export const RARE_COLOR = '#8e5bc4';
const FLASH_MS = 600;
export { FLASH_MS };

export interface TableLayout {
  readonly width: number;
  /** x of each table's first cell, and one cell's width. */
  readonly x: readonly number[];
  readonly cell: number;
  readonly dim: number;
}

export function tableLayout(width: number, dim: number, tables: number): TableLayout {
  const free = Math.max(dim * tables, width - LABEL_W - GAP * (tables - 1));
  const cell = free / (dim * tables);
  const x = Array.from({ length: tables }, (_, i) => LABEL_W + i * (dim * cell + GAP));
  return { width, x, cell, dim };
}

export interface RowStyle {
  /** Label background: hovered, focused, typed token, or plain. */
  readonly mark: 'hover' | 'focus' | 'token' | null;
  readonly rare: boolean;
  /** Per table: outlined (the last single update changed it), and a fading flash (0..1). */
  readonly outline: readonly boolean[];
  readonly flash: readonly number[];
}

const MARK_FILL = { hover: '#e6eef9', focus: '#e3efe7', token: '#fff1b8' } as const;

/** Draws one row of each table at y (tables: the values, or null for a table not shown now). */
export function drawRow(
  ctx: CanvasRenderingContext2D,
  layout: TableLayout,
  tables: readonly (Float32Array | null)[],
  id: number,
  y: number,
  rowH: number,
  scale: number,
  style: RowStyle,
): void {
  const { dim, cell, x } = layout;
  ctx.fillStyle = style.mark ? MARK_FILL[style.mark] : '#ffffff';
  ctx.fillRect(0, y, LABEL_W - STRIPE_W - 1, rowH);
  if (style.rare) {
    ctx.fillStyle = RARE_COLOR;
    ctx.fillRect(LABEL_W - STRIPE_W - 1, y, STRIPE_W, rowH - 1);
  }
  tables.forEach((values, t) => {
    const x0 = x[t];
    if (!values) {
      ctx.fillStyle = '#eeeeee';
      ctx.fillRect(x0, y, dim * cell, rowH - 1);
      return;
    }
    const o = id * dim;
    for (let k = 0; k < dim; k++) {
      ctx.fillStyle = divergingColor(values[o + k], scale);
      ctx.fillRect(x0 + k * cell, y, Math.ceil(cell), rowH - 1);
    }
    const flash = style.flash[t] ?? 0;
    if (flash > 0) {
      ctx.fillStyle = `rgba(255, 190, 0, ${0.4 * flash})`;
      ctx.fillRect(x0, y, dim * cell, rowH - 1);
    }
    if (style.outline[t]) {
      ctx.strokeStyle = '#d35400';
      ctx.lineWidth = 2;
      ctx.strokeRect(x0 + 1, y + 1, dim * cell - 2, rowH - 3);
    }
  });
  if (style.mark === 'hover') {
    ctx.strokeStyle = '#2b6cb0';
    ctx.lineWidth = 1;
    ctx.strokeRect(0.5, y + 0.5, layout.width - 1, rowH - 2);
  }
}

/** How strongly a row still flashes at `now` (0 when not). */
export function flashLevel(until: number | undefined, now: number): number {
  return until !== undefined && until > now ? (until - now) / FLASH_MS : 0;
}
