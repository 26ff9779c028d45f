import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page } from '@playwright/test';
import { decodeSproutBin } from '../src/compute/formats/sproutBin';
import type { FullDataset } from '../src/compute/dataset';

/** The built-in data as the app sees it, read from the generated files (for expected values). */
export function builtinDataset(file: string): FullDataset {
  return decodeSproutBin(new Uint8Array(readFileSync(new URL(`../public/data/${file}`, import.meta.url))), file);
}

/** Opens the app and waits until the first view is on screen (a built-in set's stored UMAP; PCA for data without one). */
export async function openApp(page: Page, query = ''): Promise<void> {
  await page.goto(`./${query}`);
  await expect(page.getByTestId('status-line')).toContainText(/ · (PCA|UMAP)/);
}

/** Switches the map to PCA (one click on the layout switch) and waits for it. */
export async function showPca(page: Page): Promise<void> {
  await page.getByTestId('layout-pca').click();
  await expect(page.getByTestId('status-line')).toContainText(' · PCA');
}

/** Counts canvas pixels that are painted (not transparent and not the background). */
export async function inkedPixels(page: Page, scope: Page | Locator = page): Promise<{ inked: number; colours: number }> {
  return scope.getByTestId('scatter-canvas').evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const ctx = canvas.getContext('2d');
    if (!ctx) return { inked: 0, colours: 0 };
    const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
    let inked = 0;
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += 4) {
      const a = data[i + 3];
      if (a === 0) continue;
      const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
      if (r > 245 && g > 245 && b > 245) continue;
      inked++;
      // Quantise so anti-aliasing does not count as new colours.
      colours.add(((r >> 5) << 6) | ((g >> 5) << 3) | (b >> 5));
    }
    return { inked, colours: colours.size };
  });
}

/** A hash of the canvas pixels, to tell whether the picture changed. */
export async function canvasHash(page: Page, scope: Page | Locator = page): Promise<number> {
  return scope.getByTestId('scatter-canvas').evaluate((el) => {
    const canvas = el as HTMLCanvasElement;
    const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
    let h = 2166136261;
    for (let i = 0; i < data.length; i += 7) h = Math.imul(h ^ data[i], 16777619);
    return h >>> 0;
  });
}

/** Selects a point by typing its label into the search box and pressing Enter. */
export async function selectByLabel(page: Page, label: string, scope: Page | Locator = page): Promise<void> {
  const input = page.getByTestId('search-input');
  await input.fill(label);
  await input.press('Enter');
  await expect(scope.getByTestId('selected-label')).toHaveText(label);
}
