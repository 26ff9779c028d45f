import { expect, test, type Browser, type Page } from '@playwright/test';
import { builtinDataset, canvasHash, openApp, selectByLabel } from './helpers';

// Keep and share (issue 11): the view is a link, and a reload or a new browser puts the
// user back where they were. t-SNE runs with few iterations so a test takes well under a minute
// on two idle cores; the timeout allows for a machine shared with other jobs.
test.describe.configure({ timeout: 240_000 });

const glove = builtinDataset('glove-10k.sprout');

/** The fingerprint (n and a hash of the float32 bytes) of the layout Explore shows. */
const layoutOf = (page: Page) => page.getByTestId('copy-link').getAttribute('data-layout');
const lassoCount = async (page: Page) => Number((await page.getByTestId('lasso-count').locator('strong').innerText()).replace(/,/g, ''));
const zoomOf = async (page: Page) => Number(await page.locator('[data-zoom-k]').first().getAttribute('data-zoom-k'));

/** This tab's saved session as IndexedDB holds it (null before the first save). */
async function savedSession(page: Page): Promise<{ view: string; parts: { key: string; kind: string; meta: string }[] } | null> {
  return page.evaluate(async () => {
    const id = sessionStorage.getItem('sprout.session');
    if (!id || !(await indexedDB.databases()).some((d) => d.name === 'sprout')) return null;
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const r = indexedDB.open('sprout');
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const rec = await new Promise<{ view: string; parts: { key: string; kind: string; meta: string }[] } | null>((resolve) => {
      const g = db.transaction('sessions').objectStore('sessions').get(id);
      g.onsuccess = () => resolve(g.result ?? null);
      g.onerror = () => resolve(null);
    });
    db.close();
    return rec && { view: rec.view, parts: rec.parts };
  });
}

/** Runs t-SNE (100 iterations, seed 42: short, and as seeded as a long run) and waits until it is done. */
async function runTsne(page: Page): Promise<void> {
  await page.getByTestId('projection-method').selectOption('tsne');
  await page.getByTestId('tsne-iterations').fill('100');
  await page.getByTestId('tsne-iterations').press('Tab');
  await page.getByTestId('projection-run').click();
  await expect(page.getByTestId('projection-state')).toHaveText('Done', { timeout: 180_000 });
  await expect(page.getByTestId('status-line')).toContainText('t-SNE');
}

/** A Shift+drag square of `half` px around the selected point's ring. */
async function lassoAroundSelection(page: Page, half = 40): Promise<void> {
  const box = (await page.locator('.scatter-mark-selected circle').first().boundingBox())!;
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  await page.keyboard.down('Shift');
  await page.mouse.move(cx - half, cy - half);
  await page.mouse.down();
  for (const [dx, dy] of [[half, -half], [half, half], [-half, half], [-half, -half]]) await page.mouse.move(cx + dx, cy + dy, { steps: 5 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(page.getByTestId('lasso-panel')).toBeVisible();
}

/** Makes the view of the scenario: t-SNE, "paris" selected, a lasso, colour by kind, zoomed in. */
async function makeView(page: Page): Promise<{ layout: string | null; lasso: number; zoom: number; url: string }> {
  await openApp(page);
  await runTsne(page);
  await selectByLabel(page, 'paris');
  const box = (await page.getByTestId('scatter-canvas').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, -300);
  await expect.poll(() => zoomOf(page)).toBeGreaterThan(1.2);
  await lassoAroundSelection(page);
  await page.getByTestId('color-by').selectOption('kind');
  await expect.poll(() => new URL(page.url()).searchParams.get('color')).toBe('kind');
  return { layout: await layoutOf(page), lasso: await lassoCount(page), zoom: await zoomOf(page), url: page.url() };
}

/** The same scenario's view, checked on another page. */
async function expectSameView(page: Page, made: { layout: string | null; lasso: number; zoom: number }): Promise<void> {
  await expect(page.getByTestId('status-line')).toContainText('t-SNE', { timeout: 180_000 });
  await expect.poll(() => layoutOf(page), { timeout: 30_000 }).toBe(made.layout);
  await expect(page.getByTestId('selected-label')).toHaveText('paris');
  await expect(page.getByTestId('search-input')).toHaveValue('paris');
  await expect(page.getByTestId('color-by')).toHaveValue('kind');
  await expect(page.getByTestId('lasso-panel')).toBeVisible();
  expect(await lassoCount(page)).toBe(made.lasso);
  await expect.poll(() => zoomOf(page)).toBeCloseTo(made.zoom, 3);
}

test.describe('keep: nothing lost on reload', () => {
  test('a t-SNE layout, a selection, a lasso, a colour and the zoom come back after a reload, to the bit', async ({ page }) => {
    const made = await makeView(page);
    expect(made.layout).toMatch(/^10000:/);
    // Autosave: the session holds the view and the finished layout.
    await expect.poll(async () => (await savedSession(page))?.view ?? '', { timeout: 10_000 }).toContain('lasso=');
    const saved = await savedSession(page);
    expect(saved?.parts.filter((p) => p.kind === 'layout')).toHaveLength(1);
    await page.mouse.move(2, 2); // no hovered point in the picture
    const picture = await canvasHash(page);

    const t0 = Date.now();
    await page.reload();
    await expectSameView(page, made);
    console.log(`reload → t-SNE view restored in ${Date.now() - t0} ms`);
    // Restored from the saved layout, not recomputed: no "Recomputing" notice.
    await expect(page.getByTestId('notice').filter({ hasText: 'Recomputing' })).toHaveCount(0);
    await page.mouse.move(2, 2);
    await expect.poll(() => canvasHash(page)).toBe(picture);
  });

  test('the lab resumes a run from its last saved snapshot after a reload mid-run', async ({ page }) => {
    await page.goto('./');
    await page.getByTestId('view-lab').click();
    await expect(page.getByTestId('lab-status')).toHaveText('Paused', { timeout: 60_000 });
    await page.getByTestId('lab-play').click();
    const steps = async () => Number(((await page.getByTestId('lab-step-count').textContent()) ?? '0').replace(/,/g, ''));
    // Wait for a save of the running lab (autosave writes at least every 2 s while it trains).
    let savedStep = 0;
    await expect
      .poll(
        async () => {
          const lab = (await savedSession(page))?.parts.find((p) => p.kind === 'lab');
          const meta = lab ? (JSON.parse(lab.meta) as { step: number; running: boolean }) : null;
          savedStep = meta?.running ? meta.step : 0;
          return savedStep;
        },
        { timeout: 30_000 },
      )
      .toBeGreaterThan(40);
    await page.reload();
    await expect(page.getByTestId('lab-view')).toBeVisible({ timeout: 30_000 });
    // It says where it resumed (at least the saved step: a later save may have landed before the reload)...
    const info = page.getByText(/Resumed where you left off: batch [\d,]+/);
    await expect(info).toBeVisible({ timeout: 60_000 });
    const resumedAt = Number(/batch ([\d,]+)/.exec((await info.textContent()) ?? '')![1].replace(/,/g, ''));
    expect(resumedAt).toBeGreaterThanOrEqual(savedStep);
    // ...and trains on from there (it was playing), never from 0.
    await expect(page.getByTestId('lab-status')).toHaveText('Training…', { timeout: 30_000 }).catch(() => undefined);
    await expect.poll(steps, { timeout: 30_000 }).toBeGreaterThan(resumedAt);
    const chart = page.getByTestId('lab-loss-chart');
    expect(Number(await chart.getAttribute('data-points'))).toBeGreaterThan(3);
  });
});

test.describe('share: the view is a link', () => {
  test('the address, opened in a new browser, gives the same picture: the layout recomputed from its seed, bit for bit', async ({ page, browser }) => {
    const made = await makeView(page);
    const other = await freshPage(browser);
    await other.goto(made.url);
    await expect(other.getByTestId('notice').filter({ hasText: 'Recomputing t-SNE with seed 42' })).toBeVisible({ timeout: 60_000 });
    await expectSameView(other, made);
    await other.context().close();
  });

  test('a link keeps the tab, the search and the column it looks in, and the neighbour count and metric', async ({ page, browser }) => {
    await openApp(page);
    await selectByLabel(page, 'paris');
    await page.getByTestId('neighbor-k').fill('25');
    await page.getByTestId('neighbor-k').press('Enter');
    await page.getByTestId('neighbor-metric').selectOption('euclidean');
    await expect(page.getByTestId('neighbor')).toHaveCount(25);
    // The euclidean answer, not the cosine one that k = 25 asked for first: distances rise down the list.
    const values = () => page.locator('.neighbor-value').allInnerTexts().then((t) => t.map(Number));
    await expect.poll(async () => { const v = await values(); return v.length === 25 && v[0] < v[24]; }).toBe(true);
    const neighbours = await page.getByTestId('neighbor').allTextContents();
    const column = glove.columns[0].name;
    await page.getByTestId('search-by').selectOption(column);
    await page.getByTestId('view-compare').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe('compare');
    const url = new URL(page.url());
    expect([url.searchParams.get('k'), url.searchParams.get('metric'), url.searchParams.get('in'), url.searchParams.get('q')]).toEqual(['25', 'euclidean', column, 'paris']);

    const other = await freshPage(browser);
    await other.goto(page.url());
    await expect(other.getByTestId('view-compare')).toHaveAttribute('aria-selected', 'true');
    await other.getByTestId('view-explore').click();
    await expect(other.getByTestId('selected-label')).toHaveText('paris');
    await expect(other.getByTestId('neighbor-k')).toHaveValue('25');
    await expect(other.getByTestId('neighbor-metric')).toHaveValue('euclidean');
    await expect(other.getByTestId('search-by')).toHaveValue(column);
    await expect(other.getByTestId('search-input')).toHaveValue('paris');
    await expect(other.getByTestId('neighbor')).toHaveCount(25);
    expect(await other.getByTestId('neighbor').allTextContents()).toEqual(neighbours);
    await other.context().close();
  });

  test('Back and Forward walk through real steps (selections, a tab), not camera moves', async ({ page }) => {
    await openApp(page);
    await selectByLabel(page, 'paris');
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe(String(glove.labels.indexOf('paris')));
    await selectByLabel(page, 'london');
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe(String(glove.labels.indexOf('london')));
    // Zooming only replaces the current entry: Back after it still goes to the previous selection.
    const box = (await page.getByTestId('scatter-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.wheel(0, -300);
    await expect.poll(() => new URL(page.url()).searchParams.get('cam')).not.toBeNull();
    await page.getByTestId('view-compare').click();
    await expect.poll(() => new URL(page.url()).searchParams.get('tab')).toBe('compare');

    await page.goBack();
    await expect(page.getByTestId('view-explore')).toHaveAttribute('aria-selected', 'true');
    await expect(page.getByTestId('selected-label')).toHaveText('london');
    expect(new URL(page.url()).searchParams.get('cam')).not.toBeNull();
    await page.goBack();
    await expect(page.getByTestId('selected-label')).toHaveText('paris');
    await page.goForward();
    await expect(page.getByTestId('selected-label')).toHaveText('london');
    await page.goForward();
    await expect(page.getByTestId('view-compare')).toHaveAttribute('aria-selected', 'true');
  });

  test('a malformed value in a link is named in one notice, and the rest of the link applies', async ({ page }) => {
    const king = glove.labels.indexOf('king');
    await page.goto(`./?v=1&dataset=nope&sel=${king}&cam=1,2&color=nosuchcolumn&labels=1`);
    await expect(page.getByTestId('status-line')).toContainText(/ · (PCA|UMAP)/);
    const notice = page.getByTestId('notice').filter({ hasText: 'could not be used' });
    await expect(notice).toHaveCount(1);
    await expect(notice).toContainText('dataset: “nope”');
    await expect(notice).toContainText('cam: “1,2”');
    await expect(notice).toContainText('color: “nosuchcolumn” is not in this data');
    // The rest applies: GloVe 10k (the default for the bad field), king selected, labels on.
    await expect(page.getByTestId('status-line')).toContainText('10,000 points');
    await expect(page.getByTestId('selected-label')).toHaveText('king');
    await expect(page.getByTestId('labels-button').first()).toHaveAttribute('aria-pressed', 'true');
    // The address is rewritten to what applies.
    await expect.poll(() => new URL(page.url()).searchParams.get('dataset')).toBe('glove-10k');
  });

  test('a link made from an uploaded file names the file and asks for it, then shows the same view', async ({ page, browser }) => {
    await openApp(page);
    const words = ['king', 'queen', 'man', 'woman', 'paris', 'france', 'rome', 'italy'];
    const body = words.map((w, i) => `${w} ${[i % 3, (i * 7) % 5, i / 2, 1 - i / 10].join(' ')}`).join('\n');
    const file = { name: 'my words.txt', mimeType: 'text/plain', buffer: Buffer.from(body) };
    await page.getByTestId('load-data-button').click();
    await page.getByTestId('load-file-input').setInputFiles([file]);
    await expect(page.getByTestId('status-line')).toContainText('8 points');
    await selectByLabel(page, 'rome');
    await expect.poll(() => new URL(page.url()).searchParams.get('sel')).toBe('6');
    expect(new URL(page.url()).searchParams.get('file')).toBe(`${file.buffer.length}:my words.txt`);

    const other = await freshPage(browser);
    await other.goto(page.url());
    const ask = other.getByTestId('expected-files');
    await expect(ask).toBeVisible();
    await expect(ask.getByTestId('expected-file')).toHaveText(`my words.txt — ${file.buffer.length} bytes`);
    await ask.getByTestId('expected-file-input').setInputFiles([file]);
    await expect(other.getByTestId('status-line')).toContainText('8 points');
    await expect(other.getByTestId('selected-label')).toHaveText('rome');
    await other.context().close();

    // After a reload the file comes from the saved session: nothing is asked.
    await expect.poll(async () => (await savedSession(page))?.parts.some((p) => p.kind === 'file') ?? false).toBe(true);
    await page.reload();
    await expect(page.getByTestId('status-line')).toContainText('8 points');
    await expect(page.getByTestId('selected-label')).toHaveText('rome');
    await expect(page.getByTestId('expected-files')).toHaveCount(0);
  });
});

test.describe('sessions', () => {
  test('the Sessions list shows what is saved and its size; a session can be renamed, a new one started, and the first opened again', async ({ page }) => {
    await openApp(page);
    await selectByLabel(page, 'paris');
    await expect.poll(async () => (await savedSession(page))?.view ?? '').toContain('sel=');
    await page.getByTestId('sessions-button').click();
    const dialog = page.getByTestId('sessions-dialog');
    await expect(dialog.getByTestId('session-row')).toHaveCount(1);
    await expect(dialog.getByTestId('session-name')).toHaveText('GloVe 10k · UMAP');
    await expect(dialog.getByTestId('sessions-usage')).toContainText('Sessions use');
    await dialog.getByTestId('session-rename').click();
    await dialog.getByTestId('session-name-input').fill('Capitals');
    await dialog.getByTestId('session-name-input').press('Enter');
    await expect(dialog.getByTestId('session-name')).toHaveText('Capitals');

    await dialog.getByTestId('session-new').click();
    await expect(page.getByTestId('status-line')).toContainText('UMAP (computed with the data)');
    await expect(page.getByTestId('selected-label')).toHaveCount(0);
    await selectByLabel(page, 'tokyo');
    await expect.poll(async () => (await savedSession(page))?.view ?? '').toContain('sel=');
    await page.getByTestId('sessions-button').click();
    await expect(dialog.getByTestId('session-row')).toHaveCount(2);
    await dialog.getByTestId('session-row').filter({ hasText: 'Capitals' }).getByTestId('session-open').click();
    await expect(page.getByTestId('selected-label')).toHaveText('paris');

    // Deleting the other session leaves this one alone, listed.
    await page.getByTestId('sessions-button').click();
    await expect(dialog.getByTestId('session-row')).toHaveCount(2);
    await dialog.getByTestId('session-row').filter({ hasNotText: 'Capitals' }).getByTestId('session-delete').click();
    await expect(dialog.getByTestId('session-row')).toHaveCount(1);
    await expect(dialog.getByTestId('session-name')).toHaveText('Capitals');
  });

  test('without IndexedDB (a private window) the app works, says sessions are off, and links still apply', async ({ browser }) => {
    const page = await freshPage(browser);
    await page.addInitScript(() => Object.defineProperty(window, 'indexedDB', { value: undefined }));
    await page.goto(`./?sel=${glove.labels.indexOf('king')}`);
    await expect(page.getByTestId('notice').filter({ hasText: 'will not survive a reload' })).toBeVisible();
    await expect(page.getByTestId('selected-label')).toHaveText('king');
    await page.getByTestId('sessions-button').click();
    await expect(page.getByTestId('sessions-dialog')).toContainText('Sessions are off');
    await page.context().close();
  });
});

async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  return context.newPage();
}
