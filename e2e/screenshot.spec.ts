import { expect, test } from '@playwright/test';
import { openApp, selectByLabel } from './helpers';

// Regenerates the README's screenshots: SPROUT_SCREENSHOT=1 npx playwright test screenshot
test.skip(!process.env.SPROUT_SCREENSHOT, 'only when regenerating docs/*.png');
test.describe.configure({ timeout: 180_000 });

test("README screenshot: Explore's first view (the stored UMAP, named clusters, labels) with a selection", async ({ page }) => {
  await openApp(page);
  await selectByLabel(page, 'king');
  await page.getByTestId('search-input').fill('');
  await page.mouse.move(10, 10);
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/screenshot.png' });
});

test('README screenshot: Compare PCA with UMAP', async ({ page }) => {
  await openApp(page);
  await page.getByTestId('view-compare').click();
  await expect(page.getByTestId('compare-right-quality')).toContainText('kNN recall@10', { timeout: 120_000 });
  await expect(page.getByTestId('compare-agreement')).toContainText('%', { timeout: 30_000 });
  await selectByLabel(page, 'king', page.getByTestId('compare-view'));
  await page.getByTestId('search-input').fill('');
  await page.mouse.move(10, 10);
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/compare.png' });
});
