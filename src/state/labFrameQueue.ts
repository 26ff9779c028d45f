/**
 * Streamed training frames, applied in batches. A worker streams frames at its own pace;
 * applying each as its message arrives renders the whole lab once per message, and on a
 * busy machine the messages then queue up faster than they are drawn — the page stops
 * answering input until the run ends. Frames that arrive while the main thread is busy
 * are collected and applied together on the next turn of the event loop: one render for
 * all of them (each still adds its loss and timeline entry).
 */
export interface FrameQueue<F> {
  /** Queues a frame; the queue is applied soon (once for all frames queued until then). */
  push(frame: F): void;
  /** Applies what is queued now (before a final frame, a pause or a new run). */
  flush(): void;
  /** Forgets what is queued (the run they belong to was replaced). */
  clear(): void;
}

export type Defer = (run: () => void) => void;

const nextTurn: Defer = (run) => void setTimeout(run, 0);

export function createFrameQueue<F>(apply: (frames: readonly F[]) => void, defer: Defer = nextTurn): FrameQueue<F> {
  let pending: F[] = [];
  let scheduled = false;
  const flush = (): void => {
    if (pending.length === 0) return;
    const frames = pending;
    pending = [];
    apply(frames);
  };
  return {
    push(frame) {
      pending.push(frame);
      if (scheduled) return;
      scheduled = true;
      defer(() => {
        scheduled = false;
        flush();
      });
    },
    flush,
    clear() {
      pending = [];
    },
  };
}
