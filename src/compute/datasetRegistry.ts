/**
 * The datasets a worker holds, by id: the vectors stay where they were loaded, and jobs
 * name them. A dataset is put once (a load, a file handed over after review, a trained
 * table), read by every job, and released explicitly when the app moves on. Asking for
 * one that is not here (the worker was restarted, or it was released) is a
 * SessionLostError, which the main thread turns into "load it again".
 */
import type { VectorTable } from './dataset';
import { onSharedMemory } from './parallel/share';
import { SessionLostError } from './task';

export interface RegistryOptions {
  /**
   * Keep vectors in SharedArrayBuffers (only possible when the page is cross-origin
   * isolated): other workers then read them without any copy.
   */
  readonly share?: boolean;
}

export class DatasetRegistry {
  private readonly tables = new Map<string, VectorTable>();

  constructor(private readonly opts: RegistryOptions = {}) {}

  /** Keeps a table under its id (replacing one with the same id) and returns the kept table. */
  put(table: VectorTable): VectorTable {
    if (!table.id) throw new Error('A dataset needs an id to be kept');
    if (!Number.isInteger(table.n) || !Number.isInteger(table.dim) || table.vectors.length !== table.n * table.dim) {
      throw new Error(`Dataset "${table.id}": expected ${table.n} × ${table.dim} values, got ${table.vectors.length}`);
    }
    const vectors = this.opts.share ? onSharedMemory(table.vectors) : table.vectors;
    const kept: VectorTable = { id: table.id, n: table.n, dim: table.dim, metric: table.metric, vectors };
    this.tables.set(table.id, kept);
    return kept;
  }

  /** The table with this id; SessionLostError when it is not here. */
  get(id: string): VectorTable {
    const table = this.tables.get(id);
    if (!table) {
      throw new SessionLostError(`The data of "${id}" is no longer in the worker (it was restarted or the data was released); load it again.`);
    }
    return table;
  }

  has(id: string): boolean {
    return this.tables.has(id);
  }

  /** Forgets a table; true when there was one. */
  release(id: string): boolean {
    return this.tables.delete(id);
  }

  ids(): string[] {
    return [...this.tables.keys()];
  }

  /** Whether the tables live in SharedArrayBuffers (sharing them copies nothing). */
  get shares(): boolean {
    return this.opts.share === true;
  }
}
