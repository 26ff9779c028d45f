import { expect, test } from '@playwright/test';
import { createPca } from '../src/compute/project/pca';
import { runToEnd } from '../src/compute/task';
import { builtinDataset, canvasHash, inkedPixels, openApp, selectByLabel, showPca } from './helpers';

test.describe('exploring the default GloVe map', () => {
  test('the default plot draws 10,000 GloVe words with the UMAP stored with them, and PCA one click away', async ({ page }) => {
    const t0 = Date.now();
    await openApp(page);
    // Reported, not asserted: timings belong in benchmarks, not in pass/fail tests.
    console.log(`time to first plot: ${Date.now() - t0} ms (${await page.getByTestId('status-line').textContent()})`);
    await expect(page.getByTestId('status-line')).toContainText('10,000 points · 100 dimensions · UMAP (computed with the data)');
    const { inked } = await inkedPixels(page);
    expect(inked).toBeGreaterThan(2000);
    await showPca(page);
    await expect(page.getByTestId('pca-explained')).toContainText('%');
  });

  test('selecting "king" lists royal neighbours from the original 100-d space', async ({ page }) => {
    await openApp(page);
    await selectByLabel(page, 'king');
    const names = await page.getByTestId('neighbor').locator('.neighbor-label').allTextContents();
    expect(names).toHaveLength(10);
    const royal = ['queen', 'prince', 'monarch', 'throne', 'kingdom', 'son', 'brother'];
    expect(names.filter((n) => royal.includes(n)).length).toBeGreaterThanOrEqual(2);
    // Clicking a neighbour selects it.
    await page.getByTestId('neighbor').filter({ hasText: names[0] }).first().click();
    await expect(page.getByTestId('selected-label')).toHaveText(names[0]);
  });

  test('hovering the point of a known word shows that word in the tooltip', async ({ page }) => {
    await openApp(page);
    await selectByLabel(page, 'king');
    const ring = page.locator('.scatter-mark-selected circle');
    const box = await ring.boundingBox();
    expect(box).not.toBeNull();
    await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
    await expect(page.getByTestId('scatter-tooltip')).toContainText('king');
  });

  test('a Shift+drag lasso around a word picks it and its close neighbours, dims the rest, and clears', async ({ page }) => {
    await openApp(page);
    await selectByLabel(page, 'king');
    const box = await page.locator('.scatter-mark-selected circle').boundingBox();
    expect(box).not.toBeNull();
    const [cx, cy] = [box!.x + box!.width / 2, box!.y + box!.height / 2];
    const before = await canvasHash(page);
    // A 24 px square around the point, drawn with Shift held.
    await page.keyboard.down('Shift');
    await page.mouse.move(cx - 12, cy - 12);
    await page.mouse.down();
    for (const [dx, dy] of [[12, -12], [12, 12], [-12, 12], [-12, -12]]) await page.mouse.move(cx + dx, cy + dy, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const panel = page.getByTestId('lasso-panel');
    await expect(panel).toBeVisible();
    const count = Number((await page.getByTestId('lasso-count').locator('strong').innerText()).replace(/,/g, ''));
    expect(count).toBeGreaterThan(0);
    expect(count).toBeLessThan(2000);
    if (count <= 40) await expect(page.getByTestId('lasso-labels')).toContainText('king');
    // The lasso drag neither panned the view nor cleared the selection.
    await expect(page.getByTestId('selected-label')).toHaveText('king');
    await expect.poll(() => canvasHash(page)).not.toBe(before);
    await page.getByTestId('lasso-clear').click();
    await expect(panel).toHaveCount(0);
  });

  test('Labels writes the most frequent words that fit, without overlaps; a search narrows them', async ({ page }) => {
    await openApp(page);
    // On from the first view of a word set; the button turns them off and on.
    await expect(page.getByTestId('labels-button')).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('labels-button').click();
    await expect(page.getByTestId('labels-button')).toHaveAttribute('aria-pressed', 'false');
    await expect(page.locator('.scatter-mark-label')).toHaveCount(0);
    await page.getByTestId('labels-button').click();
    await expect(page.getByTestId('labels-button')).toHaveAttribute('aria-pressed', 'true');
    const shown = page.locator('.scatter-mark-label text:not([display="none"])');
    await expect.poll(() => shown.count()).toBeGreaterThan(20);
    const texts = await shown.allTextContents();
    expect(texts).toContain('the');
    // No two visible labels overlap.
    const boxes = await shown.evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]));
    const overlaps: string[] = [];
    for (let a = 0; a < boxes.length; a++)
      for (let b = a + 1; b < boxes.length; b++) {
        const [l1, t1, r1, b1] = boxes[a], [l2, t2, r2, b2] = boxes[b];
        if (l1 < r2 - 1 && l2 < r1 - 1 && t1 < b2 - 1 && t2 < b1 - 1) overlaps.push(`${texts[a]} / ${texts[b]}`);
      }
    expect(overlaps).toEqual([]);
    await page.getByTestId('search-input').fill('/^qu/');
    await expect.poll(async () => (await shown.allTextContents()).every((t) => t.startsWith('qu'))).toBe(true);
    expect(await shown.count()).toBeGreaterThan(3);
  });

  test('searching /^qu/ reports the number of labels that start with "qu"', async ({ page }) => {
    const expected = builtinDataset('glove-10k.sprout').labels.filter((l) => /^qu/.test(l)).length;
    expect(expected).toBeGreaterThan(5);
    await openApp(page);
    const before = await canvasHash(page);
    await page.getByTestId('search-input').fill('/^qu/');
    await expect(page.getByTestId('search-status')).toHaveText(`${expected} of 10,000 match`);
    await expect.poll(() => canvasHash(page)).not.toBe(before);
    await page.getByTestId('search-input').fill('/[/');
    await expect(page.getByTestId('search-status')).toContainText('Invalid regular expression');
  });

  test('zooming with the wheel, the keyboard and Fit changes the view', async ({ page }) => {
    await openApp(page);
    const plot = page.locator('[data-zoom-k]');
    const k0 = Number(await plot.getAttribute('data-zoom-k'));
    const before = await canvasHash(page);
    const box = (await page.getByTestId('scatter-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -600);
    await expect.poll(async () => Number(await plot.getAttribute('data-zoom-k'))).toBeGreaterThan(k0);
    await expect.poll(() => canvasHash(page)).not.toBe(before);
    await plot.focus();
    const k1 = Number(await plot.getAttribute('data-zoom-k'));
    await page.keyboard.press('-');
    await expect.poll(async () => Number(await plot.getAttribute('data-zoom-k'))).toBeLessThan(k1);
    await page.getByTestId('fit-button').click();
    await expect.poll(async () => Number(await plot.getAttribute('data-zoom-k'))).toBeCloseTo(k0, 2);
  });

  test('choosing other principal components re-draws the plot', async ({ page }) => {
    await openApp(page);
    await showPca(page);
    const before = await canvasHash(page);
    await page.getByTestId('pca-x').selectOption('2');
    await expect(page.getByTestId('pca-x')).toHaveValue('2');
    await expect.poll(() => canvasHash(page)).not.toBe(before);
  });
});

test.describe('other built-in data', () => {
  test('MNIST digits are coloured by digit with a legend of ten digits', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('dataset-picker').selectOption('mnist-10k');
    await expect(page.getByTestId('status-line')).toContainText('784 dimensions · UMAP (computed with the data)');
    await expect(page.getByTestId('color-by')).toHaveValue('digit');
    const legend = page.getByTestId('legend').locator('li');
    await expect(legend).toHaveCount(10);
    await expect(legend.first()).toContainText(/^\d/);
    const { colours } = await inkedPixels(page);
    expect(colours).toBeGreaterThanOrEqual(8);
  });

  test('GloVe 50k loads from the picker', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('dataset-picker').selectOption('glove-50k');
    await expect(page.getByTestId('status-line')).toContainText('50,000 points · 100 dimensions · UMAP (computed with the data)', { timeout: 30_000 });
  });
});

test.describe('failures', () => {
  test('a dataset that fails to download shows an error with Retry, and the current map stays usable', async ({ page }) => {
    await openApp(page);
    let fail = true;
    await page.route('**/data/mnist-10k.sprout', (route) => (fail ? route.fulfill({ status: 500, body: 'boom' }) : route.fallback()));
    await page.getByTestId('dataset-picker').selectOption('mnist-10k');
    await expect(page.getByTestId('load-error')).toContainText('HTTP 500');
    // The GloVe map is still there and still works.
    await expect(page.getByTestId('status-line')).toContainText('10,000 points · 100 dimensions');
    await selectByLabel(page, 'queen');
    fail = false;
    await page.getByTestId('load-error').getByRole('button', { name: 'Retry' }).click();
    await expect(page.getByTestId('status-line')).toContainText('784 dimensions · UMAP');
    await expect(page.getByTestId('load-error')).toHaveCount(0);
  });

  test('a damaged dataset file is reported as damaged, not as a blank page', async ({ page }) => {
    await openApp(page);
    await page.route('**/data/glove-50k.sprout', (route) => route.fulfill({ status: 200, body: Buffer.from('SPRTgarbage') }));
    await page.getByTestId('dataset-picker').selectOption('glove-50k');
    await expect(page.getByTestId('load-error')).toContainText('damaged');
    await expect(page.getByTestId('status-line')).toContainText('10,000 points');
  });
});

test('Find clusters colours GloVe by k-means clusters named after their central words, shown on the map', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('cluster-k').fill('8');
  await page.getByTestId('cluster-run').click();
  await expect(page.getByTestId('cluster-status')).toContainText('8 clusters after', { timeout: 60_000 });
  await expect(page.getByTestId('color-by')).toHaveValue('clusters (k-means, k = 8)');
  const legend = page.getByTestId('legend').locator('li');
  await expect(legend).toHaveCount(8);
  // Each name lists three words; their counts add up to every point.
  const counts = (await page.getByTestId('legend').locator('.legend-count').allTextContents()).map((t) => Number(t.replace(/,/g, '')));
  expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
  expect(await legend.first().locator('.legend-label').innerText()).toMatch(/^\S+ · \S+ · \S+$/);
  const names = page.locator('.scatter-mark-cluster text:not([display="none"])');
  await expect.poll(() => names.count()).toBeGreaterThan(2);
  const { colours } = await inkedPixels(page);
  expect(colours).toBeGreaterThanOrEqual(6);
});

test('the PCA stored in the built-in files is what our PCA computes from their vectors', () => {
  // The first plot uses it directly, so it must not drift from the runtime PCA.
  for (const file of ['glove-10k.sprout', 'mnist-10k.sprout']) {
    const ds = builtinDataset(file);
    expect(ds.pca, file).toBeDefined();
    const stored = ds.pca!;
    const fresh = runToEnd(createPca(ds.vectors, ds.n, ds.dim, stored.components));
    expect(fresh.explainedRatio.map((r) => r.toFixed(6))).toEqual(stored.explainedRatio.map((r) => r.toFixed(6)));
    let worst = 0;
    for (let i = 0; i < stored.scores.length; i++) worst = Math.max(worst, Math.abs(fresh.scores[i] - stored.scores[i]));
    expect(worst, file).toBeLessThan(1e-4);
  }
});
