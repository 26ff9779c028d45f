import type { SliceCreator } from './appState';
import { initialUiData, type UiActions } from './uiTypes';

/** Notices kept on screen; older ones drop off. */
const MAX_NOTICES = 5;

export const createUiSlice: SliceCreator<'ui', UiActions> = ({ data, patch }) => {
  let noticeId = 0;
  return {
    initial: initialUiData,
    actions: {
      setView: (view) => patch({ view }),
      setLocale: (locale) => patch({ locale }),
      notify: (level, text) => patch({ notices: [...data().notices, { id: ++noticeId, level, text }].slice(-MAX_NOTICES) }),
      dismissNotice: (id) => patch({ notices: data().notices.filter((n) => n.id !== id) }),
    },
  };
};
