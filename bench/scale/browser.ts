/**
 * The scale section's browser half: the production build (dist/, `npx vite build` first)
 * under `vite preview` in headless Chromium, driven through the UI only.
 *
 *  - load + first draw: from navigation (GloVe 341k, `?dataset=glove-341k`) or from the
 *    file input (the generated 1M × 64 .npy) until the status line shows the layout and
 *    the canvas holds points;
 *  - redraw: wheel-zoom steps, each timed from the event to the second animation frame
 *    after it (median);
 *  - main-thread long tasks (PerformanceObserver 'longtask') during the load, the longest;
 *  - the tab's peak memory: VmHWM of the page's renderer process (its workers are threads
 *    of it) from /proc, so every worker's tables count, not just the JS heap;
 *  - optionally a UMAP run of the whole set in the app (Run, "Run anyway"), its phases'
 *    times as the Projection panel reports them, and the peak memory meanwhile.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from '@playwright/test';
import { preview, type PreviewServer } from 'vite';
import { freePort, launchChromium } from '../browserHost';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');


const parentOf = (pid: string): string | null => /PPid:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? null;

/** Whether `pid` descends from `ancestor` (renderers are children of the zygote, a child of the browser). */
function descendsFrom(pid: string, ancestor: number): boolean {
  let cur: string | null = pid;
  for (let depth = 0; cur && depth < 6; depth++) {
    if (Number(cur) === ancestor) return true;
    cur = parentOf(cur);
  }
  return false;
}

/** Peak RSS (VmHWM) of our browser's renderer processes, MB: the tab and its workers (threads of it). */
function rendererPeakMB(browserPid: number | undefined): number {
  let peak = 0;
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--type=renderer')) continue;
      if (browserPid !== undefined && !descendsFrom(pid, browserPid)) continue;
      const hwm = Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
      peak = Math.max(peak, hwm);
    } catch {
      /* the process went away */
    }
  }
  return peak;
}

export interface BrowserCase {
  readonly label: string;
  /** Query string for a built-in set, or a file to pick in the load dialog. */
  readonly open: { readonly query: string } | { readonly file: string };
  /** Text the status line shows once the first layout is drawn. */
  readonly ready: RegExp;
  readonly runUmap: boolean;
}

export interface BrowserResult {
  readonly label: string;
  readonly loadMs: number;
  readonly redrawMs: number;
  /** Median time from a pointer move onto the map to the tooltip naming a point (NaN: none answered). */
  readonly hoverMs: number;
  readonly longestTaskMs: number;
  readonly peakMB: number;
  readonly umap: { wallMs: number; text: string; peakMB: number; longestTaskMs: number } | null;
}

async function watchLongTasks(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { __longest: number };
    w.__longest = 0;
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__longest = Math.max(w.__longest, e.duration);
    }).observe({ type: 'longtask' });
  });
}
const longest = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __longest: number }).__longest);

/** Median time from a wheel-zoom step to the second animation frame after it. */
async function redrawMs(page: Page): Promise<number> {
  const box = await page.getByTestId('scatter-canvas').boundingBox();
  if (!box) return NaN;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const times: number[] = [];
  for (let i = 0; i < 12; i++) {
    await page.evaluate(() => {
      const w = window as unknown as { __t0: number };
      w.__t0 = performance.now();
    });
    await page.mouse.wheel(0, i % 2 ? 120 : -120);
    times.push(
      await page.evaluate(
        () =>
          new Promise<number>((resolve) =>
            requestAnimationFrame(() => requestAnimationFrame(() => resolve(performance.now() - (window as unknown as { __t0: number }).__t0))),
          ),
      ),
    );
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

/**
 * Median time from moving the pointer onto a spot of the map to the tooltip showing, over
 * spots along the middle (the pointer leaves to an empty corner in between). Measured from
 * the test driver, so it includes one Playwright round trip (a few ms).
 */
async function hoverMs(page: Page): Promise<number> {
  const box = await page.getByTestId('scatter-plot').boundingBox();
  if (!box) return NaN;
  const tooltip = page.getByTestId('scatter-tooltip');
  const times: number[] = [];
  for (let i = 0; i < 12; i++) {
    await page.mouse.move(box.x + 2, box.y + 2);
    await tooltip.waitFor({ state: 'hidden', timeout: 2000 }).catch(() => undefined);
    const t0 = Date.now();
    await page.mouse.move(box.x + box.width * (0.35 + 0.025 * i), box.y + box.height * (0.45 + 0.01 * i));
    const answered = await tooltip.waitFor({ state: 'visible', timeout: 3000 }).then(
      () => true,
      () => false,
    );
    if (answered) times.push(Date.now() - t0);
  }
  if (times.length === 0) return NaN;
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

async function runUmapInApp(page: Page, pid: number | undefined, log: (l: string) => void): Promise<BrowserResult['umap']> {
  await page.evaluate(() => ((window as unknown as { __longest: number }).__longest = 0));
  await page.getByTestId('projection-method').selectOption('umap');
  const t0 = Date.now();
  await page.getByTestId('projection-run').click();
  const confirm = page.getByTestId('projection-confirm');
  if (await confirm.isVisible().catch(() => false)) await confirm.getByRole('button').first().click();
  let peak = rendererPeakMB(pid);
  const state = page.getByTestId('projection-state');
  for (;;) {
    const s = await state.textContent().catch(() => '');
    peak = Math.max(peak, rendererPeakMB(pid));
    if (s === 'Done' || s === 'Failed' || s === 'Lost') break;
    if (Date.now() - t0 > 60 * 60_000) throw new Error('UMAP in the app did not finish within an hour');
    await page.waitForTimeout(2000);
  }
  const text = (await page.getByTestId('projection-timings').innerText().catch(() => '')).replace(/\n+/g, ' ');
  log(`  UMAP in the app: ${((Date.now() - t0) / 1000).toFixed(0)} s wall; ${text}`);
  return { wallMs: Date.now() - t0, text, peakMB: peak, longestTaskMs: await longest(page) };
}

export async function measureInBrowser(cases: readonly BrowserCase[], log: (l: string) => void): Promise<BrowserResult[]> {
  let server: PreviewServer | null = null;
  let browser: Browser | null = null;
  const out: BrowserResult[] = [];
  try {
    const port = await freePort();
    server = await preview({ root: repoRoot, logLevel: 'error', preview: { host: '127.0.0.1', port, strictPort: true } });
    for (const c of cases) {
      // A fresh browser per case, so one case's peak memory is its own: its renderers are
      // the only ones descending from this process while it runs. Launched, not connected
      // to over a WebSocket (launchServer + connect): connected, Playwright sends a picked
      // file through its protocol, and the 256 MB .npy's "load" was mostly that transfer
      // (34–51 s against 4–5 s with the file read from disk, as a user's browser does).
      browser = await launchChromium();
      const pid = process.pid;
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      page.on('pageerror', (e) => log(`page error: ${e.message}`));
      const base = `http://127.0.0.1:${port}/`;
      let t0 = Date.now();
      if ('query' in c.open) {
        await page.goto(`${base}${c.open.query}`);
        await watchLongTasks(page);
      } else {
        await page.goto(base);
        await page.getByTestId('status-line').filter({ hasText: /UMAP|PCA/ }).waitFor({ timeout: 120_000 });
        await watchLongTasks(page);
        await page.getByTestId('load-data-button').click();
        t0 = Date.now();
        await page.getByTestId('load-file-input').setInputFiles(c.open.file);
      }
      await page.getByTestId('status-line').filter({ hasText: c.ready }).waitFor({ timeout: 600_000 });
      const loadMs = Date.now() - t0;
      const redraw = await redrawMs(page);
      const hover = await hoverMs(page);
      const longestTaskMs = await longest(page);
      const peakMB = rendererPeakMB(pid);
      log(`${c.label}: load + first draw ${(loadMs / 1000).toFixed(1)} s, redraw ${redraw.toFixed(0)} ms, hover ${hover.toFixed(0)} ms, longest main-thread task ${longestTaskMs.toFixed(0)} ms, tab peak ${peakMB.toFixed(0)} MB`);
      const umap = c.runUmap ? await runUmapInApp(page, pid, log) : null;
      out.push({ label: c.label, loadMs, redrawMs: redraw, hoverMs: hover, longestTaskMs, peakMB, umap });
      await browser.close();
      browser = null;
    }
  } finally {
    await browser?.close();
    await server?.close();
  }
  return out;
}
