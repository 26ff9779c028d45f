import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { StoreContext } from '../state/hooks';
import { createAppStore } from '../state/store';
import { fakeJobs } from '../state/testing/fakeJobs';
import { LoadBanner } from './LoadBanner';

/** The banner after a built-in set failed to download, rendered to HTML in a locale. */
async function failedBanner(locale: 'en' | 'zh-CN'): Promise<string> {
  const store = createAppStore(
    fakeJobs({
      loadBuiltin: async () => {
        throw new Error('HTTP 404 <b>not found</b>');
      },
    }),
  );
  store.getState().actions.ui.setLocale(locale);
  await store.getState().actions.data.loadBuiltin('glove-10k');
  Object.assign(store, { getInitialState: () => store.getState() });
  return renderToStaticMarkup(createElement(StoreContext.Provider, { value: store }, createElement(LoadBanner)));
}

describe('LoadBanner', () => {
  it('names the failed set and the cause, with Retry, in English and 简体中文, the cause as text', async () => {
    const en = await failedBanner('en');
    expect(en).toContain('data-testid="load-error"');
    expect(en).toMatch(/Could not load .+: HTTP 404 &lt;b&gt;not found&lt;\/b&gt;/);
    expect(en).toContain('>Retry</button>');
    const zh = await failedBanner('zh-CN');
    expect(zh).toContain('无法载入');
    expect(zh).toContain('>重试</button>');
    expect(zh).not.toContain('Could not load');
  });
});
