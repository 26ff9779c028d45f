/**
 * Session bench: what a click costs on GloVe 50k in the production build, in headless
 * Chromium. Measures, through the UI only (so the same script measures any version of
 * the app):
 *  - time from pressing Enter on a word to its neighbour list on screen (median of N);
 *  - main-thread JS heap with GloVe 50k loaded (CDP Performance.getMetrics, after a GC);
 *  - bytes the main thread posts to workers per action (neighbours, k-means, a projection
 *    run and a second one), counted by wrapping Worker/MessagePort.postMessage before the
 *    app loads: every typed array / ArrayBuffer reachable from a message, split into
 *    copied (structured clone), transferred (moved) and shared (SharedArrayBuffer: no copy).
 *
 * Runs twice: as `vite preview` serves it (COOP/COEP: cross-origin isolated, vectors in
 * SharedArrayBuffers) and with those headers stripped (a plain static host: the copy
 * fallback). Needs a production build in dist/ (`npx vite build`); serves it with
 * `vite preview` (the repo's vite.config.ts, so its headers) on a free port.
 */
import { type Browser, type CDPSession, type Page } from '@playwright/test';
import type { PreviewServer } from 'vite';
import type { BenchRow, BenchSection } from './types';
import { launchChromium, previewBuild } from './browserHost';



/** Installed before the app's scripts: counts the bytes of every message the page's main thread posts. */
function installPostCounter(): void {
  interface Traffic {
    copied: number;
    transferred: number;
    shared: number;
    largest: number;
    messages: number;
  }
  const traffic: Traffic = { copied: 0, transferred: 0, shared: 0, largest: 0, messages: 0 };
  (window as unknown as { __traffic: Traffic }).__traffic = traffic;
  const walk = (value: unknown, moved: Set<unknown>, seen: Set<unknown>, depth: number): void => {
    if (value === null || typeof value !== 'object' || seen.has(value) || depth > 8) return;
    seen.add(value);
    let buffer: ArrayBufferLike | null = null;
    let bytes = 0;
    if (ArrayBuffer.isView(value)) {
      buffer = value.buffer;
      bytes = value.byteLength;
    } else if (value instanceof ArrayBuffer || (typeof SharedArrayBuffer === 'function' && value instanceof SharedArrayBuffer)) {
      buffer = value;
      bytes = value.byteLength;
    }
    if (buffer) {
      if (typeof SharedArrayBuffer === 'function' && buffer instanceof SharedArrayBuffer) traffic.shared += bytes;
      else if (moved.has(buffer)) traffic.transferred += bytes;
      else {
        traffic.copied += bytes;
        traffic.largest = Math.max(traffic.largest, bytes);
      }
      return;
    }
    if (value instanceof Blob) return;
    for (const v of Array.isArray(value) ? value : Object.values(value)) walk(v, moved, seen, depth + 1);
  };
  const wrap = (proto: { postMessage: (...args: never[]) => void }): void => {
    const original = proto.postMessage;
    proto.postMessage = function (this: unknown, message: unknown, opts?: unknown) {
      const list = Array.isArray(opts) ? opts : ((opts as { transfer?: unknown[] } | undefined)?.transfer ?? []);
      traffic.messages++;
      walk(message, new Set(list), new Set(), 0);
      return (original as (...a: unknown[]) => void).call(this, message, opts);
    } as never;
  };
  wrap(Worker.prototype as never);
  wrap(MessagePort.prototype as never);
}

interface Traffic {
  copied: number;
  transferred: number;
  shared: number;
  largest: number;
  messages: number;
}

const traffic = (page: Page): Promise<Traffic> => page.evaluate(() => ({ ...(window as unknown as { __traffic: Traffic }).__traffic }));
const diff = (a: Traffic, b: Traffic): Traffic => ({
  copied: b.copied - a.copied,
  transferred: b.transferred - a.transferred,
  shared: b.shared - a.shared,
  largest: b.largest,
  messages: b.messages - a.messages,
});

/** Presses Enter on `word` in the search box; ms from the keydown to its neighbour list in the DOM. */
async function clickToList(page: Page, word: string): Promise<number> {
  const input = page.getByTestId('search-input');
  await input.fill(word);
  await page.evaluate((w) => {
    const win = window as unknown as { __clickMs: Promise<number> };
    win.__clickMs = new Promise<number>((resolve) => {
      let t0 = 0;
      const onKey = (e: KeyboardEvent) => {
        if (e.key === 'Enter') t0 = performance.now();
      };
      document.addEventListener('keydown', onKey, { capture: true, once: true });
      const check = () => {
        const label = document.querySelector('[data-testid="selected-label"]')?.textContent?.trim();
        const list = document.querySelectorAll('[data-testid="neighbor"]').length;
        if (t0 > 0 && label === w && list > 0) {
          observer.disconnect();
          resolve(performance.now() - t0);
        }
      };
      const observer = new MutationObserver(check);
      observer.observe(document.body, { subtree: true, childList: true, characterData: true });
    });
  }, word);
  await input.press('Enter');
  return page.evaluate(() => (window as unknown as { __clickMs: Promise<number> }).__clickMs);
}

/** Main-thread busy time so far (CDP Performance.getMetrics TaskDuration), ms. */
async function mainThreadTaskMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return (metrics.find((m) => m.name === 'TaskDuration')?.value ?? NaN) * 1000;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(2)} MB`;
const loadavg = async (): Promise<string> => (await import('node:fs')).readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** One pass over the app, with the server's COOP/COEP headers (isolated) or with them stripped (a plain static host). */
async function measure(browser: Browser, port: number, isolate: boolean, words: readonly string[], log: (line: string) => void): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const mode = isolate ? 'isolated' : 'not isolated';
  const row = (name: string, ms: number | null, metrics: Record<string, number>, note?: string): void =>
    void rows.push({ section: 'session', case: `GloVe 50k (${mode}): ${name}`, impl: 'sprout', ms, metrics, ...(note ? { note } : {}) });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => log(`page error: ${e.message}`));
  if (!isolate) {
    await page.route('**/*', async (route) => {
      const response = await route.fetch();
      const headers = { ...response.headers() };
      delete headers['cross-origin-opener-policy'];
      delete headers['cross-origin-embedder-policy'];
      await route.fulfill({ response, headers });
    });
  }
  // tsx (esbuild keepNames) wraps nested functions in __name(); give the page a no-op one.
  await page.addInitScript({ content: 'window.__name = (f) => f;' });
  await page.addInitScript(installPostCounter);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const t0 = Date.now();
  await page.goto(`http://127.0.0.1:${port}/?dataset=glove-50k`);
  await page.getByTestId('status-line').filter({ hasText: '50,000 points' }).filter({ hasText: 'PCA' }).waitFor({ timeout: 120_000 });
  const loadMs = Date.now() - t0;
  log(`[${mode}] GloVe 50k on screen after ${loadMs} ms (crossOriginIsolated: ${await page.evaluate(() => crossOriginIsolated)}); load average ${await loadavg()}`);

  // JSHeapUsedSize leaves out ArrayBuffer backing stores (where the vectors live);
  // Runtime.getHeapUsage reports them as backingStorageSize.
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const usage = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; backingStorageSize?: number };
  const js = metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN;
  const buffers = usage.backingStorageSize ?? NaN;
  log(`[${mode}] main thread with GloVe 50k loaded: JS heap ${mb(js)}, ArrayBuffer backing stores ${mb(buffers)}`);
  row('loaded', loadMs, { heap_MB: js / 2 ** 20, buffers_MB: buffers / 2 ** 20, total_MB: (js + buffers) / 2 ** 20 }, 'main thread after GC: JSHeapUsedSize + ArrayBuffer backing stores; ms = navigation to PCA on screen');

  // Neighbour clicks: the first warms up; the rest are the measurement.
  await clickToList(page, 'the');
  const before = await traffic(page);
  const task0 = await mainThreadTaskMs(cdp);
  const times: number[] = [];
  for (const w of words) times.push(await clickToList(page, w));
  const clicks = diff(before, await traffic(page));
  const taskPerClick = ((await mainThreadTaskMs(cdp)) - task0) / words.length;
  const perClick = clicks.copied / words.length;
  log(`[${mode}] click → neighbour list: ${times.map((t) => t.toFixed(0)).join(', ')} ms; median ${median(times).toFixed(1)} ms`);
  log(`[${mode}] per click: ${mb(perClick)} copied, ${mb(clicks.transferred / words.length)} transferred, ${mb(clicks.shared / words.length)} shared; main-thread task time ${taskPerClick.toFixed(1)} ms`);
  row('click → neighbour list', median(times), { min_ms: Math.min(...times), max_ms: Math.max(...times), main_task_ms_per_click: taskPerClick, copied_bytes_per_click: perClick }, `median of ${times.length} clicks`);

  // k-means (Find clusters, k = 8).
  const k0 = await traffic(page);
  const kStart = Date.now();
  await page.getByTestId('cluster-k').fill('8');
  await page.getByTestId('cluster-run').click();
  await page.getByTestId('cluster-status').filter({ hasText: '8 clusters after' }).waitFor({ timeout: 300_000 });
  const km = diff(k0, await traffic(page));
  log(`[${mode}] k-means k=8: ${Date.now() - kStart} ms, ${mb(km.copied)} copied`);
  row('Find clusters k=8', Date.now() - kStart, { copied_bytes: km.copied });

  // Layout quality of the PCA layout (the Compare view's left pane).
  const q0 = await traffic(page);
  const qStart = Date.now();
  await page.getByTestId('view-compare').click();
  await page.getByTestId('compare-left-quality').filter({ hasText: 'kNN recall@10' }).waitFor({ timeout: 300_000 });
  const lq = diff(q0, await traffic(page));
  log(`[${mode}] PCA layout quality: ${Date.now() - qStart} ms, ${mb(lq.copied)} copied (coordinates and codes)`);
  row('PCA layout quality', Date.now() - qStart, { copied_bytes: lq.copied });
  await page.getByTestId('view-explore').click();

  // Two projection runs (UMAP), each cancelled once it has started: the bytes posted to start them.
  for (const which of ['first', 'second']) {
    const p0 = await traffic(page);
    await page.getByTestId('projection-method').selectOption('umap');
    await page.getByTestId('projection-run').click();
    await page.getByTestId('projection-state').filter({ hasText: 'Running' }).waitFor({ timeout: 30_000 });
    await page.waitForTimeout(500);
    await page.getByTestId('projection-cancel').click();
    await page.getByTestId('projection-state').filter({ hasText: 'Cancelled' }).waitFor({ timeout: 30_000 });
    const pr = diff(p0, await traffic(page));
    log(`[${mode}] ${which} UMAP run start: ${mb(pr.copied)} copied, ${mb(pr.transferred)} transferred, ${mb(pr.shared)} shared`);
    row(`${which} projection run`, null, { copied_bytes: pr.copied, transferred_bytes: pr.transferred, shared_bytes: pr.shared });
  }
  await page.close();
  return rows;
}

export const sessionSection: BenchSection = {
  name: 'session',
  async run({ quick, log }) {
    const words = quick ? ['king', 'water', 'france'] : ['king', 'water', 'france', 'music', 'river', 'computer', 'january', 'happy', 'doctor', 'green'];
    let server: PreviewServer | null = null;
    let browser: Browser | null = null;
    const rows: BenchRow[] = [];
    try {
      const host = await previewBuild();
      server = host.server;
      const port = host.port;
      browser = await launchChromium();
      for (const isolated of [true, false]) rows.push(...(await measure(browser, port, isolated, words, log)));
      log(`load average at the end: ${await loadavg()}`);
    } finally {
      await browser?.close();
      await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
    }
    return rows;
  },
};
