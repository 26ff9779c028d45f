import type { SliceCreator } from './appState';
import { errorText } from './errors';
import { initialSessionsData, type SessionsActions } from './sessionsTypes';

/**
 * The Sessions slice: the list of saved sessions with the storage they use, what could
 * not be saved, and the "choose this file again" request of a view made from uploaded
 * files. Reading and writing IndexedDB goes through `jobs` (SessionJobs).
 */
export const createSessionsSlice: SliceCreator<'sessions', SessionsActions> = ({ jobs, get, data, patch }) => {
  let answer: ((files: readonly File[] | null) => void) | null = null;

  const refresh = async (): Promise<void> => {
    if (data().storage !== 'ready') return;
    try {
      const [list, estimate] = await Promise.all([jobs.listSessions(), jobs.storageEstimate()]);
      const ours = list.reduce((sum, x) => sum + x.bytes, 0);
      patch({ list: [...list].sort((a, b) => b.updatedAt - a.updatedAt), use: { ours, used: estimate?.usage ?? null, quota: estimate?.quota ?? null } });
    } catch (e) {
      get().actions.ui.notify('error', errorText(e));
    }
  };

  return {
    initial: initialSessionsData,
    actions: {
      refresh,
      rename: async (id, name) => {
        const clean = name.trim().slice(0, 200);
        if (clean === '') return;
        await jobs.renameSession(id, clean);
        await refresh();
      },
      remove: async (id) => {
        await jobs.deleteSession(id);
        await refresh();
      },
      open: (id) => {
        if (id !== null && id === data().currentId) return patch({ dialogOpen: false });
        jobs.switchSession(id);
      },
      showDialog: (open) => {
        patch({ dialogOpen: open });
        if (open) void refresh();
      },
      setStorage: (storage, currentId) => patch({ storage, currentId }),
      reportUnsaved: (what) => {
        const cur = data().unsaved;
        if (what.length !== cur.length || what.some((w, i) => w !== cur[i])) patch({ unsaved: what });
      },
      requestFiles: (files) => {
        answer?.(null); // an older request is declined
        patch({ expecting: files });
        return new Promise((resolve) => {
          answer = resolve;
        });
      },
      provideFiles: (files) => {
        const resolve = answer;
        answer = null;
        patch({ expecting: null });
        resolve?.(files);
      },
    },
  };
};
