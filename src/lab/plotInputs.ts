/**
 * Pure pieces of the lab's plot binding. The plot leaves out row 0 (`<unk>` never
 * trains), so plot index p is vocabulary ID p + 1.
 */

/**
 * The words the article talks about: always labelled on the map, whatever else is
 * thinned, so a learner can follow them from the random start to their groups.
 */
export const ARTICLE_WORDS: readonly string[] = ['高兴', '开心', '快乐', '伤心', '难过', '痛苦', '清华', '哈佛', '斯坦福', 'happy', 'sad'];

/** Vocabulary IDs of the article's words present in this vocabulary. */
export function articleRows(index: ReadonlyMap<string, number>): number[] {
  return ARTICLE_WORDS.map((w) => index.get(w)).filter((id): id is number => id !== undefined && id > 0);
}

/**
 * The order in which rows get labels (plot indices): the teaching groups' words first,
 * then every other word by ID, which is by frequency (the vocabulary is sorted so).
 * `group` has one entry per vocabulary ID (-1: no group); ID 0 is left out.
 */
export function labelOrder(group: ArrayLike<number>): Int32Array {
  const out = new Int32Array(Math.max(0, group.length - 1));
  let k = 0;
  for (let id = 1; id < group.length; id++) if (group[id] >= 0) out[k++] = id - 1;
  for (let id = 1; id < group.length; id++) if (group[id] < 0) out[k++] = id - 1;
  return out;
}
