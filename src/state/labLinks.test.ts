import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { WORDS, fakeLab, until } from './testing/fakeLab';

// The lab slice beside its run controls (lab.test.ts): Open in Explore and exports, lesson
// steps, settings from a link, and a run resumed after a reload.
describe('lab slice: exports and lessons', () => {
  it('Open in Explore shows the table as a cosine dataset with a group column, in the Explore view', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.ui.setView('lab');
    store.getState().actions.lab.openInExplore();
    await until(() => store.getState().explore.layout !== null);
    const s = store.getState();
    expect(s.ui.view).toBe('explore');
    expect(f.calls).toContain('to explore Lab: Teaching corpus, skipgram');
    expect(s.data.dataset?.labels).toEqual(WORDS.slice(1));
    expect(s.data.dataset?.metric).toBe('cosine');
    expect(s.data.dataset && 'vectors' in s.data.dataset).toBe(false);
    expect(s.explore.colorBy).toBe('group');
  });

  it('exports projector TSV + metadata and word2vec text', async () => {
    const store = createAppStore(fakeLab().jobs);
    await store.getState().actions.lab.init();
    const projector = store.getState().actions.lab.exportFiles('projector');
    expect(projector.map((p) => p.name)).toEqual(['sprout-skipgram-2d-step0-vectors.tsv', 'sprout-skipgram-2d-step0-metadata.tsv']);
    expect(projector[1].parts.join('').split('\n')[0]).toBe('word\tcount\tgroup');
    const w2v = store.getState().actions.lab.exportFiles('word2vec');
    expect(w2v[0].parts[0]).toBe('6 2\n');
  });

  it('a lesson step puts the lab in its state: the tied model with its own settings, its text and probe, its panels hidden', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.openLesson('tied');
    const { lab } = store.getState();
    expect(lab.lesson).toBe('tied');
    expect(lab.session?.config).toMatchObject({ model: 'tied', window: 2, lr: 0.1, batchWords: 200 });
    expect(lab.hidden).toContain('corpus');
    expect([lab.probeText, lab.probeTarget, lab.probeWrong]).toEqual(['他很', '高兴', '伤心']);
    store.getState().actions.lab.showAllPanels();
    expect(store.getState().lab.hidden).toEqual([]);
  });

  it('moving between lesson steps with the same settings keeps the session (and its training)', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.step();
    const id = store.getState().lab.session?.id;
    await store.getState().actions.lab.openLesson('one-update');
    await store.getState().actions.lab.openLesson('training');
    expect(store.getState().lab.session?.id).toBe(id);
    expect(store.getState().lab.frame?.step).toBe(1);
    expect(store.getState().lab.lesson).toBe('training');
  });

  it('a link read before the lab opens decides the first session it opens', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.applyUrlState({ lesson: 'freeze' });
    expect(store.getState().lab.session).toBeNull();
    await store.getState().actions.lab.init();
    expect(f.calls[0]).toBe('open teaching dim=100 pretrained=data/glove-10k.sprout');
    expect(store.getState().lab.session?.config).toMatchObject({ freeze: true, pretrained: true });
    expect(store.getState().lab.hidden).toContain('export');
  });

  it('invalid parameters are refused with a message and the session stays', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    const id = store.getState().lab.session?.id;
    await store.getState().actions.lab.applyConfig({ ...store.getState().lab.session!.config, lr: Number.NaN });
    expect(store.getState().lab.error).toMatchObject({ kind: 'badParams', detail: expect.stringMatching(/^learning rate/) });
    expect(store.getState().lab.session?.id).toBe(id);
  });
});

describe('lab slice: settings from a link, a run resumed after a reload', () => {
  it('settings given before the lab is first shown wait for it, and the first session opens with them', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    const config = { ...store.getState().lab.config, dim: 8, seed: 3 };
    await store.getState().actions.lab.configure({ config, corpus: { kind: 'sotu' }, speed: 5, frameMode: 'umap' });
    expect(f.calls).toEqual([]);
    expect(store.getState().lab).toMatchObject({ config, corpus: { kind: 'sotu' }, speed: 5, frameMode: 'umap' });
    await store.getState().actions.lab.init();
    expect(f.calls.slice(0, 1)).toEqual(['open sotu dim=8 pretrained=null']);
    expect(f.calls).toContain('run 0 null frame=umap');
    expect(store.getState().lab.session?.config.seed).toBe(3);
  });

  it('changed settings with a session open open a fresh one; the same settings leave it alone', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    const first = store.getState().lab.session?.id;
    await store.getState().actions.lab.configure({ config: store.getState().lab.config });
    expect(store.getState().lab.session?.id).toBe(first);
    await store.getState().actions.lab.configure({ config: { ...store.getState().lab.config, dim: 4 } });
    expect(store.getState().lab.session?.id).not.toBe(first);
    expect(f.calls.filter((c) => c.startsWith('open'))).toEqual(['open teaching dim=32 pretrained=null', 'open teaching dim=4 pretrained=null']);
  });

  it('resume re-creates the run at its saved step with its loss curve and timeline, says so, and plays on', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.lab.play();
    await until(() => (store.getState().lab.frame?.step ?? 0) >= 12);
    await store.getState().actions.lab.pause();
    const before = store.getState().lab;
    const saved = {
      config: before.config,
      corpus: before.corpus,
      step: before.frame?.step ?? 0,
      table: before.frame?.vectors ?? null,
      running: true,
      speed: 7,
      frameMode: 'pca' as const,
      losses: before.losses,
      timeline: before.timeline.entries,
    };

    const g = fakeLab();
    const reloaded = createAppStore(g.jobs);
    await reloaded.getState().actions.lab.resume(saved);
    expect(g.calls[0]).toBe('open teaching dim=32 pretrained=null');
    expect(g.calls[1]).toBe(`resume to ${saved.step}`);
    const lab = reloaded.getState().lab;
    expect(lab.speed).toBe(7);
    expect(lab.phase).toBe('running');
    expect(lab.info).toContainEqual(expect.objectContaining({ kind: 'resumed', step: saved.step }));
    expect(lab.timeline.entries.map((e) => e.step)).toEqual(expect.arrayContaining(saved.timeline.map((e) => e.step)));
    expect(lab.losses.steps.slice(0, saved.losses.steps.length)).toEqual(saved.losses.steps);
    await until(() => (reloaded.getState().lab.frame?.step ?? 0) > saved.step);
    await reloaded.getState().actions.lab.pause();
  });
});
