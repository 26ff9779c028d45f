/**
 * Seeded randomness. Every random choice in Sprout goes through one of these so a
 * seed reproduces a run bit for bit (Math.random is never used in compute/).
 *
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator): 128 bits of state,
 * passes PractRand, and runs on 32-bit integer ops that JS engines do quickly.
 */
export interface Rng {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller, one value per call). */
  gaussian(): number;
  /** Raw 32-bit unsigned integer. */
  uint32(): number;
  /** Fisher–Yates shuffle in place; returns the array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(a: T): T;
}

export function createRng(seed: number): Rng {
  return new Sfc32(seed);
}

/**
 * A class, not an object of closures: hot loops (NN-descent's sampling, the trees'
 * splits) call a new generator in every run, and each run's closures were new call
 * targets that threw the loops' optimised code away ("wrong call target"), as dense.ts's
 * Arena says it did for the kNN graph. Here the gain was within the noise (GloVe 50k
 * UMAP on 2 threads, 3 interleaved pairs: 3.51–3.96 s against 3.48–3.85 s). The state
 * is four int32 in an Int32Array.
 */
class Sfc32 implements Rng {
  private readonly s = new Int32Array(4);

  constructor(seed: number) {
    // Spread the seed over the state with splitmix32 so nearby seeds diverge at once.
    let x = seed >>> 0;
    for (let i = 0; i < 4; i++) {
      x = (x + 0x9e3779b9) | 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      this.s[i] = z ^ (z >>> 16);
    }
    for (let i = 0; i < 12; i++) this.uint32();
  }

  uint32(): number {
    const s = this.s;
    const a = s[0], b = s[1], c = s[2], d = s[3];
    const t = (((a + b) | 0) + d) | 0;
    s[3] = (d + 1) | 0;
    s[0] = b ^ (b >>> 9);
    s[1] = (c + (c << 3)) | 0;
    const r = (c << 21) | (c >>> 11);
    s[2] = (r + t) | 0;
    return t >>> 0;
  }

  next(): number {
    return this.uint32() / 4294967296;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  gaussian(): number {
    let u = this.next();
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  shuffle<T extends { length: number; [i: number]: unknown }>(arr: T): T {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }
}
