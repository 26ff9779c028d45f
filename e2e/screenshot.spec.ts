import { test } from '@playwright/test';
import { openApp, selectByLabel } from './helpers';

// Regenerates the README's screenshot: SPROUT_SCREENSHOT=1 npx playwright test screenshot
test.skip(!process.env.SPROUT_SCREENSHOT, 'only when regenerating docs/screenshot.png');

test('README screenshot', async ({ page }) => {
  await openApp(page);
  await selectByLabel(page, 'king');
  await page.getByTestId('search-input').fill('');
  await page.mouse.move(10, 10);
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'docs/screenshot.png' });
});
