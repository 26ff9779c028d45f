/**
 * The Sessions slice's types (the slice is sessions.ts): the sessions saved in this
 * browser, the storage they use, what could not be saved, and the files a view asks the
 * user for. The saving and restoring themselves live in src/share/ (they watch the store
 * and drive its actions); IndexedDB is reached through `SessionJobs`, like the workers
 * through the other jobs.
 */

export interface SessionSummary {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  /** Bytes stored for it (data files, layouts, the lab's run, the view). */
  readonly bytes: number;
  /** The dataset's name and the layout's method, for the list. */
  readonly dataset: string;
  readonly method: string;
}

/** A file a view was made from: a link names it, the user must choose it again. */
export interface ExpectedFile {
  readonly name: string;
  readonly bytes: number;
}

export interface StorageUse {
  /** Bytes our sessions take. */
  readonly ours: number;
  /** The whole site's use and quota from navigator.storage.estimate(), when the browser says. */
  readonly used: number | null;
  readonly quota: number | null;
}

/** The door to the session store (src/share/persist; tests fake it). */
export interface SessionJobs {
  listSessions(): Promise<SessionSummary[]>;
  renameSession(id: string, name: string): Promise<void>;
  deleteSession(id: string): Promise<void>;
  storageEstimate(): Promise<{ readonly usage: number; readonly quota: number } | null>;
  /** Leaves this tab's session for saved session `id`, or for a new empty one (null): the page reloads into it. */
  switchSession(id: string | null): void;
}

export type StorageState = 'checking' | 'ready' | 'unavailable';

export interface SessionsData {
  readonly storage: StorageState;
  /** This tab's session. */
  readonly currentId: string | null;
  readonly list: readonly SessionSummary[];
  readonly use: StorageUse | null;
  /** What the last save could not store (the browser refused the space), in words. */
  readonly unsaved: readonly string[];
  /** Files the view on its way needs the user to choose again, or null. */
  readonly expecting: readonly ExpectedFile[] | null;
  readonly dialogOpen: boolean;
}

export interface SessionsActions {
  /** Reads the list and the storage use again. */
  refresh(): Promise<void>;
  rename(id: string, name: string): Promise<void>;
  remove(id: string): Promise<void>;
  /** Opens saved session `id`, or a new empty one (null). */
  open(id: string | null): void;
  showDialog(open: boolean): void;
  /** The session store's state and this tab's session (set when the app starts). */
  setStorage(storage: StorageState, currentId: string | null): void;
  /** What the last save could not store (empty: everything was saved). */
  reportUnsaved(what: readonly string[]): void;
  /** Asks the user for files a view needs; resolves with the files chosen, or null when they declined. */
  requestFiles(files: readonly ExpectedFile[]): Promise<readonly File[] | null>;
  /** The user's answer to requestFiles. */
  provideFiles(files: readonly File[] | null): void;
}

export const initialSessionsData: SessionsData = {
  storage: 'checking',
  currentId: null,
  list: [],
  use: null,
  unsaved: [],
  expecting: null,
  dialogOpen: false,
};
