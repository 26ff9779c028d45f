import { describe, expect, it } from 'vitest';
import { CancelledError } from '../compute/task';
import { runYielding, yieldToEventLoop } from './yieldToEventLoop';

describe('yieldToEventLoop', () => {
  it('lets a queued macrotask (a cancel message) run before it continues', async () => {
    const order: string[] = [];
    setTimeout(() => order.push('timer'), 0);
    await new Promise<void>((r) => setTimeout(r, 5));
    const channel = new MessageChannel();
    channel.port1.onmessage = () => order.push('message');
    channel.port2.postMessage(0);
    await yieldToEventLoop();
    order.push('after yield');
    channel.port1.close();
    expect(order).toEqual(['timer', 'message', 'after yield']);
  });

  it('resolves many yields in order', async () => {
    const seen: number[] = [];
    await Promise.all([0, 1, 2, 3].map((i) => yieldToEventLoop().then(() => seen.push(i))));
    expect(seen).toEqual([0, 1, 2, 3]);
  });
});

describe('runYielding', () => {
  function* twoPauses(log: string[]): Generator<void, string, void> {
    log.push('a');
    yield;
    log.push('b');
    yield;
    return 'done';
  }

  it('runs a generator to its result', async () => {
    const log: string[] = [];
    expect(await runYielding(twoPauses(log), new AbortController().signal)).toBe('done');
    expect(log).toEqual(['a', 'b']);
  });

  it('stops at the next pause once the signal aborts', async () => {
    const log: string[] = [];
    const controller = new AbortController();
    const run = runYielding(twoPauses(log), controller.signal);
    controller.abort();
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(log).toEqual(['a']);
  });
});
