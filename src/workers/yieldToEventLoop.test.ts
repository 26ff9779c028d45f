import { describe, expect, it } from 'vitest';
import { yieldToEventLoop } from './yieldToEventLoop';

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
