/** The slice of tsne-js (untyped) that bench/peers/js.ts uses. */
declare module 'tsne-js' {
  export default class TSNE {
    constructor(opts: { dim?: number; perplexity?: number; earlyExaggeration?: number; learningRate?: number; nIter?: number; metric?: string });
    init(input: { data: number[][]; type: 'dense' | 'sparse' }): void;
    run(): [number, number];
    getOutput(): number[][];
  }
}
