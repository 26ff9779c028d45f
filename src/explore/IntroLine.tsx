import { useEffect, useState } from 'react';
import { hasVectors } from '../compute/dataset';
import { useT } from '../i18n/useT';
import type { Translator } from '../i18n/translate';
import type { AppState } from '../state/appState';
import { useAppStore } from '../state/hooks';
import { BUILTINS } from '../state/types';

const selectDataset = (s: AppState) => s.data.dataset;
const selectVersion = (s: AppState) => s.data.version;
const selectBuiltin = (s: AppState) => s.data.builtinId;

/** The line for this data: what a dot is, and what "near" means. */
function introText({ t }: Translator, ds: NonNullable<AppState['data']['dataset']>, builtinId: AppState['data']['builtinId']): string {
  const kind = BUILTINS.find((b) => b.id === builtinId)?.kind;
  if (kind === 'words') return t('intro.words', { n: ds.n });
  if (kind === 'digits') return t('intro.digits', { n: ds.n });
  return hasVectors(ds) ? t('intro.rows', { n: ds.n }) : t('intro.layoutOnly', { n: ds.n });
}

/**
 * One line over the plot saying what the user sees ("10,000 English words; nearby words
 * have similar meanings — click one"). It goes at the first interaction anywhere (a
 * click, a key, the wheel) and comes back for the next dataset.
 */
export function IntroLine() {
  const translator = useT();
  const dataset = useAppStore(selectDataset);
  const version = useAppStore(selectVersion);
  const builtinId = useAppStore(selectBuiltin);
  const [dismissed, setDismissed] = useState(-1);
  const showing = dataset !== null && dismissed !== version;

  useEffect(() => {
    if (!showing) return;
    const dismiss = () => setDismissed(version);
    const events = ['pointerdown', 'keydown', 'wheel'] as const;
    for (const e of events) window.addEventListener(e, dismiss, { capture: true, passive: true });
    return () => {
      for (const e of events) window.removeEventListener(e, dismiss, { capture: true });
    };
  }, [showing, version]);

  if (!showing) return null;
  return (
    <p className="intro-line" data-testid="intro-line">
      {introText(translator, dataset, builtinId)}
    </p>
  );
}
