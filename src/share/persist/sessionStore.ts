/**
 * Saved sessions in IndexedDB: list, read, save, rename, delete. A save writes each new
 * part in its own transaction, so when the browser refuses space (QuotaExceededError)
 * for one, the others and the record are still saved, and the caller learns exactly
 * what was not. Records read back are checked field by field (asSessionRecord).
 */
import type { PartInfo, SessionRecord, SproutDb } from './db';
import type { PartWrite } from './parts';

export interface SaveOutcome {
  /** What the browser refused to store (whole parts, or the record itself). */
  readonly refused: readonly PartWrite['what'][];
  readonly recordRefused: boolean;
}

/** The record without its parts index (save() writes that). */
export type RecordFields = Omit<SessionRecord, 'parts'>;

export function isQuotaError(e: unknown): boolean {
  if (!(e instanceof Error) && !(typeof DOMException !== 'undefined' && e instanceof DOMException)) return false;
  const err = e as Error & { inner?: unknown };
  return err.name === 'QuotaExceededError' || /quota/i.test(err.message);
}

export class SessionStore {
  constructor(private readonly db: SproutDb) {}

  async list(): Promise<SessionRecord[]> {
    const all: unknown[] = await this.db.getAll('sessions');
    return all.flatMap((x) => {
      const r = asSessionRecord(x);
      return r ? [r] : [];
    });
  }

  async get(id: string): Promise<SessionRecord | null> {
    return asSessionRecord(await this.db.get('sessions', id));
  }

  async part(sessionId: string, key: string): Promise<Blob | null> {
    const p: unknown = await this.db.get('parts', [sessionId, key]);
    return typeof p === 'object' && p !== null && 'blob' in p && p.blob instanceof Blob ? p.blob : null;
  }

  /**
   * Saves the record, writes `writes` (new or changed parts), keeps the stored parts named
   * in `keep`, and deletes the rest of the session's old parts.
   */
  async save(fields: RecordFields, keep: readonly string[], writes: readonly PartWrite[]): Promise<SaveOutcome> {
    const before = await this.get(fields.id);
    const refused: PartWrite['what'][] = [];
    const written: PartInfo[] = [];
    for (const w of writes) {
      try {
        await this.db.put('parts', { sessionId: fields.id, key: w.info.key, blob: w.blob() });
        written.push(w.info);
      } catch (e) {
        if (!isQuotaError(e)) throw e;
        refused.push(w.what);
      }
    }
    const writtenKeys = new Set(written.map((p) => p.key));
    const kept = (before?.parts ?? []).filter((p) => keep.includes(p.key) && !writtenKeys.has(p.key));
    const parts = [...kept, ...written];
    const live = new Set(parts.map((p) => p.key));
    const tx = this.db.transaction(['sessions', 'parts'], 'readwrite');
    try {
      await Promise.all([
        tx.objectStore('sessions').put({ ...fields, parts }),
        ...(before?.parts ?? []).filter((p) => !live.has(p.key)).map((p) => tx.objectStore('parts').delete([fields.id, p.key])),
        tx.done,
      ]);
    } catch (e) {
      if (!isQuotaError(e)) throw e;
      return { refused, recordRefused: true };
    }
    return { refused, recordRefused: false };
  }

  async rename(id: string, name: string): Promise<void> {
    const r = await this.get(id);
    if (r) await this.db.put('sessions', { ...r, name, autoName: false });
  }

  async remove(id: string): Promise<void> {
    const tx = this.db.transaction(['sessions', 'parts'], 'readwrite');
    const keys = await tx.objectStore('parts').index('bySession').getAllKeys(id);
    await Promise.all([tx.objectStore('sessions').delete(id), ...keys.map((k) => tx.objectStore('parts').delete(k)), tx.done]);
  }
}

/** Bytes a session takes: its parts and its record. */
export function recordBytes(r: SessionRecord): number {
  return r.parts.reduce((s, p) => s + p.bytes, 0) + 2 * (r.view.length + r.name.length + r.dataset.length + r.method.length) + 256;
}

const str = (x: unknown, max = 100_000): x is string => typeof x === 'string' && x.length <= max;
const time = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= 0;

/** A stored record, checked; null when it is not one (an older or damaged entry is skipped, not trusted). */
export function asSessionRecord(x: unknown): SessionRecord | null {
  if (typeof x !== 'object' || x === null) return null;
  const r = x as Record<string, unknown>;
  if (!str(r.id, 100) || !str(r.name, 1000) || typeof r.autoName !== 'boolean' || !time(r.createdAt) || !time(r.updatedAt)) return null;
  if (!str(r.view) || !str(r.datasetKey) || !str(r.dataset, 1000) || !str(r.method, 1000) || !Array.isArray(r.parts)) return null;
  const parts = r.parts.filter(
    (p): p is PartInfo =>
      typeof p === 'object' && p !== null && str(p.key, 1000) && ['file', 'layout', 'lab', 'labcorpus'].includes(p.kind) && time(p.bytes) && str(p.meta),
  );
  if (parts.length !== r.parts.length) return null;
  return { id: r.id, name: r.name, autoName: r.autoName, createdAt: r.createdAt, updatedAt: r.updatedAt, view: r.view, datasetKey: r.datasetKey, dataset: r.dataset, method: r.method, parts };
}
