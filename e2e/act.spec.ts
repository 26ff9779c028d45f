import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { builtinDataset, openApp, selectByLabel, showPca } from './helpers';

// Acting on what you find: exports (downloaded and parsed here), isolation and projecting
// a subset, search by column, neighbours that answer questions, keys and help. All on the
// production build, GloVe 10k unless said otherwise.
test.describe.configure({ timeout: 180_000 });

const glove = builtinDataset('glove-10k.sprout');

/** A small RFC 4180 reader. */
function parseCsv(csv: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(cell);
      cell = '';
    } else if (c === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  return rows;
}

/** Opens the Export menu, clicks an item and returns the downloaded file's name and bytes. */
async function download(page: Page, item: string): Promise<{ name: string; bytes: Buffer }> {
  if (!(await page.getByTestId('export-panel').isVisible())) await page.getByTestId('export-button').click();
  const [dl] = await Promise.all([page.waitForEvent('download'), page.getByTestId(item).click()]);
  const path = await dl.path();
  return { name: dl.suggestedFilename(), bytes: readFileSync(path) };
}

/** The layout CSV's table: header row and body (provenance lines left out). */
async function layoutCsv(page: Page): Promise<{ provenance: string[]; header: string[]; body: string[][] }> {
  const { bytes } = await download(page, 'export-layout-csv');
  const rows = parseCsv(bytes.toString('utf8'));
  const provenance = rows.filter((r) => r[0].startsWith('# ')).map((r) => r[0]);
  const [header, ...body] = rows.slice(provenance.length);
  return { provenance, header, body };
}

/** Draws a lasso (Shift+drag) over the middle third of the plot; returns how many points it caught. */
async function lassoMiddle(page: Page, fraction = 0.3): Promise<number> {
  const box = (await page.getByTestId('scatter-plot').boundingBox())!;
  const [cx, cy] = [box.x + box.width / 2, box.y + box.height / 2];
  const [w, h] = [(box.width * fraction) / 2, (box.height * fraction) / 2];
  await page.keyboard.down('Shift');
  await page.mouse.move(cx - w, cy - h);
  await page.mouse.down();
  for (const [dx, dy] of [[w, -h], [w, h], [-w, h], [-w, -h]]) await page.mouse.move(cx + dx, cy + dy, { steps: 6 });
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await expect(page.getByTestId('lasso-panel')).toBeVisible();
  return Number((await page.getByTestId('lasso-count').locator('strong').innerText()).replace(/\D/g, ''));
}

type Upload = { name: string; bytes: Uint8Array | string };

async function upload(page: Page, files: Upload[]): Promise<void> {
  await page.getByTestId('load-data-button').click();
  await page.getByTestId('load-file-input').setInputFiles(files.map((f) => ({ name: f.name, mimeType: 'application/octet-stream', buffer: Buffer.from(f.bytes) })));
  await expect(page.getByTestId('load-dialog')).toHaveCount(0);
}

const numbers = (l: Locator) => l.allInnerTexts().then((t) => t.map((s) => Number(s.replace(/,/g, ''))));

test.describe('exports, downloaded and read back', () => {
  test('the layout CSV holds every row with the coordinates on screen and where they came from', async ({ page }) => {
    await openApp(page);
    await showPca(page);
    const { provenance, header, body } = await layoutCsv(page);
    expect(provenance).toEqual(expect.arrayContaining(['# dataset: GloVe 10k', '# method: PCA', '# rows: all 10000 rows', expect.stringMatching(/^# sproutVersion: \d+\.\d+\.\d+$/)]));
    // Every metadata column (the stored clusters among them), then the coordinates.
    expect(header).toEqual(['row', 'label', ...glove.columns.map((c) => c.name), 'x', 'y']);
    expect(body).toHaveLength(10_000);
    // PCA is the stored PCA's first two components: equal bit for bit.
    const { scores, components } = glove.pca!;
    const [xAt, yAt] = [header.indexOf('x'), header.indexOf('y')];
    // One comparison of whole arrays: an expect() per row costs ~2 ms (a stack trace each), 40 s for 10,000 rows.
    const onScreen = body.map((r) => [Math.fround(Number(r[xAt])), Math.fround(Number(r[yAt]))]);
    const stored = body.map((r) => [scores[Number(r[0]) * components], scores[Number(r[0]) * components + 1]]);
    expect(onScreen).toEqual(stored);
    // Labels a spreadsheet would run as a formula ("=", "+", "-") are neutralised.
    const cell = (label: string) => body[glove.labels.indexOf(label)][1];
    expect([cell('='), cell('+'), cell('-'), cell('king')]).toEqual(["'=", "'+", "'-", 'king']);
  });

  test('SVG and PNG pictures: well-formed XML with an HTML label kept as text, PNG at 2×', async ({ page }) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const evil = '<img src=x onerror=alert(1)>';
    const formula = '=HYPERLINK("http://example.com","click")';
    await openApp(page);
    await upload(page, [
      { name: 'v.tsv', bytes: '1\t0\n0\t1\n1\t1\n0.5\t0.2\n' },
      { name: 'm.tsv', bytes: `word\tnote\n${evil}\t<b>x</b>\n${formula}\ty\nplain\t-1+1\nother\tz\n` },
    ]);
    await expect(page.getByTestId('status-line')).toContainText('4 points');
    await selectByLabel(page, evil);
    const svg = (await download(page, 'export-svg')).bytes.toString('utf8');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      return {
        error: doc.getElementsByTagName('parsererror').length,
        texts: [...doc.getElementsByTagName('text')].map((t) => t.textContent),
        images: doc.getElementsByTagName('img').length + doc.getElementsByTagName('image').length,
        circles: doc.getElementsByTagName('circle').length,
      };
    }, svg);
    expect(parsed.error).toBe(0);
    expect(parsed.texts).toContain(evil);
    expect(parsed.images).toBe(0);
    expect(parsed.circles).toBeGreaterThanOrEqual(4);
    // The same labels in the layout CSV: the formula is inert, the HTML is plain text.
    const { body } = await layoutCsv(page);
    expect(body.map((r) => r[1])).toEqual([evil, `'${formula}`, 'plain', 'other']);
    expect(body[2][3]).toBe("'-1+1");
    const png = (await download(page, 'export-png-2')).bytes;
    expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([2400, 1600]);
    expect(dialogs).toEqual([]);
  });

  test('the TensorBoard bundle opens again in Sprout with the same points and labels', async ({ page }) => {
    await openApp(page);
    const { name, bytes } = await download(page, 'export-bundle');
    expect(name).toBe('glove-10k-projector.zip');
    const files = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(files).sort()).toEqual(['metadata.tsv', 'projector_config.json', 'projector_config.pbtxt', 'tensors.bytes']);
    expect(JSON.parse(strFromU8(files['projector_config.json'])).embeddings[0]).toMatchObject({ tensorShape: [10_000, 100], tensorPath: 'tensors.bytes' });
    expect(new Float32Array(files['tensors.bytes'].slice().buffer)).toEqual(glove.vectors);
    await upload(
      page,
      ['projector_config.json', 'tensors.bytes', 'metadata.tsv'].map((f) => ({ name: f, bytes: files[f] })),
    );
    // The built-in set says "PCA (computed with the data)"; the re-imported one gets its PCA computed now.
    await expect(page.getByTestId('status-line')).toContainText(/10,000 points · 100 dimensions · PCA \(\d/, { timeout: 60_000 });
    await expect(page.getByTestId('status-line')).toContainText('GloVe 10k');
    const json = JSON.parse((await download(page, 'export-layout-json')).bytes.toString('utf8'));
    expect(json.rows.map((r: { label: string }) => r.label)).toEqual(glove.labels);
    // Every metadata column comes back (the loader also keeps the label column as one).
    expect(json.columns.map((c: { name: string }) => c.name)).toEqual(expect.arrayContaining(['frequency', 'kind', 'rank']));
    const kind = glove.columns.find((c) => c.name === 'kind')!;
    expect(json.rows.map((r: { metadata: { kind: string } }) => r.metadata.kind)).toEqual(glove.labels.map((_, i) => (kind.type === 'category' ? kind.categories[kind.codes[i]] : '')));
  });

  test('the lit points export as labels + metadata and as their vectors from the worker', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('search-input').fill('/^queen|^king$/');
    await expect(page.getByTestId('search-status')).toContainText('of 10,000 match');
    const rows = glove.labels.flatMap((l, i) => (/^queen|^king$/.test(l) ? [i] : []));
    await expect(page.getByTestId('set-count')).toContainText(`${rows.length} of 10,000 points lit`);
    const tsv = (await download(page, 'export-selection-tsv')).bytes.toString('utf8').trimEnd().split('\n');
    const table = tsv.filter((l) => !l.startsWith('# '));
    expect(table[0]).toBe(['row', 'label', ...glove.columns.map((c) => c.name)].join('\t'));
    expect(table.slice(1).map((l) => l.split('\t')[1])).toEqual(rows.map((i) => glove.labels[i]));
    const vectors = (await download(page, 'export-selection-vectors')).bytes.toString('utf8').trimEnd().split('\n');
    expect(vectors).toHaveLength(rows.length);
    vectors.forEach((line, j) => expect(Float32Array.from(line.split('\t').map(Number))).toEqual(glove.vectors.subarray(rows[j] * 100, rows[j] * 100 + 100)));
  });
});

test.describe('acting on a subset', () => {
  test('Isolate + UMAP on a lasso of GloVe 10k lays out exactly the lassoed points; Show all brings the map back', async ({ page }) => {
    await openApp(page);
    const count = await lassoMiddle(page);
    expect(count).toBeGreaterThan(50);
    await page.getByTestId('isolate').click();
    await expect(page.getByTestId('status-line')).toContainText(`isolated ${count.toLocaleString('en-US')} of 10,000`);
    await page.getByTestId('projection-method').selectOption('umap');
    await expect(page.getByTestId('projection-scope')).toContainText(`Runs on the ${count.toLocaleString('en-US')} isolated points only`);
    await page.getByTestId('umap-epochs').fill('200');
    await page.getByTestId('umap-epochs').press('Enter');
    await page.getByTestId('projection-run').click();
    await expect(page.getByTestId('projection-state')).toHaveText('Done', { timeout: 150_000 });
    await expect(page.getByTestId('status-line')).toContainText(`UMAP of ${count.toLocaleString('en-US')} points`);
    const { header, body, provenance } = await layoutCsv(page);
    const [xAt, yAt] = [header.indexOf('x'), header.indexOf('y')];
    expect(body).toHaveLength(count);
    expect(body.every((r) => Number.isFinite(Number(r[xAt])) && r[xAt] !== '' && r[yAt] !== '')).toBe(true);
    expect(provenance).toContain(`# rows: ${count} of 10000 rows (lasso)`);
    await page.getByTestId('show-all').click();
    await expect(page.getByTestId('status-line')).not.toContainText('isolated');
    expect((await layoutCsv(page)).body).toHaveLength(10_000);
  });

  test('TriMap is too slow for 10,000 points: it offers a sample and runs on it', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('projection-method').selectOption('trimap');
    await expect(page.getByTestId('projection-run')).toBeDisabled();
    await expect(page.getByTestId('run-on-sample')).toHaveText('Run on a sample of 2,000');
    await page.getByTestId('druid-iterations').fill('100');
    await page.getByTestId('druid-iterations').press('Enter');
    await page.getByTestId('run-on-sample').click();
    await expect(page.getByTestId('status-line')).toContainText('isolated 2,000 of 10,000');
    await expect(page.getByTestId('projection-state')).toHaveText('Done', { timeout: 150_000 });
    await expect(page.getByTestId('status-line')).toContainText('TriMap of 2,000 points');
  });

  test('a legend entry lights its category, Shift+click adds one, and Isolate shows only them', async ({ page }) => {
    await openApp(page);
    // The first view colours by the stored clusters; the frequency bands are one choice away.
    await page.getByTestId('color-by').selectOption('frequency');
    const entries = page.getByTestId('legend-entry');
    await entries.filter({ hasText: 'top 1k' }).click();
    await expect(page.getByTestId('set-count')).toContainText('1,000 of 10,000 points lit');
    await entries.filter({ hasText: '1k–5k' }).click({ modifiers: ['Shift'] });
    await expect(page.getByTestId('set-count')).toContainText('5,000 of 10,000 points lit');
    await expect(entries.filter({ hasText: '1k–5k' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByTestId('isolate').click();
    await expect(page.getByTestId('isolated-count')).toContainText('Showing only 5,000 of 10,000 points');
  });
});

test.describe('search and neighbours', () => {
  test('search in a metadata column lists the matching rows with that column’s value', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('search-by').selectOption('kind');
    await page.getByTestId('search-input').fill('punctuation');
    const kind = glove.columns.find((c) => c.name === 'kind')!;
    const expected = kind.type === 'category' ? [...kind.codes].filter((c) => kind.categories[c] === 'punctuation').length : -1;
    await expect(page.getByTestId('search-status')).toHaveText(`${expected} of 10,000 match`);
    const results = page.getByTestId('search-result');
    await expect(results).toHaveCount(Math.min(100, expected));
    await expect(results.first().locator('.result-value')).toHaveText('punctuation');
    // Enter on a text that is no label selects the first result and says so.
    await page.getByTestId('search-input').press('Enter');
    await expect(page.getByTestId('search-status')).toContainText('selected the first of');
    await expect(page.getByTestId('selected-label')).toHaveText(await results.first().locator('.result-label').innerText());
  });

  test('"king - man + woman" lists "queen" in the top 3, the words themselves left out, marked on the map', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('arithmetic-input').fill('king - man + woman');
    await page.getByTestId('arithmetic-input').press('Enter');
    const names = page.getByTestId('neighbor').locator('.neighbor-label');
    await expect(names).toHaveCount(10);
    const top = await names.allInnerTexts();
    expect(top.slice(0, 3)).toContain('queen');
    expect(top).not.toContain('king');
    expect(top).not.toContain('woman');
    await expect(page.getByTestId('neighbors-title')).toContainText('nearest to king - man + woman');
    await expect(page.locator('.scatter-mark-neighbor text', { hasText: /^queen$/ })).toHaveCount(1);
    await page.getByTestId('arithmetic-input').fill('paris - france + italy');
    await page.getByTestId('arithmetic-input').press('Enter');
    await expect(names.first()).toHaveText('rome');
    await page.getByTestId('arithmetic-input').fill('king - zzyzx');
    await page.getByTestId('arithmetic-input').press('Enter');
    await expect(page.getByTestId('neighbor-problem')).toHaveText('Not in the data: zzyzx.');
  });

  test('k = 100 lists 100 neighbours; the metric switches to euclidean distance and dot product', async ({ page }) => {
    await openApp(page);
    await selectByLabel(page, 'king');
    await page.getByTestId('neighbor-k').fill('100');
    await page.getByTestId('neighbor-k').press('Enter');
    await expect(page.getByTestId('neighbor')).toHaveCount(100);
    await page.getByTestId('neighbor-metric').selectOption('euclidean');
    await expect(page.getByTestId('neighbors-title')).toContainText('euclidean distance');
    await expect(page.getByTestId('neighbor')).toHaveCount(100);
    const distances = await numbers(page.getByTestId('neighbor').locator('.neighbor-value'));
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    await page.getByTestId('neighbor-metric').selectOption('dot');
    await expect(page.getByTestId('neighbors-title')).toContainText('dot product');
    const dots = await numbers(page.getByTestId('neighbor').locator('.neighbor-value'));
    expect(dots).toEqual([...dots].sort((a, b) => b - a));
  });

  test('neighbours of a lit set’s centre leave the set out', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('search-input').fill('/^(monday|tuesday|wednesday)$/');
    await expect(page.getByTestId('set-count')).toContainText('3 of 10,000 points lit');
    await page.getByTestId('set-neighbors').click();
    const names = await page.getByTestId('neighbor').locator('.neighbor-label').allInnerTexts();
    expect(names).toHaveLength(10);
    expect(names).not.toContain('monday');
    expect(names.slice(0, 4)).toEqual(expect.arrayContaining(['thursday']));
  });
});

test.describe('keys and help', () => {
  test('Escape clears the lasso and the selection even after the Lasso button was clicked', async ({ page }) => {
    await openApp(page);
    await selectByLabel(page, 'king');
    await page.getByTestId('lasso-button').click();
    await expect(page.getByTestId('lasso-button')).toBeFocused();
    await lassoMiddle(page);
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('lasso-panel')).toHaveCount(0);
    await expect(page.getByTestId('selected-label')).toHaveCount(0);
  });

  test('? and the help button open a list of every shortcut; Escape closes it', async ({ page }) => {
    await openApp(page);
    await expect(page.locator('.scatter-help').first()).toBeVisible();
    await expect(page.locator('.scatter-help').first()).toContainText('Shift');
    await page.locator('body').press('?');
    const help = page.getByTestId('help-overlay');
    await expect(help).toBeVisible();
    for (const group of ['Everywhere', 'On the map', 'In the search box', 'In the training lab']) await expect(help).toContainText(group);
    await expect(help.locator('kbd', { hasText: 'Esc' }).first()).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(help).toHaveCount(0);
    await page.getByTestId('help-button').click();
    await expect(help).toBeVisible();
    await page.getByTestId('help-close').click();
    await expect(help).toHaveCount(0);
    // Typing "?" in the search box types it.
    await page.getByTestId('search-input').press('?');
    await expect(help).toHaveCount(0);
  });

  test('the new panels speak Chinese', async ({ page }) => {
    await openApp(page);
    await page.getByTestId('language-switch').selectOption('zh-CN');
    await expect(page.getByTestId('export-button')).toContainText('导出');
    await selectByLabel(page, 'king');
    await expect(page.getByTestId('neighbors-title')).toContainText('个最近邻');
    await page.getByTestId('help-button').click();
    await expect(page.getByTestId('help-overlay')).toContainText('键盘快捷键');
  });
});
