import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ParseError } from './errors';
import { loadDataset, type LoadDeps } from './load';
import type { LoadRequest, LoadResult } from './loadTypes';
import { configPathCandidates } from './projectorPaths';
import { fileSource } from './sources';

/** The published demo's layout: the site root holds oss_data/, the config inside names oss_data/… paths. */
const site = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../fixtures/projector-demo');
const CONFIG = 'oss_data/oss_demo_projector_config.json';

/**
 * A static host serving `root` at `origin` + `prefix`: a file that exists is answered, any
 * other path is a 404 (or, like vite preview and most static hosts, index.html with 200).
 */
function host(origin: string, prefix: string, opts: { spaFallback?: boolean } = {}): { deps: LoadDeps; fetched: string[] } {
  const fetched: string[] = [];
  const deps: LoadDeps = {
    openUrl: async (url, _signal, hooks) => {
      fetched.push(url);
      const u = new URL(url);
      const rel = u.origin === origin && u.pathname.startsWith(prefix) ? u.pathname.slice(prefix.length) : null;
      const file = rel === null ? null : path.join(site, rel);
      if (!file || !existsSync(file) || !statSync(file).isFile()) {
        if (opts.spaFallback) throw ParseError.coded(url, 'htmlResponse', { url, status: 200, contentType: 'text/html' }, 'the server returned a web page (HTTP 200, text/html) — is the path right?');
        throw ParseError.coded(url, 'httpStatus', { url, status: 404, statusText: 'Not Found' }, 'could not be downloaded: HTTP 404 Not Found');
      }
      return fileSource(decodeURIComponent(path.basename(u.pathname)), new Blob([readFileSync(file)]), hooks);
    },
  };
  return { deps, fetched };
}

async function loadConfig(url: string, deps: LoadDeps, more: Partial<LoadRequest> = {}): Promise<LoadResult> {
  const req: LoadRequest = { inputs: [{ kind: 'url', url, role: 'config' }], nonFinite: 'error', memoryBudget: 2 ** 30, ...more };
  return loadDataset(req, '#p', { signal: new AbortController().signal, onProgress: () => undefined }, deps);
}

describe('configPathCandidates', () => {
  it('tries the config folder, then the folder the path repeats, then the site root', () => {
    expect(configPathCandidates('oss_data/t.bytes', 'https://example.org/app/oss_data/c.json')).toEqual([
      { url: 'https://example.org/app/oss_data/oss_data/t.bytes', base: 'config' },
      { url: 'https://example.org/app/oss_data/t.bytes', base: 'overlap' },
      { url: 'https://example.org/oss_data/t.bytes', base: 'site' },
    ]);
  });

  it('keeps absolute addresses and drops duplicates', () => {
    expect(configPathCandidates('https://cdn.example/t.bytes', 'https://example.org/c.json')).toEqual([{ url: 'https://cdn.example/t.bytes', base: 'absolute' }]);
    expect(configPathCandidates('t.bytes', 'https://example.org/c.json')).toEqual([{ url: 'https://example.org/t.bytes', base: 'config' }]);
  });

  it('has nothing to resolve a relative path against in a data: config', () => {
    expect(configPathCandidates('t.bytes', 'data:application/json,{}')).toBeNull();
  });
});

describe('opening the published demo config from a URL', () => {
  it('finds oss_data/… paths from the site root, as the TensorBoard projector does, and says which base worked', async () => {
    const { deps, fetched } = host('https://demo.test', '/');
    const out = await loadConfig(`https://demo.test/${CONFIG}`, deps);
    if (!out.ok) throw new Error(out.failure.message);
    expect([out.dataset.name, out.dataset.n, out.dataset.dim]).toEqual(['Iris', 150, 4]);
    expect(fetched).toContain('https://demo.test/oss_data/oss_data/iris_tensors.bytes');
    expect(out.warnings.some((w) => /iris_tensors\.bytes: not found beside the config; read https:\/\/demo\.test\/oss_data\/iris_tensors\.bytes/.test(w))).toBe(true);
  });

  it('works when the site lives under a sub-path and answers missing files with its index.html', async () => {
    const { deps } = host('https://pages.test', '/projects/emb/', { spaFallback: true });
    const out = await loadConfig(`https://pages.test/projects/emb/${CONFIG}`, deps);
    if (!out.ok) throw new Error(out.failure.message);
    expect(out.dataset.n).toBe(150);
  });

  it('lists every embedding and opens the one asked for by name', async () => {
    const { deps } = host('https://demo.test', '/');
    const first = await loadConfig(`https://demo.test/${CONFIG}`, deps);
    expect(first.ok && [first.embeddings, first.embedding]).toEqual([['Iris', 'Word2Vec 8'], 'Iris']);
    const second = await loadConfig(`https://demo.test/${CONFIG}`, deps, { embedding: 'Word2Vec 8' });
    if (!second.ok) throw new Error(second.failure.message);
    expect([second.dataset.n, second.dataset.dim, second.dataset.labels.slice(0, 2), second.embedding]).toEqual([8, 3, ['king', 'queen'], 'Word2Vec 8']);
    const none = await loadConfig(`https://demo.test/${CONFIG}`, deps, { embedding: 'GloVe' });
    expect(!none.ok && none.failure.message).toMatch(/has no embedding named "GloVe"; it has "Iris", "Word2Vec 8"/);
  });

  it('names every address it tried when a file is nowhere', async () => {
    const { deps } = host('https://demo.test', '/');
    const cfg = readFileSync(path.join(site, CONFIG), 'utf8').replaceAll('iris_tensors', 'missing_tensors');
    const out = await loadConfig(`https://demo.test/${CONFIG}`, {
      openUrl: async (url, s, h) => (url.endsWith('.json') ? fileSource('c.json', new Blob([cfg]), h) : deps.openUrl!(url, s, h)),
    });
    expect(!out.ok && out.failure.message).toMatch(/HTTP 404 Not Found \(tried https:\/\/demo\.test\/oss_data\/oss_data\/missing_tensors\.bytes, https:\/\/demo\.test\/oss_data\/missing_tensors\.bytes\)/);
  });

  it('says a relative path in a data: config has nothing to be resolved against', async () => {
    const cfg = readFileSync(path.join(site, CONFIG), 'utf8');
    const dataUrl = `data:application/json,${encodeURIComponent(cfg)}`;
    const out = await loadConfig(dataUrl, { openUrl: async (_url, _s, h) => fileSource('c.json', new Blob([cfg]), h) });
    expect(!out.ok && [out.failure.code, out.failure.file]).toEqual(['relativePath', 'oss_data/iris_tensors.bytes']);
    expect(!out.ok && out.failure.message).toMatch(/write full https:\/\/ addresses/);
  });
});
