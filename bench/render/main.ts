/**
 * The render bench page: the real renderer (src/components/ScatterPlot/renderer.ts) with
 * each painter, a naive per-point canvas arc() baseline, and the whole plot core
 * (createScatterplot) for the time from a new layout to its first frame, all drawing
 * the same synthetic clustered layout.
 */
import { createRng } from '../../src/compute/random';
import { packRGBA, unpackRGBA } from '../../src/components/ScatterPlot/raster';
import { createScatterRenderer, type ScatterRenderer } from '../../src/components/ScatterPlot/renderer';
import { createScatterplot } from '../../src/components/ScatterPlot/scatterplot';
import { NO_HIGHLIGHT, type Scatterplot } from '../../src/components/ScatterPlot/scatterTypes';
import { dataExtent, fitView, pointRadius, zoomView, type View } from '../../src/components/ScatterPlot/viewMath';
import '../../src/components/ScatterPlot/ScatterPlot.css';
import { BENCH_HEIGHT, BENCH_WIDTH, type FirstDrawResult, type RenderBenchApi, type RenderBenchResult, type RenderImpl } from './api';

const PALETTE = ['#4e79a7', '#f28e2c', '#e15759', '#76b7b2', '#59a14f', '#edc949', '#af7aa1', '#ff9da7', '#9c755f', '#bab0ab'];
const packed = PALETTE.map((h) => packRGBA(parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)));

/** n points in 10 gaussian clusters (like a projected embedding), with a cluster colour each. */
function makeLayout(n: number): { coords: Float32Array; colors: Uint32Array; cluster: Uint8Array } {
  const rng = createRng(42);
  const centres = Array.from({ length: 10 }, () => [rng.gaussian() * 4, rng.gaussian() * 4]);
  const coords = new Float32Array(n * 2);
  const colors = new Uint32Array(n);
  const cluster = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const c = rng.int(10);
    coords[2 * i] = centres[c][0] + rng.gaussian();
    coords[2 * i + 1] = centres[c][1] + rng.gaussian();
    colors[i] = packed[c];
    cluster[i] = c;
  }
  return { coords, colors, cluster };
}

/** Frame f of a slow zoom-and-pan: between 1× and ~2.2×, always over the data. */
function frameView(base: View, f: number): View {
  const k = 1 + 0.6 * (1 - Math.cos(f / 4));
  const x = (1 - k) * (BENCH_WIDTH / 2) + 40 * Math.sin(f / 3);
  const y = (1 - k) * (BENCH_HEIGHT / 2) + 30 * Math.cos(f / 5);
  return zoomView(base, { k, x, y });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const renderers = new Map<RenderImpl, ScatterRenderer>();
const cache = new Map<number, ReturnType<typeof makeLayout>>();

function layout(n: number): ReturnType<typeof makeLayout> {
  let data = cache.get(n);
  if (!data) {
    cache.clear();
    data = makeLayout(n);
    cache.set(n, data);
  }
  return data;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function run(impl: RenderImpl, n: number, frames: number): Promise<RenderBenchResult> {
  const data = layout(n);
  const base = fitView(dataExtent(data.coords), BENCH_WIDTH, BENCH_HEIGHT);
  const times: number[] = [];
  let drawn = n;
  const warmup = 3;

  if (impl !== 'canvas-arc') {
    let renderer = renderers.get(impl);
    if (!renderer) renderers.set(impl, (renderer = createScatterRenderer(document.getElementById(impl) as HTMLCanvasElement, { kind: impl })));
    renderer.resize(BENCH_WIDTH, BENCH_HEIGHT, 1);
    renderer.setPointSize(pointRadius(n));
    renderer.setData(data.coords, data.colors);
    // A large layout is put in spatial order once it has stayed for a moment (renderer.ts).
    await sleep(300);
    for (let f = 0; f < frames + warmup; f++) {
      renderer.setTransform(frameView(base, f));
      const t0 = performance.now();
      renderer.drawNow();
      // Until the pixels exist: a canvas flush (CPU) or the GPU's queue (WebGL).
      renderer.finish();
      if (f >= warmup) times.push(performance.now() - t0);
    }
    drawn = renderer.drawnCount();
  } else {
    const canvas = document.getElementById('baseline') as HTMLCanvasElement;
    canvas.width = BENCH_WIDTH;
    canvas.height = BENCH_HEIGHT;
    const ctx = canvas.getContext('2d', { alpha: false }) as CanvasRenderingContext2D;
    const css = packed.map((c) => {
      const [r, g, b] = unpackRGBA(c);
      return `rgb(${r},${g},${b})`;
    });
    const r = pointRadius(n);
    const { coords, cluster } = data;
    for (let f = 0; f < frames + warmup; f++) {
      const v = frameView(base, f);
      const t0 = performance.now();
      ctx.globalAlpha = 1;
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, BENCH_WIDTH, BENCH_HEIGHT);
      ctx.globalAlpha = 0.82;
      for (let i = 0; i < n; i++) {
        ctx.beginPath();
        ctx.arc(coords[2 * i] * v.sx + v.ox, coords[2 * i + 1] * v.sy + v.oy, r, 0, 2 * Math.PI);
        ctx.fillStyle = css[cluster[i]];
        ctx.fill();
      }
      ctx.getImageData(0, 0, 1, 1);
      if (f >= warmup) times.push(performance.now() - t0);
    }
  }
  return { medianMs: median(times), minMs: Math.min(...times), drawn, frames };
}

let plot: Scatterplot | null = null;
const nextFrame = (): Promise<number> => new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));

/**
 * Times the renderer's own frame: a callback registered before `change` runs just
 * before the frame the change schedules, one registered after runs just after it.
 */
async function frameWork(change: () => void): Promise<{ sync: number; frame: number; total: number }> {
  let before = 0;
  const start = new Promise<void>((resolve) => requestAnimationFrame(() => ((before = performance.now()), resolve())));
  const t0 = performance.now();
  change();
  const sync = performance.now() - t0;
  const after = await nextFrame();
  await start;
  return { sync, frame: after - before, total: after - t0 };
}

/**
 * The whole plot core, as the app uses it: a new layout (fresh arrays, so nothing is
 * cached) handed over, then its first frame. Reported as the work (the synchronous
 * part of setPoints + setColors, plus the frame that draws them) and as the time to
 * the screen, which also waits for the next animation frame.
 */
async function firstDraw(n: number, runs: number): Promise<FirstDrawResult> {
  const data = layout(n);
  const root = document.getElementById('plot') as HTMLDivElement;
  if (!plot) {
    const el = <K extends keyof HTMLElementTagNameMap>(tag: K, cls: string): HTMLElementTagNameMap[K] => {
      const e = document.createElement(tag);
      e.className = cls;
      root.append(e);
      return e;
    };
    const svg = (cls: string): SVGSVGElement => {
      const e = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
      e.setAttribute('class', cls);
      root.append(e);
      return e;
    };
    root.className = 'scatter';
    const canvas = el('canvas', 'scatter-canvas');
    const axes = svg('scatter-axes');
    const marks = svg('scatter-marks');
    const surface = el('div', 'scatter-surface');
    plot = createScatterplot({ root, canvas, surface, axes, marks }, { renderer: 'cpu', density: 'off', animate: false });
  }
  const p = plot;
  const work: number[] = [];
  const total: number[] = [];
  const hovers: number[] = [];
  for (let r = 0; r < runs; r++) {
    p.setPoints(null);
    await nextFrame();
    const coords = data.coords.slice();
    const colors = data.colors.slice();
    const t = await frameWork(() => {
      p.setPoints({ coords, version: r + 1 });
      p.setColors(colors);
    });
    work.push(t.sync + t.frame);
    total.push(t.total);
    // Hover frames once the layout is in spatial order and settled.
    await sleep(300);
    await nextFrame();
    for (let h = 0; h < 5; h++) hovers.push((await frameWork(() => p.setHighlight({ ...NO_HIGHLIGHT, hovered: (h * 7919) % n }))).frame);
  }
  return { medianMs: median(work), minMs: Math.min(...work), toScreenMs: median(total), hoverMs: median(hovers), renderer: 'cpu', runs };
}

const api: RenderBenchApi = { run, firstDraw };
(window as unknown as { renderBench: RenderBenchApi }).renderBench = api;
