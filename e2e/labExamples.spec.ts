import { expect, test, type Page } from '@playwright/test';
import { translatorFor } from '../src/i18n/translate';
import type { Locale } from '../src/i18n/locale';
import { LESSONS } from '../src/state/labLessons';
import { labUrlOf } from '../src/state/labUrl';

async function labReady(page: Page): Promise<void> {
  await expect(page.getByTestId('lab-status')).toHaveAttribute('data-phase', 'ready', { timeout: 45_000 });
}

async function openLab(page: Page): Promise<void> {
  await page.goto('./');
  await page.getByTestId('view-lab').click();
  await labReady(page);
}

/** Pauses if still running (a fast run may already have finished). */
async function pause(page: Page): Promise<void> {
  const button = page.getByTestId('lab-pause');
  if (await button.isVisible()) await button.click({ timeout: 5_000 }).catch(() => undefined);
  await labReady(page);
}

const ids = (s: string | null): number[] => (s ? s.split(' ').filter(Boolean).map(Number).sort((a, b) => a - b) : []);
const steps = async (page: Page): Promise<number> => Number(await page.getByTestId('lab-step-count').getAttribute('data-value'));

/** The colour of one pixel of a canvas (CSS px; the tests run at device pixel ratio 1). */
async function pixel(page: Page, testId: string, x: number, y: number): Promise<[number, number, number]> {
  return page.getByTestId(testId).evaluate(
    (el, [px, py]) => {
      const c = el as HTMLCanvasElement;
      const d = c.getContext('2d')!.getImageData(Math.round(px), Math.round(py), 1, 1).data;
      return [d[0], d[1], d[2]] as [number, number, number];
    },
    [x, y] as const,
  );
}

/** The outline colour (#d35400), give or take anti-aliasing. */
const isOutline = ([r, g, b]: [number, number, number]): boolean => r > 170 && g > 50 && g < 130 && b < 60;

for (const locale of ['en', 'zh-CN'] as const satisfies readonly Locale[]) {
  test.describe(`watching one example, in ${locale}`, () => {
    test.use({ locale });
    const { t } = translatorFor(locale);

    test('Next pair names the pair and outlines exactly its rows in both tables, as the worker listed them', async ({ page }) => {
      await page.goto(`./${labUrlOf({ lesson: 'one-update', ...LESSONS['one-update'].settings })}`);
      await labReady(page);
      await page.getByTestId('lab-examples-1').click();
      const caption = page.getByTestId('lab-examples-caption');
      await expect(caption).toHaveAttribute('data-count', '1');
      // The first pair of 他很高兴: centre 他, context 很 — named in the caption and marked in the sentence.
      await expect(caption).toContainText(locale === 'en' ? 'Trained the pair (他, 很)' : '一对（他，很）');
      await expect(page.getByTestId('lab-example-sentence').locator('.centre')).toHaveText('他');
      await expect(page.getByTestId('lab-example-sentence').locator('.context')).toHaveText('很');
      const tables = page.getByTestId('lab-heatmap');
      const touchedIn = ids(await caption.getAttribute('data-touched-in'));
      const touchedOut = ids(await caption.getAttribute('data-touched-out'));
      // The worker's list: the centre's row of W; the context's and the noise words' rows of C.
      expect(touchedIn).toEqual(ids(await caption.getAttribute('data-inputs')));
      expect(touchedOut).toEqual([...new Set([Number(await caption.getAttribute('data-positive')), ...ids(await caption.getAttribute('data-negatives'))])].sort((a, b) => a - b));
      // The tables outline exactly those rows, each in its own table …
      expect(ids(await tables.getAttribute('data-outlined-in'))).toEqual(touchedIn);
      expect(ids(await tables.getAttribute('data-outlined-out'))).toEqual(touchedOut);
      // … and the outline is drawn: the pinned rows show the centre's W cells and the context's C cells framed.
      const pinned = await page.locator('.lab-heatmap-pinned-wrap .lab-heatmap-labels span').allTextContents();
      const rowOf = (id: number) => pinned.findIndex((s) => s.startsWith(`${id} `));
      const width = await page.getByTestId('lab-heatmap-pinned').evaluate((el) => el.getBoundingClientRect().width);
      const cOffset = 96 + (width - 96 - 8) / 2 + 8;
      const centre = rowOf(touchedIn[0]);
      const context = rowOf(Number(await caption.getAttribute('data-positive')));
      expect(isOutline(await pixel(page, 'lab-heatmap-pinned', 110, centre * 18 + 1))).toBe(true);
      expect(isOutline(await pixel(page, 'lab-heatmap-pinned', cOffset + 14, centre * 18 + 1))).toBe(false);
      expect(isOutline(await pixel(page, 'lab-heatmap-pinned', cOffset + 14, context * 18 + 1))).toBe(true);
      // Its scores moved the right way: the pair's rose, the noise words' fell.
      const bars = page.getByTestId('lab-example-bars').locator('tbody tr');
      const rows = await bars.evaluateAll((trs) => trs.map((tr) => [tr.className, Number(tr.getAttribute('data-before')), Number(tr.getAttribute('data-after'))] as const));
      expect(rows[0][0]).toBe('pull');
      expect(rows[0][2]).toBeGreaterThan(rows[0][1]);
      for (const [, before, after] of rows.slice(1)) expect(after).toBeLessThan(before);
      // 20 at a time: counted, listed, and the batch count does not move.
      await page.getByTestId('lab-examples-20').click();
      await expect(caption).toHaveAttribute('data-count', '20');
      await expect(page.getByTestId('lab-step-count')).toHaveAttribute('data-value', '0');
    });

    test('after “Train once” on the probe, the figure shown for 高兴 rises and 伤心’s falls, as the model computes them', async ({ page }) => {
      await page.goto(`./${labUrlOf({ lesson: 'one-update', ...LESSONS['one-update'].settings })}`);
      await labReady(page);
      // A little training first, so the rows carry meaning (the figures are not all 0).
      await page.getByTestId('lab-examples-500').click();
      await labReady(page);
      const target = page.getByTestId('lab-probe-p-target');
      const wrong = page.getByTestId('lab-probe-p-wrong');
      const [t0, w0] = [Number(await target.getAttribute('data-value')), Number(await wrong.getAttribute('data-value'))];
      await expect(page.getByTestId('lab-probe-train')).toHaveText(t('lab.probe.train', { sentence: '他很高兴' }));
      await page.getByTestId('lab-probe-train').click();
      await expect.poll(async () => Number(await target.getAttribute('data-value'))).toBeGreaterThan(t0);
      expect(Number(await wrong.getAttribute('data-value'))).toBeLessThan(w0);
      // The rows that figure is made of were outlined: W[他], W[很] and C[高兴], C[伤心].
      await expect(page.getByTestId('lab-heatmap')).toHaveAttribute('data-outlined-in', /\d+ \d+/);
      await expect(page.getByTestId('lab-heatmap')).toHaveAttribute('data-outlined-out', /\d+ \d+/);
    });
  });
}

test.describe('the lab teaches at a pace a learner can follow', () => {
  test('the heatmap’s colour scale is the same at batch 0 and batch 100 when fixed (and follows the values when not)', async ({ page }) => {
    await openLab(page);
    const tables = page.getByTestId('lab-heatmap');
    const at0 = await tables.getAttribute('data-scale');
    await expect(page.getByTestId('lab-tables-shape')).toContainText('× 32 dims');
    await page.getByTestId('lab-fastest').check();
    await page.getByTestId('lab-play').click();
    await expect.poll(() => steps(page), { timeout: 30_000 }).toBeGreaterThanOrEqual(100);
    await pause(page);
    expect(await tables.getAttribute('data-scale')).toBe(at0);
    await page.getByTestId('lab-heat-scale').selectOption('auto');
    await expect.poll(async () => await tables.getAttribute('data-scale')).not.toBe(at0);
  });

  test('the fastest teaching speed still shows at least 50 frames of a run', async ({ page }) => {
    test.setTimeout(120_000);
    await openLab(page);
    const speed = page.getByTestId('lab-speed');
    await speed.focus();
    await page.keyboard.press('End');
    await expect(page.getByTestId('lab-speed-value')).toHaveText('60/s');
    await page.getByTestId('lab-play').click();
    await expect(page.getByTestId('lab-info')).toContainText('Training finished', { timeout: 90_000 });
    const frames = Number(await page.getByTestId('lab-run-frames').getAttribute('data-frames'));
    console.log(`fastest teaching speed: ${frames} frames for ${await steps(page)} batches`);
    expect(frames).toBeGreaterThanOrEqual(50);
  });

  test('freezing starts from GloVe and draws two loss curves: frozen, and the same model unfrozen', async ({ page }) => {
    await page.goto(`./${labUrlOf({ lesson: 'freeze', ...LESSONS.freeze.settings })}`);
    await labReady(page);
    await expect(page.getByTestId('lab-glove-coverage')).toContainText('English only');
    await page.getByTestId('lab-play').click();
    await expect.poll(() => steps(page), { timeout: 30_000 }).toBeGreaterThan(40);
    await pause(page);
    const chart = page.getByTestId('lab-loss-chart');
    await expect(chart).toHaveAttribute('data-curves', '2');
    await expect(page.getByTestId('lab-loss-curve')).toBeVisible();
    await expect(page.getByTestId('lab-loss-curve-twin')).toBeVisible();
    // The unfrozen table fits the corpus better.
    expect(Number(await chart.getAttribute('data-twin-last'))).toBeLessThan(Number(await chart.getAttribute('data-last-loss')));
  });
});

test.describe('the lab’s small things', () => {
  test('Space, “.” and R work while a button has focus, and not while typing', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('lab-step').focus();
    await page.keyboard.press('.');
    await expect(page.getByTestId('lab-step-count')).toHaveAttribute('data-value', '1');
    await page.keyboard.press(' ');
    await expect(page.getByTestId('lab-status')).toHaveAttribute('data-phase', 'running');
    await page.keyboard.press(' ');
    await labReady(page);
    expect(await steps(page)).toBeGreaterThan(1);
    await page.keyboard.press('r');
    await expect(page.getByTestId('lab-step-count')).toHaveAttribute('data-value', '0');
    await labReady(page);
    // With the help open, Space is the dialog's (its Close button's), not Play.
    await page.locator('body').press('?');
    await expect(page.getByTestId('help-overlay')).toContainText('R');
    await page.keyboard.press(' ');
    await expect(page.getByTestId('help-overlay')).toHaveCount(0);
    await expect(page.getByTestId('lab-status')).toHaveAttribute('data-phase', 'ready');
    await expect(page.getByTestId('lab-step-count')).toHaveAttribute('data-value', '0');
    await page.getByTestId('lab-text').focus();
    await page.keyboard.type(' r.');
    await expect(page.getByTestId('lab-text')).toHaveValue('他很高兴 r.');
    await expect(page.getByTestId('lab-status')).toHaveAttribute('data-phase', 'ready');
    await expect(page.getByTestId('lab-step-count')).toHaveAttribute('data-value', '0');
  });

  test('hovering a word — a token chip or a row of the tables — lights its row across both tables and reads its values in each', async ({ page }) => {
    await openLab(page);
    const heatmap = page.getByTestId('lab-heatmap');
    await expect(heatmap).toHaveAttribute('data-tables', '2');
    const chip = page.getByTestId('lab-token').filter({ hasText: '高兴' });
    const id = await chip.getAttribute('data-id');
    await chip.hover();
    await expect(heatmap).toHaveAttribute('data-hovered', id!);
    const readout = page.getByTestId('lab-row-readout');
    await expect(readout).toContainText(`#${id} 高兴`);
    await expect(readout.locator('.lab-readout-row')).toHaveCount(2);
    await expect(readout.locator('.lab-readout-row').first()).toContainText('[');
    await expect(readout.locator('.lab-readout-row').last()).toContainText('[');
    // Leaving the chip lets the row go; a row of the table read by the pointer lights it instead.
    await page.mouse.move(0, 0);
    await expect(heatmap).toHaveAttribute('data-hovered', '-1');
    const scroller = page.getByTestId('lab-heatmap-scroll');
    const box = (await scroller.boundingBox())!;
    const row = Math.floor((await scroller.evaluate((el) => el.scrollTop)) / 14) + 3; // rows are 14 px high
    await page.mouse.move(box.x + box.width / 2, box.y + 3 * 14 + 7 - ((await scroller.evaluate((el) => el.scrollTop)) % 14));
    await expect(heatmap).toHaveAttribute('data-hovered', String(row));
    await expect(readout).toContainText(`#${row} `);
  });

  test('the status line shows the lab’s own table in the lab, and Explore’s data in Explore', async ({ page }) => {
    await openLab(page);
    await expect(page.getByTestId('status-line')).toHaveText(/Teaching corpus \(中文 \+ English\) · \d{3} words × 32 dims · step 0/);
    await page.getByTestId('view-explore').click();
    await expect(page.getByTestId('status-line')).toContainText('10,000 points');
  });

  test('Chinese is tokenized with the teaching corpus’s fixed words, and the probe’s text is spaced as its script is', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('lab-text').fill('大家都很高兴，勃兰登堡门在柏林。');
    await expect(page.getByTestId('lab-token').locator('.lab-token-text')).toHaveText(['大家', '都', '很', '高兴', '勃兰登堡门', '在', '柏林']);
    await expect(page.getByTestId('lab-token').first()).toContainText('used');
    await page.getByTestId('lab-probe-text').fill('the united');
    await page.getByTestId('lab-probe-text').press('Enter');
    await page.getByTestId('lab-probe-target').fill('states');
    await page.getByTestId('lab-probe-target').press('Enter');
    await expect(page.getByTestId('lab-probe-train')).toHaveText('Train once on “the united states”');
  });

  test('a pasted text trains, and a corpus too small to watch says so and offers more epochs', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('lab-paste-open').click();
    await page.getByTestId('lab-paste-text').fill('the cat sat on the mat.\nthe dog sat on the log.\n'.repeat(20));
    await page.getByTestId('lab-paste-train').click();
    await expect(page.getByTestId('lab-corpus-info')).toContainText('pasted.txt', { timeout: 20_000 });
    await labReady(page);
    await expect(page.getByTestId('lab-few-steps')).toBeVisible();
    await page.getByTestId('lab-few-steps-fix').click();
    await labReady(page);
    await expect(page.getByTestId('lab-few-steps')).toHaveCount(0);
    await expect(page.getByTestId('lab-corpus-info')).toContainText('pasted.txt');
  });

  test('CBOW can be chosen: one example is a centre word predicted from its context rows', async ({ page }) => {
    await openLab(page);
    await page.getByTestId('lab-model').selectOption('cbow');
    await expect(page.getByTestId('lab-negative')).toHaveValue('10');
    await page.getByTestId('lab-apply').click();
    await labReady(page);
    await expect(page.getByTestId('lab-model')).toHaveValue('cbow');
    await page.getByTestId('lab-examples-1').click();
    await expect(page.getByTestId('lab-examples-caption')).toHaveAttribute('data-kind', 'window');
    await expect(page.getByTestId('lab-example-sentence').locator('.context')).not.toHaveCount(0);
  });
});
