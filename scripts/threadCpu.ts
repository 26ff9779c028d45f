/**
 * CPU time of each thread of this process (Linux /proc), for the scaling scripts that
 * split a phase's CPU between the calling thread and the kernel threads.
 */
import { readdirSync, readFileSync } from 'node:fs';

/** CPU ms of every thread of this process, by thread id. */
export function threadCpu(): Map<string, number> {
  const out = new Map<string, number>();
  for (const tid of readdirSync('/proc/self/task')) {
    try {
      const s = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
      out.set(tid, (Number(f[11]) + Number(f[12])) * 10);
    } catch {
      // the thread ended
    }
  }
  return out;
}

/** A point to measure a phase from: every thread's CPU and the wall clock. */
export interface CpuMark {
  readonly cpu: Map<string, number>;
  readonly wall: number;
}

export function cpuMark(): CpuMark {
  return { cpu: threadCpu(), wall: performance.now() };
}

/** Wall ms since `mark`, and CPU ms since then on the calling thread and on all the others (the kernel threads). */
export function sinceMark(mark: CpuMark): { wallMs: number; mainMs: number; helperMs: number } {
  const cpu = threadCpu();
  let mainMs = 0;
  let helperMs = 0;
  for (const [tid, v] of cpu) {
    const d = v - (mark.cpu.get(tid) ?? 0);
    if (tid === String(process.pid)) mainMs += d;
    else helperMs += d;
  }
  return { wallMs: performance.now() - mark.wall, mainMs, helperMs };
}
