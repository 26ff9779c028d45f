/**
 * The projection worker's jobs (kind → { params, progress, result }). The worker holds a
 * ProjectWorkspace (compute/project/session.ts): the vectors of the datasets it projects
 * (sent once per dataset, by id), its caches, and the session that pause / resume / step
 * continue — so one job kind drives a projection, `projectRun`.
 */
import type { VectorTable } from '../compute/dataset';
import type { ProjectProgress, ProjectQuality, ProjectRunParams, ProjectRunResult } from '../compute/project/session';

// A type alias, not an interface: only aliases satisfy JobMap's string index implicitly.
export type ProjectJobMap = {
  /** Hands the worker a dataset's vectors (a copy, or a SharedArrayBuffer view: no copy at all). */
  projectPutTable: { params: VectorTable; progress: never; result: void };
  projectHasTable: { params: { id: string }; progress: never; result: boolean };
  projectReleaseTable: { params: { id: string }; progress: never; result: void };
  projectRun: { params: ProjectRunParams; progress: ProjectProgress; result: ProjectRunResult };
  projectQuality: { params: { sessionId: number }; progress: never; result: ProjectQuality };
  /** Starts and warms the kernel threads runs will use (nothing on one thread). */
  projectWarmThreads: { params: { threads: number }; progress: never; result: void };
};
