/**
 * The projection workspace's cache of kNN graphs, per (dataset, space, metric): an exact
 * graph serves any smaller k (its first k columns are the exact k nearest); an
 * approximate one only its own k. Most recently used first, a few graphs at most.
 */
import type { Metric } from '../dataset';
import type { KnnGraph } from '../neighbors/knn';

export interface CachedGraph {
  /** The space the graph was searched in (graphSpaceKey): same key = same neighbours. */
  readonly key: string;
  /** The dataset it belongs to (for release). */
  readonly datasetId: string;
  readonly graph: KnnGraph;
  readonly exact: boolean;
  /** Time it took to build. */
  readonly ms: number;
}

export function graphSpaceKey(datasetId: string, dim: number, metric: Metric, reduced: boolean): string {
  return JSON.stringify([datasetId, dim, metric, reduced]);
}

/** The first k columns of a graph with more (an exact graph's first k are the exact k nearest). */
function truncate(g: KnnGraph, n: number, k: number): KnnGraph {
  if (g.k === k) return g;
  const indices = new Int32Array(n * k);
  const distances = new Float32Array(n * k);
  for (let i = 0; i < n; i++) {
    indices.set(g.indices.subarray(i * g.k, i * g.k + k), i * k);
    distances.set(g.distances.subarray(i * g.k, i * g.k + k), i * k);
  }
  return { k, indices, distances };
}

export class GraphCache {
  private entries: CachedGraph[] = [];

  constructor(private readonly capacity = 2) {}

  /** A graph of `key` with `k` columns (cut from a bigger exact one if need be), or null. */
  find(key: string, k: number, n: number): { graph: KnnGraph; cached: CachedGraph } | null {
    const c = this.entries.findIndex((e) => e.key === key && (e.exact ? e.graph.k >= k : e.graph.k === k));
    if (c < 0) return null;
    const hit = this.entries[c];
    this.entries.splice(c, 1);
    this.entries.unshift(hit);
    return { graph: truncate(hit.graph, n, k), cached: hit };
  }

  /** An exact graph of `key` with at least `k` columns, without reordering the cache. */
  exact(key: string, k: number): KnnGraph | null {
    return this.entries.find((e) => e.exact && e.graph.k >= k && e.key === key)?.graph ?? null;
  }

  remember(entry: CachedGraph): void {
    // A bigger exact graph of the same space makes smaller ones redundant.
    const redundant = (old: CachedGraph) =>
      old.key === entry.key && ((entry.exact && old.exact && old.graph.k <= entry.graph.k) || (!old.exact && !entry.exact && old.graph.k === entry.graph.k));
    this.entries = [entry, ...this.entries.filter((old) => !redundant(old))].slice(0, this.capacity);
  }

  release(datasetId: string): void {
    this.entries = this.entries.filter((e) => e.datasetId !== datasetId);
  }

  get size(): number {
    return this.entries.length;
  }
}
