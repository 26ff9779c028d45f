import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { expect, test, type Browser, type Page } from '@playwright/test';
import { openApp } from './helpers';

/**
 * Hardening, as a careless user and a hostile file would try it: a gzip bomb, a
 * catastrophic regular expression, a one-row file, a local server on another port, a
 * server that stops sending, a wrong path answered with index.html, a link the security
 * policy blocks. Every case leaves the current map on screen.
 */

const MiB = 2 ** 20;

/** Measurements for `npm run reliability` (bench/results/ is ignored by git). */
const RESULTS = 'bench/results/hardening-e2e.json';
function record(name: string, values: Record<string, number | string>): void {
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>;
  } catch {
    /* first measurement */
  }
  writeFileSync(RESULTS, JSON.stringify({ ...all, [name]: values }, null, 2));
}
const status = (page: Page) => page.getByTestId('status-line');
let dir = '';

test.beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sprout-harden-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function upload(page: Page, file: string | { name: string; buffer: Buffer }): Promise<void> {
  await page.getByTestId('load-data-button').click();
  await page.getByTestId('load-file-input').setInputFiles(typeof file === 'string' ? file : { ...file, mimeType: 'application/octet-stream' });
  await expect(page.getByTestId('load-dialog')).toHaveCount(0);
}

/** Makes the page believe the device has `gib` GiB of memory (Chromium's navigator.deviceMemory). */
async function deviceMemory(page: Page, gib: number): Promise<void> {
  await page.addInitScript((g) => Object.defineProperty(Navigator.prototype, 'deviceMemory', { get: () => g, configurable: true }), gib);
}

/** Resident memory of this browser's renderer processes (the tab and its workers), from the kernel. */
async function rendererRss(browser: Browser): Promise<number> {
  const cdp = await browser.newBrowserCDPSession();
  try {
    const { processInfo } = (await cdp.send('SystemInfo.getProcessInfo')) as { processInfo: { id: number; type: string }[] };
    let total = 0;
    for (const p of processInfo) {
      if (p.type !== 'renderer') continue;
      try {
        const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${p.id}/status`, 'utf8'))?.[1];
        total += Number(kb ?? 0) * 1024;
      } catch {
        /* the process ended */
      }
    }
    return total;
  } finally {
    await cdp.detach();
  }
}

/** Writes a gzip file of `bytes` of repeated numeric text lines: a few megabytes that inflate to far more. */
async function writeGzipBomb(file: string, line: string, bytes: number): Promise<number> {
  const gz = createGzip({ level: 9 });
  const parts: Buffer[] = [];
  gz.on('data', (b: Buffer) => parts.push(b));
  const done = new Promise<void>((resolve) => gz.on('end', () => resolve()));
  const block = Buffer.from(line.repeat(Math.floor(MiB / line.length)));
  for (let written = 0; written < bytes; written += block.length) if (!gz.write(block)) await new Promise((r) => gz.once('drain', r));
  gz.end();
  await done;
  const out = Buffer.concat(parts);
  writeFileSync(file, out);
  return out.length;
}

/** A small HTTP server on another port, answering with `handle` (CORS allowed, as a local data server must). */
async function startServer(handle: (url: string, res: ServerResponse) => void): Promise<{ server: Server; origin: string }> {
  const server = createServer((req, res) => {
    res.setHeader('access-control-allow-origin', '*');
    handle(req.url ?? '/', res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}
const stop = async (server: Server) => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
};

test('a gzip bomb is refused at the budget with the reason, tab memory stays under budget + 200 MB, and GloVe stays', async ({ page, browser }) => {
  test.setTimeout(180_000);
  // 1 GiB of device memory → a 256 MiB budget; the bomb inflates to 640 MB.
  await deviceMemory(page, 1);
  const bomb = path.join(dir, 'bomb.tsv.gz');
  const size = await writeGzipBomb(bomb, `${'0.0000000001\t'.repeat(31)}0.0000000001\n`, 640 * MiB);
  expect(size).toBeLessThan(4 * MiB);
  await openApp(page);
  await page.getByTestId('load-data-button').click();
  await expect(page.getByTestId('load-budget')).toContainText('256');
  await page.keyboard.press('Escape');
  const baseline = await rendererRss(browser);
  let peak = baseline;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      peak = Math.max(peak, await rendererRss(browser));
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  await upload(page, bomb);
  await expect(page.getByTestId('file-load-error')).toBeVisible({ timeout: 150_000 });
  sampling = false;
  await sampler;
  await expect(page.getByTestId('file-load-problems')).toContainText('this file inflates past 256 MB');
  await expect(status(page)).toContainText('10,000 points · 100 dimensions');
  const grew = peak - baseline;
  console.log(`gzip bomb: renderer RSS ${(baseline / MiB).toFixed(0)} → peak ${(peak / MiB).toFixed(0)} MB (+${(grew / MiB).toFixed(0)} MB; budget 256 MB)`);
  record('gzip bomb in a tab', { 'inflates to MB': 640, 'budget MB': 256, 'renderer RSS growth MB': grew / MiB });
  // The issue's bound. It once grew +419 to +619 MB, and not from parsing: draining the
  // inflated stream without parsing it grew as much, ~550 MB within the first second.
  // Chromium's DecompressionStream inflates each input chunk whole before backpressure
  // acts, and the file's chunks were handed to it as the Blob stream cut them. Fed 16 KB
  // pieces (sources.ts, GZIP_PIECE), the tab grows by the table the meter allows (~80 MB of
  // floats here) and a few chunks: +124 to +130 MB measured.
  expect(grew).toBeLessThan(256 * MiB + 200 * MiB);
});

test('/(a+)+c/ over 10,000 forty-character labels answers within 200 ms and the page answers a click within 100 ms meanwhile', async ({ page }) => {
  const rows = Array.from({ length: 10_000 }, (_, i) => `${'a'.repeat(39)}${i % 1000 === 0 ? 'c' : 'b'}\t${(i % 97) / 97}\t${(i % 89) / 89}`);
  const file = path.join(dir, 'long-labels.tsv');
  writeFileSync(file, `${rows.join('\n')}\n`);
  await openApp(page);
  await upload(page, file);
  await expect(status(page)).toContainText('10,000 points · 2 dimensions');
  // Measured in the page: the last keystroke → the count on screen (the box waits 120 ms for
  // typing to pause, then searches); clicks dispatched every 10 ms meanwhile → their handlers.
  await page.evaluate(() => {
    const w = window as unknown as { searchMs?: number; clickMs: number; clicks: number; longest: number };
    const statusText = (): string => document.querySelector('[data-testid="search-status"]')?.textContent ?? '';
    w.clickMs = 0;
    w.clicks = 0;
    w.longest = 0;
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) w.longest = Math.max(w.longest, e.duration);
    }).observe({ type: 'longtask' });
    let t0 = 0;
    let timer = 0;
    // A click is a task like this timer's: how late each 10 ms tick runs is how long a click
    // would wait. Each tick also dispatches a click and times its handler.
    let expected = 0;
    const click = (): void => {
      const now = performance.now();
      w.clickMs = Math.max(w.clickMs, now - expected);
      expected = now + 10;
      document.body.addEventListener('click', () => w.clicks++, { once: true });
      document.body.click();
    };
    document.addEventListener('input', () => {
      t0 = performance.now();
      clearInterval(timer);
      expected = t0 + 10;
      timer = window.setInterval(click, 10);
    });
    new MutationObserver(() => {
      if (w.searchMs === undefined && t0 > 0 && /10 of 10,000/.test(statusText())) {
        w.searchMs = performance.now() - t0;
        clearInterval(timer);
      }
    }).observe(document.body, { childList: true, characterData: true, subtree: true });
  });
  await page.getByTestId('search-input').fill('/(a+)+c/');
  await expect(page.getByTestId('search-status')).toHaveText('10 of 10,000 match');
  const m = await page.evaluate(() => {
    const w = window as unknown as { searchMs: number; clickMs: number; clicks: number; longest: number };
    return { searchMs: w.searchMs, clickMs: w.clickMs, clicks: w.clicks, longest: w.longest };
  });
  console.log(`regex search: ${m.searchMs.toFixed(1)} ms from the last key to the count (120 ms of it the typing pause), ${m.clicks} clicks, each answered within ${m.clickMs.toFixed(1)} ms of when it was due, longest task ${m.longest.toFixed(0)} ms`);
  record('regex search /(a+)+c/ on 10k labels', { 'answer ms (incl. 120 ms typing pause)': m.searchMs, 'click delay max ms': m.clickMs, 'longest task ms': m.longest });
  expect(m.searchMs).toBeLessThan(200);
  expect(m.clicks).toBeGreaterThan(0);
  expect(m.clickMs).toBeLessThan(100);
});

test('labels that are XSS payloads are shown as text: none runs, and the security policy reports no violation', async ({ page }) => {
  const payloads = [
    '<img src=x onerror="window.__xss=(window.__xss||0)+1">',
    '<script>window.__xss=(window.__xss||0)+1</script>',
    '<svg onload="window.__xss=(window.__xss||0)+1"></svg>',
    '"><iframe srcdoc="<script>parent.__xss=1</script>">',
    'javascript:window.__xss=(window.__xss||0)+1',
    '{{constructor.constructor("window.__xss=1")()}}',
  ];
  const violations: string[] = [];
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on('console', (msg) => {
    if (msg.text().startsWith('CSP violation')) violations.push(msg.text());
  });
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
  await openApp(page);
  const lines = payloads.map((p, i) => `${p}\t${i}\t${(i * 7) % 5}\t${i % 3}`);
  await upload(page, { name: 'xss.tsv', buffer: Buffer.from(`label\tx\ty\tz\n${lines.join('\n')}\n`) });
  await expect(status(page)).toContainText(`${payloads.length} points · 3 dimensions`);
  await page.getByTestId('search-input').fill('__xss');
  await expect(page.getByTestId('search-status')).toHaveText(`${payloads.length} of ${payloads.length} match`);
  await expect(page.getByTestId('search-result').first()).toContainText('<img src=x onerror=');
  await page.getByTestId('search-result').first().click();
  await expect(page.getByTestId('selected-label')).toContainText('<img src=x onerror=');
  const executed = await page.evaluate(() => (window as unknown as { __xss?: number }).__xss ?? 0);
  record('XSS payloads as labels', { tried: payloads.length, executed, 'CSP violations': violations.length, dialogs: dialogs.length });
  expect(executed).toBe(0);
  expect(dialogs).toEqual([]);
  expect(violations).toEqual([]);
});

test('a one-row file is refused with the reason and leaves the previous map', async ({ page }) => {
  await openApp(page);
  await upload(page, { name: 'one.tsv', buffer: Buffer.from('0.1\t0.2\t0.3\n') });
  await expect(page.getByTestId('file-load-problems')).toContainText('holds a single row: a map needs at least two points');
  // The map before it (GloVe 10k's first view) is still on screen.
  await expect(status(page)).toContainText('10,000 points · 100 dimensions · UMAP');
});

test('the TensorBoard demo labels file alone is refused as a metadata file', async ({ page }) => {
  await openApp(page);
  await upload(page, path.resolve('fixtures/projector-demo/oss_data/word2vec_8_3d_labels.tsv'));
  await expect(page.getByTestId('file-load-problems')).toContainText('this looks like a metadata file');
  await expect(status(page)).toContainText('10,000 points');
});

test('?data= on a local http server on another port loads, with no CSP violation', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (msg.text().startsWith('CSP violation')) violations.push(msg.text());
  });
  await page.addInitScript(() => document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`)));
  const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon'];
  const { server, origin } = await startServer((_url, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end(`${words.length} 3\n${words.map((w, i) => `${w} ${i} ${i % 2} ${i * i}`).join('\n')}\n`);
  });
  try {
    await page.goto(`./?data=${encodeURIComponent(`${origin}/words.vec`)}`);
    await expect(status(page)).toContainText('5 points · 3 dimensions');
    expect(violations).toEqual([]);
  } finally {
    await stop(server);
  }
});

test('a plain-http link to another host is reported as blocked by the security policy, not as a network error', async ({ page }) => {
  await page.goto('./?data=http://example.invalid/vectors.tsv');
  await expect(page.getByTestId('file-load-problems')).toContainText("blocked by this page's security policy: only https or localhost links can be opened");
  await expect(status(page)).toContainText('10,000 points');
});

test('a download that stops sending shows the stall notice naming the URL; Cancel keeps the map', async ({ page }) => {
  test.setTimeout(120_000);
  const { server, origin } = await startServer((_url, res) => {
    res.writeHead(200, { 'content-type': 'text/tab-separated-values' });
    res.write('0.1\t0.2\n0.3\t0.4\n'); // then nothing, ever
  });
  try {
    await openApp(page);
    await page.goto(`./?data=${encodeURIComponent(`${origin}/slow.tsv`)}`);
    const notice = page.getByTestId('file-load-stalled');
    await expect(notice).toBeVisible({ timeout: 60_000 });
    await expect(notice).toContainText(`No data has arrived from ${origin}/slow.tsv for 30 s.`);
    await page.getByTestId('file-load-keep-waiting').click();
    await expect(notice).toHaveCount(0);
    await expect(page.getByTestId('file-load-progress')).toBeVisible();
    await page.getByTestId('file-load-cancel').click();
    await expect(page.getByTestId('file-load-progress')).toHaveCount(0);
    await expect(status(page)).toContainText('10,000 points');
  } finally {
    await stop(server);
  }
});

test('a wrong path answered with the site’s index.html is reported as a web page, not as metadata', async ({ page }) => {
  // vite preview, like most static hosts, answers a missing path with index.html (HTTP 200).
  await page.goto('./?data=no/such/vectors.tsv');
  await expect(page.getByTestId('file-load-problems')).toContainText('the server returned a web page (HTTP 200, text/html) — is the path right?');
  await expect(status(page)).toContainText('10,000 points');
});

test('the published demo config layout opens from the site root, lists its embeddings and switches between them', async ({ page }) => {
  const demo = path.resolve('fixtures/projector-demo');
  await page.route('**/oss_data/**', async (route) => {
    const rel = new URL(route.request().url()).pathname.replace(/^.*?(oss_data\/.*)$/, '$1');
    try {
      await route.fulfill({ status: 200, body: readFileSync(path.join(demo, rel)), contentType: 'application/octet-stream' });
    } catch {
      await route.fulfill({ status: 404, body: 'not found' });
    }
  });
  await page.goto('./?config=oss_data/oss_demo_projector_config.json&embedding=Word2Vec%208');
  await expect(status(page)).toContainText('8 points · 3 dimensions');
  const select = page.getByTestId('embedding-select');
  await expect(select).toHaveValue('Word2Vec 8');
  await select.selectOption('Iris');
  await expect(status(page)).toContainText('150 points · 4 dimensions');
});
