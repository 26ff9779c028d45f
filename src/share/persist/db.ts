/**
 * The IndexedDB database sessions live in, through `idb` (a small promise wrapper).
 *
 * Two stores. `sessions`: one small record per session — its name, the view as the same
 * query string links use (so it is read back through the same validating codec), a
 * summary for the list, and an index of its parts. `parts`: the big things, each a Blob
 * under (session, key) — the user's data files (in chunks of at most PART_BYTES: one
 * IndexedDB value is capped near 133 MB in Chromium), finished layouts, the lab's run.
 * Blobs, because the browser writes them to disk without the main thread serialising
 * them, and a record stays small however much data the session holds.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';

export const DB_NAME = 'sprout';
export const DB_VERSION = 1;
/** Largest Blob stored as one value; bigger files are stored as several parts. */
export const PART_BYTES = 64 * 2 ** 20;

export type PartKind = 'file' | 'layout' | 'lab' | 'labcorpus';

/** What a session stores beside its record, described in the record. */
export interface PartInfo {
  readonly key: string;
  readonly kind: PartKind;
  readonly bytes: number;
  /** JSON about the part (validated when read: parts/*.ts). */
  readonly meta: string;
}

export interface SessionRecord {
  readonly id: string;
  readonly name: string;
  /** The name is the automatic one and follows the data and the method until renamed. */
  readonly autoName: boolean;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** The view, as the link codec writes it. */
  readonly view: string;
  readonly datasetKey: string;
  readonly dataset: string;
  readonly method: string;
  readonly parts: readonly PartInfo[];
}

export interface PartRecord {
  readonly sessionId: string;
  readonly key: string;
  readonly blob: Blob;
}

export interface SproutSchema extends DBSchema {
  sessions: { key: string; value: SessionRecord };
  parts: { key: [string, string]; value: PartRecord; indexes: { bySession: string } };
}

export type SproutDb = IDBPDatabase<SproutSchema>;

/**
 * Opens (creating or upgrading) the database; null when this browser gives us no
 * IndexedDB (some private windows, storage disabled) — the app then works without
 * sessions and says so. Tests pass their own `name` (fake-indexeddb in Node).
 */
export async function openSproutDb(name = DB_NAME): Promise<SproutDb | null> {
  if (typeof indexedDB === 'undefined') return null;
  try {
    return await openDB<SproutSchema>(name, DB_VERSION, {
      upgrade(db) {
        db.createObjectStore('sessions', { keyPath: 'id' });
        const parts = db.createObjectStore('parts', { keyPath: ['sessionId', 'key'] });
        parts.createIndex('bySession', 'sessionId');
      },
    });
  } catch {
    return null;
  }
}
