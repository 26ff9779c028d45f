import { expect, test } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { openApp, selectByLabel } from './helpers';

test('the page runs under a strict Content Security Policy with no violations', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy/i.test(msg.text())) violations.push(msg.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  await openApp(page);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).not.toMatch(/'unsafe-eval'/);
  // COOP/COEP make the page cross-origin isolated: the workers share vectors instead of copying them.
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
  // Exercise workers, search and selection under the policy.
  await selectByLabel(page, 'king');
  await page.getByTestId('dataset-picker').selectOption('mnist-10k');
  await expect(page.getByTestId('status-line')).toContainText('784 dimensions · UMAP');
  expect(violations).toEqual([]);
});

test('the main view has no serious accessibility violations', async ({ page }) => {
  await openApp(page);
  await selectByLabel(page, 'king');
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help}`)).toEqual([]);
});
