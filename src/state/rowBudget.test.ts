import { describe, expect, it } from 'vitest';
import { BYTES_PER_ROW, dataBudget, fitsWhole, parseLayoutColumns, tabBytes } from './rowBudget';

const GiB = 2 ** 30;

describe('the data budget that decides whether a file loads whole', () => {
  it('is a quarter of the device memory, between 256 MiB and 1.5 GiB, and 1 GiB when the browser does not say', () => {
    expect(dataBudget(8)).toBe(1.5 * GiB);
    expect(dataBudget(4)).toBe(GiB);
    expect(dataBudget(0.5)).toBe(GiB / 4);
    expect(dataBudget(undefined)).toBe(GiB);
  });

  it('takes a million 64-d rows and GloVe 341k whole on an ordinary laptop, asks first for a million 768-d rows', () => {
    const laptop = dataBudget(8);
    expect(tabBytes(1_000_000, 64)).toBe(1_000_000 * (256 + BYTES_PER_ROW));
    expect(fitsWhole(1_000_000, 64, laptop)).toBe(true);
    expect(fitsWhole(341_479, 100, laptop)).toBe(true);
    expect(fitsWhole(1_000_000, 768, laptop)).toBe(false);
    expect(fitsWhole(1_000_000, 0, dataBudget(0.25))).toBe(true); // coordinates alone
  });
});

describe('parseLayoutColumns', () => {
  it('reads auto, none and named x/y pairs, and refuses what it cannot read', () => {
    expect(parseLayoutColumns('')).toBe('auto');
    expect(parseLayoutColumns(' Auto ')).toBe('auto');
    expect(parseLayoutColumns('none')).toBe('none');
    expect(parseLayoutColumns('umap_1, umap_2; tsne a,tsne b')).toEqual([['umap_1', 'umap_2'], ['tsne a', 'tsne b']]);
    expect(parseLayoutColumns('x')).toBeNull();
    expect(parseLayoutColumns('x, y, z')).toBeNull();
    expect(parseLayoutColumns('x, ')).toBeNull();
  });
});
