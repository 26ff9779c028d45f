/**
 * The workers' yield between slices of work: one macrotask turn, so a cancel message
 * that arrived during a slice is handled before the next one starts.
 *
 * Browsers clamp nested setTimeout(0) to 4 ms, which costs a 30 ms slice loop ~12% of
 * its time; a MessageChannel message is not clamped, and in a worker it queues behind a
 * cancel message that arrived during the slice. Node drains one port's messages in a
 * batch (timers and other ports would starve), so there setImmediate, which runs once
 * per event-loop turn, is the right yield (as React's scheduler does).
 */
// One channel for every yield; resolvers wait in order.
let channel: MessageChannel | null = null;
const waiting: (() => void)[] = [];

export function yieldToEventLoop(): Promise<void> {
  const immediate = (globalThis as { setImmediate?: (cb: () => void) => unknown }).setImmediate;
  if (typeof immediate === 'function') return new Promise<void>((resolve) => void immediate(resolve));
  const Channel = globalThis.MessageChannel;
  if (typeof Channel !== 'function') return new Promise<void>((resolve) => setTimeout(resolve, 0));
  if (!channel) {
    channel = new Channel();
    channel.port1.onmessage = () => waiting.shift()?.();
  }
  const port = channel.port2;
  return new Promise<void>((resolve) => {
    waiting.push(resolve);
    port.postMessage(0);
  });
}
