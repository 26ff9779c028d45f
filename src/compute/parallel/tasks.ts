/**
 * Every task a kernel thread can run, by name: the helper threads' registry (the
 * browser's workers/kernel.worker.ts and Node's workers/kernelThreadsNode.ts serve it).
 */
import { knnTask } from '../neighbors/knnParallel';
import { knnPrunedTask } from '../neighbors/knnPrunedParallel';
import { nnDescentTask } from '../neighbors/nndescentTask';
import { pcaTask } from '../project/pcaParallel';
import { spectralTask } from '../project/spectralKernels';
import { tsneAttractTask } from '../project/tsneAttractParallel';
import { tsneCalibrateTask } from '../project/tsneCalibrateParallel';
import { tsneGridTask } from '../project/tsneGridTask';
import { tsneNearTask } from '../project/tsneNearParallel';
import { umapSgdTask } from '../project/umapSgdParallel';
import { umapSmoothTask } from '../project/umapSmoothParallel';
import type { AnyKernelTask } from './types';

export const KERNEL_TASKS: readonly AnyKernelTask[] = [knnTask, knnPrunedTask, nnDescentTask, pcaTask, tsneAttractTask, tsneCalibrateTask, tsneGridTask, tsneNearTask, umapSgdTask, spectralTask, umapSmoothTask];
