import { describe, expect, it } from 'vitest';
import { prepareCorpus } from './encode';
import { createLabSession, DEFAULT_LAB_CONFIG } from './labSession';
import { replayTo } from './labResume';
import { teachingCorpus } from './teachingCorpus';

const teaching = teachingCorpus({ seed: 1, sentences: 600 });
const prepared = prepareCorpus(teaching.sentences, { dictionary: teaching.dictionary });
const config = { ...DEFAULT_LAB_CONFIG, batchWords: 200 };
const pacing = () => ({ signal: new AbortController().signal, yieldNow: () => Promise.resolve() });

describe('resuming a lab run by replaying it from the seed', () => {
  it('reaches the saved step with the saved table, and the next batch trains exactly as the first run’s did', async () => {
    const first = createLabSession('first', prepared, config);
    first.step(37);
    const saved = first.tableCopy();
    first.step(1);
    const next = first.frame();

    const again = createLabSession('again', prepared, config);
    const resumed = await replayTo(again, { step: 37, keep: [], table: saved }, pacing(), () => undefined);
    expect(resumed).toEqual({ step: 37, maxDiff: 0 });
    again.step(1);
    const f = again.frame();
    expect(f.step).toBe(38);
    // The output table, the corpus cursor and the random state came back too: the same update.
    expect(Array.from(f.vectors)).toEqual(Array.from(next.vectors));
    expect(f.loss).toBe(next.loss);
  });

  it('keeps snapshots of the steps the timeline had kept, so scrubbing back still finds their tables', async () => {
    const s = createLabSession('s', prepared, config);
    const progress: number[] = [];
    await replayTo(s, { step: 20, keep: [0, 5, 12, 20, 99], table: null }, pacing(), (done) => progress.push(done));
    const steps = s.frame().timeline.steps;
    expect(steps).toEqual(expect.arrayContaining([5, 12, 20]));
    expect(s.snapshotTable(12)).not.toBeNull();
    expect(progress.at(-1)).toBe(20);
  });

  it('reports how far the replayed table is from a saved one that differs', async () => {
    const s = createLabSession('s', prepared, config);
    const other = createLabSession('o', prepared, { ...config, seed: 2 });
    other.step(3);
    const r = await replayTo(s, { step: 3, keep: [], table: other.tableCopy() }, pacing(), () => undefined);
    expect(r.maxDiff).toBeGreaterThan(0);
    const wrongShape = await replayTo(s, { step: 4, keep: [], table: new Float32Array(3) }, pacing(), () => undefined);
    expect(wrongShape.maxDiff).toBeNull();
  });

  it('stops when cancelled', async () => {
    const s = createLabSession('s', prepared, config);
    const ac = new AbortController();
    const run = replayTo(s, { step: 10_000, keep: [], table: null }, { signal: ac.signal, yieldNow: () => Promise.resolve() }, (done) => done > 2 && ac.abort());
    await expect(run).rejects.toThrow(/Cancelled/);
    expect(s.batches()).toBeLessThan(10_000);
  });
});
