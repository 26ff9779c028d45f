// A kernel thread of the projection worker's pool (compute/parallel/): it runs its share
// of each kernel on the pool's shared memory. Started by the projection worker only when
// the page is cross-origin isolated (workers/kernelThreads.ts).
import { serveKernelHelper } from '../compute/parallel/helper';
import { KERNEL_TASKS } from '../compute/parallel/tasks';
import type { HelperScope } from '../compute/parallel/types';

serveKernelHelper(globalThis as unknown as HelperScope, KERNEL_TASKS);
