import type { BenchSection } from './types';
import { render } from './render';
import { pcaSection } from './pca';
import { trainSection } from './train';
import { parseSection } from './parse';
import { umapSection } from './umap';
import { tsneSection } from './tsne';
import { sessionSection } from './session';
import { scaleSection } from './scale';

/** Every bench section, in the order `npm run bench` runs them. Add new ones here. */
export const sections: BenchSection[] = [render, pcaSection, trainSection, parseSection, umapSection, tsneSection, sessionSection, scaleSection];
