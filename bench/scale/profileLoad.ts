/**
 * Finds what runs on the main thread while a large set loads: the production build in
 * headless Chromium under the V8 sampling profiler (CDP), then every stretch of busy
 * samples longer than a threshold, with the functions that took its time.
 *
 *   npx vite build --minify false --outDir /tmp/prof-dist
 *   npx tsx bench/scale/profileLoad.ts /tmp/prof-dist glove          # or: 1m <file.npy>
 */
import { writeFileSync } from 'node:fs';
import { chromium } from '@playwright/test';
import { preview } from 'vite';
import { CHROMIUM, CHROMIUM_ARGS, freePort } from '../browserHost';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const [outDir, which, file] = process.argv.slice(2);
const THRESHOLD_MS = Number(process.env.PROF_THRESHOLD ?? 50);

function analyse(p: Profile, threshold = THRESHOLD_MS, whole = false): void {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (n: ProfileNode): string => `${n.callFrame.functionName || '(anon)'}:${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`;
  const idle = (id: number): boolean => {
    const f = byId.get(id)!.callFrame.functionName;
    return f === '(idle)' || f === '(garbage collector)' ? f === '(idle)' : false;
  };
  let t = p.startTime;
  const times = p.timeDeltas.map((d) => (t += d));
  let i = 0;
  while (i < p.samples.length) {
    if (!whole && idle(p.samples[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < p.samples.length && (whole || !idle(p.samples[j + 1]))) j++;
    const ms = (times[j] - times[i]) / 1000;
    if (ms >= threshold) {
      const self = new Map<string, number>();
      const total = new Map<string, number>();
      for (let k = i; k <= j; k++) {
        const dt = (times[Math.min(k + 1, times.length - 1)] - times[k]) / 1000;
        const leaf = byId.get(p.samples[k])!;
        if (leaf.callFrame.functionName === '(idle)') continue;
        self.set(name(leaf), (self.get(name(leaf)) ?? 0) + dt);
        const seen = new Set<string>();
        for (let id: number | undefined = leaf.id; id !== undefined; id = parent.get(id)) {
          const nm = name(byId.get(id)!);
          if (seen.has(nm)) continue;
          seen.add(nm);
          total.set(nm, (total.get(nm) ?? 0) + dt);
        }
      }
      const top = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, 14).map(([k, v]) => `    ${v.toFixed(1).padStart(7)} ${k}`).join('\n');
      console.log(`\n== busy ${ms.toFixed(0)} ms at +${((times[i] - p.startTime) / 1000).toFixed(0)} ms\n  self:\n${top(self)}\n  total:\n${top(total)}`);
    }
    i = j + 1;
  }
}

const port = await freePort();
const server = await preview({ logLevel: 'error', build: { outDir }, preview: { host: '127.0.0.1', port, strictPort: true } });
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await page.addInitScript(() => {
    const w = window as unknown as { __tasks: number[] };
    w.__tasks = [];
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__tasks.push(Math.round(e.duration));
    }).observe({ type: 'longtask' });
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  const base = `http://127.0.0.1:${port}/`;
  let ready: RegExp;
  if (which === 'glove') {
    await cdp.send('Profiler.start');
    await page.goto(`${base}?dataset=glove-341k`);
    ready = /341,479 points · 100 dimensions · PCA/;
  } else {
    await page.goto(base);
    await page.getByTestId('status-line').filter({ hasText: /UMAP|PCA/ }).waitFor({ timeout: 120_000 });
    await page.evaluate(() => ((window as unknown as { __tasks: number[] }).__tasks = []));
    await page.getByTestId('load-data-button').click();
    await cdp.send('Profiler.start');
    await page.getByTestId('load-file-input').setInputFiles(file);
    ready = /1,000,000 points · \d+ dimensions · PCA/;
  }
  await page.getByTestId('status-line').filter({ hasText: ready }).waitFor({ timeout: 600_000 });
  await page.waitForTimeout(3000);
  const { profile } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
  writeFileSync(`/tmp/big-prof/${which}.cpuprofile`, JSON.stringify(profile));
  console.log('long tasks:', await page.evaluate(() => (window as unknown as { __tasks: number[] }).__tasks));
  analyse(profile);
  if (process.env.PROF_CLICK) {
    // Then clicks on neighbours of a searched word, profiled as one.
    await page.getByTestId('search-input').fill('zygote');
    await page.getByTestId('search-input').press('Enter');
    await page.getByTestId('neighbor').nth(9).waitFor({ timeout: 60_000 });
    await page.waitForTimeout(1000);
    await cdp.send('Profiler.start');
    const times: number[] = [];
    for (let i = 0; i < 3; i++) {
      await page.evaluate(() => {
        const w = window as unknown as { __click: Promise<number> };
        w.__click = new Promise((resolve) => window.addEventListener('click', (e) => requestAnimationFrame(() => resolve(performance.now() - e.timeStamp)), { once: true }));
      });
      await page.getByTestId('neighbor').nth(i).click();
      times.push(await page.evaluate(() => (window as unknown as { __click: Promise<number> }).__click));
      await page.waitForTimeout(500);
    }
    const { profile: clicks } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    console.log('\nclick → frame (ms, in page):', times.map((t) => t.toFixed(0)).join(' '));
    analyse(clicks, 20);
  }
  if (process.env.PROF_REDRAW) {
    // Then the redraw: wheel-zoom steps (as the scale bench times them), profiled as one.
    const box = await page.getByTestId('scatter-canvas').boundingBox();
    if (box) await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await cdp.send('Profiler.start');
    const times: number[] = [];
    for (let i = 0; i < 12; i++) {
      const t0 = Date.now();
      await page.mouse.wheel(0, i % 2 ? 120 : -120);
      await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => requestAnimationFrame(() => r()))));
      times.push(Date.now() - t0);
    }
    const { profile: redraw } = (await cdp.send('Profiler.stop')) as unknown as { profile: Profile };
    console.log('\nredraw steps (ms, driver side):', times.join(' '));
    analyse(redraw, 0, true);
  }
} finally {
  await browser.close();
  await server.close();
}
