import { describe, expect, it } from 'vitest';
import { teachingCorpus, TEACHING_DICTIONARY, TEACHING_GROUPS, TEACHING_PAIRS } from './teachingCorpus';
import { tokenizeWords } from './tokenize';

describe('teachingCorpus', () => {
  const corpus = teachingCorpus({ seed: 1 });
  const tokenized = corpus.sentences.map((s) => tokenizeWords(s, { dictionary: corpus.dictionary }));

  it('gives the same text for the same seed and different text for another seed', () => {
    expect(teachingCorpus({ seed: 1 }).sentences).toEqual(corpus.sentences);
    expect(teachingCorpus({ seed: 2 }).sentences).not.toEqual(corpus.sentences);
    expect(corpus.sentences).toHaveLength(6000);
  });

  it('has the required groups, each with at least six words so all five neighbours can be group mates', () => {
    expect(TEACHING_GROUPS.map((g) => g.name)).toEqual(
      expect.arrayContaining(['joy', 'sorrow', 'universities', 'colours', 'animals', 'numbers', 'cities', 'weekdays']),
    );
    for (const g of TEACHING_GROUPS) expect(g.words.length).toBeGreaterThanOrEqual(6);
    const all = TEACHING_GROUPS.flatMap((g) => g.words);
    expect(new Set(all).size).toBe(all.length);
    for (const w of ['高兴', '开心', '快乐', 'happy', 'glad', 'joyful']) expect(TEACHING_GROUPS[0].words).toContain(w);
    for (const w of ['伤心', '痛苦', 'sad', 'painful']) expect(TEACHING_GROUPS[1].words).toContain(w);
    for (const w of ['清华', '哈佛', '斯坦福', 'tsinghua', 'harvard', 'stanford']) expect(TEACHING_GROUPS[2].words).toContain(w);
  });

  it('pairs each Chinese word with an English word of the same group', () => {
    for (const p of TEACHING_PAIRS) {
      const g = TEACHING_GROUPS.find((x) => x.name === p.group);
      expect(g?.words).toContain(p.zh);
      expect(g?.words).toContain(p.en);
    }
    expect(TEACHING_PAIRS).toContainEqual({ zh: '红色', en: 'red', group: 'colours' });
  });

  it('tokenizes every inserted group word as a whole token of its sentence', () => {
    const broken = corpus.slots.flatMap((words, i) => words.filter((w) => !tokenized[i].includes(w)).map((w) => `${w} in ${corpus.sentences[i]}`));
    expect(broken).toEqual([]);
  });

  it('uses every group word often enough to learn it, in both languages and in code-switched lines', () => {
    const counts = new Map<string, number>();
    for (const s of tokenized) for (const t of s) counts.set(t, (counts.get(t) ?? 0) + 1);
    for (const g of TEACHING_GROUPS) for (const w of g.words) expect(counts.get(w) ?? 0, w).toBeGreaterThanOrEqual(30);
    expect(corpus.sentences.some((s) => /他很 happy/.test(s) || /very 高兴/.test(s))).toBe(true);
    expect(corpus.sentences.some((s) => s.includes(' — '))).toBe(true);
  });

  it('contains the probe sentences 他很高兴 and 他很伤心', () => {
    expect(corpus.sentences).toContain('他很高兴。');
    expect(corpus.sentences).toContain('他很伤心。');
    expect(tokenizeWords('他很高兴。')).toEqual(['他', '很', '高兴']);
  });

  it('the dictionary holds only multi-character Chinese words and splits into several words', () => {
    expect(TEACHING_DICTIONARY).toContain('清华');
    for (const w of TEACHING_DICTIONARY) for (const part of w.split(' ')) expect(part.length, w).toBeGreaterThan(0);
    for (const w of TEACHING_DICTIONARY) if (!w.includes(' ')) expect(w.length, w).toBeGreaterThan(1);
  });

  it('keeps 勃兰登堡门 and 清华 whole and splits 大家都很高兴 into 大家 / 都 / 很 / 高兴', () => {
    const words = (s: string) => tokenizeWords(s, { dictionary: TEACHING_DICTIONARY });
    expect(words('勃兰登堡门在柏林。')).toEqual(['勃兰登堡门', '在', '柏林']);
    expect(words('他考上了清华。')).toContain('清华');
    expect(words('大家都很高兴')).toEqual(['大家', '都', '很', '高兴']);
    // 很 is one row before every adjective, whatever precedes it.
    expect(words('我们都很伤心。')).toEqual(['我们', '都', '很', '伤心']);
  });
});
