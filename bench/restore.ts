/**
 * Restore bench: a GloVe 50k session with three finished layouts (FastMap with seeds 1, 2
 * and 3: linear time, so the bench spends its time on saving and restoring, not on
 * projecting) is saved by the app's autosave, then the page is reloaded and timed until
 * the same layout (its float32 fingerprint) is on screen again. Reports the median of the
 * reloads, the main thread's busy time during a restore (CDP TaskDuration: workers not
 * included), and the bytes the session takes in IndexedDB. Goal: restore ≤ 1.5 s.
 *
 * Needs a production build in dist/ (`npx vite build`); serves it with `vite preview`.
 */
import { readFileSync } from 'node:fs';
import { type Browser, type Page } from '@playwright/test';
import type { PreviewServer } from 'vite';
import type { BenchRow, BenchSection } from './types';
import { launchChromium, previewBuild } from './browserHost';



const loadavg = (): string => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

/** This tab's saved session: its layout parts and the bytes of all its parts and view. */
function savedSession(page: Page): Promise<{ layouts: number; bytes: number } | null> {
  return page.evaluate(async () => {
    const id = sessionStorage.getItem('sprout.session');
    if (!id) return null;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sprout');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const rec = await new Promise<{ view: string; parts: { kind: string; bytes: number }[] } | null>((resolve) => {
      const g = db.transaction('sessions').objectStore('sessions').get(id);
      g.onsuccess = () => resolve(g.result ?? null);
      g.onerror = () => resolve(null);
    });
    db.close();
    if (!rec) return null;
    return { layouts: rec.parts.filter((p) => p.kind === 'layout').length, bytes: rec.view.length + rec.parts.reduce((s, p) => s + p.bytes, 0) };
  });
}

async function runFastMap(page: Page, seed: number): Promise<void> {
  await page.getByTestId('projection-method').selectOption('fastmap');
  await page.getByTestId('projection-seed').fill(String(seed));
  await page.getByTestId('projection-seed').press('Tab');
  await page.getByTestId('projection-run').click();
  await page.waitForFunction((s) => new URL(location.href).searchParams.get('seed') === String(s) && document.querySelector('[data-testid="projection-state"]')?.textContent === 'Done', seed, { timeout: 300_000 });
}

async function measure(browser: Browser, port: number, reloads: number, log: (l: string) => void): Promise<BenchRow[]> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(300_000);
  await page.goto(`http://127.0.0.1:${port}/?dataset=glove-50k`);
  await page.getByTestId('status-line').filter({ hasText: '50,000 points' }).waitFor();
  for (const seed of [1, 2, 3]) await runFastMap(page, seed);
  const layout = await page.getByTestId('copy-link').getAttribute('data-layout');
  let saved = await savedSession(page);
  for (let i = 0; i < 600 && (saved?.layouts ?? 0) < 3; i++) {
    await page.waitForTimeout(100);
    saved = await savedSession(page);
  }
  if (!saved || saved.layouts < 3) throw new Error(`the session was not saved with 3 layouts (${saved?.layouts ?? 0})`);
  const usage = await page.evaluate(async () => (await navigator.storage.estimate()).usage ?? null);
  log(`session stored: ${saved.bytes} bytes (3 layouts of 50,000 points + the view); site usage ${usage ?? '?'} bytes`);

  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  const taskSeconds = async (): Promise<number> => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'TaskDuration')?.value ?? 0;
  const times: number[] = [];
  const busy: number[] = [];
  for (let i = 0; i < reloads; i++) {
    const t0 = Date.now();
    await page.reload({ waitUntil: 'commit' });
    const c0 = await taskSeconds();
    await page.waitForFunction((want) => document.querySelector('[data-testid="copy-link"]')?.getAttribute('data-layout') === want, layout, { polling: 20 });
    times.push(Date.now() - t0);
    busy.push((await taskSeconds()) - c0);
    log(`reload ${i + 1}: FastMap layout back in ${times[i]} ms (main thread busy ${(busy[i] * 1000).toFixed(0)} ms), load average ${loadavg()}`);
  }
  await page.close();
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  return [
    {
      section: 'restore',
      case: 'GloVe 50k + 3 layouts, reload → same layout',
      impl: 'sprout',
      ms: median(times),
      metrics: { stored_bytes: saved.bytes, main_thread_busy_ms: median(busy) * 1000, runs: reloads },
      note: `goal ≤ 1500 ms; load average ${loadavg()}`,
    },
  ];
}

export const restoreSection: BenchSection = {
  name: 'restore',
  async run({ quick, log }) {
    let server: PreviewServer | null = null;
    let browser: Browser | null = null;
    try {
      const host = await previewBuild();
      server = host.server;
      const port = host.port;
      browser = await launchChromium();
      return await measure(browser, port, quick ? 3 : 5, log);
    } finally {
      await browser?.close();
      await new Promise<void>((resolve) => (server ? server.httpServer.close(() => resolve()) : resolve()));
    }
  },
};
