/**
 * Render bench: how long one full redraw takes in headless Chromium with software
 * rendering (the worst case a user's browser can be in), at 10k, 100k and 1M points:
 * the CPU raster, the WebGL2 painter (here through SwiftShader, so only a correctness
 * and worst-case figure), and a naive per-point canvas arc() + fill baseline. Then the
 * whole plot core: from a new layout to its first frame, and a hover frame after it.
 *
 * Median and minimum are both reported: on a shared machine the median absorbs
 * other processes' load, the minimum is closer to the uncontended cost. The page's
 * main-thread CPU time per frame comes from the DevTools protocol (ThreadTime).
 *
 * The renderer runs in a real page: a Vite dev server (started here, root
 * bench/render/) serves a tiny page importing src/components/ScatterPlot/.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import type { FirstDrawResult, RenderBenchApi, RenderBenchResult, RenderImpl } from './render/api';
import { BENCH_HEIGHT, BENCH_WIDTH } from './render/api';
import type { BenchRow, BenchSection } from './types';
import { freePort } from './browserHost';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..');


function label(n: number): string {
  return n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`;
}

/** CPU time of the page's main thread (s), as DevTools counts it (ThreadTime). */
async function threadSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN;
}

const IMPL_NOTE: Record<RenderImpl, string> = {
  cpu: 'CPU raster into ImageData (spatial draw order ≥ 50k points; one-pixel dots by a WebAssembly SIMD kernel)',
  webgl: 'WebGL2 point sprites, through SwiftShader here (software)',
  'canvas-arc': 'per-point arc()+fill',
};

export const render: BenchSection = {
  name: 'render',
  async run({ quick, log }) {
    const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000];
    const frames = quick ? 10 : 30;
    let server: ViteDevServer | null = null;
    let browser: Browser | null = null;
    const rows: BenchRow[] = [];
    try {
      const port = await freePort();
      server = await createServer({
        configFile: false,
        root: join(here, 'render'),
        logLevel: 'error',
        clearScreen: false,
        server: { host: '127.0.0.1', port, strictPort: true, hmr: false, ws: false, fs: { allow: [repoRoot] } },
      });
      await server.listen();
      browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
      });
      const page: Page = await browser.newPage({ viewport: { width: BENCH_WIDTH + 40, height: BENCH_HEIGHT * 2 + 40 }, deviceScaleFactor: 1 });
      page.on('pageerror', (e) => log(`page error: ${e.message}`));
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Performance.enable');
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => 'renderBench' in window, null, { timeout: 60_000 });

      const run = (impl: RenderImpl, n: number, count: number): Promise<RenderBenchResult> =>
        page.evaluate(([i, size, f]) => (window as unknown as { renderBench: RenderBenchApi }).renderBench.run(i, size, f), [impl, n, count] as const);
      const runCase = async (impl: RenderImpl, n: number, count: number): Promise<RenderBenchResult & { cpuMsPerFrame: number }> => {
        // A first short run makes the layout and the renderer's scene, so the measured run is redraws only.
        await run(impl, n, 1);
        const before = await threadSeconds(cdp);
        const r = await run(impl, n, count);
        const cpu = ((await threadSeconds(cdp)) - before) * 1000;
        // Main-thread CPU per frame (3 warm-up frames included), which load on the machine does not inflate.
        return { ...r, cpuMsPerFrame: cpu / (count + 3) };
      };

      for (const n of sizes) {
        const caseName = `${label(n)} points, ${BENCH_WIDTH}×${BENCH_HEIGHT} px`;
        const impls: RenderImpl[] = n > 100_000 ? ['cpu', 'webgl'] : ['cpu', 'webgl', 'canvas-arc'];
        for (const impl of impls) {
          // The software baselines take seconds per frame at scale: fewer frames keep the section short.
          const count = impl === 'cpu' ? frames : Math.min(frames, n > 10_000 ? 6 : 10);
          const r = await runCase(impl, n, count);
          log(`${impl.padEnd(10)} ${label(n).padStart(4)}: median ${r.medianMs.toFixed(1)} ms (min ${r.minMs.toFixed(1)}), main-thread CPU ${r.cpuMsPerFrame.toFixed(1)} ms/frame`);
          rows.push({
            section: 'render',
            case: caseName,
            impl: impl === 'cpu' ? 'sprout' : impl === 'webgl' ? 'sprout-webgl' : impl,
            ms: r.medianMs,
            metrics: { fps: 1000 / r.medianMs, min_ms: r.minMs, cpu_ms: r.cpuMsPerFrame, drawn: r.drawn },
            note: `${IMPL_NOTE[impl]}, median of ${r.frames} frames`,
          });
        }
      }

      const firstN = quick ? 100_000 : 1_000_000;
      const cpuBefore = await threadSeconds(cdp);
      const fd: FirstDrawResult = await page.evaluate(
        ([n, runs]) => (window as unknown as { renderBench: RenderBenchApi }).renderBench.firstDraw(n, runs),
        [firstN, quick ? 3 : 7] as const,
      );
      const fdCpu = ((await threadSeconds(cdp)) - cpuBefore) * 1000;
      log(`first draw ${label(firstN)}: work median ${fd.medianMs.toFixed(1)} ms (min ${fd.minMs.toFixed(1)}), on screen ${fd.toScreenMs.toFixed(1)} ms; hover frame ${fd.hoverMs.toFixed(1)} ms; main-thread CPU ${fdCpu.toFixed(0)} ms for ${fd.runs} layouts + 5 hovers each`);
      rows.push({
        section: 'render',
        case: `first draw after a new layout, ${label(firstN)} points`,
        impl: 'sprout',
        ms: fd.medianMs,
        metrics: { min_ms: fd.minMs, to_screen_ms: fd.toScreenMs, hover_frame_ms: fd.hoverMs, cpu_ms_per_layout: fdCpu / fd.runs },
        note: `plot core (${fd.renderer}): setPoints + setColors + the frame that draws them, median of ${fd.runs}`,
      });
    } finally {
      await browser?.close();
      await server?.close();
    }
    return rows;
  },
};
