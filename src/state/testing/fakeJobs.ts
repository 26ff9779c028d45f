/**
 * The one fake of the workers for slice tests: pass the jobs a test drives; any other
 * job the store calls fails loudly ("jobs.kmeans is not faked here"), so a test never
 * passes by accident through a job it did not expect. Fire-and-forget jobs (releasing a
 * dataset, dropping a parsed table, warming the kernel threads) default to doing nothing.
 */
import type { AppJobs } from '../appState';

const QUIET: Partial<AppJobs> = {
  releaseDataset: () => undefined,
  dropParsed: () => undefined,
  warmKernelThreads: () => undefined,
};

export function fakeJobs(jobs: Partial<AppJobs> = {}): AppJobs {
  const given: Partial<AppJobs> = { ...QUIET, ...jobs };
  return new Proxy(given, {
    get: (target, key) =>
      key in target
        ? target[key as keyof AppJobs]
        : () => Promise.reject(new Error(`jobs.${String(key)} is not faked here`)),
  }) as AppJobs;
}
