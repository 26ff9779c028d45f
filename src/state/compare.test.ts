import { describe, expect, it } from 'vitest';
import type { Dataset } from '../compute/dataset';
import type { LayoutQuality } from '../compute/metrics/layoutQuality';
import type { ProjectQuality, ProjectRunResult } from '../compute/project/session';
import { compareOptions, currentAgreement, resolveCompare, sourceLayout, sourceQuality } from './compareSelectors';
import { LIVE_SOURCE, PCA_SOURCE } from './compareTypes';
import type { PcaResult } from './dataTypes';
import { fakeJobs as fake } from './testing/fakeJobs';
import { createAppStore } from './store';

const N = 8;

function dataset(): Dataset {
  return {
    id: 'd',
    name: 'D',
    n: N,
    dim: 3,
    labels: Array.from({ length: N }, (_, i) => `w${i}`),
    metric: 'cosine',
    columns: [{ name: 'kind', type: 'category', codes: new Uint32Array(N).map((_, i) => i % 2), categories: ['a', 'b'] }],
  };
}

const runQuality: ProjectQuality = { recall: 0.5, recallSample: N, trustworthiness: 0.9, trustSample: N, accuracy: 0.75, ms: 3 };
const pcaQuality: LayoutQuality = { recall: 0.2, recallSample: N, trustworthiness: 0.7, trustSample: N, accuracy: 0.5, ms: 2 };

/** Workers that answer at once: each finished run lays points out on a line of its own slope. */
function fakeJobs() {
  const asked: string[] = [];
  let slope = 0;
  const jobs = fake({
    loadBuiltin: async () => dataset(),
    pca: async (ds): Promise<PcaResult> => ({ components: 2, scores: new Float32Array(ds.n * 2).map((_, i) => i), explainedRatio: [0.5, 0.2] }),
    neighbors: async () => [],
    releaseDataset: () => undefined,
    projectRun: async (params): Promise<ProjectRunResult> => {
      slope++;
      const coords = new Float32Array(2 * N).map((_, i) => (i % 2 ? slope * i : i));
      return { sessionId: params.sessionId, finished: true, coords, progress: 1, timings: { reduceMs: 0, graphMs: 1, layoutMs: 2 }, graph: null };
    },
    projectQuality: async () => runQuality,
    layoutQuality: async (_ds, coords, codes) => {
      asked.push(`quality ${coords.length} codes=${codes ? codes.length : 'none'}`);
      return pcaQuality;
    },
    layoutAgreement: async (a, b, n) => {
      asked.push(`agreement ${n}`);
      return a === b ? 1 : 0.25;
    },
  });
  return { jobs, asked };
}

const settle = () => new Promise<void>((r) => setTimeout(r, 0));

async function setup() {
  const fake = fakeJobs();
  const store = createAppStore(fake.jobs);
  await store.getState().actions.data.show(dataset());
  return { store, ...fake };
}

describe('compare slice', () => {
  it('with only PCA, the left pane shows PCA and the right pane is empty', async () => {
    const { store } = await setup();
    const s = store.getState();
    expect(compareOptions(s).map((o) => o.id)).toEqual([PCA_SOURCE]);
    expect(resolveCompare(s)).toEqual({ left: PCA_SOURCE, right: null });
    expect(sourceLayout(s, PCA_SOURCE)?.coords).toEqual(s.explore.layout?.coords);
  });

  it('a finished run appears as an option and fills the right pane by default', async () => {
    const { store } = await setup();
    store.getState().actions.projection.setMethod('umap');
    await store.getState().actions.projection.run();
    await settle();
    const s = store.getState();
    const options = compareOptions(s);
    expect(options.map((o) => o.label)).toEqual(['PCA (PC1 × PC2)', 'UMAP']);
    const { left, right } = resolveCompare(s);
    expect(left).toBe(PCA_SOURCE);
    expect(right).toBe(options[1].id);
    expect(sourceLayout(s, right)).not.toBe(sourceLayout(s, left));
    // The run's quality figures travel with it.
    expect(sourceQuality(s, right)).toEqual({ status: 'done', quality: runQuality });
  });

  it('measures PCA quality and the agreement of the two panes once, with the colouring column', async () => {
    const { store, asked } = await setup();
    store.getState().actions.projection.setMethod('tsne');
    await store.getState().actions.projection.run();
    await settle();
    store.getState().actions.compare.measure();
    store.getState().actions.compare.measure(); // idempotent while measuring
    await settle();
    expect(asked).toEqual([`quality ${2 * N} codes=${N}`, `agreement ${N}`]);
    const s = store.getState();
    expect(sourceQuality(s, PCA_SOURCE)).toEqual({ status: 'done', quality: pcaQuality });
    expect(currentAgreement(s)?.value).toBe(0.25);
    store.getState().actions.compare.measure();
    await settle();
    expect(asked).toHaveLength(2);
  });

  it('new PCA axes are a new layout: its quality and the agreement are measured again', async () => {
    const { store, asked } = await setup();
    store.getState().actions.projection.setMethod('tsne');
    await store.getState().actions.projection.run();
    store.getState().actions.compare.measure();
    await settle();
    const before = sourceLayout(store.getState(), PCA_SOURCE);
    store.getState().actions.data.setPcaAxes(1, 0);
    expect(sourceLayout(store.getState(), PCA_SOURCE)).not.toBe(before);
    expect(sourceQuality(store.getState(), PCA_SOURCE).status).toBe('none');
    store.getState().actions.compare.measure();
    await settle();
    expect(asked).toHaveLength(4);
  });

  it('picking the other pane’s layout swaps the panes', async () => {
    const { store } = await setup();
    store.getState().actions.projection.setMethod('umap');
    await store.getState().actions.projection.run();
    await settle();
    const { right } = resolveCompare(store.getState());
    store.getState().actions.compare.setSource('left', right as string);
    expect(resolveCompare(store.getState())).toEqual({ left: right, right: PCA_SOURCE });
  });

  it('Run from the compare view shows the run live on the right, then the finished layout', async () => {
    const { store } = await setup();
    const running = store.getState().actions.compare.run('umap');
    expect(store.getState().compare.right).toBe(LIVE_SOURCE);
    expect(resolveCompare(store.getState()).right).toBe(LIVE_SOURCE);
    await running;
    await settle();
    const s = store.getState();
    // Live is gone once the run finished; the pane falls back to the newest finished layout.
    expect(resolveCompare(s).right).toBe(s.projection.finished[0].key);
  });

  it('layouts of an old dataset are not offered for a new one', async () => {
    const { store } = await setup();
    store.getState().actions.projection.setMethod('umap');
    await store.getState().actions.projection.run();
    await settle();
    await store.getState().actions.data.show(dataset());
    expect(compareOptions(store.getState()).map((o) => o.id)).toEqual([PCA_SOURCE]);
  });
});
