/**
 * The contracts of the kernel pool (pool.ts) and its helper threads (helper.ts).
 *
 * A *task* is a kernel split across threads: `attach` runs once per thread when a job
 * starts (it binds the thread to the job's shared memory: typed-array views, a
 * WebAssembly instance on a shared memory), then every `run` gives each thread its share
 * of one command. Shares must write disjoint memory, or take a lock (spinLock.ts), or be
 * written so that races are part of the algorithm (the pruned kNN graph's thresholds are
 * read unlocked: knnPrunedTiles.ts says why). The coordinating thread is thread 0 and
 * does a share too.
 */

export interface KernelTask<Shared, Ctx> {
  /** Unique: helpers look the task up by it. */
  readonly name: string;
  /** Builds thread `thread`'s view of a job from what every thread receives (`shared` must structured-clone: SharedArrayBuffers, shared WebAssembly memories, numbers). */
  attach(shared: Shared, thread: number, threads: number): Ctx;
  /** Thread `thread` of `threads` does its share of command `op`. */
  run(ctx: Ctx, op: number, args: Float64Array, thread: number, threads: number): void;
}

/** Any task, as the registry holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry of tasks with different context types
export type AnyKernelTask = KernelTask<any, any>;

/** One job attached to every thread of a pool. */
export interface KernelJob<Ctx> {
  readonly threads: number;
  /** The coordinating thread's own context (thread 0). */
  readonly ctx: Ctx;
  /** Every thread runs its share of `op`; returns when all are done. Throws if a share threw. */
  run(op: number, args?: ArrayLike<number>): void;
  /** Helpers forget the job (and drop their references to its memory). */
  release(): void;
}

export interface KernelPool {
  /** Threads that do work, the coordinating one included (1 = no helpers). */
  readonly threads: number;
  /**
   * Starts a job on every thread: helpers receive `shared` by message (parked on their
   * event loops for it) and the caller blocks until all have it. Throws if one fails.
   */
  attach<S, C>(task: KernelTask<S, C>, shared: S): KernelJob<C>;
  /** Releases every job still attached. */
  releaseAll(): void;
  /** Terminates the helpers at once, whatever they are doing. */
  close(): void;
}

/** A helper thread as the pool sees it: a browser Worker fits, a Node worker_threads Worker needs a wrapper. */
export interface HelperEndpoint {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'error', listener: (event: { message?: string }) => void): void;
  terminate(): void;
}

/** The helper's side of the channel: a DedicatedWorkerGlobalScope fits, or a wrapped parentPort. */
export interface HelperScope {
  postMessage(message: unknown): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  /** Called after a job is released (its memory no longer referenced here), once the thread is idle (helper.ts): Node's helpers collect their garbage then (kernelThreadNode.ts). */
  readonly released?: () => void;
}
