import { useEffect, useRef, useState } from 'react';
import { select } from 'd3-selection';
import { zoom, zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { createScatterRenderer } from '../components/ScatterPlot/renderer';
import { packHex } from '../components/ScatterPlot/colors';
import { placeLabels, type LabelBox } from '../components/ScatterPlot/labels';
import { dataExtent, fitView, toScreen, zoomView, type View } from '../components/ScatterPlot/viewMath';
import { useAppStore, useAppStoreApi } from '../state/hooks';
import type { AppState } from '../state/store';
import type { LabData } from '../state/lab';
import { TEACHING_GROUPS } from '../compute/train/teachingCorpus';
import { LAB_FRAME_MODES, type LabFrameMode } from '../compute/train/labSession';
import { groupColor, observeSize, prepareCanvas } from './canvas';

const selectRefit = (s: AppState) => s.labRefit;
const selectSetFrameMode = (s: AppState) => s.labSetFrameMode;
const selectFrameMode = (s: AppState) => s.lab.frameMode;

const FRAME_LABELS: Record<LabFrameMode, string> = {
  pca: 'PCA (fixed)',
  umap: 'UMAP (warm-started)',
  tsne: 't-SNE (warm-started)',
};

const isFrameMode = (v: string): v is LabFrameMode => (LAB_FRAME_MODES as readonly string[]).includes(v);
const selectFocus = (s: AppState) => s.labFocus;
const selectPhase = (s: AppState) => s.lab.phase;
const selectHasFrame = (s: AppState) => s.lab.frame !== null;
const selectScrubbing = (s: AppState) => s.lab.scrub !== null;
const selectArrowInfo = (s: AppState) => s.lab.arrows?.source ?? null;
const selectHasGroups = (s: AppState) => (s.lab.session ? s.lab.session.group.some((g) => g >= 0) : false);

/** Labels drawn besides the group words when a corpus has none of them (SOTU, a user's file). */
const FREQUENT_LABELS = 40;
const HOVER_RADIUS = 10;

interface Hover {
  readonly id: number;
  readonly x: number;
  readonly y: number;
}

/** The coordinates on screen: the scrubbed snapshot's or the live frame's. */
function shownCoords(lab: LabData): Float32Array | null {
  if (!lab.frame) return null;
  if (lab.scrub !== null) return lab.timeline.entries[lab.scrub]?.coords ?? lab.frame.coords;
  return lab.frame.coords;
}

/**
 * The table projected into a fixed 2D frame, updating live. Points go through the
 * shared raster renderer; labels, arrows and rings are drawn on an overlay canvas
 * (text on a canvas is never parsed as HTML). Everything here is driven by
 * store.subscribe, not by React renders.
 */
export function LabPlot() {
  const store = useAppStoreApi();
  const wrapRef = useRef<HTMLDivElement>(null);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const overlayRef = useRef<HTMLCanvasElement>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const [magnify, setMagnify] = useState(1);
  const refit = useAppStore(selectRefit);
  const setFrameMode = useAppStore(selectSetFrameMode);
  const frameMode = useAppStore(selectFrameMode);
  const focus = useAppStore(selectFocus);
  const phase = useAppStore(selectPhase);
  const hasFrame = useAppStore(selectHasFrame);
  const scrubbing = useAppStore(selectScrubbing);
  const arrowSource = useAppStore(selectArrowInfo);
  const hasGroups = useAppStore(selectHasGroups);
  /** The fitted view (before the user's zoom) and the one on screen. */
  const viewRef = useRef<View | null>(null);
  const shownViewRef = useRef<View | null>(null);
  const resetZoomRef = useRef<() => void>(() => {});
  const [zoomed, setZoomed] = useState(false);

  useEffect(() => {
    const wrap = wrapRef.current, canvas = canvasRef.current, overlay = overlayRef.current;
    if (!wrap || !canvas || !overlay) return;
    const renderer = createScatterRenderer(canvas);
    renderer.setPointSize(3);
    let width = 0, height = 0;
    let sessionId = '';
    let colors = new Uint32Array(0);
    let frameVersion = -1;
    let labelIds: number[] = [];
    // Wheel / drag zoom on top of the fitted view; the fit itself still follows the table.
    let transform: ZoomTransform = zoomIdentity;
    const wrapSel = select<HTMLDivElement, unknown>(wrap);
    const zoomer = zoom<HTMLDivElement, unknown>()
      .scaleExtent([0.5, 200])
      .clickDistance(4)
      .on('zoom', (e: { transform: ZoomTransform }) => {
        transform = e.transform;
        setZoomed(transform.k !== 1 || transform.x !== 0 || transform.y !== 0);
        draw();
      });
    wrapSel.call(zoomer);
    resetZoomRef.current = () => zoomer.transform(wrapSel, zoomIdentity);

    const draw = (): void => {
      const lab = store.getState().lab;
      const session = lab.session;
      const coords = shownCoords(lab);
      if (!session || !coords || width === 0) {
        renderer.setData(new Float32Array(0), new Uint32Array(0));
        const ctx = prepareCanvas(overlay, width, height);
        ctx?.clearRect(0, 0, width, height);
        return;
      }
      const V = session.words.length;
      if (session.id !== sessionId) {
        sessionId = session.id;
        viewRef.current = null;
        colors = new Uint32Array(V);
        for (let i = 0; i < V; i++) colors[i] = packHex(groupColor(session.group[i]));
        const groupIds: number[] = [];
        for (let i = 1; i < V; i++) if (session.group[i] >= 0) groupIds.push(i);
        // Corpora without the teaching words: label the most frequent ones (low IDs).
        labelIds = groupIds.length ? groupIds : Array.from({ length: Math.min(FREQUENT_LABELS, V - 1) }, (_, i) => i + 1);
      }
      // <unk> (row 0) never trains: it is left out of the picture.
      const pts = coords.subarray(2);
      const fv = lab.frame?.frameVersion ?? 0;
      const ext = dataExtent(pts);
      let view = viewRef.current;
      if (ext && (!view || fv !== frameVersion || outgrown(view, ext, width, height))) {
        view = fitView(padExtent(ext), width, height, 28);
        viewRef.current = view;
      }
      frameVersion = fv;
      if (!view) return;
      view = zoomView(view, transform);
      shownViewRef.current = view;
      renderer.setData(pts, colors.subarray(1));
      renderer.setTransform(view);
      const nbIds = lab.neighbors?.map((n) => n.id - 1) ?? [];
      renderer.setHighlight({ selected: lab.focus - 1, neighbors: nbIds, matches: null, hovered: -1 });
      wrap.dataset.step = String(lab.scrub !== null ? (lab.timeline.entries[lab.scrub]?.step ?? 0) : (lab.frame?.step ?? 0));
      wrap.dataset.frameVersion = String(fv);
      drawOverlay(overlay, width, height, view, coords, lab, labelIds, setMagnify);
    };

    const unsubscribe = store.subscribe((s, prev) => {
      const a = s.lab, b = prev.lab;
      if (a.frame !== b.frame || a.scrub !== b.scrub || a.session !== b.session || a.focus !== b.focus || a.neighbors !== b.neighbors || a.arrows !== b.arrows || a.tokens !== b.tokens) draw();
    });
    const stopObserving = observeSize(wrap, (w, h) => {
      width = w;
      height = h;
      renderer.resize(w, h, window.devicePixelRatio || 1);
      viewRef.current = null;
      draw();
    });
    return () => {
      unsubscribe();
      stopObserving();
      wrapSel.on('.zoom', null);
      renderer.destroy();
    };
  }, [store]);

  const pick = (clientX: number, clientY: number): Hover | null => {
    const lab = store.getState().lab;
    const coords = shownCoords(lab);
    const view = shownViewRef.current;
    const wrap = wrapRef.current;
    if (!coords || !view || !wrap) return null;
    const r = wrap.getBoundingClientRect();
    const px = clientX - r.left, py = clientY - r.top;
    let best = -1, bestD = HOVER_RADIUS * HOVER_RADIUS;
    for (let i = 1; i < coords.length / 2; i++) {
      const [x, y] = toScreen(view, coords[2 * i], coords[2 * i + 1]);
      const d = (x - px) ** 2 + (y - py) ** 2;
      if (d < bestD) {
        bestD = d;
        best = i;
      }
    }
    if (best < 0) return null;
    const [x, y] = toScreen(view, coords[2 * best], coords[2 * best + 1]);
    return { id: best, x, y };
  };

  const hoverWord = hover ? store.getState().lab.session?.words[hover.id] : undefined;

  return (
    <section className="lab-panel lab-plot-panel" aria-label="The table in 2D">
      <div className="lab-panel-head">
        <h2>Meaning appears</h2>
        <span className="hint" data-testid="lab-frame-hint">
          {frameMode === 'pca'
            ? 'PCA axes fitted once and held still, so what moves is training; Re-fit re-aims them.'
            : `${frameMode === 'umap' ? 'UMAP' : 't-SNE'} re-fitted every few hundred ms from the previous picture and rotated to match it, so clusters stay put; Re-fit lays it out afresh. No arrows here: a re-layout moves every point.`}
          {scrubbing ? ' Replaying a saved snapshot.' : ''}
        </span>
        <button type="button" data-testid="lab-fit" onClick={() => resetZoomRef.current()} disabled={!zoomed} title="Undo zoom and pan (scroll to zoom, drag to pan)">
          Fit
        </button>
        <label className="lab-frame-mode">
          Frame{' '}
          <select
            data-testid="lab-frame-mode"
            value={frameMode}
            disabled={!hasFrame || phase === 'opening'}
            onChange={(e) => {
              if (isFrameMode(e.target.value)) void setFrameMode(e.target.value);
            }}
            title="How the table is drawn in 2D: a fixed PCA frame, or UMAP / t-SNE re-fitted from the previous picture and rotated to match it"
          >
            {LAB_FRAME_MODES.map((m) => (
              <option key={m} value={m}>
                {FRAME_LABELS[m]}
              </option>
            ))}
          </select>
        </label>
        <button
          type="button"
          data-testid="lab-refit"
          onClick={() => void refit()}
          disabled={!hasFrame || phase === 'opening'}
          title={
            frameMode === 'pca'
              ? 'Fit a new PCA basis to the current table (rotated to match the old picture)'
              : 'Lay the table out afresh (a full UMAP / t-SNE run from the current picture, rotated to match it)'
          }
        >
          Re-fit
        </button>
      </div>
      <div
        ref={wrapRef}
        className="lab-plot"
        data-testid="lab-plot"
        onMouseMove={(e) => setHover(pick(e.clientX, e.clientY))}
        onMouseLeave={() => setHover(null)}
        onClick={(e) => {
          const h = pick(e.clientX, e.clientY);
          if (h) focus(h.id);
        }}
      >
        <canvas ref={canvasRef} className="lab-plot-canvas" data-testid="lab-plot-canvas" aria-hidden="true" />
        <canvas ref={overlayRef} className="lab-plot-overlay" data-testid="lab-plot-overlay" role="img" aria-label="Each point is one row of the table; coloured labels are the teaching corpus's word groups" />
        {hover && hoverWord !== undefined && (
          <div className="lab-tooltip" style={{ left: hover.x + 10, top: hover.y + 10 }} data-testid="lab-plot-tooltip">
            {hoverWord} <span className="hint">#{hover.id}</span>
          </div>
        )}
      </div>
      <div className="lab-plot-legend">
        {hasGroups && (
          <ul className="legend" aria-label="Word groups">
            {TEACHING_GROUPS.map((g, i) => (
              <li key={g.name}>
                <span className="swatch" style={{ background: groupColor(i) }} aria-hidden="true" />
                <span className="legend-label">{g.name}</span>
              </li>
            ))}
          </ul>
        )}
        {arrowSource && !scrubbing && (
          <p className="hint" data-testid="lab-arrow-note">
            Arrows: the last {arrowSource === 'step' ? 'Step' : 'example update'} — <span className="lab-pull">target pulled</span>,{' '}
            <span className="lab-push">wrong answer pushed</span>
            {magnify > 1 ? ` (drawn ×${formatMagnify(magnify)} longer)` : ''}.
          </p>
        )}
      </div>
    </section>
  );
}

function formatMagnify(k: number): string {
  return k >= 10 ? String(Math.round(k)) : k.toFixed(1);
}

function padExtent(e: { minX: number; minY: number; maxX: number; maxY: number }) {
  const px = (e.maxX - e.minX) * 0.04, py = (e.maxY - e.minY) * 0.04;
  return { minX: e.minX - px, maxX: e.maxX + px, minY: e.minY - py, maxY: e.maxY + py };
}

/** True when points left the view or now fill much less than it (the table grew or shrank). */
function outgrown(view: View, e: { minX: number; minY: number; maxX: number; maxY: number }, width: number, height: number): boolean {
  const [x0, y0] = toScreen(view, e.minX, e.maxY);
  const [x1, y1] = toScreen(view, e.maxX, e.minY);
  if (x0 < 0 || y0 < 0 || x1 > width || y1 > height) return true;
  return x1 - x0 < width * 0.45 && y1 - y0 < height * 0.45;
}

function drawOverlay(
  overlay: HTMLCanvasElement,
  width: number,
  height: number,
  view: View,
  coords: Float32Array,
  lab: LabData,
  labelIds: readonly number[],
  setMagnify: (k: number) => void,
): void {
  const ctx = prepareCanvas(overlay, width, height);
  const session = lab.session;
  if (!ctx || !session) return;
  ctx.clearRect(0, 0, width, height);
  const at = (id: number): [number, number] => toScreen(view, coords[2 * id], coords[2 * id + 1]);

  // Labels, most important first: the focused word, the typed tokens, the focus's
  // neighbours, then the group words (coloured). A label that would overlap one already
  // placed is skipped, so a tight cluster stays readable (zoom in to see the rest).
  const labels = new Map<number, string>();
  if (lab.focus > 0) labels.set(lab.focus, '#1d2521');
  for (const t of lab.tokens) if (t.id > 0 && !labels.has(t.id)) labels.set(t.id, '#1d2521');
  for (const n of lab.neighbors ?? []) if (!labels.has(n.id)) labels.set(n.id, session.group[n.id] >= 0 ? groupColor(session.group[n.id]) : '#1d2521');
  for (const id of labelIds) if (!labels.has(id)) labels.set(id, groupColor(session.group[id]));
  ctx.font = '12px system-ui, sans-serif';
  ctx.textBaseline = 'middle';
  ctx.lineJoin = 'round';
  const placed: { id: number; color: string; x: number; y: number }[] = [];
  const boxes: LabelBox[] = [];
  for (const [id, color] of labels) {
    const [x, y] = at(id);
    if (x < -50 || y < -20 || x > width + 50 || y > height + 20) continue;
    placed.push({ id, color, x, y });
    boxes.push({ x: x + 4, y: y - 8, width: ctx.measureText(session.words[id]).width + 2, height: 16 });
  }
  const keep = placeLabels(boxes);
  let hidden = 0;
  for (let t = 0; t < placed.length; t++) {
    if (!keep[t]) {
      hidden++;
      continue;
    }
    const { id, color, x, y } = placed[t];
    const text = session.words[id];
    ctx.lineWidth = 3;
    ctx.strokeStyle = 'rgba(255,255,255,0.9)';
    ctx.strokeText(text, x + 5, y);
    ctx.fillStyle = color;
    ctx.fillText(text, x + 5, y);
  }
  overlay.dataset.labelsHidden = String(hidden);

  // Arrows for the last update (only in the live frame they were measured in).
  const arrows = lab.arrows;
  if (!arrows || lab.scrub !== null || arrows.frameVersion !== (lab.frame?.frameVersion ?? -1)) {
    setMagnify(1);
    return;
  }
  for (const c of arrows.context) {
    const [x, y] = at(c);
    ctx.beginPath();
    ctx.arc(x, y, 7, 0, Math.PI * 2);
    ctx.strokeStyle = '#6b4fbb';
    ctx.lineWidth = 2;
    ctx.stroke();
  }
  let longest = 0;
  const segs = arrows.moves.map((m) => {
    const [x0, y0] = toScreen(view, m.from[0], m.from[1]);
    const [x1, y1] = toScreen(view, m.to[0], m.to[1]);
    longest = Math.max(longest, Math.hypot(x1 - x0, y1 - y0));
    return { m, x0, y0, x1, y1 };
  });
  // Single updates are tiny on screen: magnify so the longest arrow is ~40 px (and say so).
  const k = longest > 0 && longest < 40 ? Math.min(1e4, 40 / longest) : 1;
  setMagnify(k);
  for (const { m, x0, y0, x1, y1 } of segs) {
    const ex = x0 + (x1 - x0) * k, ey = y0 + (y1 - y0) * k;
    const color = m.role === 'target' ? '#1a8a3a' : '#c0392b';
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = 2.5;
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(ex, ey);
    ctx.stroke();
    const a = Math.atan2(ey - y0, ex - x0);
    if (Math.hypot(ex - x0, ey - y0) > 1) {
      ctx.beginPath();
      ctx.moveTo(ex, ey);
      ctx.lineTo(ex - 9 * Math.cos(a - 0.4), ey - 9 * Math.sin(a - 0.4));
      ctx.lineTo(ex - 9 * Math.cos(a + 0.4), ey - 9 * Math.sin(a + 0.4));
      ctx.closePath();
      ctx.fill();
    }
  }
}
