import type { ReactNode } from 'react';
import { useAppStore } from '../state/hooks';
import type { AppState } from '../state/appState';
import type { LabPanel } from '../state/labLessons';

const selectHidden = (s: AppState) => s.lab.hidden;

/** Renders a lab panel unless the lesson step on screen hides it. */
export function Shown({ panel, children }: { panel: LabPanel; children: ReactNode }) {
  const hidden = useAppStore(selectHidden);
  return hidden.includes(panel) ? null : <>{children}</>;
}
