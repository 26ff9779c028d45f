import { describe, expect, it } from 'vitest';
import { createAppStore } from './store';
import { projectFrame } from '../compute/train/frame';
import { IDENTITY_FRAME, SWAPPED_FRAME, WORDS, fakeLab, until } from './testing/fakeLab';

describe('lab slice', () => {
  it('labInit opens the teaching corpus, tokenizes the text into IDs and asks for the probe', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    const { lab } = store.getState();
    expect(lab.phase).toBe('ready');
    expect(lab.session?.words).toEqual(WORDS);
    expect(lab.tokens.map((t) => [t.text, t.id])).toEqual([['他', 1], ['很', 2], ['高兴', 3]]);
    expect(lab.frame?.step).toBe(0);
    expect(lab.focus).toBe(3); // 高兴
    expect(lab.neighbors?.[0].id).toBe(5); // 开心, listed by the worker
    expect(lab.probe?.target?.id).toBe(3);
    expect(f.calls).toEqual(['open teaching dim=32 pretrained=null', 'probe 1,2 → 3 vs 4', 'neighbors 3 at null']);
  });

  it('unknown words map to <unk> (ID 0)', async () => {
    const store = createAppStore(fakeLab().jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.lab.setText('他 zebra');
    expect(store.getState().lab.tokens.map((t) => t.id)).toEqual([1, 0]);
  });

  it('Play streams frames (loss curve, timeline), Pause cancels and reads the paused state', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.lab.play();
    expect(store.getState().lab.phase).toBe('running');
    await until(() => (store.getState().lab.frame?.step ?? 0) >= 5);
    await store.getState().actions.lab.pause();
    const { lab } = store.getState();
    expect(lab.phase).toBe('ready');
    expect(lab.losses.steps.length).toBeGreaterThan(3);
    expect(lab.losses.losses[lab.losses.losses.length - 1]).toBeLessThan(lab.losses.losses[0]);
    expect(lab.timeline.entries.length).toBeGreaterThan(3);
    expect(lab.frame?.step).toBe(f.step());
    expect(f.calls.filter((c) => c.startsWith('run'))).toEqual(['run null 40', 'run 0 null']);
    // Every frame of the run was counted (how much of the run a learner saw).
    expect(lab.runFrames).toBeGreaterThan(3);
  });

  it('Step trains one batch, keeps the probe from before the step, and outlines the rows the batch changed in each table', async () => {
    const store = createAppStore(fakeLab().jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.step();
    const { lab } = store.getState();
    expect(lab.frame?.step).toBe(1);
    expect(lab.probeBefore?.target?.p).toBeCloseTo(0.2);
    expect(lab.probe?.target?.p).toBeCloseTo(0.201);
    expect(lab.outline?.source).toBe('step');
    expect([...lab.outline!.rowsIn]).toEqual([1, 2]);
    expect([...lab.outline!.rowsOut]).toEqual([3]);
    expect(lab.phase).toBe('ready');
  });

  it('Next pair trains examples from the probe\'s words, keeps their report and outlines exactly the rows the worker listed', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.trainExamples(1);
    const { lab } = store.getState();
    expect(f.calls).toContain('examples 1 from 1,2,3');
    expect(lab.examples?.count).toBe(1);
    expect(lab.examples?.examples[0].positive).toBe(2);
    expect(lab.outline?.source).toBe('examples');
    expect([...lab.outline!.rowsIn]).toEqual([1]);
    expect([...lab.outline!.rowsOut]).toEqual([2, 5]);
    expect(lab.phase).toBe('ready');
    // Play clears the outline: a running batch's rows flash instead.
    store.getState().actions.lab.play();
    expect(store.getState().lab.outline).toBeNull();
    await store.getState().actions.lab.pause();
  });

  it('changing the speed while playing restarts the run at the new rate', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.lab.play();
    store.getState().actions.lab.setSpeed(0);
    expect(store.getState().lab.phase).toBe('running');
    await store.getState().actions.lab.pause();
    expect(f.calls.filter((c) => c.startsWith('run'))).toEqual(['run null 40', 'run null null', 'run 0 null']);
  });

  it('Reset opens a fresh session from the seed: step 0, empty loss curve', async () => {
    const store = createAppStore(fakeLab().jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.step();
    await store.getState().actions.lab.step();
    const first = store.getState().lab.session?.id;
    await store.getState().actions.lab.reset();
    const { lab } = store.getState();
    expect(lab.session?.id).not.toBe(first);
    expect(lab.frame?.step).toBe(0);
    expect(lab.losses.steps).toEqual([0]); // only the fresh session's first frame
  });

  it('a lost session (worker restarted) is reopened from the seed with a clear message', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    f.loseSession();
    await store.getState().actions.lab.step();
    const { lab } = store.getState();
    expect(lab.info).toEqual([{ kind: 'restarted' }]);
    expect(lab.frame?.step).toBe(0);
    expect(lab.phase).toBe('ready');
  });

  it('a file that cannot be opened leaves the previous session loaded and says why', async () => {
    const problem = new Error(JSON.stringify({ code: 'notText', name: 'photo.png' }));
    problem.name = 'LabProblemError';
    const f = fakeLab({ failOpen: (p) => (p.corpus.kind === 'file' ? problem : null) });
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.setCorpus({ kind: 'file', file: new Blob(['x']), name: 'photo.png' });
    const { lab } = store.getState();
    // The problem arrives as data (the lab writes it in the interface's language), and the old session stays.
    expect(lab.error).toMatchObject({ kind: 'openFailed', corpus: { kind: 'named', name: 'photo.png' }, problem: { code: 'notText', name: 'photo.png' }, kept: true });
    expect(lab.session?.corpusChoice.kind).toBe('teaching');
    expect(lab.phase).toBe('ready');
  });

  it('pretrained initialisation asks for 100-d GloVe rows and keeps which rows were copied', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.applyConfig({ ...store.getState().lab.session!.config, pretrained: true });
    expect(f.calls).toContain('open teaching dim=100 pretrained=data/glove-10k.sprout');
    expect(store.getState().lab.session?.initCopied).toBe(1);
    expect([...store.getState().lab.session!.copiedIds]).toEqual([6]);
  });

  it('the example update shows the probe before and after and outlines the rows it changed', async () => {
    const store = createAppStore(fakeLab().jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.trainExample();
    const { lab } = store.getState();
    expect(lab.probeBefore?.target?.p).toBeCloseTo(0.2);
    expect(lab.probe?.target?.p).toBe(0.9);
    expect(lab.outline?.source).toBe('probe');
    expect([...lab.outline!.rowsIn]).toEqual([1, 2]);
    expect([...lab.outline!.rowsOut]).toEqual([3, 4]);
  });

  it('a hovered row (from the map, a token or the tables) is shared by every view without asking the worker, and a new session forgets it', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    const calls = f.calls.length;
    store.getState().actions.lab.hover(4);
    expect(store.getState().lab.hovered).toBe(4);
    expect(f.calls).toHaveLength(calls);
    await store.getState().actions.lab.reset();
    expect(store.getState().lab.hovered).toBe(-1);
  });

  it('focus by word lists neighbours (from the worker); an unknown word is refused', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    expect(store.getState().actions.lab.focusWord('zebra')).toBe(false);
    expect(store.getState().actions.lab.focusWord('他')).toBe(true);
    expect(store.getState().lab.focus).toBe(1);
    await until(() => store.getState().lab.neighbors !== null);
    const ids = store.getState().lab.neighbors!.map((n) => n.id);
    expect(ids).toHaveLength(5);
    expect(ids).not.toContain(1);
    expect(f.calls.at(-1)).toBe('neighbors 1 at null');
  });

  it('while playing, a new focus restarts the run so its frames list the new row’s neighbours', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.lab.play();
    await until(() => (store.getState().lab.frame?.step ?? 0) >= 2);
    store.getState().actions.lab.focus(1);
    await until(() => store.getState().lab.neighbors !== null && (store.getState().lab.frame?.step ?? 0) >= 5);
    expect(store.getState().lab.neighbors!.map((n) => n.id)).not.toContain(1);
    expect(f.calls.filter((c) => c.startsWith('run'))).toEqual(['run null 40', 'run null 40']);
    await store.getState().actions.lab.pause();
  });

  it('scrubbing replays a saved snapshot; null returns to live', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    for (let i = 0; i < 3; i++) await store.getState().actions.lab.step();
    store.getState().actions.lab.scrub(0);
    expect(store.getState().lab.scrub).toBe(0);
    expect(store.getState().lab.timeline.entries[0].step).toBe(0);
    // The heatmap replays the table the worker saved at that step; neighbours are listed in it.
    await until(() => store.getState().lab.scrubTable !== null);
    expect([...store.getState().lab.scrubTable!]).toEqual([...f.savedTable(0)!]);
    expect(f.calls.at(-1)).toBe('neighbors 3 at 0');
    store.getState().actions.lab.play();
    expect(store.getState().lab.scrub).toBeNull();
    expect(store.getState().lab.scrubTable).toBeNull();
    await store.getState().actions.lab.pause();
  });

  it('after a Re-fit, saved snapshots are shown in the new frame (no jump when scrubbing back)', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    for (let i = 0; i < 3; i++) await store.getState().actions.lab.step();
    const first = store.getState().lab.timeline.entries[0];
    const table0 = f.savedTable(first.step) as Float32Array;
    expect([...first.coords]).toEqual([...projectFrame(IDENTITY_FRAME, table0, WORDS.length)]);
    await store.getState().actions.lab.refit();
    const reframed = store.getState().lab.timeline.entries[0];
    expect(reframed.step).toBe(first.step);
    expect([...reframed.coords]).toEqual([...projectFrame(SWAPPED_FRAME, table0, WORDS.length)]);
  });

  it('labSetFrameMode switches the worker frame: a new frame version, saved snapshots kept as drawn, no Step arrows', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    await store.getState().actions.lab.step();
    const before = store.getState().lab;
    const saved = [...before.timeline.entries[0].coords];
    await store.getState().actions.lab.setFrameMode('umap');
    const { lab } = store.getState();
    expect(lab.frameMode).toBe('umap');
    expect(lab.frame?.frameMode).toBe('umap');
    expect(lab.frame?.frameVersion).toBe((before.frame?.frameVersion ?? 0) + 1);
    expect(lab.phase).toBe('ready');
    expect(f.calls.filter((c) => c.startsWith('run'))).toEqual(['run 1 null', 'run 0 null frame=umap']);
    // A nonlinear frame is no linear map: old snapshots are not re-projected through `frame`.
    expect([...lab.timeline.entries[0].coords]).toEqual(saved);
    await store.getState().actions.lab.step();
    // The same mode again does nothing; back to PCA re-projects the snapshots through the PCA frame.
    await store.getState().actions.lab.setFrameMode('umap');
    expect(f.calls.filter((c) => c.includes('frame='))).toHaveLength(1);
    await store.getState().actions.lab.setFrameMode('pca');
    const back = store.getState().lab;
    expect(back.frameMode).toBe('pca');
    const table0 = f.savedTable(back.timeline.entries[0].step) as Float32Array;
    expect([...back.timeline.entries[0].coords]).toEqual([...projectFrame(back.frame?.frame ?? IDENTITY_FRAME, table0, WORDS.length)]);
  });

  it('labSetFrameMode while playing restarts the run afterwards', async () => {
    const f = fakeLab();
    const store = createAppStore(f.jobs);
    await store.getState().actions.lab.init();
    store.getState().actions.lab.play();
    await store.getState().actions.lab.setFrameMode('tsne');
    expect(store.getState().lab.phase).toBe('running');
    expect(store.getState().lab.frameMode).toBe('tsne');
    await store.getState().actions.lab.pause();
    expect(f.calls.filter((c) => c.startsWith('run'))).toEqual(['run null 40', 'run 0 null', 'run 0 null frame=tsne', 'run null 40', 'run 0 null']);
  });

});
