/**
 * A TensorBoard projector config and the files it names (tensors, metadata, sprite), one
 * of its embeddings at a time (`LoadRequest.embedding`, else the first; the result lists
 * them all so the user can pick another). Picked files are matched by path or name; a
 * config from a URL has its paths tried against the bases projectorPaths.ts lists, and
 * the load says which base worked when it was not the config's own folder.
 */
import type { RowImages } from '../dataset';
import { ParseError } from './errors';
import { isAbort, metricFor, readSmallText, type Job, type Read } from './loadJob';
import { matchPath } from './loadPlan';
import { openProjector } from './open';
import { parseProjectorConfig, type ProjectorConfig } from './projectorConfig';
import { configPathCandidates, isAbsoluteUrl, type PathBase } from './projectorPaths';
import { urlSource, type Source } from './sources';

const MAX_CONFIG_BYTES = 10 * 2 ** 20;

/** Drops the images of rows the parser dropped (NaN/Infinity), keeping the rest aligned. */
function dropImageRows(images: RowImages, dropped: readonly number[], total: number): RowImages {
  if (dropped.length === 0) return images;
  const size = images.width * images.height * images.channels;
  const skip = new Set(dropped);
  const pixels = new Uint8Array((total - dropped.length) * size);
  let w = 0;
  for (let i = 0; i < total; i++) {
    if (skip.has(i)) continue;
    pixels.set(images.pixels.subarray(i * size, (i + 1) * size), w * size);
    w++;
  }
  return { ...images, pixels };
}

/** The embedding's display name: its tensorName, or its number. */
export const embeddingName = (cfg: ProjectorConfig, i: number): string => cfg.embeddings[i].tensorName || `tensor ${i + 1}`;

/** Which embedding the request names (by tensorName, or by 1-based number); the first when it names none. */
function chooseEmbedding(cfg: ProjectorConfig, wanted: string | undefined, file: string): number {
  if (wanted === undefined || wanted === '') return 0;
  const byName = cfg.embeddings.findIndex((_, i) => embeddingName(cfg, i) === wanted);
  if (byName >= 0) return byName;
  const num = Number(wanted);
  if (Number.isInteger(num) && num >= 1 && num <= cfg.embeddings.length) return num - 1;
  const names = cfg.embeddings.map((_, i) => JSON.stringify(embeddingName(cfg, i))).join(', ');
  throw ParseError.whole(file, `has no embedding named ${JSON.stringify(wanted)}; it has ${names}`);
}

const BASE_WORDS: Record<PathBase, string> = {
  absolute: 'as given',
  config: 'beside the config',
  overlap: 'from the folder the path starts above the config, as the TensorBoard projector reads it',
  site: 'from the site root, as the TensorBoard projector reads it',
};

/** A "not there" answer: a 404, or a static host's index.html in its place. */
const notThere = (e: unknown): boolean => e instanceof ParseError && ((e.code === 'httpStatus' && (e.params.status === 404 || e.params.status === 410)) || e.code === 'htmlResponse');

/** Opens a path named in a URL config, trying each base in turn; notes the base when it was not the config's folder. */
async function openConfigPath(job: Job, path: string, configUrl: string, notes: string[]): Promise<Source> {
  const candidates = configPathCandidates(path, configUrl);
  if (!candidates) {
    throw ParseError.coded(
      path,
      'relativePath',
      { path },
      `is a relative path, but the config came from ${configUrl.slice(0, 40)}…, which has no folder to resolve it against; write full https:// addresses in the config`,
    );
  }
  const openUrl = job.deps.openUrl ?? urlSource;
  let first: unknown = null;
  for (const c of candidates) {
    try {
      const s = await openUrl(c.url, job.signal, job.hooks);
      if (c !== candidates[0]) notes.push(`${path}: not found beside the config; read ${c.url} (${BASE_WORDS[c.base]})`);
      return s;
    } catch (e) {
      if (isAbort(e) || !notThere(e)) throw e;
      first ??= e;
    }
  }
  const tried = candidates.map((c) => c.url).join(', ');
  const pe = first as ParseError;
  throw ParseError.coded(pe.file, pe.code ?? 'httpStatus', { ...pe.params, tried }, `${pe.problems[0]?.message ?? 'was not found'} (tried ${tried})`);
}

/** A projector config and the files it names (tensors, metadata, sprite). */
export async function readProjector(job: Job, config: number, planWarnings: readonly string[]): Promise<Read> {
  const { req, sources, tracker, opts, signal, where, deps } = job;
  const cfgSource = sources[config];
  const cfgInput = req.inputs[config];
  where.current = cfgSource.name;
  where.format = 'projector-config';
  where.formatWhy = 'a projector config naming its files';
  tracker.next(cfgSource.name, cfgSource.size);
  const cfg = parseProjectorConfig(await readSmallText(cfgSource, MAX_CONFIG_BYTES, 'a projector config'), cfgSource.name);
  const chosen = chooseEmbedding(cfg, req.embedding, cfgSource.name);
  const names = sources.map((s) => s.name);
  const warnings = [...planWarnings];
  const resolve = async (path: string): Promise<Source | null> => {
    if (cfgInput.kind === 'url') return openConfigPath(job, path, cfgInput.url, warnings);
    const i = matchPath(path, names);
    if (i >= 0 && i !== config) return sources[i];
    if (isAbsoluteUrl(path) && /^https?:/i.test(path)) return (deps.openUrl ?? urlSource)(path, signal, job.hooks);
    return null;
  };
  const used: Source[] = [cfgSource];
  const opened = await openProjector(
    cfg,
    async (path) => {
      where.current = path;
      const s = await resolve(path);
      if (!s) return null;
      used.push(s);
      tracker.next(s.name, s.size);
      return s.blob();
    },
    { ...opts, configName: cfgSource.name, embedding: chosen },
  );
  const emb = opened.embedding;
  const name = emb.tensorName && !/^tensor \d+$/.test(emb.tensorName) ? emb.tensorName : cfgSource.name;
  let images: RowImages | undefined;
  if (emb.sprite && req.sprites !== false) {
    try {
      if (!deps.decodeSprite) throw new Error('this environment cannot decode images');
      const s = await resolve(emb.sprite.imagePath);
      if (!s) throw new Error(`${emb.sprite.imagePath} was not found; add that file too`);
      const total = opened.n + opened.droppedRows;
      const sprite = await deps.decodeSprite(await s.randomAccess(), total, emb.sprite.singleImageDim);
      images = dropImageRows(sprite.images, opened.droppedIndices, total);
      if (sprite.warning) warnings.push(`${emb.sprite.imagePath}: ${sprite.warning}`);
    } catch (e) {
      if (isAbort(e) || signal.aborted) throw e;
      warnings.push(`sprite ${emb.sprite.imagePath}: not shown (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const all = cfg.embeddings.map((_, i) => embeddingName(cfg, i));
  return {
    table: opened,
    name,
    used,
    warnings,
    images,
    metric: metricFor('projector-tsv'),
    ...(all.length > 1 ? { embeddings: all, embedding: all[chosen] } : {}),
  };
}
