import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { openSproutDb, type SessionRecord } from './db';
import { fileParts, joinFiles, labPart, readFileMeta, readLabBlob, readLabMeta, type LabMeta, type PartWrite } from './parts';
import { asSessionRecord, SessionStore, type RecordFields } from './sessionStore';

let dbSeq = 0;
async function freshStore(): Promise<{ store: SessionStore; db: NonNullable<Awaited<ReturnType<typeof openSproutDb>>> }> {
  const db = await openSproutDb(`test-${++dbSeq}`);
  if (!db) throw new Error('fake-indexeddb did not open');
  return { store: new SessionStore(db), db };
}

const fields = (id: string, over: Partial<RecordFields> = {}): RecordFields => ({
  id,
  name: 'GloVe 10k · PCA',
  autoName: true,
  createdAt: 1,
  updatedAt: 2,
  view: 'v=1&dataset=glove-10k',
  datasetKey: 'builtin:glove-10k',
  dataset: 'GloVe 10k',
  method: 'PCA',
  ...over,
});

const part = (key: string, text: string): PartWrite => ({
  info: { key, kind: 'layout', bytes: text.length, meta: '{}' },
  blob: () => new Blob([text]),
  what: { kind: 'layout', method: key },
});

describe('SessionStore (IndexedDB through idb, fake-indexeddb in Node)', () => {
  it('saves a record with its parts, lists it, and reads the parts back', async () => {
    const { store } = await freshStore();
    const out = await store.save(fields('a'), [], [part('layout:1', 'one'), part('layout:2', 'two!')]);
    expect(out).toEqual({ refused: [], recordRefused: false });
    const [rec] = await store.list();
    expect(rec.id).toBe('a');
    expect(rec.parts.map((p) => [p.key, p.bytes])).toEqual([['layout:1', 3], ['layout:2', 4]]);
    expect(await (await store.part('a', 'layout:2'))?.text()).toBe('two!');
  });

  it('keeps the parts it is told to keep, replaces rewritten ones, and deletes the rest', async () => {
    const { store } = await freshStore();
    await store.save(fields('a'), [], [part('p1', 'a'), part('p2', 'b'), part('p3', 'c')]);
    await store.save(fields('a', { updatedAt: 3 }), ['p1', 'p2'], [part('p2', 'B'), part('p4', 'd')]);
    const rec = await store.get('a');
    expect(rec?.parts.map((p) => p.key).sort()).toEqual(['p1', 'p2', 'p4']);
    expect(await (await store.part('a', 'p2'))?.text()).toBe('B');
    expect(await store.part('a', 'p3')).toBeNull();
  });

  it('when the browser refuses space for one part, saves the others and the record, and says which was refused', async () => {
    const { store, db } = await freshStore();
    const put = db.put.bind(db);
    db.put = (async (name: Parameters<typeof db.put>[0], value: Parameters<typeof db.put>[1], key?: Parameters<typeof db.put>[2]) => {
      if (name === 'parts' && (value as { key: string }).key === 'big') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put(name, value, key);
    }) as typeof db.put;
    const big: PartWrite = { ...part('big', 'xxxxxxxx'), what: { kind: 'file', name: 'huge.vec' } };
    const out = await store.save(fields('a'), [], [part('small', 's'), big]);
    expect(out).toEqual({ refused: [{ kind: 'file', name: 'huge.vec' }], recordRefused: false });
    expect((await store.get('a'))?.parts.map((p) => p.key)).toEqual(['small']);
  });

  it('other errors are not swallowed as "no space"', async () => {
    const { store, db } = await freshStore();
    db.put = (async () => {
      throw new Error('disk on fire');
    }) as typeof db.put;
    await expect(store.save(fields('a'), [], [part('x', 'y')])).rejects.toThrow('disk on fire');
  });

  it('renames (the name then stops following the data) and deletes a session with all its parts', async () => {
    const { store, db } = await freshStore();
    await store.save(fields('a'), [], [part('p1', 'a')]);
    await store.save(fields('b'), [], [part('p1', 'b')]);
    await store.rename('a', 'Capitals');
    expect(await store.get('a')).toMatchObject({ name: 'Capitals', autoName: false });
    await store.remove('a');
    expect((await store.list()).map((r) => r.id)).toEqual(['b']);
    expect(await db.getAllKeys('parts')).toEqual([['b', 'p1']]);
  });

  it('skips stored records that are not records (another version, a damaged profile) instead of trusting them', async () => {
    const { store, db } = await freshStore();
    await store.save(fields('good'), [], []);
    await db.put('sessions', { id: 'bad', name: 42 } as unknown as SessionRecord);
    await db.put('sessions', { ...fields('bad2'), parts: [{ key: 'k', kind: 'script', bytes: 1, meta: '' }] } as unknown as SessionRecord);
    expect((await store.list()).map((r) => r.id)).toEqual(['good']);
    expect(asSessionRecord({ ...fields('x'), parts: [] })).not.toBeNull();
    expect(asSessionRecord({ ...fields('x'), updatedAt: 'yesterday', parts: [] })).toBeNull();
  });
});

describe('saved parts', () => {
  it('a big file is stored in chunks and joined back byte for byte', async () => {
    const bytes = new Uint8Array(70 * 2 ** 20);
    for (let i = 0; i < bytes.length; i++) bytes[i] = i % 251;
    const file = new Blob([bytes], { type: 'text/plain' });
    const parts = fileParts(0, 'big.vec', file);
    expect(parts.map((p) => p.info.bytes)).toEqual([64 * 2 ** 20, 6 * 2 ** 20]);
    const back = joinFiles(parts.map((p) => ({ meta: readFileMeta(p.info.meta)!, blob: p.blob() })).reverse());
    expect(back).toHaveLength(1);
    expect(back[0].name).toBe('big.vec');
    expect(Buffer.compare(Buffer.from(await back[0].arrayBuffer()), Buffer.from(bytes))).toBe(0);
    // A missing chunk drops the file rather than giving a truncated one.
    expect(joinFiles([{ meta: readFileMeta(parts[0].info.meta)!, blob: parts[0].blob() }])).toEqual([]);
  });

  it('the lab’s run comes back with its table, timeline pictures and loss curve (a loss not yet measured too); a mis-sized one is refused', async () => {
    const meta: LabMeta = {
      step: 120,
      running: true,
      speed: 20,
      frameMode: 'pca',
      rows: 3,
      dim: 2,
      losses: { steps: [0, 10, 120], losses: [NaN, 2, 1], every: 1, capacity: 1000 },
      entries: [
        // The snapshot taken before any batch has no loss yet (NaN, which JSON writes as null).
        { step: 0, epoch: 0, loss: NaN, purity: null },
        { step: 10, epoch: 0, loss: 2, purity: null },
        { step: 120, epoch: 1, loss: 1, purity: 0.5 },
      ],
    };
    const table = Float32Array.from([1, 2, 3, 4, 5, 6]);
    const pics = [Float32Array.from([5, 5, 5, 5, 5, 5]), Float32Array.from([0, 0, 1, 1, 2, 2]), Float32Array.from([9, 9, 8, 8, 7, 7])];
    const w = labPart(meta, table, pics);
    const read = readLabMeta(w.info.meta);
    expect(read).toEqual(meta);
    const back = await readLabBlob(w.blob(), read!);
    expect(Array.from(back!.table)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(back!.entries.map((e) => [e.step, Array.from(e.coords)])).toEqual([[0, [5, 5, 5, 5, 5, 5]], [10, [0, 0, 1, 1, 2, 2]], [120, [9, 9, 8, 8, 7, 7]]]);
    expect(await readLabBlob(new Blob([new Float32Array(5)]), read!)).toBeNull();
    expect(readLabMeta(JSON.stringify({ ...meta, frameMode: 'spiral' }))).toBeNull();
    expect(readLabMeta(JSON.stringify({ ...meta, losses: { ...meta.losses, losses: ['x', 1] } }))).toBeNull();
    expect(readLabMeta('not json')).toBeNull();
  });
});
