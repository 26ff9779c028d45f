/**
 * A kernel thread: the other end of pool.ts. It waits on its event loop until a job is
 * attached (the message carries the job's shared memory), binds the task to it, then
 * blocks in a command loop on the control block — running its share of each command the
 * coordinator issues — until it is told to park (to take the next attach message).
 *
 * A share that throws is counted in the control block (the coordinator then throws) and
 * reported by message; the thread keeps serving.
 *
 * A host that collects released jobs' memory itself (scope.released: Node's helpers run a
 * full collection) does it once the thread has had no command for COLLECT_IDLE_MS, not
 * at the release: a UMAP run releases three jobs on its way (graph, bandwidths, spectral
 * start), and a collection of 9–14 ms right after each one held up the next job's first
 * command, with V8's marking threads taking CPU from the coordinator's core meanwhile.
 */
import { ATTACHED, controlViews, FAILED, JOB, OP, OP_PARK, OP_RELEASE, PENDING, pollWhile, POLL_MS, SEQ, type ControlViews, type FromHelper, type ToHelper } from './control';
import type { AnyKernelTask, HelperScope } from './types';

/** Idle time after a release before the host collects (see above). */
const COLLECT_IDLE_MS = 20;

export function serveKernelHelper(scope: HelperScope, tasks: readonly AnyKernelTask[]): void {
  const byName = new Map(tasks.map((t) => [t.name, t]));
  const jobs = new Map<number, { task: AnyKernelTask; ctx: unknown }>();
  let views: ControlViews | null = null;
  let thread = 0;
  let threads = 1;
  /** A job was released since the last collection. */
  let collectPending = false;
  const send = (m: FromHelper): void => scope.postMessage(m);

  scope.addEventListener('message', (event) => {
    const m = event.data as ToHelper;
    if (m.type === 'init') {
      views = controlViews(m.control);
      thread = m.thread;
      threads = m.threads;
      send({ type: 'ready', thread });
      return;
    }
    if (m.type !== 'attach' || !views) return;
    const { ctrl } = views;
    // Read the sequence number before answering: a command issued right after the
    // coordinator hears from us must not be missed.
    const seen = Atomics.load(ctrl, SEQ);
    try {
      const task = byName.get(m.task);
      if (!task) throw new Error(`no kernel task named ${m.task}`);
      jobs.set(m.job, { task, ctx: task.attach(m.shared, thread, threads) });
    } catch (e) {
      Atomics.add(ctrl, FAILED, 1);
      console.error(`kernel thread ${thread}:`, e);
      send({ type: 'failed', thread, job: m.job, message: e instanceof Error ? e.message : String(e) });
    }
    Atomics.add(ctrl, ATTACHED, 1);
    Atomics.notify(ctrl, ATTACHED);
    commandLoop(views, seen);
  });

  function commandLoop({ ctrl, args }: ControlViews, seen: number): void {
    for (;;) {
      if (pollWhile(ctrl, SEQ, seen, POLL_MS) === seen) {
        if (collectPending && Atomics.wait(ctrl, SEQ, seen, COLLECT_IDLE_MS) === 'timed-out') {
          collectPending = false;
          scope.released?.();
        }
        Atomics.wait(ctrl, SEQ, seen);
      }
      const seq = Atomics.load(ctrl, SEQ);
      if (seq === seen) continue;
      seen = seq;
      const op = ctrl[OP];
      const jobId = ctrl[JOB];
      if (op === OP_PARK) {
        done(ctrl);
        return;
      }
      if (op === OP_RELEASE) {
        jobs.delete(jobId);
        done(ctrl);
        collectPending = scope.released !== undefined;
        continue;
      }
      const job = jobs.get(jobId);
      try {
        if (!job) throw new Error(`kernel job ${jobId} is not attached on thread ${thread}`);
        job.task.run(job.ctx, op, args, thread, threads);
      } catch (e) {
        Atomics.add(ctrl, FAILED, 1);
        console.error(`kernel thread ${thread}:`, e);
        send({ type: 'failed', thread, job: jobId, message: e instanceof Error ? e.message : String(e) });
      }
      done(ctrl);
    }
  }
}

function done(ctrl: Int32Array): void {
  if (Atomics.sub(ctrl, PENDING, 1) === 1) Atomics.notify(ctrl, PENDING);
}
