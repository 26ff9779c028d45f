import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { TEACHING_GROUPS } from '../src/compute/train/teachingCorpus';

/** A hash of a canvas's pixels, to tell whether the picture changed. */
async function hashCanvas(page: Page, canvas: string | Locator): Promise<number> {
  return (typeof canvas === 'string' ? page.getByTestId(canvas) : canvas).evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let h = 2166136261;
    for (let i = 0; i < data.length; i += 3) h = Math.imul(h ^ data[i], 16777619);
    return h >>> 0;
  });
}

/** A hash of the input table W's cells in the pinned rows (the left table; C, beside it, learns while W is frozen). */
async function hashPinnedW(page: Page): Promise<number> {
  return page.getByTestId('lab-heatmap-pinned').evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const scale = canvas.width / canvas.getBoundingClientRect().width;
    const x0 = Math.ceil(100 * scale);
    const x1 = Math.floor((96 + (canvas.width / scale - 96 - 8) / 2 - 4) * scale);
    const { data } = canvas.getContext('2d')!.getImageData(x0, 0, x1 - x0, canvas.height);
    let h = 2166136261;
    for (let i = 0; i < data.length; i += 3) h = Math.imul(h ^ data[i], 16777619);
    return h >>> 0;
  });
}

/** The lab plot's point canvas (the shared plot core's). */
const plotCanvas = (page: Page): Locator => page.getByTestId('lab-plot').getByTestId('scatter-canvas');

/** Where the plot's SVG marks (rings and labels) sit, to tell whether they moved. */
async function markPositions(page: Page): Promise<string> {
  return page
    .getByTestId('lab-plot')
    .locator('g.scatter-mark')
    .evaluateAll((els) => els.map((e) => `${e.textContent}@${e.getAttribute('transform')}`).join(' '));
}

/** Every label mark in the lab plot (shown or given way): its text, page position, and whether it shows. */
async function labelMarks(page: Page): Promise<{ text: string; x: number; y: number; shown: boolean; box: [number, number, number, number] }[]> {
  return page
    .getByTestId('lab-scatter')
    .locator('g.scatter-mark')
    .evaluateAll((els) =>
      els.map((g) => {
        const svg = (g as SVGGElement).ownerSVGElement!.getBoundingClientRect();
        const m = /translate\(([-\d.e]+),([-\d.e]+)\)/.exec(g.getAttribute('transform') ?? '');
        const text = g.querySelector('text')!;
        const r = text.getBoundingClientRect();
        return {
          text: text.textContent ?? '',
          x: svg.left + Number(m?.[1]),
          y: svg.top + Number(m?.[2]),
          shown: text.getAttribute('display') !== 'none',
          box: [r.left, r.top, r.right, r.bottom] as [number, number, number, number],
        };
      }),
    );
}

async function openLab(page: Page): Promise<void> {
  await page.goto('./');
  await page.getByTestId('view-lab').click();
  await expect(page.getByTestId('lab-view')).toBeVisible();
  // The teaching corpus is written, tokenized and a random table built in the worker.
  await expect(page.getByTestId('lab-status')).toHaveText('Paused', { timeout: 30_000 });
  await expect(page.getByTestId('lab-step-count')).toHaveText('0');
}

/** "As fast as possible": the separate choice beside the teaching speeds. */
async function fastest(page: Page): Promise<void> {
  await page.getByTestId('lab-fastest').check();
  await expect(page.getByTestId('lab-speed-value')).toHaveText('max');
}

/** Pauses if still running (a fast run may already have finished). */
async function pause(page: Page): Promise<void> {
  const button = page.getByTestId('lab-pause');
  if (await button.isVisible()) await button.click({ timeout: 5_000 }).catch(() => undefined);
  await expect(page.getByTestId('lab-status')).toHaveText('Paused');
}

/** A slow teaching speed (10 batches/s: a run of ~70 s), so a busy machine's slow assertions still see training going on. */
async function slowDown(page: Page): Promise<void> {
  await page.getByTestId('lab-speed').fill('3');
  await expect(page.getByTestId('lab-speed-value')).toHaveText('10/s');
}

const stepCount = async (page: Page): Promise<number> => Number(await page.getByTestId('lab-step-count').getAttribute('data-value'));
const purity = async (page: Page): Promise<number> => Number((await page.getByTestId('lab-purity').getAttribute('data-value')) || 0);

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
    await page.getByTestId('lab-heatmap-scroll').focus();
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
    const plotBefore = await markPositions(page);
    // Skip-gram trains in the WebAssembly SIMD kernel: the production CSP allows it to compile.
    await expect(page.getByTestId('lab-kernel')).toHaveText('WASM SIMD');
    await slowDown(page);
    await page.getByTestId('lab-play').click();
    await expect(page.getByTestId('lab-pause')).toBeVisible();
    await expect.poll(() => stepCount(page), { timeout: 20_000 }).toBeGreaterThan(20);
    await expect.poll(() => markPositions(page)).not.toBe(plotBefore);
    const mid = await hashCanvas(page, plotCanvas(page));
    await expect.poll(() => hashCanvas(page, plotCanvas(page)), { timeout: 10_000 }).not.toBe(mid);
    await page.getByTestId('lab-pause').click();
    await expect(page.getByTestId('lab-status')).toHaveText('Paused');
    // Frequent words' rows have grown far beyond their random start; rare ones lag behind.
    const rowLength = page.getByTestId('lab-row-length');
    const [frequent, rare, start] = await Promise.all(['data-frequent', 'data-rare', 'data-start'].map(async (a) => Number(await rowLength.getAttribute(a))));
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

    // Step = exactly one batch; the rows it changed are outlined in the tables.
    await page.getByTestId('lab-step').click();
    await expect.poll(() => stepCount(page)).toBe(paused + 1);
    await expect(page.getByTestId('lab-heatmap')).not.toHaveAttribute('data-outlined-in', '');

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
    await slowDown(page);
    await page.getByTestId('lab-play').click();
    await expect(page.getByTestId('lab-pause')).toBeVisible();
    await expect.poll(() => stepCount(page)).toBeGreaterThan(0);
    const mid = await hashCanvas(page, plotCanvas(page));
    await expect.poll(() => hashCanvas(page, plotCanvas(page)), { timeout: 15_000 }).not.toBe(mid);
    await pause(page);
    // Warm updates keep the frame version: only the switch bumped it.
    await expect(plot).toHaveAttribute('data-frame-version', String(version + 1));
    await expect(page.getByTestId('lab-frame-mode')).toHaveValue('umap');
  });

  test('the 2D plot zooms with the wheel, Fit undoes it, and crowded labels are thinned', async ({ page }) => {
    await openLab(page);
    const fit = page.getByTestId('lab-fit');
    await expect(fit).toBeDisabled();
    const before = await hashCanvas(page, plotCanvas(page));
    const box = (await page.getByTestId('lab-plot').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -600);
    await expect(fit).toBeEnabled();
    await expect.poll(() => hashCanvas(page, plotCanvas(page))).not.toBe(before);
    await fit.click();
    await expect(fit).toBeDisabled();
    await expect.poll(() => hashCanvas(page, plotCanvas(page))).toBe(before);
    // The random table at step 0 puts the group words on top of each other: some labels give way.
    expect(Number(await page.getByTestId('lab-scatter').getAttribute('data-labels-hidden'))).toBeGreaterThan(0);
  });

  test('after a short training run, 高兴 has 开心 or 快乐 among its nearest neighbours', async ({ page }) => {
    await openLab(page);
    await fastest(page);
    const t0 = Date.now();
    await page.getByTestId('lab-play').click();
    await expect.poll(() => purity(page), { timeout: 40_000 }).toBeGreaterThanOrEqual(0.8);
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

  test('the probe shows the score of 高兴 vs 伤心, with the rows it is made of, and one example update raises it', async ({ page }) => {
    await openLab(page);
    await fastest(page);
    await page.getByTestId('lab-play').click();
    await expect.poll(() => stepCount(page), { timeout: 20_000 }).toBeGreaterThan(60);
    await pause(page);
    await expect(page.getByTestId('lab-probe-rows').locator('li')).toHaveText([/W\[他\]/, /W\[很\]/, /C\[高兴\]/, /C\[伤心\]/]);
    const target = page.getByTestId('lab-probe-p-target');
    const before = Number(await target.getAttribute('data-value'));
    await page.getByTestId('lab-probe-train').click();
    await expect.poll(async () => Number(await target.getAttribute('data-value'))).toBeGreaterThan(before);
    await expect(page.getByTestId('lab-probe-result')).toContainText('+');
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

  test('freezing the embedding table (from GloVe, by default) keeps its rows still while the loss falls', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('lab-freeze').check();
    await expect(page.getByTestId('lab-pretrained')).toBeChecked();
    await page.getByTestId('lab-apply').click();
    await expect(page.getByTestId('lab-status')).toHaveText('Paused', { timeout: 30_000 });
    await expect(page.getByTestId('lab-freeze')).toBeChecked();
    const rows = await hashPinnedW(page);
    const both = await hashCanvas(page, 'lab-heatmap-pinned');
    await page.getByTestId('lab-play').click();
    await expect.poll(() => stepCount(page), { timeout: 20_000 }).toBeGreaterThan(10);
    await pause(page);
    expect(await hashPinnedW(page)).toBe(rows);
    // The output table C beside it did learn.
    expect(await hashCanvas(page, 'lab-heatmap-pinned')).not.toBe(both);
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
  test('the plot labels the teaching groups’ words in SVG text, first, and no two visible labels overlap', async ({ page }) => {
    await openLab(page);
    const marks = await labelMarks(page);
    const texts = new Set(marks.map((m) => m.text.toLowerCase()));
    // Every group word has a label mark (the random table at step 0 piles some on top of each other, so those give way).
    const groupWords = TEACHING_GROUPS.flatMap((g) => g.words);
    expect(groupWords.filter((w) => !texts.has(w.toLowerCase()))).toEqual([]);
    const shown = marks.filter((m) => m.shown);
    expect(shown.length).toBeGreaterThan(10);
    // Group words get their place first, so several of them show even on the random table.
    const shownGroup = shown.filter((m) => groupWords.some((w) => w.toLowerCase() === m.text.toLowerCase()));
    expect(shownGroup.length).toBeGreaterThan(5);
    const overlaps: string[] = [];
    for (let a = 0; a < shown.length; a++)
      for (let b = a + 1; b < shown.length; b++) {
        const [l1, t1, r1, b1] = shown[a].box, [l2, t2, r2, b2] = shown[b].box;
        if (l1 < r2 - 1 && l2 < r1 - 1 && t1 < b2 - 1 && t2 < b1 - 1) overlaps.push(`${shown[a].text} / ${shown[b].text}`);
      }
    expect(overlaps).toEqual([]);
    // The labels are SVG text, not pixels on a canvas.
    expect(await page.getByTestId('lab-plot').locator('canvas').count()).toBe(1);
  });

  test('hovering a word’s point shows it in a tooltip, and a click lists its neighbours', async ({ page }) => {
    await openLab(page);
    // The plot exposes the same view hook as Explore's.
    const view = JSON.parse((await page.getByTestId('lab-scatter').getAttribute('data-view'))!) as Record<string, number>;
    expect(Object.values(view).every(Number.isFinite)).toBe(true);
    for (const word of ['开心', '伤心']) {
      const mark = (await labelMarks(page)).find((m) => m.text === word);
      expect(mark, word).toBeDefined();
      await page.mouse.move(mark!.x, mark!.y);
      await expect(page.getByTestId('lab-plot-tooltip')).toContainText(word);
      // The tables light the same row and read it out.
      await expect(page.getByTestId('lab-row-readout')).toContainText(word);
      await expect(page.getByTestId('lab-heatmap')).not.toHaveAttribute('data-hovered', '-1');
    }
    const mark = (await labelMarks(page)).find((m) => m.text === '开心')!;
    await page.mouse.click(mark.x, mark.y);
    await expect(page.getByTestId('lab-neighbor-focus')).toHaveText('开心');
    await expect(page.getByTestId('lab-scatter').locator('.scatter-mark-selected text')).toHaveText('开心');
    // Leaving the plot hides the tooltip.
    await page.mouse.move(5, 5);
    await expect(page.getByTestId('lab-plot-tooltip')).toHaveCount(0);
    await expect(page.getByTestId('lab-heatmap')).toHaveAttribute('data-hovered', '-1');
  });

  test('a lasso around a trained group’s words shows how many words it caught and which, and clears', async ({ page }) => {
    await openLab(page);
    await fastest(page);
    await page.getByTestId('lab-play').click();
    await expect.poll(() => purity(page), { timeout: 40_000 }).toBeGreaterThanOrEqual(0.8);
    await pause(page);
    const group = ['高兴', '开心', '快乐'];
    const marks = await labelMarks(page);
    const points = group.map((w) => marks.find((m) => m.text === w)!);
    expect(points.every(Boolean)).toBe(true);
    const pad = 10;
    const [x0, x1] = [Math.min(...points.map((p) => p.x)) - pad, Math.max(...points.map((p) => p.x)) + pad];
    const [y0, y1] = [Math.min(...points.map((p) => p.y)) - pad, Math.max(...points.map((p) => p.y)) + pad];
    await page.getByTestId('lab-plot').getByTestId('lasso-button').click();
    await page.mouse.move(x0, y0);
    await page.mouse.down();
    for (const [x, y] of [[x1, y0], [x1, y1], [x0, y1], [x0, y0]]) await page.mouse.move(x, y, { steps: 4 });
    await page.mouse.up();
    await expect(page.getByTestId('lab-lasso')).toBeVisible();
    const count = Number(await page.getByTestId('lab-lasso-count').getAttribute('data-value'));
    expect(count).toBeGreaterThanOrEqual(3);
    const words = (await page.getByTestId('lab-lasso-words').textContent())!.split(', ');
    for (const w of group) expect(words).toContain(w);
    if (count <= 40) expect(words).toHaveLength(count);
    // The drag drew a lasso: it neither panned the view nor focused a word.
    await expect(page.getByTestId('lab-fit')).toBeDisabled();
    await page.getByTestId('lab-lasso-clear').click();
    await expect(page.getByTestId('lab-lasso')).toHaveCount(0);
  });
  test('scrubbing the timeline replays a saved snapshot in the plot, and Live returns to the table as trained', async ({ page }) => {
    await openLab(page);
    await fastest(page);
    await page.getByTestId('lab-play').click();
    await expect.poll(() => stepCount(page), { timeout: 20_000 }).toBeGreaterThan(100);
    await pause(page);
    const plot = page.getByTestId('lab-plot');
    const liveStep = Number(await plot.getAttribute('data-step'));
    expect(liveStep).toBe(await stepCount(page));
    const live = await hashCanvas(page, plotCanvas(page));
    await page.getByTestId('lab-timeline').fill('0');
    await expect(page.getByTestId('lab-timeline-info')).toHaveAttribute('data-step', '0');
    await expect(plot).toHaveAttribute('data-step', '0');
    await expect.poll(() => hashCanvas(page, plotCanvas(page))).not.toBe(live);
    const replayed = await hashCanvas(page, plotCanvas(page));
    await page.getByTestId('lab-live').click();
    await expect(plot).toHaveAttribute('data-step', String(liveStep));
    // (The fit may differ from before: the random table at step 0 was fitted on its own.)
    await expect.poll(() => hashCanvas(page, plotCanvas(page))).not.toBe(replayed);
  });
});
