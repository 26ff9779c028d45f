import { describe, expect, it } from 'vitest';
import { groupPurity, nearestNeighbors, normalizeRows, translationHitRate } from './metrics';
import { buildVocab } from './vocab';

// Rows: <unk>, then two tight clusters in 2-D: a1 a2 a3 (around +x) and b1 b2 b3 (around +y).
const vocab = buildVocab([['a1', 'a2', 'a3', 'b1', 'b2', 'b3', '红', '蓝']]);
function table(): Float32Array {
  const rows: Record<string, [number, number]> = {
    '<unk>': [1, 0], a1: [1, 0.1], a2: [1, 0.2], a3: [1, 0.3], b1: [0.1, 1], b2: [0.2, 1], b3: [0.3, 1], 红: [1, 0.15], 蓝: [0.15, 1],
  };
  const t = new Float32Array(vocab.words.length * 2);
  vocab.words.forEach((w, i) => t.set(rows[w], i * 2));
  return t;
}

describe('metrics', () => {
  it('normalizeRows makes unit rows and leaves zero rows at zero', () => {
    const u = normalizeRows(new Float32Array([3, 4, 0, 0]), 2);
    expect(Array.from(u)).toEqual([0.6000000238418579, 0.800000011920929, 0, 0]);
  });

  it('nearestNeighbors ranks by cosine, best first, and leaves out the query row and <unk>', () => {
    const t = table();
    const a1 = vocab.index.get('a1') as number;
    const nn = nearestNeighbors(t, 2, a1, 3);
    expect(Array.from(nn.ids).map((i) => vocab.words[i])).toEqual(['红', 'a2', 'a3']);
    expect(nn.sims[0]).toBeGreaterThanOrEqual(nn.sims[1]);
    expect(Array.from(nn.ids)).not.toContain(0);
  });

  it('nearestNeighbors ranks only the given candidates', () => {
    const t = table();
    const a1 = vocab.index.get('a1') as number;
    const b1 = vocab.index.get('b1') as number;
    const b2 = vocab.index.get('b2') as number;
    expect(Array.from(nearestNeighbors(t, 2, a1, 5, { candidates: [b1, b2] }).ids)).toEqual([b2, b1]);
  });

  it('groupPurity is 1 when every neighbour is a group mate and lower when groups mix', () => {
    const t = table();
    const groups = [{ name: 'a', words: ['a1', 'a2', 'a3', '红'] }, { name: 'b', words: ['b1', 'b2', 'b3', '蓝', 'missing'] }];
    const p = groupPurity(t, 2, vocab, groups, { k: 3 });
    expect(p.purity).toBe(1);
    expect(p.missing).toEqual(['missing']);
    const mixed = groupPurity(t, 2, vocab, [{ name: 'x', words: ['a1', 'b1'] }, { name: 'y', words: ['a2', 'b2'] }], { k: 1, among: 'groups' });
    expect(mixed.purity).toBe(0);
  });

  it('translationHitRate checks both directions, exactly and at group level', () => {
    const t = table();
    const pairs = [{ zh: '红', en: 'a1', group: 'a' }, { zh: '蓝', en: 'b3', group: 'b' }];
    const groups = [{ name: 'a', words: ['a1', 'a2', 'a3', '红'] }, { name: 'b', words: ['b1', 'b2', 'b3', '蓝'] }];
    const hits = translationHitRate(t, 2, vocab, pairs, { among: 'vocab', groups });
    expect(hits.lookups).toBe(4);
    // 红→a1 or a2 (both 0.05 away in angle), a1→红, 蓝→b1/b2 not b3, b3→蓝: exact hits are the en→zh ones.
    expect(hits.groupHitRate).toBe(1);
    expect(hits.hitRate).toBeGreaterThanOrEqual(0.5);
    expect(hits.hitRate).toBeLessThan(1);
    // Only pair words as candidates: 蓝 can now only find b3 (or a1).
    expect(translationHitRate(t, 2, vocab, pairs, { among: 'pairs' }).hitRate).toBe(1);
  });
});
