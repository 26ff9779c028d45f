/**
 * Every core in the browser: the production build in headless Chromium, cross-origin
 * isolated (as `vite preview` serves it), running UMAP through the UI on one kernel
 * thread and on two — the page is told it has 2 cores (→ 1 thread) or 3 (→ 2 threads),
 * since it asks for every core but one. Cases: UMAP on GloVe 50k (NN-descent + SGD, the
 * app's defaults) and UMAP on MNIST 10k with the PCA step switched off, whose
 * "Neighbours" time is the exact kNN graph of the raw 10k×784 pixels. Times are the
 * panel's own (worker compute time per phase, and the main thread's wall clock). Each
 * run is the first in a fresh page, started 4 s after the first map shows (the page warms
 * its kernel threads meanwhile, as it does for a user; the Node rows warm up on a slice
 * of the data instead), and the page's main thread draws the run's snapshots on the
 * same two cores. A full run makes BROWSER_ROUNDS rounds of (one thread, two threads)
 * per case and reports each row's median run, as the Node thread rows do.
 * Needs a production build in dist/ (`npx vite build`).
 */
import { loadavg } from 'node:os';
import { type Browser } from '@playwright/test';
import type { PreviewServer } from 'vite';
import type { BenchRow, BenchSection } from './types';
import { autoEpochs } from '../src/compute/project/umap';
import { launchChromium, previewBuild } from './browserHost';
import { medianRound } from './table';



/** How long the bench looks at the first map before it runs, as a user would. */
const IDLE_MS = 4000;

/**
 * Rounds in a full run. Single runs said more about the minute than the code: two
 * full runs on the same commit (2026-12-05), minutes apart, gave GloVe 50k's UMAP
 * 1.05× and 1.56× on two threads (layout 2.7 s on both thread counts in the first).
 */
const BROWSER_ROUNDS = 5;

/** "4.2 s" / "850 ms" / "1 min 12 s" → ms. */
function parseMs(text: string): number {
  const min = /(\d+) min (\d+) s/.exec(text);
  if (min) return (Number(min[1]) * 60 + Number(min[2])) * 1000;
  const s = /([\d.]+) s/.exec(text);
  if (s) return Number(s[1]) * 1000;
  const ms = /([\d,]+) ms/.exec(text);
  return ms ? Number(ms[1].replace(/,/g, '')) : NaN;
}

interface Measured {
  readonly threads: string;
  readonly graphMs: number;
  readonly layoutMs: number;
  readonly wallMs: number;
  readonly load: readonly [number, number];
}

async function umapOnce(browser: Browser, port: number, cores: number, dataset: string, preReduceOff: boolean, epochs: number): Promise<Measured> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  try {
    await page.addInitScript(`Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => ${cores} })`);
    await page.goto(`http://127.0.0.1:${port}/?dataset=${dataset}`);
    // Loaded: the map shows the dataset's first layout (PCA, or a built-in view's UMAP), as e2e/helpers.ts openApp waits for.
    await page.getByTestId('status-line').filter({ hasText: / · (PCA|UMAP)/ }).waitFor({ timeout: 120_000 });
    // A user looks at the first map for a moment before running anything: the page warms
    // its kernel threads meanwhile (compute/project/warmKernels.ts; ~2 s of both cores).
    await page.waitForTimeout(IDLE_MS);
    await page.getByTestId('projection-method').selectOption('umap');
    // The app's own epoch count for the size (autoEpochs), typed in: with 'auto' the spec
    // is the built-in view's, whose finished layout the app shows again instead of running.
    await page.getByTestId('umap-epochs').fill(String(epochs));
    if (preReduceOff) await page.getByTestId('projection-pre-reduce').uncheck();
    const load0 = loadavg()[0];
    await page.getByTestId('projection-run').click();
    await page.getByTestId('projection-state').filter({ hasText: 'Done' }).waitFor({ timeout: 600_000 });
    const load1 = loadavg()[0];
    const timings = page.getByTestId('projection-timings');
    const row = async (label: string): Promise<string> => (await timings.locator('.meta-row', { hasText: label }).locator('dd').innerText()).trim();
    return {
      threads: (await page.getByTestId('projection-threads').innerText()).trim(),
      graphMs: parseMs(await row('Neighbours')),
      layoutMs: parseMs(await row('Layout')),
      wallMs: parseMs(await row('Wall clock')),
      load: [load0, load1],
    };
  } finally {
    await page.close();
  }
}

/** The rounds' median run, with that run's phase times. */
function medianRun(runs: readonly BenchRow[]): BenchRow {
  const median = medianRound(runs);
  return { ...median, metrics: (runs.find((r) => r.ms === median.ms) ?? runs[0]).metrics };
}

export const threadsBrowserSection: BenchSection = {
  name: 'threads-browser',
  async run({ quick, log }) {
    const rows: BenchRow[] = [];
    let server: PreviewServer | null = null;
    let browser: Browser | null = null;
    const cases = quick ? [{ label: 'MNIST 10k×784, exact kNN (no PCA step)', dataset: 'mnist-10k', off: true }] : [
      { label: 'GloVe 50k×100, UMAP (app defaults)', dataset: 'glove-50k', off: false },
      { label: 'MNIST 10k×784, exact kNN (no PCA step)', dataset: 'mnist-10k', off: true },
    ];
    const epochsOf = (dataset: string): number => autoEpochs(dataset === 'glove-50k' ? 50_000 : 10_000);
    try {
      const host = await previewBuild();
      server = host.server;
      const port = host.port;
      browser = await launchChromium();
      for (const c of cases) {
        const runs: Record<'sprout' | 'sprout, 2 threads', BenchRow[]> = { sprout: [], 'sprout, 2 threads': [] };
        for (let round = 0; round < (quick ? 1 : BROWSER_ROUNDS); round++) {
          const one = await umapOnce(browser, port, 2, c.dataset, c.off, epochsOf(c.dataset));
          const two = await umapOnce(browser, port, 3, c.dataset, c.off, epochsOf(c.dataset));
          for (const [m, impl] of [[one, 'sprout'], [two, 'sprout, 2 threads']] as const) {
            log(`${c.label}: ${m.threads}: neighbours ${m.graphMs} ms, layout ${m.layoutMs} ms, wall ${m.wallMs} ms, load ${m.load[0].toFixed(1)}→${m.load[1].toFixed(1)}`);
            runs[impl].push({
              section: 'threads-browser', case: c.label, impl, threads: impl === 'sprout' ? 1 : 2, ms: c.off ? m.graphMs : m.wallMs, load: m.load,
              metrics: { graphMs: m.graphMs, layoutMs: m.layoutMs, wallMs: m.wallMs },
              note: `${m.threads} (${c.off ? 'ms = the neighbour graph' : 'ms = wall clock, graph + layout'}; headless Chromium, production build; the first run in a fresh page, 4 s after its first map: the page's warm-up of its kernel threads is done by then)`,
            });
          }
        }
        for (const impl of ['sprout', 'sprout, 2 threads'] as const) rows.push(medianRun(runs[impl]));
      }
    } finally {
      await browser?.close();
      await server?.close();
    }
    return rows;
  },
};
