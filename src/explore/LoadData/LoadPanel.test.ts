import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { FullDataset } from '../../compute/dataset';
import type { LoadResult } from '../../compute/formats/loadTypes';
import { StoreContext } from '../../state/hooks';
import { createAppStore } from '../../state/store';
import { fakeJobs } from '../../state/testing/fakeJobs';
import { LoadPanel } from './LoadPanel';

/** The review step rendered to HTML (no DOM needed): what the user sees before Show. */
function parquet(columns: string[], chosen: string | null, labels: string[]): LoadResult {
  const n = labels.length;
  const dataset: FullDataset = { id: 'file:t#1', name: 't.parquet', n, dim: 2, vectors: new Float32Array(2 * n), labels, columns: [], metric: 'cosine' };
  return { ok: true, dataset, format: 'parquet', formatWhy: 'Parquet', files: ['t.parquet'], warnings: [], notes: [], droppedRows: 0, embeddings: null, embedding: null, peakBytes: 0, labelChoice: { columns, chosen } };
}

async function reviewHtml(result: LoadResult, locale: 'en' | 'zh-CN' = 'en'): Promise<string> {
  const store = createAppStore(
    fakeJobs({
      parseData: async () => {
        if (!result.ok) return result;
        const { id, name, n, dim } = result.dataset;
        return { ...result, dataset: { id, name, n, dim, columns: [] } };
      },
    }),
  );
  store.getState().actions.ui.setLocale(locale);
  await store.getState().actions.load.openFiles([{ name: 't.parquet', file: new Blob(['PAR1']) }]);
  // Server rendering reads zustand's initial state; render the state the load left instead.
  Object.assign(store, { getInitialState: () => store.getState() });
  return renderToStaticMarkup(createElement(StoreContext.Provider, { value: store }, createElement(LoadPanel)));
}

describe('the review step of a Parquet file with several text columns', () => {
  it('offers each text column as the labels, the parser’s pick selected, as text', async () => {
    const html = await reviewHtml(parquet(['word', '<b>french</b>'], 'word', ['cat', 'dog']));
    expect(html).toContain('data-testid="file-load-review"');
    expect(html).toContain('Labels from');
    expect(html).toMatch(/<select data-testid="file-load-label-column"[^>]*>/);
    expect(html).toContain('<option value="word" selected="">word</option>');
    // A column name is user data: escaped, never markup.
    expect(html).toContain('<option value="&lt;b&gt;french&lt;/b&gt;">&lt;b&gt;french&lt;/b&gt;</option>');
  });

  it('speaks the user’s language', async () => {
    const html = await reviewHtml(parquet(['word', 'french'], 'french', ['chat', 'chien']), 'zh-CN');
    expect(html).toContain('标签取自');
    expect(html).toContain('<option value="french" selected="">french</option>');
  });

  it('with one text column there is nothing to choose', async () => {
    // Reviewed for another reason (a row with NaN was left out): no label picker.
    const html = await reviewHtml({ ...parquet(['word'], 'word', ['cat', 'dog']), droppedRows: 1 } as LoadResult);
    expect(html).toContain('data-testid="file-load-nonfinite"');
    expect(html).not.toContain('file-load-label-column');
  });
});
