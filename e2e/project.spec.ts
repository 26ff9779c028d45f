import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { canvasHash, openApp } from './helpers';

// The projection engine on the default GloVe 10k set. Iterations / epochs are lowered
// through the panel's own inputs so each test takes ~20–30 s on two idle cores; the
// timeout allows for a machine shared with other jobs (the neighbour search is CPU-bound).
test.describe.configure({ timeout: 180_000 });

async function pick(page: Page, method: string): Promise<void> {
  await page.getByTestId('projection-method').selectOption(method);
}

const state = (page: Page) => page.getByTestId('projection-state');

/** Waits until the layout phase is streaming snapshots of `method` onto the plot. */
async function waitForLayoutPhase(page: Page, method: string): Promise<void> {
  await expect(state(page)).toHaveText('Running');
  await expect(page.getByTestId('projection-status')).toHaveAttribute('data-phase', 'layout', { timeout: 90_000 });
  await expect(page.getByTestId('status-line')).toContainText(method, { timeout: 20_000 });
}

/** Reported, not asserted: timings belong in benchmarks. */
async function report(page: Page, what: string): Promise<void> {
  const timings = await page.getByTestId('projection-timings').innerText();
  const quality = await page.getByTestId('projection-quality').innerText();
  console.log(`${what}\n  ${timings.replace(/\n+/g, ' ')}\n  ${quality.replace(/\n+/g, ' ')}`);
}

test('t-SNE animates the map, pauses, resumes and reports its quality', async ({ page }) => {
  await openApp(page);
  await pick(page, 'tsne');
  await page.getByTestId('tsne-iterations').fill('300');
  // 100 dimensions: PCA pre-reduction is offered but off by default (it starts above 128);
  // switching it on halves the neighbour search here.
  await expect(page.getByTestId('projection-pre-reduce')).not.toBeChecked();
  await page.getByTestId('projection-pre-reduce').check();
  const pcaHash = await canvasHash(page);
  await page.getByTestId('projection-run').click();
  await waitForLayoutPhase(page, 't-SNE');
  // The plot animates while the layout runs: the picture changes between snapshots.
  const h1 = await canvasHash(page);
  expect(h1).not.toBe(pcaHash);
  await expect.poll(() => canvasHash(page), { timeout: 10_000 }).not.toBe(h1);
  await expect(state(page)).toHaveText('Running');

  // Pause: the picture stops changing.
  await page.getByTestId('projection-pause').click();
  await expect(state(page)).toHaveText('Paused');
  const paused = await canvasHash(page);
  await page.waitForTimeout(600);
  expect(await canvasHash(page)).toBe(paused);

  // Resume carries on to the end.
  await page.getByTestId('projection-resume').click();
  await expect(state(page)).toHaveText('Running');
  await expect(state(page)).toHaveText('Done', { timeout: 45_000 });
  await expect(page.getByTestId('projection-identity')).toContainText('t-SNE · perplexity 30 · learning rate auto · 300 iterations');
  await expect(page.getByTestId('projection-identity')).toContainText('seed 42 · PCA → 50 dims first');
  await expect(page.getByTestId('projection-graph-time')).toContainText('exact, k = 90');
  const quality = page.getByTestId('projection-quality');
  await expect(quality).toContainText('kNN recall@10', { timeout: 20_000 });
  await expect(quality).toContainText('Trustworthiness@10');
  const recall = Number((await quality.locator('tr', { hasText: 'kNN recall' }).locator('td.num').innerText()).trim());
  expect(recall).toBeGreaterThan(0.1);
  await report(page, 'GloVe 10k, t-SNE, 300 iterations');
});

test('UMAP animates, Cancel keeps the last frame, and the same settings show the same layout again', async ({ page }) => {
  await openApp(page);
  await pick(page, 'umap');
  await page.getByTestId('projection-pre-reduce').check();
  await page.getByTestId('umap-epochs').fill('400');
  await page.getByTestId('projection-run').click();
  await waitForLayoutPhase(page, 'UMAP');
  const h1 = await canvasHash(page);
  await expect.poll(() => canvasHash(page), { timeout: 10_000 }).not.toBe(h1);

  await page.getByTestId('projection-cancel').click();
  await expect(state(page)).toHaveText('Cancelled');
  const frozen = await canvasHash(page);
  await page.waitForTimeout(600);
  expect(await canvasHash(page)).toBe(frozen);
  await expect(page.getByTestId('status-line')).toContainText('UMAP');

  // A shorter run to the end (the neighbour graph is cached in the worker now).
  await page.getByTestId('umap-epochs').fill('60');
  await page.getByTestId('projection-run').click();
  await expect(state(page)).toHaveText('Done', { timeout: 40_000 });
  await expect(page.getByTestId('projection-graph-time')).toContainText('cached');
  await expect(page.getByTestId('projection-quality')).toContainText('kNN recall@10', { timeout: 20_000 });
  await report(page, 'GloVe 10k, UMAP, 60 epochs');
  const done = await canvasHash(page);

  // PCA is one pick away, and the same spec + seed brings the same layout back at once.
  await pick(page, 'pca');
  await expect(page.getByTestId('status-line')).toContainText('PCA');
  await expect.poll(() => canvasHash(page)).not.toBe(done);
  await pick(page, 'umap');
  await page.getByTestId('projection-run').click();
  await expect(state(page)).toHaveText('Done');
  await expect(page.getByTestId('projection-status')).toContainText('shown again');
  await expect.poll(() => canvasHash(page)).toBe(done);

  // Step: another seed, one epoch at a time (the graph is still cached).
  await page.getByTestId('projection-seed').fill('7');
  await page.getByTestId('projection-step').click();
  await expect(state(page)).toHaveText('Paused', { timeout: 30_000 });
  const first = await page.getByTestId('projection-status').innerText();
  const stepped = await canvasHash(page);
  await page.getByTestId('projection-step').click();
  await expect(state(page)).toHaveText('Paused');
  await expect.poll(() => canvasHash(page)).not.toBe(stepped);
  expect(await page.getByTestId('projection-status').innerText()).not.toBe(first);
  await expect(page.getByTestId('projection-identity')).toContainText('seed 7');
});

test('druid.js methods load as their own chunk under the CSP; too slow ones are refused', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.resourceType() === 'script' || r.url().endsWith('.js')) scripts.push(r.url());
  });
  await openApp(page);
  expect(scripts.some((u) => /druid/.test(u))).toBe(false);

  // TriMap would take minutes on 10,000 points: the panel says so and will not run it.
  await pick(page, 'trimap');
  await expect(page.getByTestId('projection-description')).toContainText('Slow above 2,000 points; refused above 8,000');
  await expect(page.getByTestId('projection-panel').getByRole('alert')).toContainText('limited to 8,000 points');
  await expect(page.getByTestId('projection-run')).toBeDisabled();

  await pick(page, 'fastmap');
  await page.getByTestId('projection-run').click();
  await expect(state(page)).toHaveText('Done', { timeout: 30_000 });
  await expect(page.getByTestId('status-line')).toContainText('FastMap');
  await expect(page.getByTestId('projection-quality')).toContainText('kNN recall@10', { timeout: 30_000 });
  expect(scripts.some((u) => /druid/.test(u))).toBe(true);
  expect(violations).toEqual([]);
  // The panel with its parameters, status, timings and quality table stays accessible.
  const results = await new AxeBuilder({ page }).include('[data-testid="projection-panel"]').analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
