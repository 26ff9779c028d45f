import { expect, test } from '@playwright/test';
test('measure', async ({ page }) => {
  test.setTimeout(120_000);
  await page.goto('./');
  await page.getByTestId('view-lab').click();
  await expect(page.getByTestId('lab-status')).toHaveText('Paused', { timeout: 30_000 });
  await expect(page.getByTestId('lab-speed-value')).toHaveText('40/s');
  await page.evaluate(() => {
    const w = window as unknown as { reached: number | null; t0: number };
    w.reached = null;
    w.t0 = performance.now();
    const el = document.querySelector('[data-testid="lab-purity"]')!;
    new MutationObserver(() => {
      const v = Number(el.getAttribute('data-value') || 0);
      if (w.reached === null && v >= 0.9) w.reached = performance.now() - w.t0;
    }).observe(el, { attributes: true });
  });
  await page.getByTestId('lab-play').click();
  await page.evaluate(() => { (window as unknown as { t0: number }).t0 = performance.now(); });
  await expect(page.getByTestId('lab-info')).toContainText('Training finished', { timeout: 100_000 });
  const reached = await page.evaluate(() => (window as unknown as { reached: number | null }).reached);
  const purity = await page.getByTestId('lab-purity').getAttribute('data-value');
  const steps = await page.getByTestId('lab-step-count').getAttribute('data-value');
  const out: string[] = [`purity ≥ 0.9 after ${reached?.toFixed(0)} ms; final purity ${purity}; steps ${steps}`];
  for (const w of ['高兴', '清华']) {
    await page.getByTestId('lab-neighbor-input').fill(w);
    await page.getByTestId('lab-neighbor-input').press('Enter');
    await expect(page.getByTestId('lab-neighbor-focus')).toContainText(w);
    await expect.poll(async () => (await page.getByTestId('lab-neighbor').allTextContents()).length).toBeGreaterThan(0);
    out.push(`${w}: ${(await page.getByTestId('lab-neighbor').allTextContents()).join(' | ')}`);
  }
  console.log(out.join('\n'));
});
