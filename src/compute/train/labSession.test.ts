import { describe, expect, it } from 'vitest';
import { prepareCorpus } from './encode';
import { projectFrame } from './frame';
import { createLabSession, DEFAULT_LAB_CONFIG, MODEL_DEFAULTS, normalizeConfig, TIED_MAX_VOCAB } from './labSession';
import { NONLINEAR_MAX_ROWS } from './nonlinearFrame';
import { teachingCorpus } from './teachingCorpus';

const teaching = teachingCorpus({ seed: 1, sentences: 600 });
const prepared = prepareCorpus(teaching.sentences, { dictionary: teaching.dictionary });
const id = (w: string) => prepared.vocab.index.get(w) ?? 0;
const probe = { context: [id('他'), id('很')], target: id('高兴'), wrong: id('伤心') };

describe('lab session', () => {
  it('starts from the seed: two sessions with one seed have the same table, step 0 and no loss yet', () => {
    const a = createLabSession('a', prepared, DEFAULT_LAB_CONFIG).frame();
    const b = createLabSession('b', prepared, DEFAULT_LAB_CONFIG).frame();
    expect(a.step).toBe(0);
    expect(Number.isNaN(a.loss)).toBe(true);
    expect(Array.from(a.vectors)).toEqual(Array.from(b.vectors));
    expect(a.coords).toHaveLength(prepared.vocab.words.length * 2);
    expect(a.vectors).toHaveLength(prepared.vocab.words.length * DEFAULT_LAB_CONFIG.dim);
  });

  it('step(n) trains n batches, lists the rows it touched once, and lowers the loss', () => {
    const s = createLabSession('s', prepared, { ...DEFAULT_LAB_CONFIG, batchWords: 200 }, { groups: teaching.groups });
    s.step(1);
    const f1 = s.frame();
    expect(f1.step).toBe(1);
    expect(f1.touched.length).toBeGreaterThan(0);
    expect(new Set(f1.touched).size).toBe(f1.touched.length);
    expect(s.frame().touched).toHaveLength(0); // reported once
    s.step(60);
    const f2 = s.frame();
    expect(f2.step).toBe(61);
    expect(f2.loss).toBeLessThan(f1.loss);
    expect(f2.purity).not.toBeNull();
    expect(f2.hitRate).toBeNull(); // no pairs given
  });

  it('the 2D frame stays fixed until refit, and refit bumps its version', () => {
    const s = createLabSession('s', prepared, DEFAULT_LAB_CONFIG);
    const f0 = s.frame();
    s.step(5);
    const f1 = s.frame();
    expect(f1.frameVersion).toBe(f0.frameVersion);
    s.refit();
    expect(s.frame().frameVersion).toBe(f0.frameVersion + 1);
  });

  it('freeze keeps the embedding table still while the loss still falls', () => {
    const s = createLabSession('s', prepared, { ...DEFAULT_LAB_CONFIG, freeze: true, batchWords: 200 });
    const f0 = s.frame();
    s.step(30);
    const f1 = s.frame();
    expect(Array.from(f1.vectors)).toEqual(Array.from(f0.vectors));
    expect(f1.touched).toHaveLength(0);
    expect(Number.isFinite(f1.loss)).toBe(true);
  });

  it('example() raises the target\'s score and lowers the wrong answer\'s, and lists the rows it changed in each table', () => {
    const s = createLabSession('s', prepared, { ...DEFAULT_LAB_CONFIG, batchWords: 200 });
    s.step(20); // C must carry signal before W can move
    s.frame();
    const ex = s.example(probe);
    expect(ex.before.kind).toBe('output-score');
    expect(ex.after.target!.score).toBeGreaterThan(ex.before.target!.score);
    expect(ex.after.wrong!.score).toBeLessThan(ex.before.wrong!.score);
    // The context words' input rows moved; the target's and the wrong answer's output rows.
    expect([...ex.touchedIn].sort()).toEqual([id('他'), id('很')].sort());
    expect([...ex.touchedOut].sort()).toEqual([id('高兴'), id('伤心')].sort());
    expect([...ex.frame.touched].sort()).toEqual([...ex.touchedIn].sort());
    expect([...ex.frame.touchedOut].sort()).toEqual([...ex.touchedOut].sort());
  });

  it('frames carry the output table C (skip-gram / CBOW) and which of its rows a batch changed', () => {
    const s = createLabSession('s', prepared, { ...DEFAULT_LAB_CONFIG, batchWords: 200 });
    const f0 = s.frame();
    expect(f0.output).toHaveLength(f0.vectors.length);
    expect(Array.from(f0.output!).every((v) => v === 0)).toBe(true); // word2vec starts C at zero
    s.step(1);
    const f1 = s.frame();
    expect(f1.touchedOut.length).toBeGreaterThan(0);
    expect(Array.from(f1.output!).some((v) => v !== 0)).toBe(true);
    expect(createLabSession('t', prepared, { ...DEFAULT_LAB_CONFIG, model: 'tied' }).frame().output).toBeNull();
  });

  it('examples(1) trains exactly one skip-gram pair from the probe\'s sentence, and the frame lists exactly its rows', () => {
    const s = createLabSession('s', prepared, { ...DEFAULT_LAB_CONFIG, batchWords: 200 });
    s.frame();
    // (This short corpus has 他很伤心。 but not 他很高兴。)
    const step = s.examples(1, [id('他'), id('很'), id('伤心')]);
    expect(step.count).toBe(1);
    expect(step.kind).toBe('pair');
    const ex = step.examples[0];
    // The sentence 他很伤心。 : the first pair is (centre 他, context 很).
    expect(Array.from(step.sentenceIds)).toEqual([id('他'), id('很'), id('伤心')]);
    expect(ex.inputs).toEqual([id('他')]);
    expect(ex.positive).toBe(id('很'));
    expect(ex.negatives.length).toBeGreaterThan(0);
    expect(ex.after[0]).toBeGreaterThan(ex.before[0]);
    for (let i = 1; i < ex.before.length; i++) expect(ex.after[i]).toBeLessThan(ex.before[i]);
    expect([...step.frame.touched]).toEqual([id('他')]);
    expect([...step.frame.touchedOut].sort()).toEqual([...new Set([ex.positive, ...ex.negatives])].sort());
    expect(step.frame.examples).toBe(1);
    expect(step.frame.step).toBe(0); // examples are not batches
    // The next pair continues the sentence: (他, 伤心).
    expect(s.examples(1, []).examples[0].positive).toBe(id('伤心'));
    const many = s.examples(20, []);
    expect(many.count).toBe(20);
    expect(many.summary.positiveAfter).toBeGreaterThan(many.summary.positiveBefore);
    expect(many.summary.negativeAfter).toBeLessThan(many.summary.negativeBefore);
  });

  it('CBOW examples predict the centre word from its context rows; tied examples the next token', () => {
    const c = createLabSession('c', prepared, { ...DEFAULT_LAB_CONFIG, model: 'cbow' });
    const ex = c.examples(1, [id('他'), id('很'), id('伤心')]).examples[0];
    expect(ex.positive).toBe(id('他'));
    expect(ex.inputs).toEqual([id('很'), id('伤心')]);
    const t = createLabSession('t', prepared, { ...DEFAULT_LAB_CONFIG, model: 'tied', window: 2 });
    const step = t.examples(1, [id('他'), id('很'), id('伤心')]);
    expect(step.examples[0].inputs).toEqual([id('他')]);
    expect(step.examples[0].positive).toBe(id('很'));
    expect(step.examples[0].after[0]).toBeGreaterThan(step.examples[0].before[0]); // p(很 | 他) rose
    expect(step.touchedOut).toHaveLength(0); // one table
  });

  it('a frozen table trains an unfrozen twin beside it, whose loss the frames report', () => {
    const s = createLabSession('f', prepared, { ...DEFAULT_LAB_CONFIG, freeze: true, batchWords: 200 });
    expect(s.frame().twinLoss).toBeNaN();
    s.step(30);
    const f = s.frame();
    expect(Number.isFinite(f.twinLoss)).toBe(true);
    expect(f.twinLoss).toBeLessThan(f.loss); // the unfrozen model fits better
    expect(createLabSession('u', prepared, DEFAULT_LAB_CONFIG).frame().twinLoss).toBeNull();
  });

  it('re-fits the PCA frame by itself at the end of each epoch (and a few times early on)', () => {
    const s = createLabSession('r', prepared, { ...DEFAULT_LAB_CONFIG, batchWords: 200, epochs: 3 });
    const perEpoch = s.batchesPerEpoch();
    expect(perEpoch).toBeGreaterThan(5);
    const v0 = s.frame().frameVersion;
    s.step(5);
    expect(s.frame().frameVersion).toBe(v0);
    while (s.frame().epoch < 1) s.step(1);
    const afterEpoch = s.frame().frameVersion;
    expect(afterEpoch).toBeGreaterThan(v0);
  });

  it('measures what rare words\' rows are made of: their neighbours share their sentences far above chance', () => {
    const s = createLabSession('rw', prepared, { ...DEFAULT_LAB_CONFIG, batchWords: 200 });
    const m0 = s.frame().movement;
    expect(m0.rareWords).toBeGreaterThan(0);
    expect(m0.rareChance).toBeGreaterThan(0);
    s.step(200);
    const m = s.frame().movement;
    expect(m.rareNeighborShare).toBeGreaterThan(2 * (m.rareChance as number));
  });

  it('the tied model probes next-token probabilities and learns "他很" → an emotion', () => {
    const s = createLabSession('t', prepared, { ...DEFAULT_LAB_CONFIG, model: 'tied', window: 2, lr: 0.1, batchWords: 200 });
    expect(s.kernel).toBe('js');
    expect(createLabSession('w', prepared, DEFAULT_LAB_CONFIG).kernel).toBe('wasm');
    const before = s.probe(probe);
    expect(before.kind).toBe('next-token');
    s.step(15);
    const after = s.probe(probe);
    expect(after.target!.p).toBeGreaterThan(before.target!.p);
  });

  it('copies pretrained rows for shared words and reports how many', () => {
    const words = ['happy', 'sad', 'zzz-not-there'];
    const init = { words, dim: 100, vectors: new Float32Array(300).fill(0.5) };
    const s = createLabSession('p', prepared, { ...DEFAULT_LAB_CONFIG, pretrained: true }, { init });
    expect(s.dim).toBe(100);
    expect(s.initCopied).toBe(2);
    const f = s.frame();
    expect(f.vectors[id('happy') * 100]).toBe(0.5);
    // Fine-tuning drift: the copied rows start identical to GloVe and move away as training goes.
    expect(f.movement.pretrained).toBeCloseTo(1, 6);
    s.step(30);
    const later = s.frame().movement.pretrained as number;
    expect(later).toBeLessThan(0.999);
  });

  it('frequent words’ rows grow long while rare words’ stay short; a frozen table does not grow', () => {
    const s = createLabSession('m', prepared, { ...DEFAULT_LAB_CONFIG, batchWords: 500 });
    const m0 = s.frame().movement;
    expect(m0.pretrained).toBeNull();
    expect(m0.frequentMinCount).toBeGreaterThan(m0.rareMaxCount);
    // At step 0 every row is small noise (±0.5/dim per value).
    expect(m0.frequent).toBeLessThan(0.1);
    expect(m0.rare).toBeLessThan(0.1);
    s.step(80);
    const m = s.frame().movement;
    expect(m.frequent).toBeGreaterThan(10 * m.start);
    expect(m.rare).toBeLessThan(m.frequent * 0.75);
    const frozen = createLabSession('f', prepared, { ...DEFAULT_LAB_CONFIG, freeze: true, batchWords: 500 });
    frozen.step(20);
    expect(frozen.frame().movement.frequent).toBe(m0.frequent);
  });

  it('the PCA frame mode is the default, and its coords are the fixed frame\'s projection', () => {
    const s = createLabSession('s', prepared, DEFAULT_LAB_CONFIG);
    expect(s.frameMode()).toBe('pca');
    s.step(5);
    const f = s.frame();
    expect(f.frameMode).toBe('pca');
    expect(Array.from(f.coords)).toEqual(Array.from(projectFrame(f.frame, f.vectors, prepared.vocab.words.length)));
    expect(s.startFrameUpdate()).toBe(false); // nothing to re-lay in PCA mode
  });

  it('a UMAP / t-SNE frame mode gives V × 2 coords, bumps frameVersion, and re-lays only when asked and the table changed', () => {
    const V = prepared.vocab.words.length;
    const s = createLabSession('s', prepared, { ...DEFAULT_LAB_CONFIG, batchWords: 200 });
    const f0 = s.frame();
    s.setFrameMode('umap');
    const f1 = s.frame();
    expect(f1.frameMode).toBe('umap');
    expect(f1.frameVersion).toBe(f0.frameVersion + 1);
    expect(f1.coords).toHaveLength(V * 2);
    expect(Array.from(f1.coords).every(Number.isFinite)).toBe(true);
    expect(Array.from(f1.coords)).not.toEqual(Array.from(f0.coords));
    s.setFrameMode('umap'); // same mode: no change
    expect(s.frame().frameVersion).toBe(f1.frameVersion);
    // Training alone keeps the picture until an update is started and finished.
    s.step(10);
    expect(Array.from(s.frame().coords)).toEqual(Array.from(f1.coords));
    expect(s.startFrameUpdate()).toBe(true);
    expect(s.startFrameUpdate()).toBe(false); // one at a time
    s.settleFrame();
    const f2 = s.frame();
    expect(f2.frameVersion).toBe(f1.frameVersion);
    expect(Array.from(f2.coords)).not.toEqual(Array.from(f1.coords));
    expect(s.startFrameUpdate()).toBe(false); // the table has not changed since
    // Re-fit in a nonlinear mode: a full layout, a new version.
    s.refit();
    expect(s.frame().frameVersion).toBe(f1.frameVersion + 1);
    s.setFrameMode('tsne');
    const f3 = s.frame();
    expect(f3.frameMode).toBe('tsne');
    expect(f3.frameVersion).toBe(f1.frameVersion + 2);
    expect(f3.coords).toHaveLength(V * 2);
    // Back to PCA: the fixed frame's projection again, in a new version.
    s.setFrameMode('pca');
    const f4 = s.frame();
    expect(f4.frameVersion).toBe(f1.frameVersion + 3);
    expect(Array.from(f4.coords)).toEqual(Array.from(projectFrame(f4.frame, f4.vectors, V)));
  });

  it('nonlinear frames are deterministic for a seed, and the picture follows an example update', () => {
    const run = () => {
      const s = createLabSession('s', prepared, { ...DEFAULT_LAB_CONFIG, batchWords: 200 });
      s.setFrameMode('tsne');
      s.step(20);
      s.startFrameUpdate();
      s.settleFrame();
      return s;
    };
    const a = run();
    expect(Array.from(a.frame().coords)).toEqual(Array.from(run().frame().coords));
    const before = a.frame().coords;
    const ex = a.example(probe);
    expect(ex.frame.frameMode).toBe('tsne');
    expect(Array.from(ex.frame.coords)).not.toEqual(Array.from(before)); // the picture followed the update
  });

  it('refuses a nonlinear frame for a table above the row limit and keeps the PCA frame', () => {
    const words = Array.from({ length: NONLINEAR_MAX_ROWS + 5 }, (_, i) => `w${i}`);
    const s = createLabSession('x', prepareCorpus([words.join(' ')]), { ...DEFAULT_LAB_CONFIG, dim: 4 });
    expect(() => s.setFrameMode('umap')).toThrow(/frameTooLarge/);
    expect(() => s.setFrameMode('tsne')).toThrow(/frameTooLarge/);
    expect(s.frameMode()).toBe('pca');
    expect(s.frame().frameVersion).toBe(0);
  });

  it('CBOW, with the lab\'s settings for it, trains to group purity ≥ 0.9 on the teaching corpus', () => {
    const full = teachingCorpus({ seed: 1 });
    const s = createLabSession('cbow', prepareCorpus(full.sentences, { dictionary: full.dictionary }), { ...DEFAULT_LAB_CONFIG, model: 'cbow', ...MODEL_DEFAULTS.cbow }, { groups: full.groups });
    expect(s.kernel).toBe('wasm');
    while (!s.finished()) s.step(50);
    expect(s.frame().purity).toBeGreaterThanOrEqual(0.9);
  });

  it('rejects bad parameters and a tied model over a huge vocabulary with a clear message', () => {
    expect(() => normalizeConfig({ ...DEFAULT_LAB_CONFIG, dim: 0 })).toThrow(/dim must be/);
    expect(() => normalizeConfig({ ...DEFAULT_LAB_CONFIG, lr: -1 })).toThrow(/learning rate/);
    const words = Array.from({ length: TIED_MAX_VOCAB + 5 }, (_, i) => `w${i}`);
    const big = prepareCorpus([words.join(' ')]);
    expect(() => createLabSession('x', big, { ...DEFAULT_LAB_CONFIG, model: 'tied' })).toThrow(/tiedTooLarge/);
  });
});
