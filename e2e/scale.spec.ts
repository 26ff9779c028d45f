import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { splitDataset } from '../src/compute/dataset';
import { ProjectWorkspace } from '../src/compute/project/session';
import { DEFAULT_PROJECTION_SETTINGS, specFor } from '../src/state/projectTypes';
import { BUILTINS } from '../src/state/types';
import { clusteredVectors, layoutParquet, npyFile } from '../scripts/scaleData';
import { builtinDataset, inkedPixels } from './helpers';

const status = (page: Page) => page.getByTestId('status-line');

async function upload(page: Page, file: string): Promise<void> {
  await page.getByTestId('load-data-button').click();
  await page.getByTestId('load-file-input').setInputFiles(file);
  await expect(page.getByTestId('load-dialog')).toHaveCount(0);
}

/** The plot's rectangle on the page. */
async function plotBox(page: Page, testId: string) {
  const box = await page.getByTestId(testId).boundingBox();
  expect(box, testId).not.toBeNull();
  return box!;
}

test.describe('the first minute', () => {
  test('GloVe 10k opens on its UMAP with cluster names, labelled words, a legend of clusters and a line saying what the dots are', async ({ page }) => {
    await page.goto('./');
    await expect(status(page)).toContainText('10,000 points · 100 dimensions · UMAP (computed with the data)');
    await expect(page.getByTestId('intro-line')).toHaveText('10,000 English words; nearby words have similar meanings — click one');
    // Without a click: cluster names and the most frequent words on the map, the clusters in the legend.
    await expect.poll(() => page.locator('.scatter-mark-cluster').count()).toBeGreaterThanOrEqual(6);
    await expect.poll(() => page.locator('.scatter-mark-label').count()).toBeGreaterThanOrEqual(10);
    const labels = await page.locator('.scatter-mark-label text').allTextContents();
    expect(labels.filter((l) => ['the', 'of', 'and', 'to', 'in', 'said', 'year', 'new', 'first', 'two'].includes(l)).length).toBeGreaterThanOrEqual(1);
    await expect(page.getByTestId('color-by')).toHaveValue('clusters (k-means, k = 12)');
    const legend = await page.getByTestId('legend').locator('.legend-label').allTextContents();
    expect(legend).toHaveLength(12);
    expect(legend.every((name) => name.split(' · ').length === 3)).toBe(true);
    const counts = (await page.getByTestId('legend').locator('.legend-count').allTextContents()).map((c) => Number(c.replace(/,/g, '')));
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
    expect(counts.reduce((a, b) => a + b, 0)).toBe(10_000);
    // The usage hint is on screen, not only for screen readers.
    const hint = await page.locator('.plot-area .scatter-help').boundingBox();
    expect(hint && hint.width > 200 && hint.height > 8).toBe(true);
    const { inked } = await inkedPixels(page);
    expect(inked).toBeGreaterThan(2000);

    // PCA is one click away; the intro line goes at the first interaction; UMAP is one click back.
    await page.getByTestId('layout-pca').click();
    await expect(status(page)).toContainText('PCA (computed with the data)');
    await expect(page.getByTestId('intro-line')).toHaveCount(0);
    await page.getByTestId('layout-stored-0').click();
    await expect(status(page)).toContainText('UMAP (computed with the data)');
  });

  test('a numeric column gets a colour bar with readable round numbers, in Chinese too', async ({ page }) => {
    await page.goto('./');
    await expect(status(page)).toContainText('UMAP');
    await page.getByTestId('color-by').selectOption('rank');
    const legend = page.getByTestId('legend');
    await expect(page.getByTestId('legend-min')).toHaveText('1');
    await expect(page.getByTestId('legend-max')).toHaveText('10,000');
    await expect(legend.locator('.legend-ticks li')).toHaveText(['2,000', '4,000', '6,000', '8,000', '10,000']);
    await expect(legend).not.toContainText('e+');
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await expect(page.locator('#color-title')).toHaveText('颜色');
    await expect(page.getByTestId('legend-max')).toHaveText('10,000');
    await expect(status(page)).toContainText('UMAP (随数据一起算好)');
  });

  test('the UMAP stored in GloVe 10k is what the projection worker computes from its vectors with the default settings', () => {
    test.setTimeout(120_000);
    const ds = builtinDataset('glove-10k.sprout');
    const stored = ds.layouts?.[0];
    expect(stored?.spec).toEqual(specFor('umap', DEFAULT_PROJECTION_SETTINGS, ds));
    const workspace = new ProjectWorkspace();
    workspace.putTable(splitDataset(ds).table);
    return workspace
      .run({ sessionId: 1, mode: 'run', open: { datasetId: ds.id, codes: null, spec: stored!.spec! } }, new AbortController().signal, () => undefined)
      .then((res) => expect([...res.coords]).toEqual([...stored!.coords]));
  });
});

test.describe('every view at 800 px', () => {
  test.use({ viewport: { width: 800, height: 700 } });

  test('Explore, Compare and the lab each have a plot at least 500 px wide; the side panel is a drawer', async ({ page }) => {
    await page.goto('./');
    await expect(status(page)).toContainText('UMAP');
    expect((await plotBox(page, 'scatter-plot')).width).toBeGreaterThanOrEqual(500);
    // The details are a drawer over the plot: closed, then opened by the Details button.
    const drawer = page.locator('#explore-details');
    await expect(drawer).not.toBeInViewport();
    await page.getByTestId('drawer-toggle').click();
    await expect(drawer).toBeInViewport({ ratio: 0.9 });
    await expect(page.getByTestId('layout-switch')).toBeVisible();
    await page.getByTestId('drawer-close').click();
    await expect(drawer).not.toBeInViewport();

    await page.getByTestId('view-compare').click();
    await expect(page.getByTestId('compare-right-identity')).toContainText('UMAP');
    for (const side of ['left', 'right']) expect((await plotBox(page, `compare-${side}-plot`)).width).toBeGreaterThanOrEqual(500);

    await page.getByTestId('view-lab').click();
    expect((await plotBox(page, 'lab-plot')).width).toBeGreaterThanOrEqual(500);
  });
});

test.describe('a million points', () => {
  test.describe.configure({ timeout: 240_000 });
  let dir = '';
  test.beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sprout-scale-'));
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a Parquet file of 1,000,000 precomputed x/y rows and a category opens as a layout without vectors, drawn and coloured by the category', async ({ page }) => {
    const file = path.join(dir, 'layout-1m.parquet');
    writeFileSync(file, layoutParquet(1_000_000, 2));
    await page.goto('./');
    await expect(status(page)).toContainText('UMAP');
    await upload(page, file);
    await expect(status(page)).toContainText('1,000,000 points · no vectors · x, y (from the file)', { timeout: 180_000 });
    await expect(page.getByTestId('file-load-review')).toHaveCount(0);
    await expect(page.getByTestId('color-by')).toHaveValue('category');
    await expect(page.getByTestId('legend').locator('li')).toHaveCount(12);
    await expect(page.getByTestId('projection-no-vectors')).toBeVisible();
    await expect.poll(async () => (await inkedPixels(page)).colours, { timeout: 30_000 }).toBeGreaterThanOrEqual(8);
  });

  test('a generated 1,000,000 × 64 .npy loads whole, without a sampling question, and draws', async ({ page }) => {
    const data = clusteredVectors(1_000_000, 64, 50, 1);
    const file = path.join(dir, 'clustered-1m-64.npy');
    writeFileSync(file, npyFile(data.vectors, data.n, data.dim));
    await page.goto('./');
    await expect(status(page)).toContainText('UMAP');
    await upload(page, file);
    await expect(status(page)).toContainText('1,000,000 points · 64 dimensions · PCA', { timeout: 180_000 });
    await expect(page.getByTestId('file-load-review')).toHaveCount(0);
    await expect(status(page)).not.toContainText('showing');
    await expect.poll(async () => (await inkedPixels(page)).inked, { timeout: 30_000 }).toBeGreaterThan(20_000);
  });

  test('GloVe 341k: offered as large, loads, draws, answers hover, counts a lasso and finds "zygote"', async ({ page }) => {
    await page.goto('./');
    await expect(status(page)).toContainText('UMAP');
    const info = BUILTINS.find((b) => b.id === 'glove-341k')!;
    // The picker says it is large and how large; the size it says is the file's (within 5 %).
    const option = page.getByTestId('dataset-picker').locator('option[value="glove-341k"]');
    await expect(option).toHaveText(/GloVe 341k \(large, \d+ MB\)/);
    const bytes = statSync(new URL('../public/data/glove-341k.sprout', import.meta.url)).size;
    expect(Math.abs(bytes - info.largeBytes!) / bytes).toBeLessThan(0.05);

    await page.getByTestId('dataset-picker').selectOption('glove-341k');
    await expect(status(page)).toContainText('341,479 points · 100 dimensions · PCA (computed with the data)', { timeout: 180_000 });
    await expect.poll(async () => (await inkedPixels(page)).inked, { timeout: 30_000 }).toBeGreaterThan(20_000);

    // Hover: the point under the pointer is named in the tooltip (the densest region has many).
    const plot = await plotBox(page, 'scatter-plot');
    const [cx, cy] = [plot.x + plot.width / 2, plot.y + plot.height / 2];
    await expect
      .poll(
        async () => {
          await page.mouse.move(cx + Math.random() * 20 - 10, cy + Math.random() * 20 - 10);
          return page.getByTestId('scatter-tooltip').isVisible();
        },
        { timeout: 30_000 },
      )
      .toBe(true);
    await expect(page.getByTestId('scatter-tooltip')).not.toBeEmpty();

    // A lasso round the middle of the map reports how many words it caught.
    await page.keyboard.down('Shift');
    await page.mouse.move(cx - 40, cy - 40);
    await page.mouse.down();
    for (const [dx, dy] of [[40, -40], [40, 40], [-40, 40], [-40, -40]]) await page.mouse.move(cx + dx, cy + dy, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Shift');
    const count = Number((await page.getByTestId('lasso-count').locator('strong').innerText({ timeout: 30_000 })).replace(/,/g, ''));
    expect(count).toBeGreaterThan(100);
    expect(count).toBeLessThan(341_479);
    await page.getByTestId('lasso-clear').click();

    // Search finds a rare word at the very end of the frequency list.
    await page.getByTestId('search-input').fill('zygote');
    await expect(page.getByTestId('search-status')).toContainText('of 341,479');
    await page.getByTestId('search-input').press('Enter');
    await expect(page.getByTestId('selected-label')).toHaveText('zygote');
    await expect(page.getByTestId('neighbor')).toHaveCount(10);
  });
});
