import { describe, expect, it } from 'vitest';
import { datasetBuffers } from '../compute/dataset';
import { packedBuffers, unpackDataset } from '../compute/packedDataset';
import { isSessionLost } from '../compute/task';
import { createParseHandlers } from './parseHandlers';
import type { ParseRequest, ParseSuccess, TakenDataset } from './parseJobs';
import { Transferred } from './protocol';

const ctx = () => ({ signal: new AbortController().signal, progress: () => undefined });

/** A TSV of n rows: row i is (i, -i), labelled w<i>, in group a or b. */
function tsv(n: number): { vectors: File; meta: File } {
  const rows = Array.from({ length: n }, (_, i) => `${i}\t${-i}`).join('\n');
  const meta = ['word\tgroup', ...Array.from({ length: n }, (_, i) => `w${i}\t${i % 10 === 0 ? 'b' : 'a'}`)].join('\n');
  return { vectors: new File([rows], 'v.tsv'), meta: new File([meta], 'meta.tsv') };
}

const request = (n: number, tag = '#1'): ParseRequest => {
  const f = tsv(n);
  return { inputs: [{ kind: 'file', name: 'v.tsv', file: f.vectors }, { kind: 'file', name: 'meta.tsv', file: f.meta }], nonFinite: 'error', memoryBudget: 2 ** 30, tag };
};

async function parsed(handlers: ReturnType<typeof createParseHandlers>, n: number, tag?: string): Promise<ParseSuccess> {
  const out = await handlers.parse(request(n, tag), ctx());
  const value = out instanceof Transferred ? out.value : out;
  if (!value.ok) throw new Error(value.failure.message);
  return value;
}

const taken = (out: TakenDataset | Transferred<TakenDataset>): Transferred<TakenDataset> => {
  expect(out).toBeInstanceOf(Transferred);
  return out as Transferred<TakenDataset>;
};

describe('parse worker handlers', () => {
  it('parse keeps the table and sends only a summary of it for the review', async () => {
    const handlers = createParseHandlers();
    const out = await parsed(handlers, 300);
    expect(out.dataset).toEqual({
      id: expect.stringMatching(/^file:v\.tsv:\d+\+meta\.tsv:\d+#1$/),
      name: 'v.tsv',
      n: 300,
      dim: 2,
      columns: [
        { name: 'word', type: 'text' },
        { name: 'group', type: 'category' },
      ],
    });
    expect(out.files).toEqual(['v.tsv', 'meta.tsv']);
  });

  it('takeParsed samples in the worker and splits the chosen rows: vectors for the data worker, the rest to draw', async () => {
    const handlers = createParseHandlers();
    const { dataset: summary } = await parsed(handlers, 300);
    const out = taken(await handlers.takeParsed({ id: summary.id, choice: { rows: 'stratified', column: 'group', size: 30, seed: 3 } }, ctx()));
    const { dataset: packed, table, sample } = out.value;
    const dataset = await unpackDataset(packed, async () => undefined);
    expect(sample).toEqual({ shown: 30, total: 300, how: 'stratified by group, seed 3' });
    expect([dataset.n, table.n, table.dim]).toEqual([30, 30, 2]);
    expect(dataset.id).toBe(table.id);
    expect('vectors' in dataset).toBe(false);
    // Rows stayed whole: the vector of sampled row i is (k, -k) where its label is w<k>.
    for (let i = 0; i < 30; i++) expect(dataset.labels[i]).toBe(`w${table.vectors[2 * i]}`);
    const group = dataset.columns.find((c) => c.name === 'group');
    expect(group?.type === 'category' && Array.from(group.codes).filter((c) => group.categories[c] === 'b')).toHaveLength(3);
    // Everything crosses by transfer, nothing by copy.
    expect(new Set(out.transfer)).toEqual(new Set([...datasetBuffers(dataset), ...packedBuffers(packed), ...datasetBuffers(table)]));
  });

  it('a table is taken once; after that (or after dropParsed, or another load) it is lost', async () => {
    const handlers = createParseHandlers();
    const first = await parsed(handlers, 10, '#1');
    await handlers.takeParsed({ id: first.dataset.id, choice: { rows: 'all' } }, ctx());
    await expect(handlers.takeParsed({ id: first.dataset.id, choice: { rows: 'all' } }, ctx())).rejects.toSatisfy(isSessionLost);

    const second = await parsed(handlers, 10, '#2');
    await handlers.dropParsed({ id: second.dataset.id }, ctx());
    await expect(handlers.takeParsed({ id: second.dataset.id, choice: { rows: 'all' } }, ctx())).rejects.toThrow(/open it again/);

    const third = await parsed(handlers, 10, '#3');
    const fourth = await parsed(handlers, 10, '#4');
    await expect(handlers.takeParsed({ id: third.dataset.id, choice: { rows: 'all' } }, ctx())).rejects.toSatisfy(isSessionLost);
    expect(taken(await handlers.takeParsed({ id: fourth.dataset.id, choice: { rows: 'all' } }, ctx())).value.dataset.n).toBe(10);
  });

  it('a choice that cannot be applied fails without losing the table under review', async () => {
    const handlers = createParseHandlers();
    const { dataset: summary } = await parsed(handlers, 10);
    await expect(handlers.takeParsed({ id: summary.id, choice: { rows: 'stratified', column: 'nope', size: 5, seed: 1 } }, ctx())).rejects.toThrow(/no column "nope"/);
    expect(taken(await handlers.takeParsed({ id: summary.id, choice: { rows: 'random', size: 5, seed: 1 } }, ctx())).value.dataset.n).toBe(5);
  });
});
