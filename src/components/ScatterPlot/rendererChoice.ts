/**
 * Which painter this browser gets, decided once per page at the first plot:
 *
 * 1. `?renderer=webgl|cpu` in the page's address forces one (a setting for people whose
 *    GPU misbehaves, and for the e2e test that compares the two).
 * 2. No WebGL2 → CPU.
 * 3. A software WebGL (SwiftShader, llvmpipe…, named by WEBGL_debug_renderer_info) → CPU:
 *    there the raster is ~10–20× faster than emulated WebGL.
 * 4. Otherwise both draw the same 100k-point test frame off screen, timed to the
 *    pixels (a 1-pixel read forces each to finish), and the faster one wins.
 *
 * The choice is device state, not app state: a module-level value that the status line
 * reads through useRendererChoice (useSyncExternalStore).
 */
import { createRng } from '../../compute/random';
import { createCpuPainter } from './cpuPainter';
import { createSceneBuilder } from './pointScene';
import { packRGBA } from './raster';
import type { Frame, Painter, RendererKind } from './renderTypes';
import { fitView, zoomView } from './viewMath';
import { createWebglPainter } from './webglPainter';

export interface RendererChoice {
  readonly kind: RendererKind;
  readonly reason: 'setting' | 'no-webgl2' | 'software-gl' | 'timed' | 'unavailable';
  /** The GPU WebGL reports, when it does. */
  readonly gpu: string | null;
  /** The timed test frame, ms (reason 'timed' only). */
  readonly cpuMs?: number;
  readonly webglMs?: number;
}

const SOFTWARE_GL = /swiftshader|llvmpipe|softpipe|software|basic render|lavapipe/i;
const TEST_POINTS = 100_000;
const TEST_SIZE = 512;

let choice: RendererChoice | null = null;
const listeners = new Set<() => void>();

/** `?renderer=` of the page, when it names a painter. */
export function rendererSetting(search: string = globalThis.location?.search ?? ''): RendererKind | null {
  const v = new URLSearchParams(search).get('renderer');
  return v === 'webgl' || v === 'cpu' ? v : null;
}

/** Whether a WebGL renderer string names a software implementation. */
export function isSoftwareGpu(renderer: string): boolean {
  return SOFTWARE_GL.test(renderer);
}

/** The painter for this page (decided on the first call, then remembered). */
export function chooseRenderer(): RendererChoice {
  if (choice) return choice;
  choice = decide();
  for (const l of listeners) l();
  return choice;
}

/** The choice made so far, or null before the first plot. */
export function currentRendererChoice(): RendererChoice | null {
  return choice;
}

export function subscribeRendererChoice(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function decide(): RendererChoice {
  if (typeof document === 'undefined') return { kind: 'cpu', reason: 'unavailable', gpu: null };
  const probe = document.createElement('canvas');
  const gl = probe.getContext('webgl2');
  const info = gl?.getExtension('WEBGL_debug_renderer_info');
  const gpu = gl ? String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER)) : null;
  gl?.getExtension('WEBGL_lose_context')?.loseContext();
  const setting = rendererSetting();
  if (setting) return { kind: setting, reason: 'setting', gpu };
  if (!gl || gpu === null) return { kind: 'cpu', reason: 'no-webgl2', gpu: null };
  if (isSoftwareGpu(gpu)) return { kind: 'cpu', reason: 'software-gl', gpu };
  try {
    const cpuMs = timeFrame(createCpuPainter(document.createElement('canvas')));
    const glPainter = createWebglPainter(document.createElement('canvas'));
    if (!glPainter) return { kind: 'cpu', reason: 'no-webgl2', gpu };
    const webglMs = timeFrame(glPainter);
    return { kind: webglMs < cpuMs ? 'webgl' : 'cpu', reason: 'timed', gpu, cpuMs, webglMs };
  } catch {
    return { kind: 'cpu', reason: 'no-webgl2', gpu };
  }
}

/**
 * Draws a warm-up frame, then times one more (a different zoom) until its pixels exist.
 * The warm-up takes shader compilation and uploads out of the race: they happen once,
 * a redraw happens at every zoom.
 */
function timeFrame(painter: Painter): number {
  const rng = createRng(1);
  const coords = new Float32Array(2 * TEST_POINTS).map(() => rng.gaussian());
  const colors = new Uint32Array(TEST_POINTS).fill(packRGBA(78, 121, 167));
  const scene = createSceneBuilder().build({ coords, colors, sizes: null, mask: null });
  const base = fitView({ minX: -3, minY: -3, maxX: 3, maxY: 3 }, TEST_SIZE, TEST_SIZE);
  const frame = (k: number, version: number): Frame => ({
    width: TEST_SIZE,
    height: TEST_SIZE,
    view: zoomView(base, { k, x: (1 - k) * (TEST_SIZE / 2), y: (1 - k) * (TEST_SIZE / 2) }),
    scene,
    morph: null,
    radius: 1.6,
    markers: [],
    background: packRGBA(255, 255, 255),
    ink: packRGBA(30, 30, 30),
    density: null,
    thumbnails: null,
    baseVersion: version,
  });
  try {
    painter.resize(TEST_SIZE, TEST_SIZE);
    painter.paint(frame(1, 1));
    const t0 = performance.now();
    painter.paint(frame(1.3, 2));
    painter.finish();
    return performance.now() - t0;
  } finally {
    painter.destroy();
  }
}
