import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { canvasHash, inkedPixels, openApp, selectByLabel } from './helpers';

/**
 * Worker faults, injected for real: a worker is terminated mid-job through the test hook
 * (app/testHooks.ts, installed only because this harness sets __sproutTestHooks before the
 * app boots), exactly as the pool handles a worker that dies. Each case checks the app
 * recovers: the map on screen stays, a message names the cause and offers the way back,
 * and that way back completes the job. `npm run reliability` prints the tally.
 */
test.describe.configure({ timeout: 180_000 });

const RESULTS = 'bench/results/hardening-e2e.json';
const tally = { injected: 0, recovered: 0, cases: [] as string[] };
test.afterAll(() => {
  mkdirSync(path.dirname(RESULTS), { recursive: true });
  let all: Record<string, unknown> = {};
  try {
    all = JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, unknown>;
  } catch {
    /* first measurement */
  }
  writeFileSync(RESULTS, JSON.stringify({ ...all, 'worker faults': { injected: tally.injected, recovered: tally.recovered, cases: tally.cases.join('; ') } }, null, 2));
});

let dir = '';
test.beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'sprout-faults-'));
});
test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    (window as unknown as { __sproutTestHooks: boolean }).__sproutTestHooks = true;
  });
});

/** Terminates a worker mid-job; returns the kinds of the jobs it failed. */
async function crash(page: Page, kind: 'data' | 'parse' | 'project' | 'train'): Promise<string[]> {
  const kinds = await page.evaluate((k) => (window as unknown as { __sprout: { crashWorker(kind: string): string[] } }).__sprout.crashWorker(k), kind);
  tally.injected++;
  return kinds;
}
const recovered = (what: string): void => {
  tally.recovered++;
  tally.cases.push(what);
};
const status = (page: Page) => page.getByTestId('status-line');
const state = (page: Page) => page.getByTestId('projection-state');

test('the hook is not there without the harness flag', async ({ browser }) => {
  const page = await browser.newPage();
  await openApp(page);
  expect(await page.evaluate(() => '__sprout' in window)).toBe(false);
  await page.close();
});

test('the projection worker killed mid-run: the map keeps its last frame, the message names the cause, and Run again completes', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('projection-method').selectOption('umap');
  await page.getByTestId('projection-pre-reduce').check();
  // Long enough that the fault lands while it runs; the retry is short.
  await page.getByTestId('umap-epochs').fill('1000');
  const before = await canvasHash(page);
  await page.getByTestId('projection-run').click();
  await expect(state(page)).toHaveText('Running');
  // Past the table's hand-over (projectPutTable): the run itself reports a phase.
  await expect(page.getByTestId('projection-status')).toHaveAttribute('data-phase', /.+/);
  expect(await crash(page, 'project')).toEqual(['projectRun']);
  await expect(page.getByTestId('projection-message')).toContainText('The projection worker stopped (Worker crashed while running "projectRun": injected fault)');
  await expect(page.getByTestId('projection-message')).toContainText('Press Run to try again');
  // The map is still there, unchanged, and still says what it shows.
  await expect(status(page)).toContainText('10,000 points · 100 dimensions');
  expect((await inkedPixels(page)).inked).toBeGreaterThan(1000);
  const kept = await canvasHash(page);
  await page.waitForTimeout(500);
  expect(await canvasHash(page)).toBe(kept);
  expect(kept === before || (await status(page).innerText()).includes('UMAP')).toBe(true);
  // The way back: a fresh worker gets the table again and the run completes.
  await page.getByTestId('umap-epochs').fill('60');
  await page.getByTestId('projection-run').click();
  await expect(state(page)).toHaveText('Done', { timeout: 150_000 });
  await expect(status(page)).toContainText('UMAP');
  recovered('projection worker killed mid-run → Run again completes');
});

test('the projection worker killed while a run is paused: Resume says the session is gone, and Run again completes', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('projection-method').selectOption('umap');
  await page.getByTestId('projection-pre-reduce').check();
  await page.getByTestId('umap-epochs').fill('5000');
  await page.getByTestId('projection-run').click();
  await expect(page.getByTestId('projection-status')).toHaveAttribute('data-phase', 'layout', { timeout: 120_000 });
  // Long enough that a click slowed by a busy machine still finds it running.
  await page.getByTestId('projection-pause').click();
  await expect(state(page)).toHaveText('Paused');
  const paused = await canvasHash(page);
  expect(await crash(page, 'project')).toEqual([]);
  await page.getByTestId('projection-resume').click();
  await expect(page.getByTestId('projection-message')).toContainText('The projection worker was restarted, so this paused run is gone.');
  expect(await canvasHash(page)).toBe(paused);
  await expect(status(page)).toContainText('UMAP');
  await page.getByTestId('umap-epochs').fill('60');
  await page.getByTestId('projection-run').click();
  await expect(state(page)).toHaveText('Done', { timeout: 150_000 });
  recovered('projection worker killed while paused → Resume names the loss, Run again completes');
});

test('the parse worker killed mid-read: the map stays, the message names the cause, and Try again reads the file', async ({ page }) => {
  const file = path.join(dir, 'rows.tsv');
  const lines: string[] = [];
  for (let i = 0; i < 120_000; i++) lines.push(`w${i}\t${Array.from({ length: 32 }, (_, j) => ((i * 7 + j * 13) % 997) / 997).join('\t')}`);
  writeFileSync(file, `${lines.join('\n')}\n`);
  await openApp(page);
  await page.getByTestId('load-data-button').click();
  await page.getByTestId('load-file-input').setInputFiles(file);
  await expect(page.getByTestId('file-load-progress')).toBeVisible();
  expect(await crash(page, 'parse')).toEqual(['parse']);
  await expect(page.getByTestId('file-load-error')).toContainText('The worker reading the file stopped (Worker crashed while running "parse": injected fault). Try again.');
  await expect(status(page)).toContainText('10,000 points · 100 dimensions');
  await page.getByTestId('file-load-retry').click();
  await expect(status(page)).toContainText('120,000 points · 32 dimensions', { timeout: 120_000 });
  recovered('parse worker killed mid-read → Try again loads the file');
});

test('the data worker killed: the map stays, the next lookup says the vectors are gone with Retry, and Retry brings them back', async ({ page }) => {
  await openApp(page);
  // Idle when killed (its jobs are quick): what it held is gone all the same.
  await crash(page, 'data');
  await expect(status(page)).toContainText('10,000 points · 100 dimensions');
  await selectByLabel(page, 'king');
  const banner = page.getByTestId('load-error');
  await expect(banner).toContainText('the worker that held its vectors was restarted, so they are gone. Retry loads it again.');
  expect((await inkedPixels(page)).inked).toBeGreaterThan(1000);
  await banner.getByRole('button', { name: 'Retry' }).click();
  await expect(banner).toHaveCount(0, { timeout: 60_000 });
  // Retry swaps the error for the download's progress at once; the reloaded dataset
  // replaces the old one (and resets the selection) only when that is gone too, so a
  // label typed before then would be cleared (seen on a loaded machine).
  await expect(page.getByTestId('load-progress')).toHaveCount(0, { timeout: 60_000 });
  await expect(status(page)).toContainText('10,000 points · 100 dimensions');
  await selectByLabel(page, 'king');
  await expect(page.getByTestId('neighbor').first()).toBeVisible();
  recovered('data worker killed → Retry reloads, neighbours answer');
});
