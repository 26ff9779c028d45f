import type { BenchSection } from './types';
import { render } from './render';
import { pcaSection } from './pca';
import { trainSection } from './train';

/** Every bench section, in the order `npm run bench` runs them. Add new ones here. */
export const sections: BenchSection[] = [render, pcaSection, trainSection];
