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
