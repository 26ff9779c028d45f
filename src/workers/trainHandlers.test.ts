import { describe, expect, it, vi } from 'vitest';
import { encodeSproutBin } from '../compute/formats/sproutBin';
import { formatSotu } from '../compute/train/corpora';
import { DEFAULT_LAB_CONFIG, type LabFrame } from '../compute/train/labSession';
import type { LabOpenProgress } from '../compute/train/labCorpus';
import { CancelledError, isSessionLost } from '../compute/task';
import { Transferred } from './protocol';
import { createTrainHandlers } from './trainHandlers';
import type { LabOpened } from './trainJobs';

const unwrap = <T>(v: T | Transferred<T>): T => (v instanceof Transferred ? v.value : v);

function ctx<P>(signal = new AbortController().signal) {
  const progress: P[] = [];
  return { progress, ctx: { signal, progress: (p: P) => progress.push(p) } };
}

const dataUrl = (bytes: Uint8Array) => `data:application/octet-stream;base64,${Buffer.from(bytes).toString('base64')}`;
const run = { maxBatches: null, batchesPerSecond: null, snapshotMs: 0, probe: null, focus: -1 };

async function open(h: ReturnType<typeof createTrainHandlers>, sessionId: string, config = DEFAULT_LAB_CONFIG): Promise<LabOpened> {
  return unwrap(await h.labOpen({ sessionId, corpus: { kind: 'teaching' }, config, pretrainedUrl: null }, ctx<LabOpenProgress>().ctx));
}

describe('train worker handlers', () => {
  // One handler set for the teaching-corpus tests: the corpus is prepared once and cached.
  const h = createTrainHandlers();

  it('labOpen builds the teaching corpus and a session at step 0 with the vocabulary', async () => {
    const o = await open(h, 's1');
    expect(o.words[0]).toBe('<unk>');
    expect(o.words).toContain('高兴');
    expect(o.corpus.bilingual).toBe(true);
    expect(o.frame.step).toBe(0);
    expect(o.frame.vectors).toHaveLength(o.words.length * o.config.dim);
    expect(o.counts).toHaveLength(o.words.length);
  });

  it('a step is one batch; training a few steps lowers the loss and streams frames', async () => {
    await open(h, 's2');
    const one = unwrap(await h.labRun({ ...run, sessionId: 's2', maxBatches: 1 }, ctx<LabFrame>().ctx));
    expect(one.step).toBe(1);
    expect(one.touched.length).toBeGreaterThan(0);
    const c = ctx<LabFrame>();
    const later = unwrap(await h.labRun({ ...run, sessionId: 's2', maxBatches: 40 }, c.ctx));
    expect(later.step).toBe(41);
    expect(later.loss).toBeLessThan(one.loss);
    expect(c.progress.length).toBeGreaterThan(0);
    for (let i = 1; i < c.progress.length; i++) expect(c.progress[i].step).toBeGreaterThan(c.progress[i - 1].step);
  });

  it('frameMode on labRun switches to a warm-started UMAP frame that re-lays itself while training', async () => {
    // A fake clock (50 ms per reading) so layout updates are due during a short run.
    let t = 0;
    const hc = createTrainHandlers({ now: () => (t += 50) });
    const o = await open(hc, 'nl');
    const V = o.words.length;
    const sw = unwrap(await hc.labRun({ ...run, sessionId: 'nl', maxBatches: 0, frameMode: 'umap' }, ctx<LabFrame>().ctx));
    expect(sw.frameMode).toBe('umap');
    expect(sw.frameVersion).toBe(o.frame.frameVersion + 1);
    expect(sw.coords).toHaveLength(V * 2);
    const c = ctx<LabFrame>();
    // With this clock a training slice is one batch and a layout slice one unit (a kNN tile,
    // an epoch), so a warm update (~120 units at this size) completes within 200 batches.
    const end = unwrap(await hc.labRun({ ...run, sessionId: 'nl', maxBatches: 200 }, c.ctx));
    expect(end.frameMode).toBe('umap');
    expect(end.frameVersion).toBe(sw.frameVersion); // updates are warm: same frame version
    const pictures = new Set([sw, ...c.progress, end].map((f) => Array.from(f.coords).join(',')));
    // Re-laid during the run (a picture among the streamed frames that is neither the first nor the last).
    expect(pictures.size).toBeGreaterThan(2);
    const refit = unwrap(await hc.labRefit({ sessionId: 'nl', probe: null }, ctx<never>().ctx));
    expect(refit.frameMode).toBe('umap');
    expect(refit.frameVersion).toBe(sw.frameVersion + 1);
    const back = unwrap(await hc.labRun({ ...run, sessionId: 'nl', maxBatches: 0, frameMode: 'pca' }, ctx<LabFrame>().ctx));
    expect(back.frameMode).toBe('pca');
    expect(back.frameVersion).toBe(refit.frameVersion + 1);
  });

  it('reset (labOpen again with the same seed) restores the seed\'s table', async () => {
    const a = await open(h, 's3');
    await h.labRun({ ...run, sessionId: 's3', maxBatches: 10 }, ctx<LabFrame>().ctx);
    const b = await open(h, 's4');
    expect(Array.from(b.frame.vectors)).toEqual(Array.from(a.frame.vectors));
    expect(b.frame.step).toBe(0);
  });

  it('pause = cancel: the job stops with CancelledError and the session continues from where it stopped', async () => {
    await open(h, 's5');
    const abort = new AbortController();
    const frames: LabFrame[] = [];
    const running = h.labRun({ ...run, sessionId: 's5', snapshotMs: 10 }, { signal: abort.signal, progress: (f: LabFrame) => frames.push(f) });
    // Cancel once training has visibly started (not after a fixed delay: a busy machine may take longer).
    await vi.waitFor(() => expect(frames.some((f) => f.step > 0)).toBe(true), { timeout: 20_000, interval: 5 });
    abort.abort();
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    const now = unwrap(await h.labRun({ ...run, sessionId: 's5', maxBatches: 0 }, ctx<LabFrame>().ctx));
    expect(now.step).toBeGreaterThan(0);
    const next = unwrap(await h.labRun({ ...run, sessionId: 's5', maxBatches: 1 }, ctx<LabFrame>().ctx));
    expect(next.step).toBe(now.step + 1);
  });

  it('a rate limit of 20 batches/s trains 20 batches a second of its clock', async () => {
    // A virtual clock: training takes no time, and only waiting moves the clock, so the
    // count is exact whatever the machine's load.
    let t = 0;
    const abort = new AbortController();
    const hv = createTrainHandlers({
      now: () => t,
      sleep: async (ms) => {
        t += ms;
        if (t >= 1000) abort.abort();
      },
    });
    await open(hv, 'rate');
    const running = hv.labRun({ ...run, sessionId: 'rate', batchesPerSecond: 20 }, { signal: abort.signal, progress: () => undefined });
    await expect(running).rejects.toBeInstanceOf(CancelledError);
    const f = unwrap(await hv.labRun({ ...run, sessionId: 'rate', maxBatches: 0 }, ctx<LabFrame>().ctx));
    // Batch k is due at (k − 1) / 20 s: 20 of them by the time the clock reaches one second.
    expect(f.step).toBe(20);
  });

  it('refit keeps the session and bumps the frame version; probe and example answer for the paused session', async () => {
    const o = await open(h, 's7');
    const id = (w: string) => o.words.indexOf(w);
    const probe = { context: [id('他'), id('很')], target: id('高兴'), wrong: id('伤心') };
    await h.labRun({ ...run, sessionId: 's7', maxBatches: 20 }, ctx<LabFrame>().ctx);
    const f = unwrap(await h.labRefit({ sessionId: 's7', probe }, ctx<never>().ctx));
    expect(f.frameVersion).toBe(1);
    expect(f.probe?.kind).toBe('skipgram-score');
    const p = unwrap(await h.labProbe({ sessionId: 's7', probe }, ctx<never>().ctx));
    expect(p.target?.id).toBe(id('高兴'));
    const ex = unwrap(await h.labExample({ sessionId: 's7', probe, focus: id('高兴') }, ctx<never>().ctx));
    expect(ex.after.target!.p).toBeGreaterThan(ex.before.target!.p);
    expect(ex.frame.neighbors?.focus).toBe(id('高兴'));
  });

  it('neighbours are listed in the worker: with a frame when asked, and for a saved step of the timeline', async () => {
    const o = await open(h, 's8');
    const happy = o.words.indexOf('高兴');
    const first = unwrap(await h.labRun({ ...run, sessionId: 's8', maxBatches: 0, focus: happy }, ctx<LabFrame>().ctx));
    expect(first.neighbors?.focus).toBe(happy);
    expect(first.neighbors?.list).toHaveLength(8);
    // Step 0 was saved by the open frame; this frame (still step 0) is not saved twice.
    expect(first.timeline).toEqual({ recorded: false, steps: [0], keepsTables: true });
    const later = unwrap(await h.labRun({ ...run, sessionId: 's8', maxBatches: 30, focus: happy }, ctx<LabFrame>().ctx));
    // The step-0 table is kept in the worker: its neighbours are those of the first frame, not the trained ones.
    expect(await h.labNeighbors({ sessionId: 's8', focus: happy, step: 0 }, ctx<never>().ctx)).toEqual(first.neighbors?.list);
    expect(await h.labNeighbors({ sessionId: 's8', focus: happy, step: null }, ctx<never>().ctx)).toEqual(later.neighbors?.list);
    expect(later.neighbors?.list).not.toEqual(first.neighbors?.list);
    const saved = unwrap(await h.labSnapshotTable({ sessionId: 's8', step: 0 }, ctx<never>().ctx));
    expect(Array.from(saved ?? [])).toEqual(Array.from(first.vectors));
    expect(unwrap(await h.labSnapshotTable({ sessionId: 's8', step: 7 }, ctx<never>().ctx))).toBeNull();
  });

  it('a Re-fit sends the timeline’s saved pictures re-projected into the new frame', async () => {
    const o = await open(h, 's9');
    const V = o.words.length;
    await h.labRun({ ...run, sessionId: 's9', maxBatches: 20 }, ctx<LabFrame>().ctx);
    const f = unwrap(await h.labRefit({ sessionId: 's9', probe: null }, ctx<never>().ctx));
    expect(f.reframe?.exact.map((e) => e.step)).toEqual(f.timeline.steps);
    for (const e of f.reframe?.exact ?? []) expect(e.coords).toHaveLength(V * 2);
    // The latest saved table is the current one: its re-projection is the frame's own picture.
    const mine = f.reframe?.exact.find((e) => e.step === f.step);
    if (mine) expect(Array.from(mine.coords)).toEqual(Array.from(f.coords));
    // Sent once: the next frame carries none.
    expect(unwrap(await h.labRun({ ...run, sessionId: 's9', maxBatches: 0 }, ctx<LabFrame>().ctx)).reframe).toBeNull();
  });

  it('Open in Explore: the live table as a dataset, split into vectors for the data worker and what Explore draws', async () => {
    const o = await open(h, 's10');
    await h.labRun({ ...run, sessionId: 's10', maxBatches: 5 }, ctx<LabFrame>().ctx);
    const out = await h.labExport({ sessionId: 's10', tag: '#3', label: 'Lab: teaching, skip-gram' }, ctx<never>().ctx);
    expect(out).toBeInstanceOf(Transferred);
    const { dataset, table } = unwrap(out);
    expect(dataset.name).toBe('Lab: teaching, skip-gram, step 5');
    expect([dataset.id, table.id]).toEqual(['lab:s10:5#3', 'lab:s10:5#3']);
    expect(dataset.labels).toEqual(o.words.slice(1));
    expect(table.vectors).toHaveLength((o.words.length - 1) * o.config.dim);
    expect('vectors' in dataset).toBe(false);
  });

  it('a reading job is answered while a run is training', async () => {
    const o = await open(h, 's11');
    const abort = new AbortController();
    const frames: LabFrame[] = [];
    const running = h.labRun({ ...run, sessionId: 's11', snapshotMs: 10 }, { signal: abort.signal, progress: (f: LabFrame) => frames.push(f) });
    await vi.waitFor(() => expect(frames.length).toBeGreaterThan(0), { timeout: 20_000, interval: 5 });
    const nb = await h.labNeighbors({ sessionId: 's11', focus: o.words.indexOf('高兴'), step: null }, ctx<never>().ctx);
    expect(nb).toHaveLength(8);
    expect(frames.length).toBeGreaterThan(0);
    abort.abort();
    await expect(running).rejects.toBeInstanceOf(CancelledError);
  });

  it('jobs that change the session wait for a cancelled run to stop first', async () => {
    await open(h, 's12');
    const abort = new AbortController();
    const order: string[] = [];
    const running = h.labRun({ ...run, sessionId: 's12' }, { signal: abort.signal, progress: () => undefined }).catch(() => order.push('run stopped'));
    abort.abort();
    const step = h.labRun({ ...run, sessionId: 's12', maxBatches: 1 }, ctx<LabFrame>().ctx).then((f) => order.push(`step ${unwrap(f).step}`));
    await Promise.all([running, step]);
    expect(order[0]).toBe('run stopped');
    expect(order[1]).toMatch(/^step \d+$/);
  });

  it('a job for a session the worker does not have fails with SessionLostError', async () => {
    const fresh = createTrainHandlers();
    await expect(fresh.labRun({ ...run, sessionId: 'nope', maxBatches: 1 }, ctx<LabFrame>().ctx)).rejects.toSatisfy(isSessionLost);
    await expect(fresh.labNeighbors({ sessionId: 'nope', focus: 1, step: null }, ctx<never>().ctx)).rejects.toSatisfy(isSessionLost);
  });

  it('streams a user text file into a corpus, with min-count', async () => {
    const fresh = createTrainHandlers();
    const text = 'the cat sat on the mat.\nthe dog sat on the log.\n'.repeat(50) + 'a rare word\n';
    const c = ctx<LabOpenProgress>();
    const o = unwrap(
      await fresh.labOpen(
        { sessionId: 'f', corpus: { kind: 'file', file: new Blob([text]), name: 'pets.txt' }, config: { ...DEFAULT_LAB_CONFIG, minCount: 2 }, pretrainedUrl: null },
        c.ctx,
      ),
    );
    expect(o.corpus.name).toBe('pets.txt');
    expect(o.words).toContain('cat');
    expect(o.words).not.toContain('rare');
    expect(o.corpus.unkTokens).toBe(3);
    expect(c.progress.some((p) => p.stage === 'read')).toBe(true);
  });

  it('refuses a binary file and a file with too few words, with clear messages', async () => {
    const fresh = createTrainHandlers();
    const bin = new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 1, 2, 3])]);
    const open = (file: Blob, name: string) =>
      fresh.labOpen({ sessionId: 'b', corpus: { kind: 'file', file, name }, config: DEFAULT_LAB_CONFIG, pretrainedUrl: null }, ctx<LabOpenProgress>().ctx);
    const prev = unwrap(await fresh.labOpen({ sessionId: 'prev', corpus: { kind: 'teaching' }, config: DEFAULT_LAB_CONFIG, pretrainedUrl: null }, ctx<LabOpenProgress>().ctx));
    await expect(open(bin, 'photo.png')).rejects.toThrow(/does not look like a UTF-8 text file/);
    // The previous session still answers.
    const f = unwrap(await fresh.labRun({ ...run, sessionId: prev.sessionId, maxBatches: 1 }, ctx<LabFrame>().ctx));
    expect(f.step).toBe(1);
    await expect(open(new Blob(['hello']), 'one.txt')).rejects.toThrow(/too few to train on/);
    await expect(open(new Blob(['   ']), 'blank.txt')).rejects.toThrow(/no words/);
  });

  it('loads the State of the Union format and initialises from pretrained vectors, counting copied rows', async () => {
    const fresh = createTrainHandlers();
    const sotu = formatSotu([
      { year: 1790, president: 'George Washington', party: 'none', text: 'The people are happy. The nation is strong and happy.' },
      { year: 1791, president: 'George Washington', party: 'none', text: 'The nation is sad. The people are strong.' },
    ]);
    const words = ['happy', 'sad', 'nation', 'zzz'];
    const vectors = new Float32Array(words.length * 100).fill(0.25);
    const glove = encodeSproutBin({ id: 'g', name: 'g', n: words.length, dim: 100, vectors, labels: words, columns: [], metric: 'cosine' });
    const o = unwrap(
      await fresh.labOpen(
        {
          sessionId: 'u',
          corpus: { kind: 'sotu', url: dataUrl(new TextEncoder().encode(sotu)) },
          config: { ...DEFAULT_LAB_CONFIG, pretrained: true },
          pretrainedUrl: dataUrl(glove),
        },
        ctx<LabOpenProgress>().ctx,
      ),
    );
    expect(o.corpus.name).toContain('2 speeches');
    expect(o.corpus.sentences).toBe(4);
    expect(o.config.dim).toBe(100);
    expect(o.initCopied).toBe(3);
  });
});
