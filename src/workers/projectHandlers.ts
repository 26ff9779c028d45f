/**
 * The projection worker's handlers: glue from messages to one ProjectWorkspace
 * (compute/project/session.ts), which holds the datasets, caches and the session.
 * Coordinates go back transferred.
 */
import type { KernelPool } from '../compute/parallel/types';
import { ProjectWorkspace, type WorkspaceOptions } from '../compute/project/session';
import type { ProjectJobMap } from './projectJobs';
import { transfer } from './protocol';
import type { Handlers } from './serve';

export interface ProjectHandlerDeps {
  /** The host's yield between slices (workers: yieldToEventLoop). */
  readonly yieldNow?: () => Promise<void>;
  /** Starts the kernel threads a run asks for (workers: kernelThreads.ts); none = one thread. */
  readonly kernelPool?: (threads: number) => Promise<KernelPool>;
  /** Warms a new pool's threads (compute/project/warmKernels.ts). */
  readonly warmPool?: WorkspaceOptions['warmPool'];
}

export function createProjectHandlers(deps: ProjectHandlerDeps = {}): Handlers<ProjectJobMap> {
  const workspace = new ProjectWorkspace({ yieldNow: deps.yieldNow, kernelPool: deps.kernelPool, warmPool: deps.warmPool });
  return {
    async projectPutTable(table) {
      workspace.putTable(table);
    },
    async projectHasTable({ id }) {
      return workspace.hasTable(id);
    },
    async projectReleaseTable({ id }) {
      workspace.releaseTable(id);
    },
    async projectRun(params, ctx) {
      const result = await workspace.run(params, ctx.signal, (p) => ctx.progress(p, p.coords ? [p.coords.buffer as ArrayBuffer] : []));
      return transfer(result, [result.coords.buffer as ArrayBuffer]);
    },
    async projectQuality({ sessionId }, ctx) {
      return workspace.quality(sessionId, ctx.signal);
    },
    async projectWarmThreads({ threads }, ctx) {
      await workspace.warmThreads(threads, ctx.signal);
    },
  };
}
