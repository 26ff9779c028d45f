/**
 * Render bench: how long one full redraw of the scatter renderer takes in headless
 * Chromium with software rendering (the worst case a user's browser can be in),
 * at 10k, 100k and 1M points, beside a naive per-point canvas arc() + fill baseline.
 *
 * Median and minimum are both reported: on a shared machine the median absorbs
 * other processes' load, the minimum is closer to the uncontended cost.
 *
 * The renderer runs in a real page: a Vite dev server (started here, root
 * bench/render/) serves a tiny page importing src/components/ScatterPlot/renderer.ts.
 */
import { createServer as createNetServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import type { RenderBenchApi, RenderBenchResult, RenderImpl } from './render/api';
import { BENCH_HEIGHT, BENCH_WIDTH } from './render/api';
import type { BenchRow, BenchSection } from './types';

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, '..');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createNetServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

function label(n: number): string {
  return n >= 1e6 ? `${n / 1e6}M` : `${n / 1e3}k`;
}

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
      const page = await browser.newPage({ viewport: { width: BENCH_WIDTH + 40, height: BENCH_HEIGHT * 2 + 40 }, deviceScaleFactor: 1 });
      page.on('pageerror', (e) => log(`page error: ${e.message}`));
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.waitForFunction(() => 'renderBench' in window, null, { timeout: 60_000 });

      const runCase = (impl: RenderImpl, n: number, count: number): Promise<RenderBenchResult> =>
        page.evaluate(
          ([i, size, f]) => (window as unknown as { renderBench: RenderBenchApi }).renderBench.run(i, size, f),
          [impl, n, count] as const,
        );

      for (const n of sizes) {
        const caseName = `${label(n)} points, ${BENCH_WIDTH}×${BENCH_HEIGHT} px`;
        const ours = await runCase('sprout', n, frames);
        log(`sprout      ${label(n).padStart(4)}: median ${ours.medianMs.toFixed(1)} ms (min ${ours.minMs.toFixed(1)}), ${ours.drawn} drawn`);
        rows.push({
          section: 'render',
          case: caseName,
          impl: 'sprout',
          ms: ours.medianMs,
          metrics: { fps: 1000 / ours.medianMs, min_ms: ours.minMs, drawn: ours.drawn },
          note: `CPU raster into ImageData, median of ${ours.frames} frames`,
        });
        if (n > 100_000) continue; // the baseline takes seconds per frame at 1M
        // The baseline is ~25× slower: fewer frames keep the section short.
        const arcFrames = n > 10_000 ? Math.min(frames, 8) : frames;
        const arc = await runCase('canvas-arc', n, arcFrames);
        log(`canvas-arc  ${label(n).padStart(4)}: median ${arc.medianMs.toFixed(1)} ms (min ${arc.minMs.toFixed(1)})`);
        rows.push({
          section: 'render',
          case: caseName,
          impl: 'canvas-arc',
          ms: arc.medianMs,
          metrics: { fps: 1000 / arc.medianMs, min_ms: arc.minMs },
          note: `per-point arc()+fill, median of ${arc.frames} frames`,
        });
      }
    } finally {
      await browser?.close();
      await server?.close();
    }
    return rows;
  },
};
