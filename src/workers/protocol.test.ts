import { describe, expect, expectTypeOf, it } from 'vitest';
import { serializeError, transfer, Transferred, type Endpoint, type WorkerLike } from './protocol';

describe('protocol', () => {
  it('a DOM Worker is a WorkerLike and a DOM MessagePort is an Endpoint (checked by tsc)', () => {
    expectTypeOf<Worker>().toExtend<WorkerLike>();
    expectTypeOf<MessagePort>().toExtend<Endpoint>();
  });

  it('transfer(value, buffers) wraps a result with the buffers to move', () => {
    const scores = new Float32Array(4);
    const marked = transfer({ scores }, [scores.buffer]);
    expect(marked).toBeInstanceOf(Transferred);
    expect(marked.value.scores).toBe(scores);
    expect(marked.transfer).toEqual([scores.buffer]);
  });

  it('serializeError keeps name and message of errors and error-like objects, and stringifies the rest', () => {
    expect(serializeError(new TypeError('bad'))).toMatchObject({ name: 'TypeError', message: 'bad' });
    expect(serializeError({ name: 'DataCloneError', message: 'nope' })).toEqual({ name: 'DataCloneError', message: 'nope' });
    expect(serializeError(42)).toEqual({ name: 'Error', message: '42' });
    expect(serializeError(undefined)).toEqual({ name: 'Error', message: 'undefined' });
  });
});
