import type { BenchSection } from './types';
import { render } from './render';
import { knnSection, pcaSection, tsneSection, umapSection } from './layout';
import { trainSection } from './train';
import { parseSection } from './parse';
import { restoreSection } from './restore';
import { sessionSection } from './session';
import { threadsBrowserSection } from './threadsBrowser';
import { scaleSection } from './scale';

/** Every bench section, in the order `npm run bench` runs them. Add new ones here. */
export const sections: BenchSection[] = [pcaSection, umapSection, tsneSection, knnSection, trainSection, render, parseSection, sessionSection, restoreSection, threadsBrowserSection, scaleSection];

/** What `--quick` runs when no section is named: the end-to-end sections, in under five minutes. */
export const QUICK_SECTIONS = ['PCA', 'UMAP', 't-SNE', 'kNN', 'train'];
