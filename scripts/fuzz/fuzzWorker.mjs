// The worker thread's entry: Node 20 does not pass `--import tsx` on to worker threads,
// so the TypeScript loader is registered here before the real worker module loads.
import { register } from 'tsx/esm/api';

register();
await import('./fuzzWorker.ts');
