import { describe, expect, it } from 'vitest';
import type { WorkerKind } from '../state/jobs';
import { installTestHooks, type SproutTestHooks } from './testHooks';

describe('installTestHooks', () => {
  const faults = () => {
    const calls: [WorkerKind, string][] = [];
    return { calls, crash: (kind: WorkerKind, reason: string) => (calls.push([kind, reason]), ['projectRun']) };
  };

  it('installs nothing unless the harness set __sproutTestHooks to true before boot', () => {
    for (const flag of [undefined, 'true', 1, {}]) {
      const scope: Record<string, unknown> = flag === undefined ? {} : { __sproutTestHooks: flag };
      expect(installTestHooks(faults(), scope)).toBe(false);
      expect(scope.__sprout).toBeUndefined();
    }
  });

  it('with the flag, __sprout.crashWorker reaches the worker faults', () => {
    const f = faults();
    const scope: { __sproutTestHooks: boolean; __sprout?: SproutTestHooks } = { __sproutTestHooks: true };
    expect(installTestHooks(f, scope)).toBe(true);
    expect(scope.__sprout?.crashWorker('project')).toEqual(['projectRun']);
    scope.__sprout?.crashWorker('data', 'why');
    expect(f.calls).toEqual([
      ['project', 'injected fault'],
      ['data', 'why'],
    ]);
  });
});
