import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';

/** A hash of a canvas's pixels, to tell whether the picture changed. */
async function hashCanvas(page: Page, testId: string): Promise<number> {
  return page.getByTestId(testId).evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let h = 2166136261;
    for (let i = 0; i < data.length; i += 3) h = Math.imul(h ^ data[i], 16777619);
    return h >>> 0;
  });
}

async function openLab(page: Page): Promise<void> {
  await page.goto('./');
  await page.getByTestId('view-lab').click();
  await expect(page.getByTestId('lab-view')).toBeVisible();
  // The teaching corpus is written, tokenized and a random table built in the worker.
  await expect(page.getByTestId('lab-status')).toHaveText('Paused', { timeout: 30_000 });
  await expect(page.getByTestId('lab-step-count')).toHaveText('0');
}

/** Pauses if still running (a fast run may already have finished). */
async function pause(page: Page): Promise<void> {
  const button = page.getByTestId('lab-pause');
  if (await button.isVisible()) await button.click({ timeout: 5_000 }).catch(() => undefined);
  await expect(page.getByTestId('lab-status')).toHaveText('Paused');
}

const stepCount = async (page: Page): Promise<number> => Number((await page.getByTestId('lab-step-count').textContent())!.replace(/,/g, ''));

test.describe('the training lab', () => {
  test('token → ID: typed text becomes tokens with vocabulary IDs, and their rows are highlighted', async ({ page }) => {
    await openLab(page);
    const text = page.getByTestId('lab-text');
    await text.fill('他很高兴');
    const tokens = page.getByTestId('lab-token');
    await expect(tokens).toHaveCount(3);
    await expect(tokens.locator('.lab-token-text')).toHaveText(['他', '很', '高兴']);
    const ids = await tokens.evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))));
    for (const id of ids) expect(id).toBeGreaterThan(0);
    await expect(page.getByTestId('lab-heatmap')).toHaveAttribute('data-highlighted-rows', ids.join(' '));
    // An unknown word maps to <unk>, ID 0.
    await text.fill('他很 zyzzyva');
    await expect(tokens.last()).toHaveAttribute('data-id', '0');
    await expect(tokens.last()).toContainText('<unk>');
    // The keyboard reads rows too.
    await page.getByTestId('lab-heatmap').focus();
    await page.keyboard.press('Home');
    await expect(page.getByTestId('lab-row-readout')).toContainText('#0 <unk>');
    await page.keyboard.press('ArrowDown');
    await expect(page.getByTestId('lab-row-readout')).toContainText('#1 ');
    // No serious accessibility problems in the lab.
    const axe = await new AxeBuilder({ page }).include('[data-testid="lab-view"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`)).toEqual([]);
    // Hovering the pinned rows reads out the numbers of a row.
    await text.fill('高兴');
    const pinned = page.getByTestId('lab-heatmap-pinned');
    const box = (await pinned.boundingBox())!;
    await page.mouse.move(box.x + 40, box.y + 8);
    await expect(page.getByTestId('lab-row-readout')).toContainText('高兴');
    await expect(page.getByTestId('lab-row-readout')).toContainText('[');
  });

  test('Play trains: the loss falls and the plot moves; Pause, Step and Reset work', async ({ page }) => {
    await openLab(page);
    const plotBefore = await hashCanvas(page, 'lab-plot-overlay');
    // Skip-gram trains in the WebAssembly SIMD kernel: the production CSP allows it to compile.
    await expect(page.getByTestId('lab-kernel')).toHaveText('WASM SIMD');
    await page.getByTestId('lab-play').click();
    await expect(page.getByTestId('lab-pause')).toBeVisible();
    await expect.poll(() => stepCount(page), { timeout: 20_000 }).toBeGreaterThan(20);
    await expect.poll(() => hashCanvas(page, 'lab-plot-overlay')).not.toBe(plotBefore);
    const mid = await hashCanvas(page, 'lab-plot-canvas');
    await expect.poll(() => hashCanvas(page, 'lab-plot-canvas'), { timeout: 10_000 }).not.toBe(mid);
    await page.getByTestId('lab-pause').click();
    await expect(page.getByTestId('lab-status')).toHaveText('Paused');
    // Frequent words' rows have grown far beyond their random start; rare ones lag behind.
    const lengths = /frequent ([\d.]+) · rare ([\d.]+).*start ([\d.]+)/.exec(await page.getByTestId('lab-row-length').innerText());
    expect(lengths).not.toBeNull();
    const [frequent, rare, start] = lengths!.slice(1).map(Number);
    expect(frequent).toBeGreaterThan(5 * start);
    expect(rare).toBeLessThan(frequent);
    const chart = page.getByTestId('lab-loss-chart');
    const first = Number(await chart.getAttribute('data-first-loss'));
    const last = Number(await chart.getAttribute('data-last-loss'));
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(3);
    expect(last).toBeLessThan(first);

    // Paused means paused.
    const paused = await stepCount(page);
    await page.waitForTimeout(400);
    expect(await stepCount(page)).toBe(paused);

    // Step = exactly one batch; the probe shows before → after and arrows appear.
    await page.getByTestId('lab-step').click();
    await expect.poll(() => stepCount(page)).toBe(paused + 1);
    await expect(page.getByTestId('lab-arrow-note')).toBeVisible();

    // Reset: back to step 0 and the seed's table.
    await page.getByTestId('lab-reset').click();
    await expect(page.getByTestId('lab-step-count')).toHaveText('0');
    await expect(page.getByTestId('lab-status')).toHaveText('Paused');
  });

  test('a UMAP frame: the picture is laid out from the PCA one and keeps moving while training', async ({ page }) => {
    await openLab(page);
    const plot = page.getByTestId('lab-plot');
    const version = Number(await plot.getAttribute('data-frame-version'));
    await page.getByTestId('lab-frame-mode').selectOption('umap');
    // Switching is a new frame version (the first layout runs in the worker first).
    await expect(plot).toHaveAttribute('data-frame-version', String(version + 1), { timeout: 30_000 });
    await expect(page.getByTestId('lab-status')).toHaveText('Paused');
    await expect(page.getByTestId('lab-frame-hint')).toContainText('rotated to match');
    await page.getByTestId('lab-play').click();
    await expect(page.getByTestId('lab-pause')).toBeVisible();
    await expect.poll(() => stepCount(page)).toBeGreaterThan(0);
    const mid = await hashCanvas(page, 'lab-plot-canvas');
    await expect.poll(() => hashCanvas(page, 'lab-plot-canvas'), { timeout: 15_000 }).not.toBe(mid);
    await pause(page);
    // Warm updates keep the frame version: only the switch bumped it.
    await expect(plot).toHaveAttribute('data-frame-version', String(version + 1));
    await expect(page.getByTestId('lab-frame-mode')).toHaveValue('umap');
  });

  test('the 2D plot zooms with the wheel, Fit undoes it, and crowded labels are thinned', async ({ page }) => {
    await openLab(page);
    const fit = page.getByTestId('lab-fit');
    await expect(fit).toBeDisabled();
    const before = await hashCanvas(page, 'lab-plot-canvas');
    const box = (await page.getByTestId('lab-plot').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -600);
    await expect(fit).toBeEnabled();
    await expect.poll(() => hashCanvas(page, 'lab-plot-canvas')).not.toBe(before);
    await fit.click();
    await expect(fit).toBeDisabled();
    await expect.poll(() => hashCanvas(page, 'lab-plot-canvas')).toBe(before);
    // The random table at step 0 puts the group words on top of each other: some labels give way.
    expect(Number(await page.getByTestId('lab-plot-overlay').getAttribute('data-labels-hidden'))).toBeGreaterThan(0);
  });

  test('after a short training run, 高兴 has 开心 or 快乐 among its nearest neighbours', async ({ page }) => {
    await openLab(page);
    // As fast as the worker can.
    const speed = page.getByTestId('lab-speed');
    await speed.focus();
    await page.keyboard.press('End');
    await expect(page.getByTestId('lab-speed-value')).toHaveText('max');
    const t0 = Date.now();
    await page.getByTestId('lab-play').click();
    await expect.poll(async () => Number((await page.getByTestId('lab-purity').textContent())!.replace('%', '')), { timeout: 40_000 }).toBeGreaterThanOrEqual(80);
    await pause(page);
    console.log(`teaching corpus: purity ≥ 80% after ${Date.now() - t0} ms of training, step ${await stepCount(page)}`);
    const input = page.getByTestId('lab-neighbor-input');
    await input.fill('高兴');
    await input.press('Enter');
    await expect(page.getByTestId('lab-neighbor-focus')).toHaveText('高兴');
    const names = await page.getByTestId('lab-neighbor').locator('.lab-neighbor-word').allTextContents();
    expect(names.length).toBeGreaterThan(3);
    expect(names.slice(0, 5).some((n) => n === '开心' || n === '快乐')).toBe(true);
  });

  test('the probe shows P(高兴) vs P(伤心) and one example update raises P(高兴)', async ({ page }) => {
    await openLab(page);
    const speed = page.getByTestId('lab-speed');
    await speed.focus();
    await page.keyboard.press('End');
    await page.getByTestId('lab-play').click();
    await expect.poll(() => stepCount(page), { timeout: 20_000 }).toBeGreaterThan(60);
    await pause(page);
    const before = Number(await page.getByTestId('lab-probe-p-target').textContent());
    await page.getByTestId('lab-probe-train').click();
    await expect.poll(async () => Number(await page.getByTestId('lab-probe-p-target').textContent())).toBeGreaterThan(before);
    await expect(page.getByTestId('lab-probe-result')).toContainText('+');
    await expect(page.getByTestId('lab-arrow-note')).toContainText('example update');
  });

  test('starting from GloVe copies its rows, and training visibly moves them away (fine-tuning drift)', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('lab-pretrained').check();
    await page.getByTestId('lab-apply').click();
    await expect(page.getByTestId('lab-status')).toHaveText('Paused', { timeout: 30_000 });
    await expect(page.getByTestId('lab-pretrained-drift')).toHaveText('1.000');
    await page.getByTestId('lab-play').click();
    await expect.poll(() => stepCount(page), { timeout: 20_000 }).toBeGreaterThan(30);
    await pause(page);
    expect(Number(await page.getByTestId('lab-pretrained-drift').textContent())).toBeLessThan(0.999);
  });

  test('Open in Explore shows the trained table in the Explore view', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('lab-step').click();
    await expect(page.getByTestId('lab-step-count')).toHaveText('1');
    await page.getByTestId('lab-open-explore').click();
    await expect(page.getByTestId('view-explore')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('status-line')).toContainText('32 dimensions');
  });

  test('freezing the embedding table keeps its rows still while the loss falls', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('lab-freeze').check();
    await page.getByTestId('lab-apply').click();
    await expect(page.getByTestId('lab-status')).toHaveText('Paused');
    await expect(page.getByTestId('lab-freeze')).toBeChecked();
    const rows = await hashCanvas(page, 'lab-heatmap-pinned');
    await page.getByTestId('lab-play').click();
    await expect.poll(() => stepCount(page), { timeout: 20_000 }).toBeGreaterThan(10);
    await pause(page);
    expect(await hashCanvas(page, 'lab-heatmap-pinned')).toBe(rows);
    await expect(page.getByTestId('lab-loss')).not.toHaveText('–');
  });

  test('trains on the user\'s own .txt file, and refuses a binary file with a clear message', async ({ page }) => {
    await openLab(page);
    const text = 'the cat sat on the mat. the dog sat on the log.\n'.repeat(40);
    await page.getByTestId('lab-file').setInputFiles({ name: 'pets.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });
    await expect(page.getByTestId('lab-corpus-info')).toContainText('pets.txt', { timeout: 20_000 });
    await page.getByTestId('lab-text').fill('the cat');
    const ids = await page.getByTestId('lab-token').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-id'))));
    expect(ids.every((id) => id > 0)).toBe(true);
    await page.getByTestId('lab-step').click();
    await expect(page.getByTestId('lab-step-count')).toHaveText('1');

    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    await page.getByTestId('lab-file').setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: png });
    await expect(page.getByTestId('lab-error')).toContainText('photo.png does not look like a UTF-8 text file');
    // The previous corpus stays loaded.
    await expect(page.getByTestId('lab-corpus-info')).toContainText('pets.txt');
    await expect(page.getByTestId('lab-status')).toHaveText('Paused');
  });
});
