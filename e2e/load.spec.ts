import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { writeTestParquet } from '../src/compute/formats/parquetTestWriter';
import { npyBytes, word2vecBinaryBytes } from '../src/compute/formats/testing';
import { openApp, selectByLabel } from './helpers';

const here = path.dirname(fileURLToPath(import.meta.url));
const irisDir = path.resolve(here, '../fixtures/projector-iris');

// 12 words in 3 clusters of 5-d vectors: small files of every format, same content.
const WORDS = ['alpha', 'bravo', 'charlie', 'delta', 'echo', 'foxtrot', 'golf', 'hotel', 'india', 'juliet', 'kilo', 'lima'];
const DIM = 5;
const VECS = WORDS.map((_, i) => Array.from({ length: DIM }, (_, d) => Number(((d === i % 3 ? 3 : 0) + ((i * 7 + d * 3) % 5) / 10).toFixed(2))));
const GROUP = WORDS.map((_, i) => `g${i % 3}`);

type Upload = { name: string; bytes: Uint8Array | string };
const text = (lines: string[]) => lines.join('\n') + '\n';

const FORMATS: { title: string; files: Upload[] }[] = [
  {
    title: 'projector TSV + metadata TSV',
    files: [
      { name: 'vectors.tsv', bytes: text(VECS.map((v) => v.join('\t'))) },
      { name: 'metadata.tsv', bytes: text(['word\tgroup', ...WORDS.map((w, i) => `${w}\t${GROUP[i]}`)]) },
    ],
  },
  { title: 'word2vec text', files: [{ name: 'words.vec', bytes: text([`${WORDS.length} ${DIM}`, ...WORDS.map((w, i) => `${w} ${VECS[i].join(' ')}`)]) }] },
  { title: 'GloVe text', files: [{ name: 'glove.txt', bytes: text(WORDS.map((w, i) => `${w} ${VECS[i].join(' ')}`)) }] },
  { title: 'word2vec binary', files: [{ name: 'words.bin', bytes: word2vecBinaryBytes(WORDS, Float32Array.from(VECS.flat()), DIM) }] },
  {
    title: '.npy + a word list',
    files: [
      { name: 'emb.npy', bytes: npyBytes([WORDS.length, DIM], '<f4', VECS.flat()) },
      { name: 'words.txt', bytes: text(WORDS) },
    ],
  },
  { title: 'CSV', files: [{ name: 'table.csv', bytes: text([`word,group,${VECS[0].map((_, d) => `x${d}`).join(',')}`, ...WORDS.map((w, i) => `${w},${GROUP[i]},${VECS[i].join(',')}`)]) }] },
  { title: 'JSON', files: [{ name: 'rows.json', bytes: JSON.stringify(WORDS.map((w, i) => ({ word: w, group: GROUP[i], embedding: VECS[i] }))) }] },
  { title: 'JSON Lines', files: [{ name: 'rows.jsonl', bytes: text(WORDS.map((w, i) => JSON.stringify({ word: w, vector: VECS[i] }))) }] },
  {
    title: 'Parquet',
    files: [{ name: 'rows.parquet', bytes: writeTestParquet({ vectors: { name: 'embedding', rows: VECS }, strings: [{ name: 'word', rows: WORDS }] }) }],
  },
];

const payload = (f: Upload) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(typeof f.bytes === 'string' ? f.bytes : f.bytes) });

async function upload(page: Page, files: Upload[] | string[]): Promise<void> {
  await page.getByTestId('load-data-button').click();
  const input = page.getByTestId('load-file-input');
  if (typeof files[0] === 'string') await input.setInputFiles(files as string[]);
  else await input.setInputFiles((files as Upload[]).map(payload));
  await expect(page.getByTestId('load-dialog')).toHaveCount(0);
}

const status = (page: Page) => page.getByTestId('status-line');

/** Collects Content Security Policy violations (the production build's strict policy). */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (msg.text().startsWith('CSP violation')) violations.push(msg.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
  });
  return violations;
}

test.describe('bring your own vectors', () => {
  test('uploading each format shows its 12 points and finds a known word', async ({ page }) => {
    test.setTimeout(180_000);
    const violations = await watchCsp(page);
    await openApp(page);
    for (const [i, { title, files }] of FORMATS.entries()) {
      await test.step(title, async () => {
        await upload(page, files);
        await expect(status(page)).toContainText(files[0].name);
        await expect(status(page)).toContainText(`12 points · ${DIM} dimensions · PCA`);
        await selectByLabel(page, WORDS[i % WORDS.length]);
        await expect(page.getByTestId('neighbor')).toHaveCount(10);
      });
    }
    expect(violations).toEqual([]);
  });

  test('a malformed file shows the file, line and column; the previous map stays and works', async ({ page }) => {
    await openApp(page);
    await upload(page, [{ name: 'broken.tsv', bytes: '0.1\t0.2\n0.3\t0.4\n0.5\toops\n0.7\n' }]);
    const error = page.getByTestId('file-load-error');
    await expect(error).toContainText('broken.tsv');
    await expect(page.getByTestId('file-load-problems').locator('li')).toHaveText(['line 3, column 2: not a number: "oops"', 'line 4: expected 2 values, got 1']);
    await expect(status(page)).toContainText('10,000 points · 100 dimensions · UMAP (computed with the data)');
    const axe = await new AxeBuilder({ page }).include('[data-testid="file-load-error"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await selectByLabel(page, 'king');
    await page.getByTestId('file-load-dismiss').click();
    await expect(error).toHaveCount(0);
  });

  test('a metadata file with a header too many names both counts and the off-by-one hint', async ({ page }) => {
    await openApp(page);
    await upload(page, [
      { name: 'v.tsv', bytes: text(VECS.map((v) => v.join('\t'))) },
      { name: 'labels.tsv', bytes: text(['word', ...WORDS]) },
    ]);
    await expect(page.getByTestId('file-load-error')).toContainText('metadata has 13 rows for 12 vectors — does it have a header row?');
  });

  test('NaN rows: the count is shown, and "drop those rows" shows the rest', async ({ page }) => {
    await openApp(page);
    const lines = WORDS.map((w, i) => `${w} ${i === 2 || i === 5 ? 'NaN' : VECS[i][0]} ${VECS[i].slice(1).join(' ')}`);
    await upload(page, [{ name: 'nan.txt', bytes: text(lines) }]);
    await expect(page.getByTestId('file-load-nonfinite')).toContainText('2 rows hold NaN or Infinity');
    await expect(page.getByTestId('file-load-nonfinite')).toContainText('lines 3, 6');
    await page.getByTestId('file-load-show').click();
    await expect(status(page)).toContainText(`10 points · ${DIM} dimensions · PCA`);
  });

  test('a Parquet file with two text columns asks which gives the labels; the second one chosen labels the points', async ({ page }) => {
    await openApp(page);
    await upload(page, [path.resolve(here, '../fixtures/parquet-labels/words-en-fr.parquet')]);
    const picker = page.getByTestId('file-load-label-column');
    await expect(page.getByTestId('file-load-review')).toContainText('words-en-fr.parquet: 12 rows × 4 dimensions');
    await expect(picker).toHaveValue('word');
    await expect(picker.locator('option')).toHaveText(['word', 'french']);
    // The map underneath is still GloVe until Show.
    await expect(status(page)).toContainText('10,000 points · 100 dimensions');
    await picker.selectOption('french');
    await expect(page.getByTestId('file-load-review')).toBeVisible();
    await expect(picker).toHaveValue('french');
    await page.getByTestId('file-load-show').click();
    await expect(status(page)).toContainText('12 points · 4 dimensions · PCA');
    await selectByLabel(page, 'chien');
    await expect(page.getByTestId('neighbor')).not.toHaveCount(0);
    // The English words are no longer labels: searching one finds no label.
    await page.getByTestId('search-input').fill('dog');
    await expect(page.getByTestId('search-status')).toHaveText('0 of 12 match');
  });

  test('with "stop" NaN is an error listing the lines, with a button to drop those rows', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('load-data-button').click();
    await page.getByTestId('load-nonfinite').selectOption('error');
    await page.getByTestId('load-file-input').setInputFiles([payload({ name: 'nan.txt', bytes: text(['a 1 2', 'b Infinity 2', 'c 3 4']) })]);
    await expect(page.getByTestId('file-load-problems')).toContainText('line 2: value 1 is Infinity');
    await page.getByTestId('file-load-drop-nonfinite').click();
    await expect(status(page)).toContainText('2 points · 2 dimensions · PCA');
  });

  test('a wrongly detected format can be overridden', async ({ page }) => {
    await openApp(page);
    await upload(page, [{ name: 'numbers.txt', bytes: text(['value', '1', '2', '3']) }]);
    await expect(page.getByTestId('file-load-error')).toContainText('this looks like a metadata file');
    await page.getByTestId('file-load-format-select').selectOption('csv');
    await page.getByTestId('file-load-retry').click();
    // Read as a CSV table it is 3 rows of one number: refused for that reason now (issue 10:
    // 1-d data is refused with its reason), which shows the override took effect.
    await expect(page.getByTestId('file-load-error')).toContainText('has one number per row (1 dimension)');
    await expect(status(page)).toContainText('10,000 points');
  });

  test('pasted text is sniffed and loaded', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('load-data-button').click();
    const axe = await new AxeBuilder({ page }).include('[data-testid="load-dialog"]').analyze();
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([]);
    await page.getByTestId('paste-text').fill(text(WORDS.slice(0, 6).map((w, i) => `${w} ${VECS[i].join(' ')}`)));
    await page.getByTestId('paste-load').click();
    await expect(status(page)).toContainText(`6 points · ${DIM} dimensions · PCA`);
    await expect(status(page)).toContainText('pasted text');
    await selectByLabel(page, 'bravo');
  });

  test('files dropped anywhere on the page load, with a visible drop target while dragging', async ({ page }) => {
    await openApp(page);
    const content = text(WORDS.slice(0, 7).map((w, i) => `${w} ${VECS[i].join(' ')}`));
    const dt = await page.evaluateHandle((t) => {
      const d = new DataTransfer();
      d.items.add(new File([t], 'dropped.vec'));
      return d;
    }, content);
    await page.dispatchEvent('.plot-area', 'dragenter', { dataTransfer: dt });
    await expect(page.getByTestId('drop-overlay')).toBeVisible();
    await page.dispatchEvent('.plot-area', 'drop', { dataTransfer: dt });
    await expect(page.getByTestId('drop-overlay')).toHaveCount(0);
    await expect(status(page)).toContainText(`7 points · ${DIM} dimensions · PCA`);
  });

  test('?config= opens the TensorBoard Iris projector files: 150 points coloured by class', async ({ page }) => {
    await page.route('**/fixtures/iris/**', (route) => {
      const name = path.basename(new URL(route.request().url()).pathname);
      return route.fulfill({ body: readFileSync(path.join(irisDir, name)), contentType: name.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
    });
    await page.goto('./?config=fixtures/iris/projector_config.json');
    await expect(status(page)).toContainText('150 points · 4 dimensions · PCA');
    await expect(status(page)).toContainText('Iris');
    await expect(page.getByTestId('color-by')).toHaveValue('class');
    await expect(page.getByTestId('legend')).toContainText('Iris-setosa');
    await expect(page.getByTestId('legend')).toContainText('Iris-virginica');
  });

  test('a projector config with a sprite gives every point its thumbnail', async ({ page }) => {
    const violations = await watchCsp(page);
    await openApp(page);
    // A 2 × 2 sprite sheet of 8 × 8 thumbnails in four colours, drawn by the browser as PNG.
    const png = await page.evaluate(async () => {
      const canvas = new OffscreenCanvas(16, 16);
      const ctx = canvas.getContext('2d')!;
      ['#ff0000', '#00ff00', '#0000ff', '#ffff00'].forEach((c, i) => {
        ctx.fillStyle = c;
        ctx.fillRect((i % 2) * 8, Math.floor(i / 2) * 8, 8, 8);
      });
      return Array.from(new Uint8Array(await (await canvas.convertToBlob({ type: 'image/png' })).arrayBuffer()));
    });
    const config = { embeddings: [{ tensorName: 'Sprites', tensorPath: 'v.tsv', metadataPath: 'm.tsv', sprite: { imagePath: 'sheet.png', singleImageDim: [8, 8] } }] };
    await upload(page, [
      { name: 'projector_config.json', bytes: JSON.stringify(config) },
      { name: 'v.tsv', bytes: text(VECS.slice(0, 4).map((v) => v.join('\t'))) },
      { name: 'm.tsv', bytes: text(WORDS.slice(0, 4)) },
      { name: 'sheet.png', bytes: Uint8Array.from(png) },
    ]);
    await expect(status(page)).toContainText('Sprites');
    await expect(status(page)).toContainText('4 points');
    await selectByLabel(page, 'delta');
    const rgb = await page.locator('.selected-point canvas.row-image').evaluate((el) => Array.from((el as HTMLCanvasElement).getContext('2d')!.getImageData(4, 4, 1, 1).data.slice(0, 3)));
    expect(rgb).toEqual([255, 255, 0]);
    expect(violations).toEqual([]);
  });

  test('?data= with a bad address shows the error and falls back to the built-in map', async ({ page }) => {
    await page.route('**/nowhere/**', (route) => route.fulfill({ status: 404, body: 'not here' }));
    await page.goto('./?data=nowhere/vectors.vec');
    await expect(page.getByTestId('file-load-error')).toContainText('HTTP 404');
    await expect(status(page)).toContainText('10,000 points · 100 dimensions · UMAP (computed with the data)');
  });

  test('a label written as HTML shows as those characters and creates no element', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const evil = '<img src=x onerror=alert(1)>';
    await openApp(page);
    await upload(page, [
      { name: 'v.tsv', bytes: text(VECS.slice(0, 4).map((v) => v.join('\t'))) },
      { name: 'm.tsv', bytes: text(['word\tnote', `${evil}\t<b>bold</b>`, 'plain\tx', `${evil}\tdup`, 'other\ty']) },
    ]);
    await expect(status(page)).toContainText('4 points');
    await selectByLabel(page, evil);
    await expect(page.getByTestId('selected-label')).toHaveText(evil);
    await expect(page.getByTestId('selection-panel')).toContainText('<b>bold</b>');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('b').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});

test('without cross-origin isolation (a plain static host) a file still gets neighbours and a projection: its vectors are copied, once', async ({ page }) => {
  // Serve everything without COOP/COEP, as a static host that knows nothing of them would.
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
  await openApp(page);
  expect(await page.evaluate(() => crossOriginIsolated)).toBe(false);
  await upload(page, [{ name: 'words.vec', bytes: text([`${WORDS.length} ${DIM}`, ...WORDS.map((w, i) => `${w} ${VECS[i].join(' ')}`)]) }]);
  await expect(status(page)).toContainText(`12 points · ${DIM} dimensions · PCA`);
  await selectByLabel(page, 'alpha');
  await expect(page.getByTestId('neighbor')).not.toHaveCount(0);
  await page.getByTestId('projection-method').selectOption('umap');
  await page.getByTestId('umap-epochs').fill('50');
  await page.getByTestId('projection-run').click();
  await expect(page.getByTestId('projection-state')).toHaveText('Done', { timeout: 60_000 });
  await expect(status(page)).toContainText('UMAP');
});

test.describe('big files', () => {
  let dir = '';
  test.beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'sprout-load-'));
  });
  test.afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('150,000 rows load whole by default; asked to, loading offers a seeded sample and the status says "showing 100,000 of 150,000"', async ({ page }) => {
    const lines: string[] = ['word\tgroup\tx\ty\tz'];
    for (let i = 0; i < 150_000; i++) lines.push(`w${i}\t${i % 1000 === 0 ? 'rare' : 'common'}\t${i % 7}\t${i % 11}\t${i % 13}`);
    const file = path.join(dir, 'big.tsv');
    writeFileSync(file, text(lines));
    await openApp(page);
    // It fits this device's data budget: every row, no question (x, y, z is 3D data, not a layout).
    await upload(page, [file]);
    await expect(status(page)).toContainText('150,000 points · 3 dimensions · PCA');
    await expect(page.getByTestId('file-load-review')).toHaveCount(0);
    // The sampling dialog stays as a choice.
    await page.getByTestId('load-data-button').click();
    await page.getByTestId('load-sampling').selectOption('ask');
    await page.getByTestId('load-file-input').setInputFiles([file]);
    await expect(page.getByTestId('file-load-sample')).toBeVisible();
    await page.getByTestId('file-load-show').click();
    await expect(status(page)).toContainText('showing 100,000 of 150,000');
    await expect(status(page)).toContainText('100,000 points · 3 dimensions · PCA');
  });

  test('reading shows bytes and rows, and Cancel stops it at once; the previous map stays', async ({ page }) => {
    // ~90 MB of text: long enough to still be reading when Cancel is pressed.
    const row = Array.from({ length: 64 }, (_, d) => (d / 64).toFixed(4)).join(' ');
    const chunk = Array.from({ length: 10_000 }, (_, i) => `w${i} ${row}`).join('\n') + '\n';
    const file = path.join(dir, 'huge.txt');
    writeFileSync(file, chunk.repeat(30));
    await openApp(page);
    await upload(page, [file]);
    const progress = page.getByTestId('file-load-progress');
    await expect(page.getByTestId('file-load-rows')).not.toHaveText('0 rows');
    await expect(page.getByTestId('file-load-bytes')).toContainText(' MB');
    // Time from the click to the panel going away, measured in the page (not Playwright's round trips).
    await page.evaluate(() => {
      const w = window as unknown as { cancelMs?: number };
      const button = document.querySelector('[data-testid="file-load-cancel"]');
      button?.addEventListener('click', () => {
        const t0 = performance.now();
        const check = () => {
          if (!document.querySelector('[data-testid="file-load-progress"]')) w.cancelMs = performance.now() - t0;
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      });
    });
    await page.getByTestId('file-load-cancel').click();
    await expect(progress).toHaveCount(0);
    const ms = await page.evaluate(() => (window as unknown as { cancelMs?: number }).cancelMs ?? -1);
    test.info().annotations.push({ type: 'cancel-ms', description: String(ms) });
    console.log(`cancel → panel gone in ${ms.toFixed(0)} ms`);
    expect(ms).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(500);
    await expect(status(page)).toContainText('10,000 points · 100 dimensions · UMAP (computed with the data)');
    await selectByLabel(page, 'king');
  });
});
