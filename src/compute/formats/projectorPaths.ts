/**
 * Where a path named in a projector config lives. The TensorBoard projector fetches a
 * config's paths relative to its own page, not to the config: the published demo config
 * sits in `oss_data/` and names `oss_data/word2vec_10000_200d_tensors.bytes`, which is
 * right from the site root and 404s from the config's folder. Other configs name files
 * beside themselves. So a path is tried against several bases, in order:
 *
 * 1. the config's folder (files beside the config, the common case elsewhere);
 * 2. the folder above the config whose tail the path repeats (`…/oss_data/` + `oss_data/x`
 *    → `…/oss_data/x`: the demo layout, also when the site lives under a sub-path);
 * 3. the site root (how the projector itself reads the demo config).
 *
 * Pure: the caller fetches, and moves on to the next candidate when one is not there.
 */

export type PathBase = 'absolute' | 'config' | 'overlap' | 'site';

export interface PathCandidate {
  readonly url: string;
  readonly base: PathBase;
}

/** Has a scheme of its own (https:, http:, data:, blob:). */
export const isAbsoluteUrl = (path: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(path);

/**
 * The addresses to try for `path` from a config at `configUrl`, best first, without
 * duplicates; null when `path` is relative and the config's address has no folder to
 * resolve it against (a `data:` or `blob:` config).
 */
export function configPathCandidates(path: string, configUrl: string): PathCandidate[] | null {
  if (isAbsoluteUrl(path)) return [{ url: path, base: 'absolute' }];
  let config: URL;
  try {
    config = new URL(configUrl);
  } catch {
    return null;
  }
  if (config.protocol !== 'http:' && config.protocol !== 'https:' && config.protocol !== 'file:') return null;
  const out: PathCandidate[] = [];
  const add = (url: string, base: PathBase): void => {
    if (!out.some((c) => c.url === url)) out.push({ url, base });
  };
  add(new URL(path, config).href, 'config');
  const dir = config.pathname.split('/').slice(1, -1);
  const lead = path.replace(/^\.\//, '').split('/').slice(0, -1);
  if (!path.startsWith('/')) {
    for (let k = Math.min(dir.length, lead.length); k >= 1; k--) {
      const tail = dir.slice(dir.length - k);
      if (tail.every((seg, i) => seg === lead[i])) {
        const up = `${config.origin}/${dir.slice(0, dir.length - k).map((s) => `${s}/`).join('')}`;
        add(new URL(path.replace(/^\.\//, ''), up).href, 'overlap');
        break;
      }
    }
  }
  add(new URL(path, `${config.origin}/`).href, 'site');
  return out;
}
