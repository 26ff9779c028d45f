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
