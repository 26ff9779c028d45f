import type { BenchSection } from './types';

/** Every bench section, in the order `npm run bench` runs them. Add new ones here. */
export const sections: BenchSection[] = [];
