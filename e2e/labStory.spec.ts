import { expect, test, type Page } from '@playwright/test';
import { translatorFor } from '../src/i18n/translate';
import type { Locale } from '../src/i18n/locale';
import { LAB_LESSONS, LESSONS } from '../src/state/labLessons';
import { labUrlOf } from '../src/state/labUrl';

/** Waits until the lab's session is open and paused (in any language). */
async function labReady(page: Page): Promise<void> {
  await expect(page.getByTestId('lab-status')).toHaveAttribute('data-phase', 'ready', { timeout: 45_000 });
}

/**
 * Names that stay as they are in Chinese text: methods, formats, products, file names, the
 * keys on the keyboard, the article's title word, and two words the lessons quote from the corpus.
 */
const NAMES = [
  'word2vec', 'vectors.tsv', 'metadata.tsv', 'TensorBoard', 'Embedding', 'Projector', 'gensim', 'JavaScript', 'WASM', 'SIMD', 'TSV', 'PCA', 'UMAP', 't-SNE',
  'GloVe', 'CBOW', 'Skip-gram', 'skip-gram', 'softmax', 'wevi', '<unk>', '.txt', 'Shift', 'Esc', 'happy', 'red',
];

/**
 * Every English word in the lab's interface: visible text (leaving out the corpus's own
 * words, which the lab marks data-words), and the labels, titles and placeholders of
 * its controls. Runs of three or more Latin letters that are not technical names.
 */
async function englishLeft(page: Page): Promise<string[]> {
  const texts = await page.getByTestId('lab-view').evaluate((root) => {
    const out: string[] = [];
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const el = n.parentElement;
      if (!el || el.closest('[data-words], .scatter-marks, .scatter-axes, script, style')) continue;
      if (el.closest('[hidden]') || getComputedStyle(el).display === 'none') continue;
      if (n.textContent?.trim()) out.push(n.textContent.trim());
    }
    for (const c of root.querySelectorAll('button, input, select, option, a, [role="img"], [role="region"], section')) {
      for (const a of ['aria-label', 'title', 'placeholder']) {
        const v = c.getAttribute(a);
        if (v && !c.closest('[data-words]')) out.push(v);
      }
    }
    return out;
  });
  const words = texts.flatMap((t) => NAMES.reduce((rest, name) => rest.split(name).join(' '), t).match(/[A-Za-z]{3,}/g) ?? []);
  return [...new Set(words)];
}

for (const locale of ['en', 'zh-CN'] as const satisfies readonly Locale[]) {
  test.describe(`the guided lesson, in ${locale}`, () => {
    test.use({ locale });
    const { t } = translatorFor(locale);

    test('every lesson step opens from its link, in its state, and shows its text', async ({ page }) => {
      test.setTimeout(240_000);
      for (const id of LAB_LESSONS) {
        await page.goto(`./${labUrlOf({ lesson: id, ...LESSONS[id].settings })}`);
        await expect(page.getByTestId('lab-view')).toBeVisible();
        await labReady(page);
        const lesson = page.getByTestId('lab-lesson');
        await expect(lesson).toHaveAttribute('data-lesson', id);
        await expect(page.getByTestId('lab-lesson-title')).toContainText(t(`lab.lesson.${id}.title`));
        await expect(page.getByTestId('lab-lesson-text')).toHaveText(t(`lab.lesson.${id}.text`));
        await expect(page.getByTestId(`lab-lesson-link-${id}`)).toHaveAttribute('aria-current', 'step');
        // The step's state: its model, and the panels it hides are hidden.
        const model = LESSONS[id].settings.config?.model ?? 'skipgram';
        await expect(page.getByTestId('status-line')).toContainText(`× ${LESSONS[id].settings.config?.pretrained ? 100 : 32}`);
        if (LESSONS[id].settings.hide?.includes('params')) await expect(page.getByTestId('lab-apply')).toHaveCount(0);
        if (model === 'tied') await expect(page.getByTestId('lab-tied-diagram')).toBeVisible();
        const { focus, hide = [] } = LESSONS[id].settings;
        if (focus && !hide.includes('neighbors')) await expect(page.getByTestId('lab-neighbor-focus')).toHaveText(focus);
        for (const panel of hide) if (panel === 'examples' || panel === 'probe') await expect(page.getByTestId(`lab-${panel}`)).toHaveCount(0);
      }
    });

    test('a step link clicked in the page changes the state and the URL; Back returns; Show all controls brings hidden panels back', async ({ page }) => {
      await page.goto(`./${labUrlOf({ lesson: 'lookup', ...LESSONS.lookup.settings })}`);
      await labReady(page);
      await expect(page.getByTestId('lab-examples')).toHaveCount(0);
      await page.getByTestId('lab-lesson-link-one-update').click();
      await expect(page.getByTestId('lab-lesson')).toHaveAttribute('data-lesson', 'one-update');
      expect(new URL(page.url()).searchParams.get('lesson')).toBe('one-update');
      await expect(page.getByTestId('lab-examples')).toBeVisible();
      await page.goBack();
      await expect(page.getByTestId('lab-lesson')).toHaveAttribute('data-lesson', 'lookup');
      await page.getByTestId('lab-show-all').click();
      await expect(page.getByTestId('lab-examples')).toBeVisible();
      await expect(page.getByTestId('lab-apply')).toBeVisible();
    });
  });
}

test.describe('the lab in two languages', () => {
  test('switching to 简体中文 leaves no English in the lab’s controls, and switching back restores English', async ({ page }) => {
    await page.goto('./');
    await page.getByTestId('view-lab').click();
    await labReady(page);
    // The English interface has English words (so the check below can fail).
    expect((await englishLeft(page)).length).toBeGreaterThan(50);
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await expect(page.getByTestId('lab-status')).toHaveText('已暂停');
    expect(await englishLeft(page)).toEqual([]);
    // A few batches, the tied model's diagram and the examples panel: still no English.
    await page.getByTestId('lab-step').click();
    await expect(page.getByTestId('lab-step-count')).toHaveAttribute('data-value', '1');
    expect(await englishLeft(page)).toEqual([]);
    await page.getByTestId('lab-lesson-link-tied').click();
    await expect(page.getByTestId('lab-tied-diagram')).toBeVisible({ timeout: 30_000 });
    await labReady(page);
    expect(await englishLeft(page)).toEqual([]);
    await expect(page.getByTestId('status-line')).toContainText('个词 × 32 维');
    // And back.
    await page.getByTestId('language-switch').selectOption('en');
    await expect(page.getByTestId('lab-status')).toHaveText('Paused');
    await expect(page.getByTestId('lab-lesson-title')).toContainText('One table at both ends');
    expect((await englishLeft(page)).length).toBeGreaterThan(50);
  });
});
