import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { canvasHash, inkedPixels, openApp } from './helpers';

// The Compare view on the default GloVe 10k set: PCA on the left, the UMAP stored with
// the data on the right, then a UMAP run with other settings, linked. Its epochs are
// lowered through the Projection panel so the run takes ~15 s on two idle cores; the
// timeout allows for a busy machine.
test.describe.configure({ timeout: 180_000 });

test('compares PCA with the UMAP stored with the data, then with a live UMAP run: measured, linked', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('view-compare').click();
  const view = page.getByTestId('compare-view');
  const left = view.getByTestId('compare-left');
  const right = view.getByTestId('compare-right');

  // Left: PCA, drawn and measured with the same figures as any layout.
  await expect(left.getByTestId('compare-left-source')).toHaveValue('pca');
  await expect.poll(async () => (await inkedPixels(page, left)).inked).toBeGreaterThan(2000);
  const pcaQuality = left.getByTestId('compare-left-quality');
  await expect(pcaQuality).toContainText('kNN recall@10', { timeout: 30_000 });
  await expect(pcaQuality).toContainText('Trustworthiness@10');

  // Right, at once: the UMAP that came with the data, measured the same way.
  await expect(right.getByTestId('compare-right-identity')).toContainText('UMAP · 15 neighbours · min dist 0.1');
  await expect(right.getByTestId('compare-right-quality')).toContainText('kNN recall@10', { timeout: 60_000 });

  // A UMAP with other settings (Explore's Projection panel) runs live and lands in the right pane.
  await page.getByTestId('view-explore').click();
  await page.getByTestId('projection-method').selectOption('umap');
  await page.getByTestId('projection-pre-reduce').check();
  await page.getByTestId('umap-epochs').fill('150');
  await page.getByTestId('umap-epochs').press('Enter');
  await page.getByTestId('projection-run').click();
  await page.getByTestId('view-compare').click();
  await expect(right.getByTestId('compare-right-source')).toHaveValue('live');
  await expect.poll(async () => (await inkedPixels(page, right)).inked, { timeout: 90_000 }).toBeGreaterThan(2000);

  // Finished: the pane keeps the layout, with its identity and quality, and the agreement appears.
  await expect(right.getByTestId('compare-right-identity')).toContainText('UMAP · 15 neighbours · min dist 0.1 · spread 1 · 150 epochs', { timeout: 120_000 });
  await expect(right.getByTestId('compare-right-quality')).toContainText('kNN recall@10', { timeout: 60_000 });
  await expect(right.getByTestId('compare-right-source')).not.toHaveValue('live');
  const umapRecall = Number(/kNN recall@10 ([\d.]+)/.exec(await right.getByTestId('compare-right-quality').innerText())?.[1]);
  const pcaRecall = Number(/kNN recall@10 ([\d.]+)/.exec(await pcaQuality.innerText())?.[1]);
  console.log(`GloVe 10k recall@10: PCA ${pcaRecall}, UMAP (150 epochs) ${umapRecall}`);
  // UMAP keeps far more local neighbourhoods than a linear projection.
  expect(umapRecall).toBeGreaterThan(pcaRecall);
  await expect(view.getByTestId('compare-agreement')).toContainText('% of each point’s 10 nearest neighbours', { timeout: 30_000 });

  const search = page.getByTestId('search-input');
  await search.fill('king');
  await search.press('Enter');
  const leftRing = left.locator('.scatter-mark-selected circle');
  const rightRing = right.locator('.scatter-mark-selected circle');
  await expect(leftRing).toHaveCount(1);
  await expect(rightRing).toHaveCount(1);
  await search.fill('');
  const box = await leftRing.boundingBox();
  expect(box).not.toBeNull();
  await page.mouse.move(box!.x + box!.width / 2, box!.y + box!.height / 2);
  await expect(left.getByTestId('scatter-tooltip')).toContainText('king');
  await expect(right.getByTestId('scatter-tooltip')).toContainText('king');

  // A lasso drawn on the left dims everything else on the right too.
  const rightBefore = await canvasHash(page, right);
  await left.getByTestId('lasso-button').click();
  const plotBox = (await left.getByTestId('compare-left-plot').boundingBox())!;
  const [x0, y0] = [plotBox.x + plotBox.width * 0.3, plotBox.y + plotBox.height * 0.3];
  await page.mouse.move(x0, y0);
  await page.mouse.down();
  await page.mouse.move(x0 + 120, y0, { steps: 5 });
  await page.mouse.move(x0 + 120, y0 + 120, { steps: 5 });
  await page.mouse.move(x0, y0 + 120, { steps: 5 });
  await page.mouse.up();
  await expect(view.getByTestId('lasso-count')).toBeVisible();
  await expect.poll(() => canvasHash(page, right)).not.toBe(rightBefore);

  // Swapping sides through the pickers.
  await left.getByTestId('compare-left-source').selectOption({ label: 'UMAP' });
  await expect(right.getByTestId('compare-right-source')).toHaveValue('pca');

  const axe = await new AxeBuilder({ page }).include('[data-testid="compare-view"]').analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
