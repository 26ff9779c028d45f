import { expect, test, type Page } from '@playwright/test';
import { builtinDataset, canvasHash, openApp, selectByLabel, showPca } from './helpers';

interface PixelComparison {
  readonly pixels: number;
  /** Pixels whose largest channel difference exceeds the tolerance. */
  readonly differ: number;
  readonly meanDifference: number;
  /** Pixels of the second picture that are not background. */
  readonly inked: number;
}

/**
 * Compares two screenshots (PNG) pixel by pixel in the page: decoded there (data: images
 * are allowed by the CSP), so the test needs no PNG library and ships no pixel arrays.
 */
async function comparePictures(page: Page, a: Buffer, b: Buffer, tolerance: number): Promise<PixelComparison> {
  return page.evaluate(
    async ([pa, pb, tol]) => {
      const decode = async (b64: string): Promise<ImageData> => {
        const img = new Image();
        img.src = `data:image/png;base64,${b64}`;
        await img.decode();
        const c = document.createElement('canvas');
        c.width = img.width;
        c.height = img.height;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(img, 0, 0);
        return ctx.getImageData(0, 0, img.width, img.height);
      };
      const [x, y] = [await decode(pa), await decode(pb)];
      if (x.width !== y.width || x.height !== y.height) throw new Error(`sizes differ: ${x.width}×${x.height} vs ${y.width}×${y.height}`);
      let differ = 0, total = 0, inked = 0;
      for (let p = 0; p < x.data.length; p += 4) {
        const d = Math.max(Math.abs(x.data[p] - y.data[p]), Math.abs(x.data[p + 1] - y.data[p + 1]), Math.abs(x.data[p + 2] - y.data[p + 2]));
        total += d;
        if (d > tol) differ++;
        if (y.data[p] < 200 || y.data[p + 1] < 200) inked++;
      }
      const pixels = x.data.length / 4;
      return { pixels, differ, meanDifference: total / pixels, inked };
    },
    [a.toString('base64'), b.toString('base64'), tolerance] as const,
  );
}

/** The same scene: GloVe 10k, "king" selected (ring, neighbours), the search for it dimming the rest. */
async function drawScene(page: Page, renderer: 'webgl' | 'cpu'): Promise<Buffer> {
  await openApp(page, `?renderer=${renderer}`);
  await expect(page.getByTestId('status-renderer')).toHaveAttribute('data-renderer', renderer);
  await expect(page.getByTestId('scatter-plot')).toHaveAttribute('data-renderer', renderer);
  await selectByLabel(page, 'king');
  await expect(page.locator('.scatter-mark-neighbor').first()).toBeVisible();
  // Away from the points, so no hover ring; then let the last frame land.
  await page.mouse.move(1, 1);
  await page.waitForTimeout(500);
  return page.getByTestId('scatter-canvas').screenshot({ animations: 'disabled' });
}

test.describe('drawing', () => {
  test('the WebGL and CPU pictures of the same scene agree, pixel for pixel within anti-aliasing', async ({ page, context }) => {
    // Both painters run on SwiftShader here; the WebGL one is the slow one.
    test.setTimeout(120_000);
    const cpuPage = await context.newPage();
    const gl = await drawScene(page, 'webgl');
    const cpu = await drawScene(cpuPage, 'cpu');
    const r = await comparePictures(cpuPage, gl, cpu, 24);
    console.log(`WebGL vs CPU: ${r.differ} of ${r.pixels} pixels differ by more than 24 (${r.inked} inked), mean difference ${r.meanDifference.toFixed(3)}`);
    // The scene is really drawn (not two blank canvases), and the two agree.
    expect(r.inked).toBeGreaterThan(2000);
    expect(r.differ / r.pixels).toBeLessThan(0.002);
    expect(r.meanDifference).toBeLessThan(0.5);
    await cpuPage.close();
  });

  test('under software WebGL (SwiftShader here) the plot is drawn on the CPU, and the status line says so', async ({ page }) => {
    await openApp(page);
    await expect(page.getByTestId('status-renderer')).toHaveAttribute('data-renderer', 'cpu');
    await expect(page.getByTestId('status-renderer')).toHaveText('drawn on the CPU');
  });

  test('hover is answered from a point index built off the main thread', async ({ page }) => {
    await openApp(page);
    // 10,000 points: the worker's kdbush tree replaces the scan once it arrives.
    await expect(page.getByTestId('scatter-plot')).toHaveAttribute('data-hit-index', 'tree');
    await selectByLabel(page, 'queen');
    const box = (await page.locator('.scatter-mark-selected circle').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await expect(page.getByTestId('scatter-tooltip')).toContainText('queen');
  });

  test('the density layer comes on by itself when points pile up, and its button turns it on and off', async ({ page }) => {
    await openApp(page);
    await showPca(page);
    const plot = page.getByTestId('scatter-plot');
    const button = page.getByTestId('density-button');
    // 10,000 small dots leave most of the plot empty: no density by default.
    await expect(plot).toHaveAttribute('data-density', 'false');
    await expect(button).toHaveAttribute('aria-pressed', 'false');
    // 50,000 points at fit cover the plot more than half over: density by itself.
    await page.getByTestId('dataset-picker').selectOption('glove-50k');
    await expect(page.getByTestId('status-line')).toContainText('50,000 points · 100 dimensions', { timeout: 30_000 });
    await showPca(page);
    await expect(plot).toHaveAttribute('data-density', 'true');
    await expect(button).toHaveAttribute('aria-pressed', 'true');

    // Back to 10,000 points (a link to them: a bare reload would restore this session's 50,000).
    await page.goto('./?v=1&dataset=glove-10k&method=pca');
    await expect(page.getByTestId('status-line')).toContainText('10,000 points · 100 dimensions · PCA');
    await expect(plot).toHaveAttribute('data-density', 'false');
    await expect(plot).not.toHaveClass(/scatter-animating/);
    // The picture settles (the layout's first frames, names on the map) before it is taken as the plain one.
    await expect.poll(async () => {
      const a = await canvasHash(page);
      await page.waitForTimeout(400);
      return a === (await canvasHash(page));
    }).toBe(true);
    const plain = await canvasHash(page);
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'true');
    await expect(plot).toHaveAttribute('data-density', 'true');
    await expect.poll(() => canvasHash(page)).not.toBe(plain);
    await button.click();
    await expect(button).toHaveAttribute('aria-pressed', 'false');
    await expect.poll(() => canvasHash(page)).toBe(plain);
  });

  test('a new layout of the same points glides from the old positions to the new, and not under reduced motion', async ({ page }) => {
    await openApp(page);
    await showPca(page);
    // The switch to PCA glides too: watch the next change only once it has ended.
    await expect(page.getByTestId('scatter-plot')).not.toHaveClass(/scatter-animating/);
    const watchGlide = () =>
      page.evaluate(() => {
        const root = document.querySelector('[data-testid="scatter-plot"]')!;
        const seen: boolean[] = [];
        new MutationObserver(() => seen.push(root.classList.contains('scatter-animating'))).observe(root, { attributes: true, attributeFilter: ['class'] });
        (window as unknown as { glide: boolean[] }).glide = seen;
      });
    const glided = () => page.evaluate(() => (window as unknown as { glide: boolean[] }).glide);
    await watchGlide();
    await page.getByTestId('pca-x').selectOption('2');
    // It starts, and ends within a second (≤ 500 ms of motion).
    await expect.poll(glided).toEqual([true, false]);

    await page.emulateMedia({ reducedMotion: 'reduce' });
    await watchGlide();
    const before = await canvasHash(page);
    await page.getByTestId('pca-x').selectOption('3');
    await expect.poll(() => canvasHash(page)).not.toBe(before);
    await page.waitForTimeout(600);
    expect(await glided()).toEqual([]);
  });

  test('zoomed in far on MNIST, digits are drawn as their pictures instead of dots', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('dataset-picker').selectOption('mnist-10k');
    await expect(page.getByTestId('status-line')).toContainText('784 dimensions');
    await showPca(page);
    const plot = page.getByTestId('scatter-plot');
    await expect(plot).toHaveAttribute('data-thumbnails', '0');
    const label = builtinDataset('mnist-10k.sprout').labels[0];
    await selectByLabel(page, label);
    const box = (await page.locator('.scatter-mark-selected circle').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 40 && (await plot.getAttribute('data-thumbnails')) === '0'; i++) {
      await page.mouse.wheel(0, -400);
      await page.waitForTimeout(100);
    }
    const shown = Number(await plot.getAttribute('data-thumbnails'));
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThanOrEqual(600);
    await page.getByTestId('fit-button').click();
    await expect(plot).toHaveAttribute('data-thumbnails', '0');
  });

  test('names on the map scale with zoom: coarse regions zoomed out, finer ones zoomed in, and back', async ({ page }) => {
    await openApp(page);
    const plot = page.getByTestId('scatter-plot');
    const names = () => page.locator('.scatter-mark-cluster text:not([display="none"])').allTextContents();
    await expect.poll(async () => (await names()).length).toBeGreaterThan(0);
    const coarse = await names();
    const box = (await page.getByTestId('scatter-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    for (let i = 0; i < 20 && Number(await plot.getAttribute('data-zoom-k')) < 3.5; i++) await page.mouse.wheel(0, -200);
    expect(Number(await plot.getAttribute('data-zoom-k'))).toBeGreaterThanOrEqual(3);
    await expect.poll(async () => (await names()).some((n) => !coarse.includes(n))).toBe(true);
    await page.getByTestId('fit-button').click();
    await expect.poll(async () => (await names()).sort()).toEqual([...coarse].sort());
  });

  test('the plot’s own buttons and hint speak the interface language', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await expect(page.getByTestId('density-button')).toHaveText('密度');
    await expect(page.getByTestId('lasso-button')).toHaveText('套索');
    await expect(page.getByTestId('labels-button')).toHaveText('标签');
    await expect(page.getByTestId('fit-button')).toHaveAccessibleName('显示全部点');
    await expect(page.locator('.scatter-help')).toContainText('拖动以平移');
    await expect(page.getByTestId('scatter-plot')).toHaveAttribute('aria-label', /共 10,000 个点/);
    await expect(page.getByTestId('status-renderer')).toHaveText('用 CPU 绘制');
  });
});
