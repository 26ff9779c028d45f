/**
 * A/B of the CPU redraw (the render bench's `cpu` case) between two checkouts, in one
 * browser, alternating: on a shared machine only back-to-back runs compare. Each checkout
 * gets its own Vite dev server rooted at its bench/render page.
 *
 *   node --import tsx bench/renderAB.ts /work/main /work/wt-draw     # REPS=5 FRAMES=30 N=1000000
 *
 * Prints each run's median and minimum frame (ms), the page's main-thread CPU per frame
 * (DevTools ThreadTime, which other processes' load inflates less) and the load average.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from '@playwright/test';
import { createServer, type ViteDevServer } from 'vite';
import { freePort, launchChromium } from './browserHost';
import type { RenderBenchApi, RenderBenchResult } from './render/api';

const roots = process.argv.slice(2);
if (roots.length === 0) throw new Error('usage: bench/renderAB.ts <checkout> [<checkout> …]');
const reps = Number(process.env.REPS ?? 5);
const frames = Number(process.env.FRAMES ?? 30);
const n = Number(process.env.N ?? 1_000_000);

const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function threadMs(cdp: CDPSession): Promise<number> {
  const { metrics } = (await cdp.send('Performance.getMetrics')) as { metrics: { name: string; value: number }[] };
  return (metrics.find((m) => m.name === 'ThreadTime')?.value ?? NaN) * 1000;
}

const servers: ViteDevServer[] = [];
const browser = await launchChromium();
try {
  const sides: { root: string; page: Page; cdp: CDPSession; med: number[]; min: number[]; cpu: number[] }[] = [];
  for (const root of roots) {
    const port = await freePort();
    const server = await createServer({
      configFile: false,
      root: join(root, 'bench/render'),
      cacheDir: `/tmp/vite-render-ab-${port}`,
      logLevel: 'error',
      clearScreen: false,
      server: { host: '127.0.0.1', port, strictPort: true, hmr: false, ws: false, fs: { allow: [root, realpathSync(join(process.cwd(), 'node_modules'))] } },
    });
    await server.listen();
    servers.push(server);
    const page = await browser.newPage({ viewport: { width: 1240, height: 1640 }, deviceScaleFactor: 1 });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    await page.goto(`http://127.0.0.1:${port}/`);
    await page.waitForFunction(() => 'renderBench' in window, null, { timeout: 60_000 });
    sides.push({ root, page, cdp, med: [], min: [], cpu: [] });
  }
  const run = (page: Page, count: number): Promise<RenderBenchResult> =>
    page.evaluate(([size, f]) => (window as unknown as { renderBench: RenderBenchApi }).renderBench.run('cpu', size, f), [n, count] as const);
  for (const s of sides) await run(s.page, 3);
  for (let r = 0; r < reps; r++) {
    for (const s of sides) {
      const before = await threadMs(s.cdp);
      const res = await run(s.page, frames);
      const cpu = ((await threadMs(s.cdp)) - before) / (frames + 3);
      s.med.push(res.medianMs);
      s.min.push(res.minMs);
      s.cpu.push(cpu);
      console.log(`${s.root} run ${r}: median ${res.medianMs.toFixed(1)} ms, min ${res.minMs.toFixed(1)} ms, CPU ${cpu.toFixed(1)} ms/frame, ${res.drawn} drawn, load ${loadavg()}`);
    }
  }
  for (const s of sides) {
    console.log(`${s.root}: median of medians ${median(s.med).toFixed(1)} ms, min ${Math.min(...s.min).toFixed(1)} ms, CPU ${median(s.cpu).toFixed(1)} ms/frame (${reps} runs of ${frames} frames)`);
  }
} finally {
  await browser.close();
  for (const s of servers) await s.close();
}
