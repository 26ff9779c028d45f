import { expect, test } from '@playwright/test';
import { openApp } from './helpers';

test.describe('the language switch', () => {
  test('switches the interface to 简体中文 and back, and remembers the choice across a reload', async ({ page }) => {
    await openApp(page);
    await expect(page.getByTestId('view-explore')).toHaveText('Explore');
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await expect(page.getByTestId('view-explore')).toHaveText('探索');
    await expect(page.getByTestId('view-lab')).toHaveText('训练实验室');
    await expect(page.getByTestId('status-line')).toContainText('10,000 个点');
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');

    await page.reload();
    await expect(page.getByTestId('view-explore')).toHaveText('探索');
    await expect(page.getByTestId('language-switch')).toHaveValue('zh-CN');

    await page.getByTestId('language-switch').selectOption('en');
    await expect(page.getByTestId('view-explore')).toHaveText('Explore');
    await expect(page.getByTestId('status-line')).toContainText('10,000 points');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  });
});

test.describe('a browser that prefers Chinese', () => {
  test.use({ locale: 'zh-CN' });

  test('opens in 简体中文 without being asked', async ({ page }) => {
    await page.goto('./');
    await expect(page.getByTestId('view-compare')).toHaveText('对比');
    await expect(page.getByTestId('language-switch')).toHaveValue('zh-CN');
  });
});

test.describe('the panels in 简体中文', () => {
  test.use({ locale: 'zh-CN' });

  test('the projection panel, PCA axes, clusters and the Compare view speak Chinese', async ({ page }) => {
    await openApp(page);
    const panel = page.getByTestId('projection-panel');
    await page.getByTestId('projection-method').selectOption('umap');
    await expect(panel.getByRole('heading', { level: 2 })).toHaveText('投影');
    await expect(page.getByTestId('projection-description')).toContainText('模糊近邻图');
    await expect(page.getByTestId('projection-run')).toHaveText('运行');
    await expect(panel.getByText('近邻数')).toBeVisible();
    await expect(page.getByTestId('cluster-run')).toHaveText('寻找聚类');
    await page.getByTestId('projection-method').selectOption('pca');
    await expect(page.getByTestId('pca-explained')).toContainText('的方差');

    await page.getByTestId('view-compare').click();
    await expect(page.getByTestId('compare-view').getByRole('heading', { name: '一致度' })).toBeVisible();
    await expect(page.getByTestId('compare-left-quality')).toContainText('kNN 召回率@10', { timeout: 30_000 });
    const english = (await page.getByTestId('compare-view').innerText()).match(/\b(?:Measuring|Agreement|Left|Right|Quality|layout|points)\b/g);
    expect(english).toBeNull();
  });
});
