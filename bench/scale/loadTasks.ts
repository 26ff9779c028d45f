/**
 * The main-thread tasks of a GloVe 341k load (production build, headless Chromium), from
 * a Chromium trace: each task's wall time and its thread CPU time, and what ran in it.
 * CPU time is what to compare on a busy machine, where other processes stretch the wall
 * time (and so the long-task observer's durations, as profileLoad.ts reports them).
 *
 *   npx vite build --minify false --outDir /tmp/prof-dist
 *   npx tsx bench/scale/loadTasks.ts /tmp/prof-dist [/tmp/prof-dist-b …]     # REPS=2 THRESH=30
 *   FILE=/tmp/synthetic-1m-64.npy npx tsx bench/scale/loadTasks.ts /tmp/prof-dist
 *
 * FILE opens a file through the Load dialog (the scale bench's 1M × 64 .npy; write it with
 * scripts/scaleData.ts's clusteredVectors(1_000_000, 64, 40, 11) and npyFile) instead of GloVe
 * 341k; READY is the status line's text when it has loaded (default: the 1M set's).
 *
 * Several builds are run alternately, REPS times each. Each line lists the tasks of at
 * least THRESH ms wall as wall/CPU ms and kind: module (script evaluation at start-up),
 * microtasks (a promise continuation: the dataset's arrival and the layout handed to the
 * plot), frame (an animation frame: marks, points), message, timer, script (another
 * callback, e.g. React's scheduler), layout (style and layout alone).
 */
import { readFileSync, rmSync } from 'node:fs';
import { preview } from 'vite';
import { freePort, launchChromium } from '../browserHost';

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  tdur?: number;
  args?: { name?: string };
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) throw new Error('usage: bench/scale/loadTasks.ts <built dist> [<built dist> …]');
const reps = Number(process.env.REPS ?? 2);
const threshold = Number(process.env.THRESH ?? 30) * 1000;
const file = process.env.FILE;
const KINDS: [string, string][] = [
  ['v8.evaluateModule', 'module'],
  ['FireAnimationFrame', 'frame'],
  ['HandlePostMessage', 'message'],
  ['TimerFire', 'timer'],
  ['RunMicrotasks', 'microtasks'],
  ['FunctionCall', 'script'],
  ['Layout', 'layout'],
];

async function loadOnce(dir: string): Promise<string> {
  const port = await freePort();
  const server = await preview({ logLevel: 'error', build: { outDir: dir }, preview: { host: '127.0.0.1', port, strictPort: true } });
  const browser = await launchChromium();
  const path = `/tmp/load-tasks-${port}.json`;
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await browser.startTracing(page, { path, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute'] });
    let t0 = Date.now();
    if (file) {
      await page.goto(`http://127.0.0.1:${port}/`);
      await page.getByTestId('status-line').filter({ hasText: /UMAP|PCA/ }).waitFor({ timeout: 120_000 });
      await page.getByTestId('load-data-button').click();
      t0 = Date.now();
      await page.getByTestId('load-file-input').setInputFiles(file);
    } else await page.goto(`http://127.0.0.1:${port}/?dataset=glove-341k`);
    await page.getByTestId('status-line').filter({ hasText: file ? new RegExp(process.env.READY ?? '1,000,000 points · 64 dimensions · PCA') : /341,479 points · 100 dimensions · PCA/ }).waitFor({ timeout: 600_000 });
    const loadMs = Date.now() - t0;
    await page.waitForTimeout(3000);
    await browser.stopTracing();
    const events = (JSON.parse(readFileSync(path, 'utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
    // Renderer main threads: the page's (the navigation may move it to a new process) and idle ones.
    const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
    const onMain = events.filter((e) => e.ph === 'X' && mains.has(`${e.pid}:${e.tid}`));
    const tasks = onMain.filter((e) => e.name === 'RunTask');
    const kind = (t: TraceEvent): string => {
      const inside = onMain.filter((e) => e !== t && e.pid === t.pid && e.tid === t.tid && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + (t.dur ?? 0) && (e.dur ?? 0) > (t.dur ?? 0) * 0.4);
      return KINDS.find(([name]) => inside.some((e) => e.name === name))?.[1] ?? 'other';
    };
    const long = tasks.filter((t) => (t.dur ?? 0) >= threshold).sort((a, b) => a.ts - b.ts);
    const list = long.map((t) => `${((t.dur ?? 0) / 1000).toFixed(0)}/${((t.tdur ?? NaN) / 1000).toFixed(0)} ${kind(t)}`).join(', ');
    const worst = long.filter((t) => kind(t) !== 'module').reduce((m, t) => Math.max(m, (t.tdur ?? 0) / 1000), 0);
    return `load to status ${loadMs} ms; tasks ≥ ${threshold / 1000} ms (wall/CPU ms): ${list}; most CPU in a task after start-up: ${worst.toFixed(0)} ms`;
  } finally {
    await browser.close();
    await server.close();
    rmSync(path, { force: true });
  }
}

for (let r = 0; r < reps; r++) {
  for (const dir of dirs) {
    const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
    console.log(`${dir} (load ${load}): ${await loadOnce(dir)}`);
  }
}
