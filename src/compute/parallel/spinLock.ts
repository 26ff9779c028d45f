/**
 * Spin locks in shared memory, one Int32 each (0 free, 1 held), for critical sections a
 * few microseconds long (the pruned kNN graph holds one while it offers a tile's pairs
 * to shared heaps): a waiting thread spins rather than sleeps, because waking a
 * sleeping one costs more than the wait, and a browser's calling thread may not block.
 * Take several locks in one global order (lowest index first) so threads never wait on
 * each other in a cycle.
 */

/** Takes lock `i` of `locks`, spinning until it is free. */
export function lockSpin(locks: Int32Array, i: number): void {
  while (Atomics.compareExchange(locks, i, 0, 1) !== 0) {
    while (Atomics.load(locks, i) !== 0) {
      // the holder is inside its short critical section
    }
  }
}

/** Releases lock `i` (its writes become visible to the next holder). */
export function unlockSpin(locks: Int32Array, i: number): void {
  Atomics.store(locks, i, 0);
}
