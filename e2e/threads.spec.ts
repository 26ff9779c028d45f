import { expect, test, type Browser, type Page } from '@playwright/test';
import { openApp } from './helpers';

// Every core the user has: a cross-origin isolated page runs the heavy kernels on
// hardwareConcurrency − 1 threads; without isolation, on one. This machine has two cores,
// which would ask for one thread either way, so the page is told it has four: isolation,
// not the core count, must decide.
test.describe.configure({ timeout: 240_000 });

async function fourCores(page: Page): Promise<void> {
  await page.addInitScript(() => Object.defineProperty(Navigator.prototype, 'hardwareConcurrency', { get: () => 4 }));
}

/** Serves everything without COOP/COEP, as a static host that knows nothing of them would. */
async function withoutIsolation(page: Page): Promise<void> {
  await page.route('**/*', async (route) => {
    const response = await route.fetch();
    const headers = { ...response.headers() };
    delete headers['cross-origin-opener-policy'];
    delete headers['cross-origin-embedder-policy'];
    await route.fulfill({ response, headers });
  });
}

interface Outcome {
  readonly threads: string;
  readonly recall: number;
  readonly trust: number;
}

const figure = async (page: Page, label: string): Promise<number> =>
  Number((await page.getByTestId('projection-quality').locator('tr', { hasText: label }).locator('td.num').innerText()).trim());

/** Runs UMAP (100 epochs) on GloVe 10k in a fresh page and reads its threads and quality. */
async function umapRun(browser: Browser, isolated: boolean): Promise<Outcome> {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await fourCores(page);
    if (!isolated) await withoutIsolation(page);
    await openApp(page);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(isolated);
    await page.getByTestId('projection-method').selectOption('umap');
    await page.getByTestId('umap-epochs').fill('100');
    await page.getByTestId('projection-run').click();
    await expect(page.getByTestId('projection-state')).toHaveText('Done', { timeout: 200_000 });
    await expect(page.getByTestId('status-line')).toContainText('UMAP');
    await expect(page.getByTestId('projection-quality')).toContainText('Trustworthiness@10', { timeout: 30_000 });
    const outcome = {
      threads: (await page.getByTestId('projection-threads').innerText()).trim(),
      recall: await figure(page, 'kNN recall'),
      trust: await figure(page, 'Trustworthiness'),
    };
    const timings = await page.getByTestId('projection-timings').innerText();
    console.log(`UMAP GloVe 10k, 100 epochs, ${isolated ? 'isolated' : 'not isolated'}: ${timings.replace(/\n+/g, ' ')}; recall ${outcome.recall}, trustworthiness ${outcome.trust}`);
    return outcome;
  } finally {
    await context.close();
  }
}

test('UMAP runs on 3 threads when the page is isolated and on 1 when it is not, with the same quality within noise', async ({ browser }) => {
  const shared = await umapRun(browser, true);
  expect(shared.threads).toBe('3 threads');
  const single = await umapRun(browser, false);
  expect(single.threads).toBe('1 thread');
  // The threads' summed moves are not the serial SGD bit for bit, but the layout is as good: recall@10
  // over all 10,000 points moves by ~0.01 between seeds, trustworthiness by less.
  expect(Math.abs(shared.recall - single.recall)).toBeLessThan(0.03);
  expect(Math.abs(shared.trust - single.trust)).toBeLessThan(0.02);
  expect(shared.recall).toBeGreaterThan(0.15);
});
