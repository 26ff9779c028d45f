/**
 * Did training find the meaning we put in? Cosine nearest neighbours of table rows,
 * group purity (are a group word's neighbours its group mates?) and translation hits
 * (is a word's nearest neighbour in the other language its translation?).
 * Exact brute force: vocabularies here are thousands of rows, not millions.
 */
import { isChinese } from './tokenize';
import { UNK_ID, type Vocab } from './vocab';

export interface Neighbors {
  readonly ids: Int32Array;
  readonly sims: Float32Array;
}

/** Rows scaled to unit length (all-zero rows stay zero), so a dot product is a cosine. */
export function normalizeRows(vectors: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(vectors.length);
  for (let o = 0; o < vectors.length; o += dim) {
    let s = 0;
    for (let k = 0; k < dim; k++) s += vectors[o + k] * vectors[o + k];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let k = 0; k < dim; k++) out[o + k] = vectors[o + k] * inv;
  }
  return out;
}

export interface NeighborOptions {
  /** Rows to rank; default every row except `<unk>` (row 0). The query row is always left out. */
  candidates?: ArrayLike<number>;
  /** Pass normalizeRows(vectors, dim) when asking many queries of one table. */
  normalized?: Float32Array;
}

/** The k rows most cosine-similar to `row`, best first. */
export function nearestNeighbors(
  vectors: Float32Array,
  dim: number,
  row: number,
  k: number,
  opts: NeighborOptions = {},
): Neighbors {
  const unit = opts.normalized ?? normalizeRows(vectors, dim);
  const n = vectors.length / dim;
  const q = row * dim;
  const ids = new Int32Array(k).fill(-1);
  const sims = new Float32Array(k).fill(-Infinity);
  let filled = 0;
  const consider = (j: number): void => {
    if (j === row) return;
    const o = j * dim;
    let s = 0;
    for (let d = 0; d < dim; d++) s += unit[q + d] * unit[o + d];
    if (filled === k && s <= sims[k - 1]) return;
    // Insertion into the small sorted top-k list; ties keep the lower ID first.
    let i = filled < k ? filled++ : k - 1;
    while (i > 0 && sims[i - 1] < s) {
      sims[i] = sims[i - 1];
      ids[i] = ids[i - 1];
      i--;
    }
    sims[i] = s;
    ids[i] = j;
  };
  if (opts.candidates) for (let i = 0; i < opts.candidates.length; i++) consider(opts.candidates[i]);
  else for (let j = 1; j < n; j++) consider(j);
  return filled === k ? { ids, sims } : { ids: ids.slice(0, filled), sims: sims.slice(0, filled) };
}

export interface GroupPurity {
  /** Mean over group words of the share of their k neighbours in the same group. */
  readonly purity: number;
  readonly perGroup: readonly { readonly name: string; readonly purity: number }[];
  /** Group words not in the vocabulary (left out of the score). */
  readonly missing: readonly string[];
}

export interface PurityOptions {
  /** Neighbours per word. Default 5. */
  k?: number;
  /** 'vocab' (default): neighbours among every word; 'groups': only among group words. */
  among?: 'vocab' | 'groups';
}

export function groupPurity(
  vectors: Float32Array,
  dim: number,
  vocab: Vocab,
  groups: readonly { readonly name: string; readonly words: readonly string[] }[],
  opts: PurityOptions = {},
): GroupPurity {
  const k = opts.k ?? 5;
  const unit = normalizeRows(vectors, dim);
  const missing: string[] = [];
  const groupOf = new Map<number, number>();
  const members = groups.map((g, gi) => {
    const ids: number[] = [];
    for (const w of g.words) {
      const id = vocab.index.get(w);
      if (id === undefined || id === UNK_ID) missing.push(w);
      else {
        ids.push(id);
        groupOf.set(id, gi);
      }
    }
    return ids;
  });
  const candidates = opts.among === 'groups' ? Int32Array.from(groupOf.keys()) : undefined;
  let total = 0;
  let count = 0;
  const perGroup = groups.map((g, gi) => {
    let sum = 0;
    for (const id of members[gi]) {
      const nn = nearestNeighbors(vectors, dim, id, k, { normalized: unit, candidates });
      let same = 0;
      for (const j of nn.ids) if (groupOf.get(j) === gi) same++;
      sum += same / k;
    }
    total += sum;
    count += members[gi].length;
    return { name: g.name, purity: members[gi].length ? sum / members[gi].length : NaN };
  });
  return { purity: count ? total / count : NaN, perGroup, missing };
}

export interface TranslationHits {
  /** Share of lookups (both directions) whose nearest other-language word is the translation. */
  readonly hitRate: number;
  /** Share whose nearest other-language word is at least in the same group (pairs' `group`, or `groups`). */
  readonly groupHitRate: number;
  /** Lookups made (pairs with both words in the vocabulary × 2). */
  readonly lookups: number;
}

/**
 * For each pair, looks up the zh word's nearest English word and the en word's nearest
 * Chinese word. `among`: 'vocab' (default) ranks every vocabulary word of the other
 * language; 'pairs' ranks only words that appear in the pair list.
 */
export function translationHitRate(
  vectors: Float32Array,
  dim: number,
  vocab: Vocab,
  pairs: readonly { readonly zh: string; readonly en: string; readonly group?: string }[],
  opts: { among?: 'vocab' | 'pairs'; groups?: readonly { readonly name: string; readonly words: readonly string[] }[] } = {},
): TranslationHits {
  const unit = normalizeRows(vectors, dim);
  const zhIds: number[] = [];
  const enIds: number[] = [];
  // Group membership for the group-level score: the pairs' own words, plus `groups`.
  const groupOf = new Map<number, string>();
  const usable = pairs.filter((p) => vocab.index.has(p.zh) && vocab.index.has(p.en));
  for (const p of usable) {
    if (p.group === undefined) continue;
    groupOf.set(vocab.index.get(p.zh) as number, p.group);
    groupOf.set(vocab.index.get(p.en) as number, p.group);
  }
  for (const g of opts.groups ?? []) {
    for (const w of g.words) {
      const id = vocab.index.get(w);
      if (id !== undefined) groupOf.set(id, g.name);
    }
  }
  if (opts.among === 'pairs') {
    for (const p of usable) {
      zhIds.push(vocab.index.get(p.zh) as number);
      enIds.push(vocab.index.get(p.en) as number);
    }
  } else {
    vocab.words.forEach((w, id) => {
      if (id === UNK_ID) return;
      (isChinese(w) ? zhIds : enIds).push(id);
    });
  }
  const zhCand = Int32Array.from(new Set(zhIds));
  const enCand = Int32Array.from(new Set(enIds));
  let hits = 0;
  let groupHits = 0;
  for (const p of usable) {
    const zh = vocab.index.get(p.zh) as number;
    const en = vocab.index.get(p.en) as number;
    for (const [from, to, cand] of [[zh, en, enCand], [en, zh, zhCand]] as const) {
      const best = nearestNeighbors(vectors, dim, from, 1, { normalized: unit, candidates: cand }).ids[0];
      if (best === to) hits++;
      if (best !== undefined && p.group !== undefined && groupOf.get(best) === p.group) groupHits++;
    }
  }
  const lookups = usable.length * 2;
  return { hitRate: lookups ? hits / lookups : NaN, groupHitRate: lookups ? groupHits / lookups : NaN, lookups };
}
